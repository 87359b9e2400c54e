using System.Diagnostics;
using System.Globalization;

namespace Traceability.Benchmarks.Ingestion;

/// <summary>The measured part of one ingestion run: open while counting, so latencies are sampled only then.</summary>
internal sealed class Measuring
{
    private volatile bool _open;

    public bool IsOpen => _open;

    /// <summary>
    /// Waits out the warm-up, then counts <paramref name="done"/> for <paramref name="seconds"/>
    /// with a progress line; the measured seconds and what was done in them.
    /// </summary>
    public static async Task<(double Elapsed, long Done)> RateAsync(string run, Func<long> done, int warmup, int seconds, Measuring measuring)
    {
        await Task.Delay(TimeSpan.FromSeconds(warmup));
        var startCount = done();
        var started = Stopwatch.GetTimestamp();
        measuring._open = true;
        for (var s = 1; s <= seconds; s++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var achieved = (done() - startCount) / Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.Write(string.Create(CultureInfo.InvariantCulture, $"\r{run}: {s}/{seconds} s, {achieved:N0} readings/s   "));
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var total = done() - startCount;
        measuring._open = false;
        return (elapsed, total);
    }
}
