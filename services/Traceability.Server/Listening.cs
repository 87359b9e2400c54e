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
public sealed class Listening
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    private readonly List<ListenOptions> _endpoints = [];

    /// <summary>Adds the endpoints for <paramref name="urls"/> (';'-separated) and the gRPC port.</summary>
    public void Configure(KestrelServerOptions kestrel, string urls, int grpcPort)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(urls);
        _endpoints.Clear();
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

    /// <summary>One line per endpoint with its bound address and what it serves (tests read these lines).</summary>
    public IEnumerable<string> Describe() => _endpoints.Select(e =>
        e.Protocols == HttpProtocols.Http2
            ? $"Listening on http://{e.IPEndPoint} for gRPC (HTTP/2)"
            : $"Listening on http://{e.IPEndPoint} for HTTP/1.1 (JSON, gRPC-Web, /healthz)");

    /// <summary>
    /// A port free on 127.0.0.1 right now. Orleans cannot bind port 0 itself, so <c>--silo-port 0</c>
    /// asks here; the port is released just before the silo binds it. It is taken below the
    /// kernel's ephemeral range (<c>ip_local_port_range</c>), at random: a port the kernel handed
    /// out for port 0 could be handed out again in that gap, to any outgoing connection of any
    /// process, while no kernel allocation ever lands below the range.
    /// </summary>
    public static int FreeLoopbackPort()
    {
        var ephemeralLow = EphemeralRangeStart();
        for (var attempt = 0; ephemeralLow > 11_000 && attempt < 50; attempt++)
        {
            var port = System.Security.Cryptography.RandomNumberGenerator.GetInt32(10_000, ephemeralLow);
            try
            {
                using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Taken: try another.
            }
        }

        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux), or 0 when unknown.</summary>
    private static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        try
        {
            return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], out var low) ? low : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private void Listen(KestrelServerOptions kestrel, string host, int port, HttpProtocols protocols)
    {
        var address = host switch
        {
            "localhost" => IPAddress.Loopback,
            "*" or "+" => IPAddress.Any,
            _ => IPAddress.Parse(host.Trim('[', ']')),
        };
        kestrel.Listen(address, port, o =>
        {
            o.Protocols = protocols;
            _endpoints.Add(o);
        });
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
