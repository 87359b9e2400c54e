using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Traceability.Server;

/// <summary>
/// Where Kestrel listens. The <c>--urls</c> addresses serve HTTP/1.1: JSON (gRPC transcoding),
/// gRPC-Web and /healthz. Native gRPC needs HTTP/2, which cleartext Kestrel cannot offer on an
/// endpoint that also speaks HTTP/1.1, so it gets its own HTTP/2-only port
/// (<c>--grpc-port</c>, on the host of the first URL; 0 picks a free port).
/// </summary>
public static class Listening
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static void Configure(KestrelServerOptions kestrel, string urls, int grpcPort)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var first = true;
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (host, port) = Parse(url);
            Listen(kestrel, host, port, HttpProtocols.Http1);
            if (first)
            {
                Listen(kestrel, host, grpcPort, HttpProtocols.Http2);
                first = false;
            }
        }
    }

    /// <summary>
    /// A port free on 127.0.0.1 right now. Orleans cannot bind port 0 itself, so <c>--silo-port 0</c>
    /// asks the system for one here; the port is released just before the silo binds it.
    /// </summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Listen(KestrelServerOptions kestrel, string host, int port, HttpProtocols protocols)
    {
        switch (host)
        {
            case "localhost":
                kestrel.Listen(IPAddress.Loopback, port, o => o.Protocols = protocols);
                break;
            case "*" or "+" or "0.0.0.0":
                kestrel.ListenAnyIP(port, o => o.Protocols = protocols);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(host.Trim('[', ']')), port, o => o.Protocols = protocols);
                break;
        }
    }

    private static (string Host, int Port) Parse(string url)
    {
        // Uri cannot parse the '*' and '+' wildcards ASP.NET accepts, so split by hand.
        const string scheme = "http://";
        if (!url.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{url}': only http:// URLs are served; put a TLS-terminating proxy in front for https.", nameof(url));
        }

        var authority = url[scheme.Length..].TrimEnd('/');
        var colon = authority.LastIndexOf(':');
        return colon < 0 || authority.EndsWith(']')
            ? (authority, 80)
            : (authority[..colon], int.Parse(authority[(colon + 1)..], CultureInfo.InvariantCulture));
    }
}
