namespace Traceability.Testing;

/// <summary>One request as a <see cref="LoopbackHttpServer"/> received it, body read whole.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The absolute path, without the query.</param>
/// <param name="Query">The query's parameters (names compared exactly).</param>
/// <param name="Headers">The request's headers (names compared ignoring case).</param>
/// <param name="ContentType">The Content-Type, or null.</param>
/// <param name="Body">The body's bytes (empty when none).</param>
public sealed record LoopbackRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    byte[] Body);
