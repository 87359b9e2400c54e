using System.Buffers;
using Traceability.Profiles;

namespace Traceability.Conditions.Analysis;

/// <summary>
/// The analysis of one series: one pass over its readings for the statistics, the time held in and
/// out of range, excursions, gaps and future timestamps, and one more over its intervals for
/// irregular ones (after finding their median). Allocates only for what it finds. See
/// <see cref="ConditionAnalysis.Assess"/> for the rules.
/// </summary>
internal static class SeriesAnalyzer
{
    private const int Above = 1;
    private const int Below = 2;

    /// <summary>Irregular intervals are only looked for in a series with at least this many readings.</summary>
    private const int IrregularMinimumReadings = 5;

    /// <summary>Analyses <paramref name="series"/> (at least one reading) over [<paramref name="from"/>, <paramref name="until"/>).</summary>
    /// <param name="series">The series' readings, in time order.</param>
    /// <param name="limit">The profile's limit for the series' quantity, or null when it is not judged.</param>
    /// <param name="maxGap">The longest interval a reading holds its value over.</param>
    /// <param name="from">The window's start.</param>
    /// <param name="until">The window's end (excluded).</param>
    /// <param name="now">The time of the analysis.</param>
    public static SeriesAnalysis Analyse(SeriesReadings series, QuantityLimit? limit, TimeSpan maxGap, DateTimeOffset from, DateTimeOffset until, DateTimeOffset now)
    {
        var key = series.Key;
        var t = series.Ticks;
        var v = series.Values;
        var n = t.Length;
        var gapTicks = maxGap.Ticks;
        var untilTicks = until.UtcTicks;
        var nowTicks = now.UtcTicks;

        var hasMax = limit?.Max is not null;
        var hasMin = limit?.Min is not null;
        var upper = limit?.Max ?? 0;
        var lower = limit?.Min ?? 0;
        var temperature = key.Quantity == ConditionAnalysis.TemperatureQuantity;

        List<Excursion>? excursions = null;
        List<DataGap>? gaps = null;
        List<ClockProblem>? clock = null;

        if (t[0] - from.UtcTicks > gapTicks)
        {
            (gaps ??= []).Add(Gap(key, from.UtcTicks, t[0]));
        }

        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        double sum = 0, weightedSum = 0, mktSum = 0, mktWeightedSum = 0;
        long covered = 0, inRange = 0;

        // The excursion being followed: its direction (0 for none), first reading, peak, area (unit·ticks) and readings.
        int run = 0, runStart = 0, runReadings = 0;
        double runPeak = 0, runArea = 0;

        // The run of readings stamped after now.
        int futureStart = -1, futureReadings = 0;

        for (var i = 0; i < n; i++)
        {
            var at = t[i];
            var value = v[i];
            var interval = (i + 1 < n ? t[i + 1] : untilTicks) - at;
            long hold = interval <= gapTicks ? interval : 0;
            if (interval > gapTicks && i + 1 < n)
            {
                (gaps ??= []).Add(Gap(key, at, t[i + 1]));
            }

            if (value < min)
            {
                min = value;
            }

            if (value > max)
            {
                max = value;
            }

            sum += value;
            weightedSum += value * hold;
            covered += hold;
            if (temperature)
            {
                var term = MeanKineticTemperature.Term(value);
                mktSum += term;
                mktWeightedSum += term * hold;
            }

            var direction = hasMax && value > upper ? Above : hasMin && value < lower ? Below : 0;
            if (direction == 0)
            {
                inRange += hold;
            }

            if (direction != run)
            {
                if (run != 0)
                {
                    (excursions ??= []).Add(Close(key, run, run == Above ? upper : lower, t[runStart], at, runPeak, runArea, runReadings, open: false));
                }

                run = direction;
                runStart = i;
                runReadings = 0;
                runArea = 0;
                runPeak = value;
            }

            if (run != 0)
            {
                runReadings++;
                runArea += Math.Abs(value - (run == Above ? upper : lower)) * hold;
                runPeak = run == Above ? Math.Max(runPeak, value) : Math.Min(runPeak, value);
            }

            if (at > nowTicks)
            {
                if (futureStart < 0)
                {
                    futureStart = i;
                    futureReadings = 0;
                }

                futureReadings++;
            }
            else if (futureStart >= 0)
            {
                (clock ??= []).Add(Future(key, t[futureStart], futureReadings, now));
                futureStart = -1;
            }
        }

        if (run != 0)
        {
            (excursions ??= []).Add(Close(key, run, run == Above ? upper : lower, t[runStart], untilTicks, runPeak, runArea, runReadings, open: true));
        }

        if (untilTicks - t[n - 1] > gapTicks)
        {
            (gaps ??= []).Add(Gap(key, t[n - 1], untilTicks));
        }

        if (futureStart >= 0)
        {
            (clock ??= []).Add(Future(key, t[futureStart], futureReadings, now));
        }

        if (n >= IrregularMinimumReadings)
        {
            FindIrregular(key, t, ref clock);
        }

        if (clock is { Count: > 1 })
        {
            clock.Sort(static (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Kind.CompareTo(b.Kind));
        }

        double? mkt = !temperature ? null
            : covered > 0 ? MeanKineticTemperature.FromMeanTerm(mktWeightedSum / covered)
            : MeanKineticTemperature.FromMeanTerm(mktSum / n);

        return new SeriesAnalysis(
            key,
            n,
            At(t[0]),
            At(t[n - 1]),
            min,
            max,
            covered > 0 ? weightedSum / covered : sum / n,
            TimeSpan.FromTicks(covered),
            TimeSpan.FromTicks(inRange),
            mkt,
            (IReadOnlyList<Excursion>?)excursions ?? [],
            (IReadOnlyList<DataGap>?)gaps ?? [],
            (IReadOnlyList<ClockProblem>?)clock ?? []);
    }

    /// <summary>
    /// Readings that came less than half the series' usual interval (the median of its positive
    /// intervals) after the one before; one problem per run of such readings.
    /// </summary>
    private static void FindIrregular(SeriesKey key, long[] t, ref List<ClockProblem>? clock)
    {
        var n = t.Length;
        var intervals = ArrayPool<long>.Shared.Rent(n - 1);
        try
        {
            var positive = 0;
            for (var i = 1; i < n; i++)
            {
                var interval = t[i] - t[i - 1];
                if (interval > 0)
                {
                    intervals[positive++] = interval;
                }
            }

            if (positive == 0)
            {
                return;
            }

            var twiceMedian = TwiceMedian(intervals.AsSpan(0, positive));

            // interval < median / 2, in whole ticks: 4 · interval < 2 · median.
            int runStart = -1, runReadings = 0;
            long runSpan = 0;
            for (var i = 1; i <= n; i++)
            {
                if (i < n && 4 * (t[i] - t[i - 1]) < twiceMedian)
                {
                    if (runStart < 0)
                    {
                        runStart = i;
                        runReadings = 0;
                        runSpan = 0;
                    }

                    runReadings++;
                    runSpan += t[i] - t[i - 1];
                }
                else if (runStart >= 0)
                {
                    (clock ??= []).Add(Irregular(key, t[runStart], t[runStart + runReadings - 1], runReadings, runSpan, twiceMedian));
                    runStart = -1;
                }
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(intervals);
        }
    }

    /// <summary>Twice the median of <paramref name="values"/> (the sum of the two middle ones when their number is even); reorders them.</summary>
    internal static long TwiceMedian(Span<long> values)
    {
        var middle = values.Length / 2;
        var upper = Select(values, middle);
        if (values.Length % 2 == 1)
        {
            return 2 * upper;
        }

        // Select leaves everything before the middle no greater than it: the lower middle is their maximum.
        var lower = long.MinValue;
        foreach (var value in values[..middle])
        {
            lower = Math.Max(lower, value);
        }

        return lower + upper;
    }

    /// <summary>
    /// The <paramref name="k"/>-th smallest of <paramref name="values"/> (from 0), leaving every value
    /// before index k no greater than it and every value after no smaller: Hoare's selection, linear on
    /// average, falling back to sorting the rest when a pivot keeps splitting badly.
    /// </summary>
    internal static long Select(Span<long> values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        for (var rounds = 0; hi > lo; rounds++)
        {
            if (rounds == 64)
            {
                values[lo..(hi + 1)].Sort();
                break;
            }

            var a = values[lo];
            var b = values[lo + ((hi - lo) / 2)];
            var c = values[hi];
            var pivot = Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                break;
            }
        }

        return values[k];
    }

    private static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);

    private static DataGap Gap(SeriesKey key, long from, long to) => new(key, At(from), At(to), TimeSpan.FromTicks(to - from));

    private static Excursion Close(SeriesKey key, int direction, double limit, long start, long end, double peak, double areaTicks, int readings, bool open) =>
        new(
            key,
            direction == Above ? ExcursionDirection.Above : ExcursionDirection.Below,
            limit,
            At(start),
            At(end),
            TimeSpan.FromTicks(end - start),
            peak,
            areaTicks / TimeSpan.TicksPerMinute,
            readings,
            open);

    private static ClockProblem Future(SeriesKey key, long first, int readings, DateTimeOffset now)
    {
        var ahead = AnalysisText.Minutes(TimeSpan.FromTicks(first - now.UtcTicks));
        var detail = readings == 1
            ? $"1 reading at {AnalysisText.Time(At(first))} is stamped after the analysis time {AnalysisText.Time(now)}, {ahead} ahead."
            : $"{AnalysisText.Readings(readings)} from {AnalysisText.Time(At(first))} on are stamped after the analysis time {AnalysisText.Time(now)}, the first {ahead} ahead.";
        return new ClockProblem(key, ClockProblemKind.Future, At(first), detail);
    }

    private static ClockProblem Irregular(SeriesKey key, long first, long last, int readings, long span, long twiceMedian)
    {
        var usual = AnalysisText.Minutes(TimeSpan.FromTicks(twiceMedian).TotalMinutes / 2);
        var apart = AnalysisText.Minutes(TimeSpan.FromTicks(span).TotalMinutes / readings);
        var detail = readings == 1
            ? $"1 reading at {AnalysisText.Time(At(first))} came {apart} after the one before, under half the sensor's usual interval of {usual} (a clock stepped back, or readings replayed)."
            : $"{AnalysisText.Readings(readings)} from {AnalysisText.Time(At(first))} to {AnalysisText.Time(At(last))} came {apart} apart on average, under half the sensor's usual interval of {usual} (a clock stepped back, or readings replayed).";
        return new ClockProblem(key, ClockProblemKind.Irregular, At(first), detail);
    }
}
