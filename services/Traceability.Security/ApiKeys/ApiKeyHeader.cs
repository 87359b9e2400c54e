namespace Traceability.Security.ApiKeys;

/// <summary>
/// The HTTP (and gRPC metadata) form of a key: <c>Authorization: ApiKey &lt;key&gt;</c>. The
/// scheme is matched case-insensitively (RFC 9110 §11.1); the key itself exactly.
/// </summary>
public static class ApiKeyHeader
{
    public const string Scheme = "ApiKey";

    /// <summary>The header value for <paramref name="key"/>.</summary>
    public static string Format(ApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return $"{Scheme} {key}";
    }

    /// <summary>Whether <paramref name="authorization"/> uses the ApiKey scheme at all (a Bearer header is someone else's to read).</summary>
    public static bool IsApiKeyScheme(string? authorization) =>
        authorization is not null
        && authorization.Length > Scheme.Length
        && authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
        && authorization[Scheme.Length] == ' ';

    /// <summary>Parses an <c>Authorization</c> header value; anything malformed is a result, never an exception.</summary>
    public static ApiKeyParse Parse(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return ApiKeyParse.Fail("no Authorization header");
        }

        if (!IsApiKeyScheme(authorization))
        {
            return ApiKeyParse.Fail($"the Authorization header does not use the {Scheme} scheme ('{Scheme} <key>')");
        }

        return ApiKey.Parse(authorization[(Scheme.Length + 1)..].Trim(' '));
    }
}
