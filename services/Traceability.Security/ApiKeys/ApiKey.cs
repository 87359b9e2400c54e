using System.Buffers.Text;
using System.Security.Cryptography;

namespace Traceability.Security.ApiKeys;

/// <summary>
/// An API key as presented: <c>trk_&lt;keyId&gt;_&lt;secret&gt;</c>, the key id 16 random bytes
/// in lowercase hex (32 characters), the secret 32 random bytes in unpadded base64url
/// (43 characters, which may itself hold <c>_</c>). The key id is a public handle (it appears in
/// listings and the audit log); the secret is shown once, at issue, and only its SHA-256 is kept.
/// </summary>
public sealed record ApiKey(string KeyId, string Secret)
{
    public const string Prefix = "trk_";

    /// <summary>Characters of a key id: 16 bytes in hex.</summary>
    public const int KeyIdLength = 32;

    /// <summary>Characters of a secret: 32 bytes in unpadded base64url.</summary>
    public const int SecretLength = 43;

    /// <summary>A new key from <see cref="RandomNumberGenerator"/>.</summary>
    public static ApiKey Generate()
    {
        Span<byte> id = stackalloc byte[16];
        Span<byte> secret = stackalloc byte[32];
        RandomNumberGenerator.Fill(id);
        RandomNumberGenerator.Fill(secret);
        var key = new ApiKey(Convert.ToHexStringLower(id), Base64Url.EncodeToString(secret));
        CryptographicOperations.ZeroMemory(secret);
        return key;
    }

    /// <summary>Parses a presented key; a malformed one is a result naming what is wrong, never an exception.</summary>
    public static ApiKeyParse Parse(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return ApiKeyParse.Fail("no key was presented");
        }

        if (!presented.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return ApiKeyParse.Fail($"a key starts with '{Prefix}'");
        }

        var rest = presented.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator != KeyIdLength)
        {
            return ApiKeyParse.Fail($"a key's id is {KeyIdLength} lowercase hex characters followed by '_'");
        }

        var keyId = rest[..separator];
        foreach (var c in keyId)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return ApiKeyParse.Fail($"a key's id is {KeyIdLength} lowercase hex characters followed by '_'");
            }
        }

        var secret = rest[(separator + 1)..];
        if (secret.Length != SecretLength || !Base64Url.IsValid(secret, out var decoded) || decoded != 32)
        {
            return ApiKeyParse.Fail($"a key's secret is {SecretLength} base64url characters (32 bytes)");
        }

        return ApiKeyParse.Ok(new ApiKey(keyId.ToString(), secret.ToString()));
    }

    /// <summary>SHA-256 of the secret's bytes: the only form in which a secret is stored.</summary>
    public byte[] SecretHash() => HashSecret(Secret);

    internal static byte[] HashSecret(string secret)
    {
        var bytes = Base64Url.DecodeFromChars(secret);
        try
        {
            return SHA256.HashData(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The key as sent by a client: <c>trk_&lt;keyId&gt;_&lt;secret&gt;</c>. Holds the secret: never log it.</summary>
    public override string ToString() => $"{Prefix}{KeyId}_{Secret}";
}
