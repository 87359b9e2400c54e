using System.Globalization;
using Traceability.Profiles;

namespace Traceability.Conditions.Analysis;

/// <summary>
/// How findings read: times in ISO 8601 UTC, durations in minutes, numbers with a point whatever
/// the culture, units as people write them (°C, %).
/// </summary>
internal static class AnalysisText
{
    /// <summary>E.g. <c>2026-03-01T02:07:00Z</c>; fractions of a second only when there are some.</summary>
    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>E.g. <c>7 min</c>, <c>25.75 min</c>.</summary>
    public static string Minutes(TimeSpan span) => Minutes(span.TotalMinutes);

    /// <summary>E.g. <c>0.33 min</c>.</summary>
    public static string Minutes(double minutes) => minutes.ToString("0.##", CultureInfo.InvariantCulture) + " min";

    /// <summary>A value with up to three decimals, e.g. <c>68.5</c>.</summary>
    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A value with its unit, e.g. <c>68.5 °C</c>, <c>65 %</c>.</summary>
    public static string Value(double value, string unit) => Number(value) + " " + Symbol(unit);

    /// <summary>The symbol of a UN/CEFACT unit code (°C for CEL, % for P1), else the code itself.</summary>
    public static string Symbol(string unit) => unit switch
    {
        "CEL" => "°C",
        "P1" => "%",
        _ => unit,
    };

    /// <summary>The unit of a quantity of <c>Traceability.Telemetry.Quantities</c> (CEL for temperature, P1 for the others).</summary>
    public static string UnitOf(string quantity) => quantity == ConditionAnalysis.TemperatureQuantity ? "CEL" : "P1";

    /// <summary>E.g. <c>sensor air-1 of device dryer-1 (temperature)</c>.</summary>
    public static string Series(SeriesKey key) => $"sensor {key.Sensor} of device {key.Device} ({key.Quantity})";

    /// <summary>E.g. <c>55 to 65 °C</c>, <c>at most 65 %</c>, <c>at least 15 °C</c>.</summary>
    public static string Range(QuantityLimit limit, string unit) => (limit.Min, limit.Max) switch
    {
        ({ } min, { } max) => $"{Number(min)} to {Value(max, unit)}",
        (null, { } max) => "at most " + Value(max, unit),
        ({ } min, null) => "at least " + Value(min, unit),
        _ => "any value",
    };

    /// <summary>A profile's name in a sentence, e.g. <c>profile drying.bamboo-shoots v1</c>.</summary>
    public static string Profile(ConditionProfile profile) =>
        string.Create(CultureInfo.InvariantCulture, $"profile {profile.ProfileId} v{profile.Version}");

    /// <summary>A count with its noun, e.g. <c>1 reading</c>, <c>7 readings</c>.</summary>
    public static string Readings(int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? "reading" : "readings")}");
}
