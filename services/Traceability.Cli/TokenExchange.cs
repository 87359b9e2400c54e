using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json;

namespace Traceability.Cli;

/// <summary>
/// Exchanges an API key for a bearer token at the server's embedded OAuth 2.0 issuer: the client
/// credentials grant at <c>POST /connect/token</c>, the key id as <c>client_id</c> and the whole
/// key as <c>client_secret</c> (docs/security.md).
/// </summary>
internal static class TokenExchange
{
    /// <summary>The issuer's token endpoint, under the server's URL.</summary>
    public const string Route = "connect/token";

    private const string Prefix = "trk_";
    private const int KeyIdLength = 32;
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");
    private static readonly System.Buffers.SearchValues<char> Blank = System.Buffers.SearchValues.Create(" \t\r\n");

    /// <summary>What the issuer answered.</summary>
    public abstract record Outcome;

    /// <summary>A token, and when it expires (null when the issuer did not say).</summary>
    public sealed record Issued(string AccessToken, DateTimeOffset? ExpiresAt) : Outcome;

    /// <summary>The issuer refused; <see cref="Message"/> says why in its words; <see cref="Exit"/> is the exit code.</summary>
    public sealed record Refused(string Message, int Exit) : Outcome;

    /// <summary>
    /// The key id of <paramref name="key"/>: the 32 lowercase hex characters between <c>trk_</c>
    /// and the next <c>_</c>. The error never repeats the key, which is a secret.
    /// </summary>
    public static bool TryGetKeyId(string key, [NotNullWhen(true)] out string? keyId, [NotNullWhen(false)] out string? error)
    {
        keyId = null;
        var secretStart = Prefix.Length + KeyIdLength + 1;
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length <= secretStart || key[secretStart - 1] != '_'
            || key.AsSpan(Prefix.Length, KeyIdLength).ContainsAnyExcept(LowerHex)
            || key.AsSpan(secretStart).ContainsAny(Blank))
        {
            error = "that is not an API key: one reads trk_<key id: 32 hex characters>_<secret>";
            return false;
        }
        keyId = key.Substring(Prefix.Length, KeyIdLength);
        error = null;
        return true;
    }

    /// <summary>The form the token request carries.</summary>
    public static FormUrlEncodedContent Form(string keyId, string key) => new(
    [
        new("grant_type", "client_credentials"),
        new("client_id", keyId),
        new("client_secret", key),
    ]);

    /// <summary>Reads the issuer's answer: a token response, an OAuth error, or something else.</summary>
    public static Outcome Read(HttpStatusCode status, byte[] body, DateTimeOffset now, Uri server)
    {
        JsonElement? json;
        try
        {
            using var document = JsonDocument.Parse(body);
            json = document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            json = null;
        }

        if (status == HttpStatusCode.OK)
        {
            if (json is { } answer && Text(answer, "access_token") is { Length: > 0 } token
                && string.Equals(Text(answer, "token_type"), "Bearer", StringComparison.OrdinalIgnoreCase))
            {
                var expiresAt = answer.TryGetProperty("expires_in", out var expiresIn) && expiresIn.TryGetInt64(out var seconds) && seconds > 0
                    ? now.AddSeconds(seconds)
                    : (DateTimeOffset?)null;
                return new Issued(token, expiresAt);
            }
            return new Refused($"the answer of {server.OriginalString} at /{Route} is no bearer token response", ExitCodes.Failure);
        }

        if ((status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized) && json is { } problem && Text(problem, "error") is { Length: > 0 } error)
        {
            var description = Text(problem, "error_description") is { Length: > 0 } said ? $": {said}" : "";
            return new Refused($"the server refused the key ({error}{description})", ExitCodes.Unauthenticated);
        }
        if (status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized)
        {
            return new Refused($"the server refused the key ({(int)status} {status})", ExitCodes.Unauthenticated);
        }
        if (status == HttpStatusCode.NotFound)
        {
            return new Refused($"{server.OriginalString} issues no tokens (404 at /{Route}): is it the trace server's main URL?", ExitCodes.Failure);
        }
        return new Refused($"{(int)status} {status} from {server.OriginalString} at /{Route}", ExitCodes.Failure);
    }

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
