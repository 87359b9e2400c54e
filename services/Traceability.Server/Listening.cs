using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Traceability.Server;

/// <summary>
/// Where Kestrel listens. The <c>--urls</c> addresses serve HTTP/1.1: JSON (gRPC transcoding),
/// gRPC-Web and /healthz. Native gRPC needs HTTP/2, which cleartext Kestrel cannot offer on an
/// endpoint that also speaks HTTP/1.1, so it gets its own HTTP/2-only port
/// (<c>--grpc-port</c>, on the host of the first URL, with its scheme; 0 picks a free port).
/// Plain <c>http://</c> is served on loopback only, unless <c>Security:AllowInsecureHttp</c> is
/// true: credentials and operators' records must not cross a network in clear.
/// <c>https://</c> URLs take Kestrel's certificate settings
/// (<c>Kestrel:Certificates:Default:Path</c> and <c>Password</c>, or <c>KeyPath</c> for PEM;
/// docs/deployment.md).
/// </summary>
public sealed class Listening
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>The setting that allows plain HTTP on addresses other than loopback (behind a TLS-terminating proxy on the same network, say).</summary>
    public const string AllowInsecureHttpKey = "Security:AllowInsecureHttp";

    private const string DefaultCertificateSection = "Kestrel:Certificates:Default";

    private readonly List<(ListenOptions Endpoint, bool Tls)> _endpoints = [];

    /// <summary>The URLs to serve: the <c>urls</c> setting (<c>--urls</c>), else <see cref="DefaultUrls"/>.</summary>
    public static string UrlsFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration["urls"] is { Length: > 0 } configured ? configured : DefaultUrls;
    }

    /// <summary>
    /// Why serving <paramref name="urls"/> (and any <c>Kestrel:Endpoints</c>) would be refused: a
    /// plain <c>http://</c> address that is not loopback while <see cref="AllowInsecureHttpKey"/> is
    /// not true. Null when nothing is refused.
    /// </summary>
    public static string? InsecureBindingProblem(string urls, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.GetValue<bool>(AllowInsecureHttpKey))
        {
            return null;
        }

        var configured = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>();
        foreach (var url in Split(urls).Concat(configured))
        {
            if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !IsLoopback(Parse(url).Host))
            {
                return $"Refusing to serve plain HTTP on {url}: it is not a loopback address, and API keys and tokens would cross the network in clear. "
                    + $"Serve https:// with a certificate (Kestrel:Certificates:Default:Path, see docs/deployment.md), or set {AllowInsecureHttpKey}=true "
                    + "if a TLS-terminating proxy on a trusted network stands in front.";
            }
        }

        return null;
    }

    /// <summary>Adds the endpoints for <paramref name="urls"/> (';'-separated) and the gRPC port.</summary>
    public void Configure(KestrelServerOptions kestrel, string urls, int grpcPort)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(urls);
        var configuration = kestrel.ApplicationServices?.GetService<IConfiguration>() ?? new ConfigurationBuilder().Build();
        if (InsecureBindingProblem(urls, configuration) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        _endpoints.Clear();
        var first = true;
        foreach (var url in Split(urls))
        {
            var (host, port, tls) = Parse(url);
            var certificate = tls ? Certificate(configuration) : null;
            Listen(kestrel, host, port, HttpProtocols.Http1, tls, certificate);
            if (first)
            {
                Listen(kestrel, host, grpcPort, HttpProtocols.Http2, tls, certificate);
                first = false;
            }
        }
    }

    /// <summary>One line per endpoint with its bound address and what it serves (tests read these lines).</summary>
    public IEnumerable<string> Describe() => _endpoints.Select(e =>
    {
        var scheme = e.Tls ? "https" : "http";
        return e.Endpoint.Protocols == HttpProtocols.Http2
            ? $"Listening on {scheme}://{e.Endpoint.IPEndPoint} for gRPC (HTTP/2)"
            : $"Listening on {scheme}://{e.Endpoint.IPEndPoint} for HTTP/1.1 (JSON, gRPC-Web, /healthz)";
    });

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

    private void Listen(KestrelServerOptions kestrel, string host, int port, HttpProtocols protocols, bool tls, X509Certificate2? certificate)
    {
        kestrel.Listen(Address(host), port, o =>
        {
            o.Protocols = protocols;
            if (certificate is not null)
            {
                o.UseHttps(certificate);
            }
            else if (tls)
            {
                // No certificate configured: Kestrel's default (the development certificate), or its own error naming what is missing.
                o.UseHttps();
            }

            _endpoints.Add((o, tls));
        });
    }

    /// <summary>The certificate of <c>Kestrel:Certificates:Default</c>: a PFX (<c>Path</c>, <c>Password</c>) or PEM (<c>Path</c>, <c>KeyPath</c>, <c>Password</c> when the key is encrypted); null when none is set.</summary>
    private static X509Certificate2? Certificate(IConfiguration configuration)
    {
        var section = configuration.GetSection(DefaultCertificateSection);
        if (section["Path"] is not { Length: > 0 } path)
        {
            return null;
        }

        var password = section["Password"];
        if (section["KeyPath"] is { Length: > 0 } keyPath)
        {
            return password is null ? X509Certificate2.CreateFromPemFile(path, keyPath) : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, password);
    }

    private static IPAddress Address(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" or "+" => IPAddress.Any,
        _ => IPAddress.Parse(host.Trim('[', ']')),
    };

    private static bool IsLoopback(string host) =>
        host == "localhost" || (host is not ("*" or "+") && IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static string[] Split(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static (string Host, int Port, bool Tls) Parse(string url)
    {
        // Uri cannot parse the '*' and '+' wildcards ASP.NET accepts, so split by hand.
        var tls = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        if (!tls && !url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{url}': only http:// and https:// URLs are served.", nameof(url));
        }

        var authority = url[(tls ? "https://" : "http://").Length..].TrimEnd('/');
        var colon = authority.LastIndexOf(':');
        return colon < 0 || authority.EndsWith(']')
            ? (authority, tls ? 443 : 80, tls)
            : (authority[..colon], int.Parse(authority[(colon + 1)..], CultureInfo.InvariantCulture), tls);
    }
}
