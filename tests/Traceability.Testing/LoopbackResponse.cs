using System.Text;

namespace Traceability.Testing;

/// <summary>What a <see cref="LoopbackHttpServer"/> answers a request with.</summary>
/// <param name="Status">The status code.</param>
/// <param name="ContentType">The Content-Type, or null for none.</param>
/// <param name="Body">The body, or null for none.</param>
/// <param name="Headers">Further headers (e.g. Retry-After), or null for none.</param>
public sealed record LoopbackResponse(int Status, string? ContentType = null, byte[]? Body = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>A <paramref name="status"/> answer with <paramref name="text"/> as its UTF-8 body.</summary>
    public static LoopbackResponse Text(int status, string contentType, string text) => new(status, contentType, Encoding.UTF8.GetBytes(text));
}
