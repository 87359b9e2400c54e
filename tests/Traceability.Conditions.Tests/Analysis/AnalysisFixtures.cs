using Traceability.Domain;
using Traceability.Profiles;

namespace Traceability.Conditions.Tests.Analysis;

/// <summary>Readings and profiles the analysis tests build their situations from.</summary>
internal static class AnalysisFixtures
{
    /// <summary>Midnight UTC on the day the runs start.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary><see cref="T0"/> plus whole minutes and seconds (exact, unlike fractional minutes).</summary>
    public static DateTimeOffset At(int minute, int second = 0) => T0 + TimeSpan.FromMinutes(minute) + TimeSpan.FromSeconds(second);

    public static TimeSpan Minutes(double minutes) => TimeSpan.FromTicks((long)Math.Round(minutes * TimeSpan.TicksPerMinute));

    public static StoredReading Temperature(string device, string sensor, double celsius, DateTimeOffset at) =>
        new("farm-1", "site-1", device, sensor, "temperature", "CEL", celsius, at);

    public static StoredReading Humidity(string device, string sensor, double percent, DateTimeOffset at) =>
        new("farm-1", "site-1", device, sensor, "relative_humidity", "P1", percent, at);

    public static StoredReading Moisture(string device, string sensor, double percent, DateTimeOffset at) =>
        new("farm-1", "site-1", device, sensor, "moisture", "P1", percent, at);

    /// <summary>Readings in the store's order (time, then device, sensor, quantity).</summary>
    public static List<StoredReading> InStoreOrder(IEnumerable<StoredReading> readings) => ReadingOrder.SortAndCollapse([.. readings]);

    /// <summary>The bamboo-shoot drying profile: air 55–65 °C for at least 8 h, excursions up to 15 min, readings at most 10 min apart.</summary>
    public static ConditionProfile BambooDrying(TimeSpan? minimumInRange = null) =>
        new("drying.bamboo-shoots", 1, "Drying of bamboo shoots", ProfileScope.Step, StepKind.Drying, null,
            [new QuantityLimit("temperature", 55, 65)], minimumInRange ?? TimeSpan.FromHours(8), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(10), null,
            T0, "platform", "test");

    /// <summary>A drying profile with no minimum time in range (for the rules that do not need one).</summary>
    public static ConditionProfile Drying55To65() => BambooDrying() with { MinimumInRange = null };

    /// <summary>Dry storage: 15–30 °C, at most 65 % RH, excursions up to 2 h, readings at most 30 min apart, MKT at most 25 °C.</summary>
    public static ConditionProfile DryStorage() =>
        new("storage", 1, "Dry storage", ProfileScope.Storage, null, null,
            [new QuantityLimit("temperature", 15, 30), new QuantityLimit("relative_humidity", null, 65)], null, TimeSpan.FromHours(2), TimeSpan.FromMinutes(30), 25,
            T0, "platform", "test");
}
