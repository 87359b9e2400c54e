namespace Traceability.Server;

/// <summary>
/// How the server is reached (section <c>Security</c>): whether plain HTTP may be served beyond
/// loopback, and which reverse proxies (TLS terminators, load balancers) are trusted to say who the
/// client is. docs/deployment.md shows both in use.
/// </summary>
public sealed class TransportSecurityOptions
{
    public const string Section = "Security";

    /// <summary>Serve plain <c>http://</c> on addresses other than loopback (<see cref="Listening.AllowInsecureHttpKey"/>). Default false.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>
    /// Addresses of the reverse proxies in front of the server. A request from one of them is
    /// taken to come from the last address of its <c>X-Forwarded-For</c> (rate limits and the audit
    /// log name the client, not the proxy) and over the scheme of its <c>X-Forwarded-Proto</c>.
    /// Empty (the default): those headers are ignored from everyone, loopback included.
    /// </summary>
    public IList<string> TrustedProxies { get; } = [];
}
