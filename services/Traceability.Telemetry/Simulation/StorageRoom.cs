using Traceability.Telemetry;

namespace Traceability.Telemetry.Simulation;

/// <summary>
/// A storage room for dried products: a slow daily cycle in local time (warmest mid-afternoon,
/// 22–28 °C; relative humidity the other way round, 55–68 %) with a little probe noise, plus any
/// <see cref="Excursions"/> asked for. Pure and deterministic given <see cref="Seed"/>.
/// </summary>
public sealed record StorageRoom : IConditionModel
{
    public const string TemperatureSensor = "room-temp";
    public const string HumiditySensor = "room-rh";

    public long Seed { get; init; }

    /// <summary>The site's offset from UTC (Vietnam: +07:00), for the time of day.</summary>
    public TimeSpan UtcOffset { get; init; } = TimeSpan.FromHours(7);

    public double MinCelsius { get; init; } = 22;
    public double MaxCelsius { get; init; } = 28;
    public double MinHumidity { get; init; } = 55;
    public double MaxHumidity { get; init; } = 68;

    /// <summary>Local hour at which the room is warmest (and driest).</summary>
    public double WarmestHour { get; init; } = 15;

    public IReadOnlyList<Excursion> Excursions { get; init; } = [];

    /// <inheritdoc />
    public IReadOnlyList<ConditionValue> At(DateTimeOffset at) =>
    [
        new(TemperatureSensor, Quantities.Temperature, Temperature(at)),
        new(HumiditySensor, Quantities.RelativeHumidity, Humidity(at)),
    ];

    public double Temperature(DateTimeOffset at) =>
        Excurse(at, Quantities.Temperature, Cycle(at, MinCelsius, MaxCelsius, Noise.At(Seed, 3, at), +1));

    public double Humidity(DateTimeOffset at) =>
        Excurse(at, Quantities.RelativeHumidity, Cycle(at, MinHumidity, MaxHumidity, Noise.At(Seed, 4, at), -1));

    // The noise takes at most a tenth of the swing, and the cycle the rest, so the value stays in range.
    private double Cycle(DateTimeOffset at, double min, double max, double noise, int sign)
    {
        var hour = (at.UtcDateTime + UtcOffset).TimeOfDay.TotalHours;
        var phase = Math.Cos(2 * Math.PI * (hour - WarmestHour) / 24);
        var middle = (min + max) / 2;
        var half = (max - min) / 2;
        return middle + (sign * half * 0.9 * phase) + (half * 0.1 * noise);
    }

    private double Excurse(DateTimeOffset at, Quantity quantity, double value)
    {
        foreach (var excursion in Excursions)
        {
            if (excursion.Quantity == quantity)
            {
                var weight = excursion.Weight(at);
                value += (excursion.Level - value) * weight;
            }
        }

        return value;
    }
}
