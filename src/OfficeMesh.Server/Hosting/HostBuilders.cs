namespace OfficeMesh.Server.Hosting;

public static class HostBuilders
{
    /// <summary>
    /// A web host builder that reads appsettings.json beside the executable (wherever it is started
    /// from), then environment variables and the command line, with <c>--role</c> understood.
    /// </summary>
    /// <summary>The role alone, read from the same sources, before deciding which hosts to build.</summary>
    public static ServerRole RoleOf(string[] args) => ServerSettings.Read(new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args, ServerSettings.CommandLineSwitches)
        .Build()).Role;

    public static WebApplicationBuilder Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, ServerSettings.CommandLineSwitches);
        return builder;
    }
}
