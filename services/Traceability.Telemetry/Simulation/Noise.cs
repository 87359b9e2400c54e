namespace Traceability.Telemetry.Simulation;

/// <summary>
/// Deterministic, smooth sensor noise: a value in [-1, 1] for a seed, a channel and a time,
/// linearly interpolated between pseudo-random knots one minute apart (SplitMix64), so a curve
/// wanders like a real probe instead of jumping at every sample, and needs no mutable state.
/// </summary>
public static class Noise
{
    private static readonly long KnotTicks = TimeSpan.FromMinutes(1).Ticks;

    /// <summary>Noise in [-1, 1] at <paramref name="at"/>.</summary>
    public static double At(long seed, int channel, DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        var knot = Math.DivRem(ticks, KnotTicks, out var into);
        var fraction = (double)into / KnotTicks;
        var a = Knot(seed, channel, knot);
        var b = Knot(seed, channel, knot + 1);
        return a + ((b - a) * fraction);
    }

    private static double Knot(long seed, int channel, long knot)
    {
        var x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)channel << 48) ^ (ulong)knot);
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return ((x >> 11) * (1.0 / (1UL << 53)) * 2) - 1;
    }
}
