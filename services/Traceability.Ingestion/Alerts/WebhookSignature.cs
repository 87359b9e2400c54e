using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Traceability.Ingestion.Alerts;

/// <summary>
/// How a webhook request is signed, so its receiver knows it comes from the platform and was not
/// replayed long after: header <c>X-Traceability-Timestamp</c> is the Unix time in seconds of the
/// attempt, and <c>X-Traceability-Signature</c> is <c>sha256=</c> and the lowercase hex
/// HMAC-SHA256, keyed with the webhook's secret (UTF-8), of the timestamp, a <c>.</c> and the body
/// bytes. <c>X-Traceability-Delivery</c> names the delivery, the same on every retry (use it to
/// drop repeats). Pure and thread-safe.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header with the Unix time in seconds.</summary>
    public const string TimestampHeader = "X-Traceability-Timestamp";

    /// <summary>The header with the signature.</summary>
    public const string SignatureHeader = "X-Traceability-Signature";

    /// <summary>The header with the delivery id.</summary>
    public const string DeliveryHeader = "X-Traceability-Delivery";

    private const string Prefix = "sha256=";

    /// <summary>The <c>X-Traceability-Signature</c> value of <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Prefix + Convert.ToHexStringLower(Mac(secret, timestamp, body));
    }

    /// <summary>Whether <paramref name="signature"/> is the signature of <paramref name="body"/> at <paramref name="timestamp"/> (compared in constant time).</summary>
    public static bool Verify(string secret, string? timestamp, ReadOnlySpan<byte> body, string? signature)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || signature is null
            || !signature.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signature.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, Mac(secret, seconds, body));
    }

    private static byte[] Mac(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
