using System.Globalization;

namespace Traceability.Telemetry.Simulation;

/// <summary>Short durations as operators type them: <c>500ms</c>, <c>10s</c>, <c>30m</c>, <c>2h</c>, <c>1d</c>.</summary>
public static class Durations
{
    /// <summary>Parses <paramref name="text"/>; false if it is not a number followed by ms, s, m, h or d.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal)
            ? (text[..^2], TimeSpan.FromMilliseconds(1))
            : (text[..^1], text[^1] switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'd' => TimeSpan.FromDays(1),
                _ => TimeSpan.Zero,
            });
        if (unit == TimeSpan.Zero || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            return false;
        }

        duration = unit * value;
        return true;
    }
}
