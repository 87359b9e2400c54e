using Traceability.Conditions.Analysis;
using static Traceability.Conditions.Tests.Analysis.AnalysisFixtures;

namespace Traceability.Conditions.Tests.Analysis;

/// <summary>Thinning a series for a report chart keeps its shape and its peaks.</summary>
public sealed class ChartThinningTests
{
    private static List<StoredReading> Series(int count, Func<int, double> celsius) =>
        [.. Enumerable.Range(0, count).Select(m => Temperature("dryer-1", "air-1", celsius(m), At(m)))];

    [Fact]
    public void AShortSeriesIsKeptWhole()
    {
        var series = Series(10, m => m);

        Assert.Equal(series.Select(r => (r.At, r.Value)), ChartThinning.Thin(series, 10));
        Assert.Empty(ChartThinning.Thin([], 10));
    }

    [Fact]
    public void AMonthBecomesAtMostMaxPointsKeepingEveryBucketsExtremesAndTheExcursionPeaks()
    {
        // 30 days at one reading a minute, 60 ± 4 °C, with one 1-minute spike to 71 °C and one dip to 47 °C.
        var series = Series(43_200, m => m switch
        {
            31_337 => 71,
            7_000 => 47,
            _ => 60 + (4 * Math.Sin(m / 500.0)),
        });

        var points = ChartThinning.Thin(series, 600);

        Assert.InRange(points.Count, 590, 600);
        Assert.Contains((At(31_337), 71.0), points);
        Assert.Contains((At(7_000), 47.0), points);
        Assert.Equal(points.OrderBy(p => p.At), points);
        Assert.Equal(points.Count, points.Select(p => p.At).Distinct().Count());

        // 300 buckets of 144 readings (the last one 144 too): each keeps its lowest and highest.
        for (var b = 0; b < 300; b++)
        {
            var bucket = series.Skip(b * 144).Take(144).ToList();
            var inBucket = points.Where(p => p.At >= bucket[0].At && p.At <= bucket[^1].At).ToList();
            Assert.Contains(inBucket, p => p.Value == bucket.Min(r => r.Value));
            Assert.Contains(inBucket, p => p.Value == bucket.Max(r => r.Value));
            Assert.InRange(inBucket.Count, 1, 2);
        }
    }

    [Fact]
    public void AFlatBucketGivesOnePointAndEmptyBucketsNone()
    {
        // Ten readings at 60 °C then, after a long silence, ten at 61 °C; four points allowed, so two buckets.
        var series = Series(10, _ => 60).Concat(Enumerable.Range(0, 10).Select(m => Temperature("dryer-1", "air-1", 61, At(1000 + m)))).ToList();

        Assert.Equal([(At(0), 60.0), (At(1000), 61.0)], ChartThinning.Thin(series, 4));
        Assert.Equal([(At(0), 60.0), (At(1000), 61.0)], ChartThinning.Thin(series, 5));
    }

    [Fact]
    public void FewerThanTwoPointsCannotDrawALine() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChartThinning.Thin(Series(10, m => m), 1));
}
