using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Traceability.Conditions;

/// <summary>
/// The canonical form and SHA-256 digest of one device's raw readings, as the ledger's readings
/// windows record them, so that anyone can re-read the series from the time-series store and
/// check it. Canonical form: one line per reading, ordered by time, then sensor, then quantity:
/// <c>{device}\t{sensor}\t{quantity}\t{unit}\t{value}\t{unix milliseconds}\n</c>, the value
/// rounded to 6 decimals and written with <c>.</c> and no exponent or trailing zeros (<c>60.25</c>,
/// <c>-3</c>), UTF-8. Pure and thread-safe.
/// </summary>
public static class ReadingsDigest
{
    /// <summary>The digest (lower-case hex SHA-256) of <paramref name="readings"/>, which must all be of one device.</summary>
    public static string Compute(IEnumerable<StoredReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        string? device = null;
        foreach (var r in Order(readings))
        {
            device ??= r.Device;
            if (r.Device != device)
            {
                throw new ArgumentException($"Readings of devices '{device}' and '{r.Device}' given together; a digest covers one device.", nameof(readings));
            }

            hash.AppendData(Encoding.UTF8.GetBytes(Line(r)));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The canonical line of one reading, newline included.</summary>
    public static string Line(StoredReading r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return string.Create(CultureInfo.InvariantCulture, $"{r.Device}\t{r.Sensor}\t{r.Quantity}\t{r.Unit}\t{Value(r.Value)}\t{r.At.ToUnixTimeMilliseconds()}\n");
    }

    /// <summary>A value as the canonical form writes it: rounded to 6 decimals, no exponent.</summary>
    public static string Value(double value)
    {
        var text = Math.Round(value, 6, MidpointRounding.ToEven).ToString("0.######", CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }

    /// <summary>The canonical order: time, then sensor, then quantity (ordinal).</summary>
    public static IEnumerable<StoredReading> Order(IEnumerable<StoredReading> readings) =>
        readings.OrderBy(r => r.At.ToUnixTimeMilliseconds()).ThenBy(r => r.Sensor, StringComparer.Ordinal).ThenBy(r => r.Quantity, StringComparer.Ordinal);
}
