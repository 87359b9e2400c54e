using Traceability.Conditions.Analysis;
using Traceability.Profiles;
using static Traceability.Conditions.Tests.Analysis.AnalysisFixtures;

namespace Traceability.Conditions.Tests.Analysis;

/// <summary>A window's verdict is its worst reason; windows without a profile or without readings.</summary>
public sealed class VerdictTests
{
    private static readonly DateTimeOffset Until = At(60);

    private static List<StoredReading> Hour(Func<int, double> celsius, Func<int, bool>? present = null) =>
        [.. Enumerable.Range(0, 60).Where(m => present?.Invoke(m) ?? true).Select(m => Temperature("dryer-1", "air-1", celsius(m), At(m)))];

    private static PeriodAssessment Assess(ConditionProfile? profile, IReadOnlyList<StoredReading> readings) =>
        ConditionAnalysis.Assess(profile, At(0), Until, readings, Until);

    [Fact]
    public void SeveritiesAreOrderedPassWarningFail()
    {
        Assert.True(Verdict.Pass < Verdict.Warning);
        Assert.True(Verdict.Warning < Verdict.Fail);
    }

    [Fact]
    public void TheVerdictIsTheWorstReasonAndPassWithNone()
    {
        var clean = Assess(Drying55To65(), Hour(_ => 60));
        var gap = Assess(Drying55To65(), Hour(_ => 60, m => m is < 20 or > 40));
        var shortExcursion = Assess(Drying55To65(), Hour(m => m is 30 ? 70 : 60));
        var gapAndLongExcursion = Assess(Drying55To65(), Hour(m => m is >= 40 and < 57 ? 70 : 60, m => m is < 20 or > 40));

        Assert.Equal((Verdict.Pass, 0), (clean.Verdict, clean.Reasons.Count));
        Assert.Equal(Verdict.Warning, gap.Verdict);
        Assert.Equal([(Verdict.Warning, "gap")], gap.Reasons.Select(r => (r.Severity, r.Code)));
        Assert.Equal(Verdict.Warning, shortExcursion.Verdict);
        Assert.Equal([(Verdict.Warning, "excursion")], shortExcursion.Reasons.Select(r => (r.Severity, r.Code)));
        Assert.Equal(Verdict.Fail, gapAndLongExcursion.Verdict);
        Assert.Equal([(Verdict.Fail, "excursion"), (Verdict.Warning, "gap")], gapAndLongExcursion.Reasons.Select(r => (r.Severity, r.Code)));
    }

    [Fact]
    public void WithoutAProfileNothingIsJudgedButTheFactsAreReported()
    {
        // 90 °C throughout and 17 min between two readings (more than the default 15): facts, not reasons.
        var assessment = Assess(null, Hour(_ => 90, m => m is <= 20 or >= 37));

        Assert.Equal(Verdict.Warning, assessment.Verdict);
        Assert.Equal(
            [new VerdictReason(Verdict.Warning, "no_profile", "No condition profile applies from 2026-03-01T00:00:00Z to 2026-03-01T01:00:00Z: nothing is judged, the readings are only reported.")],
            assessment.Reasons);
        var air = Assert.Single(assessment.Series);
        Assert.Empty(air.Excursions);
        Assert.Equal(air.Covered, air.InRange);
        Assert.Equal(Minutes(43), air.Covered);
        Assert.Equal([new DataGap(air.Series, At(20), At(37), Minutes(17))], air.Gaps);
        Assert.Equal(90, air.MeanKineticTemperature!.Value, 9);
    }

    [Fact]
    public void WithoutAProfileFifteenMinutesBetweenReadingsIsNoGap()
    {
        var assessment = Assess(null, Hour(_ => 20, m => m % 15 == 0));

        Assert.Empty(Assert.Single(assessment.Series).Gaps);
        Assert.Equal(TimeSpan.FromHours(1), assessment.Series[0].Covered);
    }

    [Fact]
    public void AWindowWithoutReadingsFailsWithOneReasonWithOrWithoutAProfile()
    {
        var judged = Assess(DryStorage(), [Temperature("store-1", "th-1", 20, At(60))]);
        var unjudged = Assess(null, []);

        Assert.Equal(Verdict.Fail, judged.Verdict);
        Assert.Empty(judged.Series);
        const string Message = "No readings at all from 2026-03-01T00:00:00Z to 2026-03-01T01:00:00Z: nothing shows the conditions that were kept.";
        Assert.Equal([new VerdictReason(Verdict.Fail, "no_readings", Message)], judged.Reasons);
        Assert.Equal(Verdict.Fail, unjudged.Verdict);
        Assert.Equal([(Verdict.Warning, "no_profile"), (Verdict.Fail, "no_readings")], unjudged.Reasons.Select(r => (r.Severity, r.Code)));
    }

    [Fact]
    public void EachLimitedQuantityWithoutASeriesFailsOnItsOwn()
    {
        // The storage profile limits temperature and humidity; only a temperature sensor (and a
        // moisture probe, which the profile does not limit) reported.
        var readings = InStoreOrder(Hour(_ => 20).Concat(Enumerable.Range(0, 60).Select(m => Moisture("store-1", "m-1", 10, At(m)))));

        var assessment = Assess(DryStorage(), readings);

        Assert.Equal(Verdict.Fail, assessment.Verdict);
        Assert.Equal(
            [
                new VerdictReason(
                    Verdict.Fail,
                    "no_readings",
                    "No relative_humidity readings from 2026-03-01T00:00:00Z to 2026-03-01T01:00:00Z, though profile storage v1 limits relative_humidity to at most 65 %."),
            ],
            assessment.Reasons);
        Assert.Equal(2, assessment.Series.Count);
    }

    [Fact]
    public void AnEmptyWindowHasNoReadings()
    {
        var assessment = ConditionAnalysis.Assess(Drying55To65(), At(10), At(10), Hour(_ => 60), At(60));

        Assert.Empty(assessment.Series);
        Assert.Equal([(Verdict.Fail, "no_readings")], assessment.Reasons.Select(r => (r.Severity, r.Code)));
    }

    [Fact]
    public void ReasonsComeWindowFirstThenSeriesBySeries()
    {
        // No humidity sensor, though the profile limits humidity; two dryers: the second is clean, the
        // first has an excursion, too little time in range, a gap and a replayed reading.
        var profile = BambooDrying(TimeSpan.FromMinutes(55)) with
        {
            Limits = [new QuantityLimit("temperature", 55, 65), new QuantityLimit("relative_humidity", null, 65)],
        };
        var readings = new List<StoredReading>();
        for (var m = 0; m < 60; m++)
        {
            readings.Add(Temperature("dryer-2", "air-1", 60, At(m)));
            if (m is < 10 or > 21)
            {
                readings.Add(Temperature("dryer-1", "air-1", m is 50 ? 40 : 60, At(m)));
            }
        }

        readings.Add(Temperature("dryer-1", "air-1", 60, At(30, 5)));

        var assessment = ConditionAnalysis.Assess(profile, At(0), Until, InStoreOrder(readings), Until);

        Assert.Equal(
            [(Verdict.Fail, "no_readings"), (Verdict.Warning, "excursion"), (Verdict.Fail, "too_short"), (Verdict.Warning, "gap"), (Verdict.Warning, "clock")],
            assessment.Reasons.Select(r => (r.Severity, r.Code)));
        Assert.All(assessment.Reasons.Skip(1), r => Assert.Contains("device dryer-1", r.Message, StringComparison.Ordinal));
    }
}
