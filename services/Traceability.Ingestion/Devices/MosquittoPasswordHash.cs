using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Traceability.Ingestion.Devices;

/// <summary>
/// Password hashes in mosquitto's own format, as <c>mosquitto_passwd</c> 2.0 writes them:
/// <c>$7$&lt;iterations&gt;$&lt;base64 salt&gt;$&lt;base64 hash&gt;</c>, PBKDF2-HMAC-SHA512 over the
/// UTF-8 password with a 12-byte random salt, 101 iterations and a 64-byte result (mosquitto's
/// <c>common/password_mosq.c</c>: <c>SALT_LEN 12</c>, <c>PW_DEFAULT_ITERATIONS 101</c>, <c>HASH_LEN 64</c>).
/// So the same stored hash serves the embedded broker and a mosquitto password file. The low
/// iteration count is mosquitto's default and costs little here: the registry's passwords are
/// 256-bit random values, not words a person chose, so no dictionary attack applies.
/// Pure and thread-safe.
/// </summary>
public static class MosquittoPasswordHash
{
    /// <summary>mosquitto's hash type number for PBKDF2-HMAC-SHA512.</summary>
    public const string Prefix = "$7$";

    public const int SaltBytes = 12;
    public const int HashBytes = 64;
    public const int DefaultIterations = 101;

    /// <summary>A new hash of <paramref name="password"/> with a fresh random salt.</summary>
    public static string Create(string password, int iterations = DefaultIterations)
    {
        Span<byte> salt = stackalloc byte[SaltBytes];
        RandomNumberGenerator.Fill(salt);
        return Create(password, salt, iterations);
    }

    /// <summary>The hash of <paramref name="password"/> with the given salt (for tests and known vectors).</summary>
    public static string Create(string password, ReadOnlySpan<byte> salt, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashBytes);
        return $"{Prefix}{iterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>
    /// Whether <paramref name="password"/> is the one <paramref name="encoded"/> was made from; false for
    /// anything that is not a well-formed <c>$7$</c> hash. The comparison takes the same time wherever the bytes differ.
    /// </summary>
    public static bool Verify(string password, string encoded)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(encoded, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashBytes);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Splits a <c>$7$</c> hash into its parts; false when it is not one (mosquitto accepts 12- or 64-byte salts).</summary>
    public static bool TryParse(string? encoded, out int iterations, [NotNullWhen(true)] out byte[]? salt, [NotNullWhen(true)] out byte[]? hash)
    {
        iterations = 0;
        salt = null;
        hash = null;
        if (encoded is null || !encoded.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = encoded[Prefix.Length..].Split('$');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations < 1)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[1]);
            hash = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            salt = null;
            hash = null;
            return false;
        }

        if ((salt.Length != SaltBytes && salt.Length != HashBytes) || hash.Length != HashBytes)
        {
            salt = null;
            hash = null;
            return false;
        }

        return true;
    }
}
