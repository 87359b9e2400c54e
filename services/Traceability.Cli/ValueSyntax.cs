using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary>Parsers for the option values that are more than plain text.</summary>
internal static partial class ValueSyntax
{
    /// <summary>
    /// An ISO 8601 time with its UTC offset, e.g. <c>2024-10-05T07:30:00+07:00</c> or
    /// <c>2024-10-05T00:30:00Z</c>. A time without an offset is refused rather than read in the
    /// local zone of whoever runs the command: records are evidence and must mean one instant.
    /// </summary>
    public static bool TryParseTime(string text, [MaybeNullWhen(false)] out Timestamp value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        if (!IsoTime().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            error = $"'{text}' is not an ISO 8601 time with a UTC offset, e.g. 2024-10-05T07:30:00+07:00";
            return false;
        }
        value = Timestamp.FromDateTimeOffset(time);
        error = null;
        return true;
    }

    /// <summary>A calendar date, <c>YYYY-MM-DD</c>; returned in that form.</summary>
    public static bool TryParseDate(string text, [MaybeNullWhen(false)] out string value, [NotNullWhen(false)] out string? error)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            value = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            error = null;
            return true;
        }
        value = null;
        error = $"'{text}' is not a date YYYY-MM-DD";
        return false;
    }

    /// <summary>A latitude in decimal degrees, -90 to 90.</summary>
    public static bool TryParseLatitude(string text, out double value, [NotNullWhen(false)] out string? error) =>
        TryParseDegrees(text, 90, out value, out error);

    /// <summary>A longitude in decimal degrees, -180 to 180.</summary>
    public static bool TryParseLongitude(string text, out double value, [NotNullWhen(false)] out string? error) =>
        TryParseDegrees(text, 180, out value, out error);

    /// <summary>A polygon as <c>lat,lon;lat,lon;…</c> in decimal degrees (WGS 84).</summary>
    public static bool TryParseBoundary(string text, [MaybeNullWhen(false)] out GeoPoint[] value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        var points = new List<GeoPoint>();
        foreach (var pair in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
            {
                error = $"'{pair}' is not lat,lon";
                return false;
            }
            if (!TryParseLatitude(parts[0], out var latitude, out error) || !TryParseLongitude(parts[1], out var longitude, out error))
            {
                error = $"'{pair}': {error}";
                return false;
            }
            points.Add(new GeoPoint { Latitude = latitude, Longitude = longitude });
        }
        if (points.Count == 0)
        {
            error = "a boundary is lat,lon;lat,lon;lat,lon";
            return false;
        }
        value = [.. points];
        error = null;
        return true;
    }

    /// <summary>A whole number above 0, e.g. a mass in grams or a unit count.</summary>
    public static bool TryParsePositive(string text, out long value, [NotNullWhen(false)] out string? error)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0)
        {
            error = null;
            return true;
        }
        error = $"'{text}' is not a whole number above 0";
        return false;
    }

    /// <summary>A count above 0, e.g. of units in a lot.</summary>
    public static bool TryParseCount(string text, out int value, [NotNullWhen(false)] out string? error)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0)
        {
            error = null;
            return true;
        }
        error = $"'{text}' is not a whole number from 1 to {int.MaxValue}";
        return false;
    }

    /// <summary>A whole number from 0 to <paramref name="maximum"/>.</summary>
    public static ValueParser<int> Range(int maximum) =>
        (string text, out int value, [NotNullWhen(false)] out string? error) =>
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= maximum)
            {
                error = null;
                return true;
            }
            error = $"'{text}' is not a whole number from 0 to {maximum}";
            return false;
        };

    private static bool TryParseDegrees(string text, double limit, out double value, [NotNullWhen(false)] out string? error)
    {
        if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
            && Math.Abs(value) <= limit)
        {
            error = null;
            return true;
        }
        error = $"'{text}' is not decimal degrees from -{limit} to {limit}";
        return false;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoTime();
}
