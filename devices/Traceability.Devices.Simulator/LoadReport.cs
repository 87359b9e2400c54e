using System.Globalization;

namespace Traceability.Devices.Simulator;

/// <summary>
/// What a load run achieved, and its one-line summary for scripts:
/// <c>readings=… seconds=… readings_per_s=… p50_ms=… p99_ms=… devices=… batch=… buffer=disk|memory markers=… lost=…</c>
/// (<c>na</c> for a latency not measured).
/// </summary>
public sealed record LoadReport(long Readings, double Seconds, int Devices, int Batch, bool DiskBuffer, IReadOnlyList<double> LatenciesMs, int MarkersLost)
{
    public double ReadingsPerSecond => Seconds > 0 ? Readings / Seconds : 0;

    public double? P50Ms => Percentile(LatenciesMs, 50);

    public double? P99Ms => Percentile(LatenciesMs, 99);

    public string SummaryLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"readings={Readings} seconds={Seconds:0.0} readings_per_s={ReadingsPerSecond:0.0} p50_ms={Ms(P50Ms)} p99_ms={Ms(P99Ms)} devices={Devices} batch={Batch} buffer={(DiskBuffer ? "disk" : "memory")} markers={LatenciesMs.Count} lost={MarkersLost}");

    /// <summary>The nearest-rank <paramref name="percent"/> percentile, or null without samples.</summary>
    public static double? Percentile(IReadOnlyList<double> samples, double percent)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return null;
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static string Ms(double? value) => value is { } ms ? ms.ToString("0.0", CultureInfo.InvariantCulture) : "na";
}
