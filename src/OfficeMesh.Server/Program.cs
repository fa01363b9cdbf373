// OfficeMesh: one executable in three roles.
//   --role all      (default) a silo, the HTTP API and the YARP gateway in one process, on embedded storage
//   --role silo     a silo and the HTTP API, clustered on PostgreSQL
//   --role gateway  the YARP gateway alone, in front of the silos
using OfficeMesh.Server.Hosting;

await using var server = await OfficeMeshServer.StartAsync(args);
Console.WriteLine($"OfficeMesh is listening on {server.Address}: open it in a browser to sign in (programs get a token: POST {server.Address}api/v1/auth/token with {{\"username\":\"admin\",\"password\":\"...\"}}).");
await server.WaitForShutdownAsync();
