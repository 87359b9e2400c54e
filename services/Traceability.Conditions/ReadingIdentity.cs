namespace Traceability.Conditions;

/// <summary>
/// The rules a <see cref="StoredReading"/> meets before a store writes it: facility, site, device,
/// sensor, quantity and unit are ids of 1 to 64 characters from <c>[A-Za-z0-9._-]</c> (so they need
/// no quoting in SQL parameters, line protocol, Flux or MetricsQL, though every store escapes them
/// anyway) and the value is a finite number. Pure and thread-safe.
/// </summary>
public static class ReadingIdentity
{
    /// <summary>The longest id.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Whether <paramref name="id"/> is 1 to 64 characters from <c>[A-Za-z0-9._-]</c>.</summary>
    public static bool IsValidId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when <paramref name="reading"/> breaks a rule.</summary>
    public static void Validate(StoredReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        Check(reading.Facility, nameof(StoredReading.Facility), nameof(reading));
        Check(reading.Site, nameof(StoredReading.Site), nameof(reading));
        Check(reading.Device, nameof(StoredReading.Device), nameof(reading));
        Check(reading.Sensor, nameof(StoredReading.Sensor), nameof(reading));
        Check(reading.Quantity, nameof(StoredReading.Quantity), nameof(reading));
        Check(reading.Unit, nameof(StoredReading.Unit), nameof(reading));
        if (!double.IsFinite(reading.Value))
        {
            throw new ArgumentException($"Reading value {reading.Value} is not a finite number.", nameof(reading));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="site"/> is not a valid id.</summary>
    public static void ValidateSite(string site)
    {
        if (!IsValidId(site))
        {
            throw new ArgumentException($"Site '{site}' is not an id of 1 to {MaxIdLength} characters from [A-Za-z0-9._-].", nameof(site));
        }
    }

    private static void Check(string id, string field, string parameter)
    {
        if (!IsValidId(id))
        {
            throw new ArgumentException($"Reading {field} '{id}' is not an id of 1 to {MaxIdLength} characters from [A-Za-z0-9._-].", parameter);
        }
    }
}
