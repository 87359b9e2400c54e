using Traceability.Telemetry;

namespace Traceability.Telemetry.Simulation;

/// <summary>
/// A hot-air drying run of bamboo shoots: the dryer air warms from ambient to the set point
/// (~60 °C), holds it with a little controller noise, then cools back to ambient; the product's
/// moisture (wet basis) falls exponentially from ~85 % towards equilibrium, reaching the target
/// (8–10 %) as the plateau ends; the dryer air's relative humidity falls with it as less water
/// comes off the product, and rises again as the air cools. Pure and deterministic given
/// <see cref="Seed"/>; moisture is noiseless so it never rises.
/// </summary>
public sealed record DryingRun : IConditionModel
{
    /// <summary>Sensor ids the run reports.</summary>
    public const string AirTemperatureSensor = "air-temp";
    public const string AirHumiditySensor = "air-rh";
    public const string MoistureSensor = "product-moisture";

    /// <summary>When the burner was lit.</summary>
    public required DateTimeOffset Start { get; init; }

    public long Seed { get; init; }

    public double AmbientCelsius { get; init; } = 24;
    public double SetPointCelsius { get; init; } = 60;

    /// <summary>Half-width of the controller's swing around the set point, °C.</summary>
    public double PlateauNoiseCelsius { get; init; } = 1.2;

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromMinutes(45);

    /// <summary>Time at the set point, after the warm-up.</summary>
    public TimeSpan Plateau { get; init; } = TimeSpan.FromHours(14);

    public TimeSpan CoolDown { get; init; } = TimeSpan.FromMinutes(60);

    public double InitialMoisture { get; init; } = 85;

    /// <summary>Moisture when the plateau ends.</summary>
    public double FinalMoisture { get; init; } = 9;

    /// <summary>The moisture the product tends to at this air (never reached).</summary>
    public double EquilibriumMoisture { get; init; } = 7;

    public double WetAirHumidity { get; init; } = 68;
    public double DryAirHumidity { get; init; } = 18;
    public double AmbientHumidity { get; init; } = 75;

    /// <summary>When the heating ends and the cool-down starts.</summary>
    public DateTimeOffset PlateauEnd => Start + WarmUp + Plateau;

    /// <summary>When the run is over (air back near ambient).</summary>
    public DateTimeOffset End => PlateauEnd + CoolDown;

    /// <inheritdoc />
    public IReadOnlyList<ConditionValue> At(DateTimeOffset at) =>
    [
        new(AirTemperatureSensor, Quantities.Temperature, AirTemperature(at)),
        new(AirHumiditySensor, Quantities.RelativeHumidity, AirHumidity(at)),
        new(MoistureSensor, Quantities.Moisture, Moisture(at)),
    ];

    /// <summary>Dryer air temperature, °C.</summary>
    public double AirTemperature(DateTimeOffset at)
    {
        var noise = Noise.At(Seed, 1, at);
        var t = at - Start;
        if (t <= TimeSpan.Zero)
        {
            return AmbientCelsius + (0.3 * noise);
        }

        if (t < WarmUp)
        {
            // The burner heats fast at first and slows as the air nears the set point.
            var progress = t / WarmUp;
            var rise = 1 - Math.Exp(-4 * progress);
            return AmbientCelsius + ((SetPointCelsius - AmbientCelsius) * rise / (1 - Math.Exp(-4))) + (0.5 * noise);
        }

        if (at < PlateauEnd)
        {
            return SetPointCelsius + (PlateauNoiseCelsius * noise);
        }

        var cooling = (at - PlateauEnd) / CoolDown;
        return AmbientCelsius + ((SetPointCelsius - AmbientCelsius) * Math.Exp(-4 * cooling)) + (0.3 * noise);
    }

    /// <summary>Product moisture, % wet basis: non-increasing in time.</summary>
    public double Moisture(DateTimeOffset at)
    {
        // Drying starts in earnest half-way through the warm-up; the rate constant makes the
        // curve meet FinalMoisture exactly when the heating stops.
        var dryingStart = Start + (WarmUp / 2);
        var span = (PlateauEnd - dryingStart).TotalHours;
        var k = Math.Log((InitialMoisture - EquilibriumMoisture) / (FinalMoisture - EquilibriumMoisture)) / span;
        var hours = Math.Max(0, (at - dryingStart).TotalHours);
        if (at > PlateauEnd)
        {
            // Cooling air dries little more: the curve continues at a tenth of the rate.
            hours = span + ((at - PlateauEnd).TotalHours / 10);
        }

        return EquilibriumMoisture + ((InitialMoisture - EquilibriumMoisture) * Math.Exp(-k * hours));
    }

    /// <summary>Dryer air relative humidity, %.</summary>
    public double AirHumidity(DateTimeOffset at)
    {
        var noise = 1.5 * Noise.At(Seed, 2, at);
        var wetness = (Moisture(at) - EquilibriumMoisture) / (InitialMoisture - EquilibriumMoisture);
        var heated = DryAirHumidity + ((WetAirHumidity - DryAirHumidity) * wetness);
        var t = at - Start;
        double value;
        if (t <= TimeSpan.Zero)
        {
            value = AmbientHumidity;
        }
        else if (t < WarmUp)
        {
            value = AmbientHumidity + ((heated - AmbientHumidity) * (t / WarmUp));
        }
        else if (at < PlateauEnd)
        {
            value = heated;
        }
        else
        {
            var cooling = Math.Min(1, (at - PlateauEnd) / CoolDown);
            value = heated + ((AmbientHumidity - heated) * cooling);
        }

        return Math.Clamp(value + noise, 0, 100);
    }
}
