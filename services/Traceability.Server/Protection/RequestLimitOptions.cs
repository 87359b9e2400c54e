using System.ComponentModel.DataAnnotations;

namespace Traceability.Server;

/// <summary>
/// How large a request may be (section <c>Limits</c>), on every endpoint: HTTP bodies (JSON,
/// gRPC-Web) through Kestrel and native gRPC messages through gRPC's own limit. A larger request is
/// refused before anything is stored: 413 with a problem naming the limit, or gRPC
/// <c>RESOURCE_EXHAUSTED</c>; the refusal is audited.
/// </summary>
public sealed class RequestLimitOptions
{
    public const string Section = "Limits";

    /// <summary>The largest request body (HTTP) and the largest received gRPC message, in bytes. Default 1 MiB: the largest capture (a lot with its inputs) is a few KB.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>All request headers together, in bytes (Kestrel's default, 32 KiB).</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;

    /// <summary>The request line (method, URL and version) in bytes (Kestrel's default, 8 KiB): a Digital Link URL is under 200.</summary>
    [Range(256, 64 * 1024)]
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;

    /// <summary>How many request headers (Kestrel's default, 100).</summary>
    [Range(8, 1000)]
    public int MaxRequestHeaderCount { get; set; } = 100;
}
