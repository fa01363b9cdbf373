using System.Net;
using System.Net.Sockets;

namespace OfficeMesh.Testing;

/// <summary>
/// TCP ports for the servers a test starts. They come from below Linux's ephemeral range (32768–60999), so no outgoing
/// connection of this or another test can be given one between choosing it and its server binding it (a port the
/// kernel handed out and took back could be), and each is handed out once per run, so two servers never share one.
/// </summary>
public static class FreePort
{
    private const int First = 20_000;
    private const int Count = 12_000;

    // Each test process starts somewhere else in the range, should two runs share the machine.
    private static int _offset = Random.Shared.Next(Count);

    /// <summary>A TCP port nothing listens on right now, not handed out before in this process.</summary>
    public static int Next()
    {
        for (var tried = 0; tried < Count; tried++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _offset) % Count);
            if (CanListenOn(port))
                return port;
        }
        throw new InvalidOperationException($"No free TCP port between {First} and {First + Count - 1}.");
    }

    private static bool CanListenOn(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
