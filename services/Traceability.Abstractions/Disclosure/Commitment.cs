using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Traceability.Disclosure;

/// <summary>
/// Salted commitments to withheld values: the digest of a value is SHA-256 over its 16-byte salt
/// followed by the value's UTF-8 bytes, written as an RFC 6920 named-information URI
/// (<c>ni:///sha-256;</c> and the base64url digest, no padding). Without the salt the digest says
/// nothing a guesser could check; with it, anyone can check that a value is the one committed to.
/// Thread-safe.
/// </summary>
public static class Commitment
{
    /// <summary>Length of a salt, in bytes.</summary>
    public const int SaltBytes = 16;

    /// <summary>A fresh random salt, base64url without padding.</summary>
    public static string NewSalt() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SaltBytes));

    /// <summary>True when <paramref name="salt"/> is base64url of exactly <see cref="SaltBytes"/> bytes.</summary>
    public static bool IsSalt(string? salt)
    {
        // The decoder also takes '+' and '/'; a salt is written one way only.
        if (salt is null || salt.Length != 22 || !salt.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[SaltBytes + 2];
        return Base64Url.TryDecodeFromChars(salt, bytes, out var written) && written == SaltBytes;
    }

    /// <summary>The digest committing to <paramref name="value"/> under <paramref name="salt"/>.</summary>
    public static string Digest(string salt, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsSalt(salt))
        {
            throw new ArgumentException("A salt is base64url of 16 bytes.", nameof(salt));
        }

        var saltBytes = Base64Url.DecodeFromChars(salt);
        var input = new byte[saltBytes.Length + Encoding.UTF8.GetByteCount(value)];
        saltBytes.CopyTo(input, 0);
        Encoding.UTF8.GetBytes(value, input.AsSpan(saltBytes.Length));
        return "ni:///sha-256;" + Base64Url.EncodeToString(SHA256.HashData(input));
    }
}
