using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Traceability.Telemetry;

namespace Traceability.Telemetry.Simulation;

/// <summary>
/// A storage-room excursion asked for by the operator of the simulator: from <see cref="Start"/>
/// for <see cref="Duration"/>, the <see cref="Quantity"/> goes to <see cref="Level"/> (a door left
/// open in the rainy season: relative humidity 80 %), ramping in and out over a few minutes.
/// </summary>
public sealed record Excursion(DateTimeOffset Start, TimeSpan Duration, Quantity Quantity, double Level)
{
    /// <summary>The time the value takes to reach the level, and to come back: a quarter of the duration, at most 5 minutes.</summary>
    public TimeSpan Ramp => TimeSpan.FromTicks(Math.Min(Duration.Ticks / 4, TimeSpan.FromMinutes(5).Ticks));

    public DateTimeOffset End => Start + Duration;

    /// <summary>How far (0..1) the excursion pulls the value towards its level at <paramref name="at"/>.</summary>
    public double Weight(DateTimeOffset at)
    {
        if (at < Start || at >= End)
        {
            return 0;
        }

        var ramp = Ramp;
        if (ramp <= TimeSpan.Zero)
        {
            return 1;
        }

        var fromStart = (at - Start) / ramp;
        var toEnd = (End - at) / ramp;
        return Math.Min(1, Math.Min(fromStart, toEnd));
    }

    /// <summary>
    /// Parses <c>START/DURATION/QUANTITY=LEVEL</c>, e.g.
    /// <c>2026-05-01T14:00:00+07:00/30m/relative_humidity=80</c> (duration in <c>s</c>, <c>m</c>
    /// or <c>h</c>; <c>rh</c> and <c>temp</c> stand for the quantities).
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Excursion? excursion, [NotNullWhen(false)] out string? error)
    {
        excursion = null;
        var parts = text?.Split('/') ?? [];
        if (parts.Length != 3)
        {
            error = $"'{text}' is not START/DURATION/QUANTITY=LEVEL (e.g. 2026-05-01T14:00:00+07:00/30m/rh=80)";
            return false;
        }

        if (!DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start))
        {
            error = $"'{parts[0]}' is not an ISO 8601 time";
            return false;
        }

        if (!Durations.TryParse(parts[1], out var duration) || duration <= TimeSpan.Zero)
        {
            error = $"'{parts[1]}' is not a positive duration such as 30m, 2h or 90s";
            return false;
        }

        var level = parts[2].Split('=');
        var quantity = level.Length == 2 ? Quantities.Find(level[0] switch { "rh" => "relative_humidity", "temp" => "temperature", var name => name }) : null;
        if (quantity is null || !double.TryParse(level[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            error = $"'{parts[2]}' is not QUANTITY=LEVEL with a quantity of rh, temp, {string.Join(", ", Quantities.All.Select(q => q.Name))}";
            return false;
        }

        if (value < quantity.Min || value > quantity.Max)
        {
            error = $"{value} is outside {quantity.Min}..{quantity.Max} for {quantity.Name}";
            return false;
        }

        excursion = new Excursion(start, duration, quantity, value);
        error = null;
        return true;
    }
}
