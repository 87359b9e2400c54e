using Traceability.Conditions.Analysis;
using Traceability.Profiles;
using static Traceability.Conditions.Tests.Analysis.AnalysisFixtures;

namespace Traceability.Conditions.Tests.Analysis;

/// <summary>The edges of the rules, on series small enough to work out by hand (profile: 55–65 °C, gaps over 10 min, excursions up to 15 min).</summary>
public sealed class AnalysisBoundaryTests
{
    private static PeriodAssessment Assess(IEnumerable<StoredReading> readings, DateTimeOffset until, ConditionProfile? profile = null, DateTimeOffset? now = null) =>
        ConditionAnalysis.Assess(profile ?? Drying55To65(), At(0), until, InStoreOrder(readings), now ?? At(24 * 60));

    private static StoredReading Air(int minute, double celsius, int second = 0) => Temperature("dryer-1", "air-1", celsius, At(minute, second));

    [Fact]
    public void AValueExactlyAtALimitIsAllowed()
    {
        var assessment = Assess([Air(0, 55), Air(1, 65), Air(2, 55), Air(3, 65)], At(4));

        var air = Assert.Single(assessment.Series);
        Assert.Empty(air.Excursions);
        Assert.Equal(Minutes(4), air.Covered);
        Assert.Equal(Minutes(4), air.InRange);
        Assert.Equal(Verdict.Pass, assessment.Verdict);
        Assert.Empty(assessment.Reasons);
    }

    [Fact]
    public void AJumpFromAboveToBelowEndsOneExcursionAndStartsAnother()
    {
        var assessment = Assess([Air(0, 60), Air(1, 70), Air(2, 40), Air(3, 60)], At(4));

        var air = Assert.Single(assessment.Series);
        Assert.Equal(
            [
                new Excursion(air.Series, ExcursionDirection.Above, 65, At(1), At(2), Minutes(1), 70, 5, 1, false),
                new Excursion(air.Series, ExcursionDirection.Below, 55, At(2), At(3), Minutes(1), 40, 15, 1, false),
            ],
            air.Excursions);
        Assert.Equal(Minutes(2), air.InRange);
        Assert.Equal([Verdict.Warning, Verdict.Warning], assessment.Reasons.Select(r => r.Severity));
        Assert.Equal(Verdict.Warning, assessment.Verdict);
    }

    [Fact]
    public void AGapInsideAnExcursionDoesNotSplitItButAddsNoArea()
    {
        // 70 °C at 00:01, nothing for 30 min, 72 °C at 00:31, back to 60 °C at 00:32. The reading
        // before the gap holds nothing, so the area is the 72 °C reading's alone: 7 °C × 1 min.
        var assessment = Assess([Air(0, 60), Air(1, 70), Air(31, 72), Air(32, 60)], At(33));

        var air = Assert.Single(assessment.Series);
        Assert.Equal([new Excursion(air.Series, ExcursionDirection.Above, 65, At(1), At(32), Minutes(31), 72, 7, 2, false)], air.Excursions);
        Assert.Equal([new DataGap(air.Series, At(1), At(31), Minutes(30))], air.Gaps);
        Assert.Equal(Minutes(3), air.Covered);
        Assert.Equal(Minutes(2), air.InRange);
        Assert.Equal([(Verdict.Fail, "excursion"), (Verdict.Warning, "gap")], assessment.Reasons.Select(r => (r.Severity, r.Code)));
    }

    [Fact]
    public void AnExcursionExactlyAsLongAsTolerableWarnsAndOneTickLongerFails()
    {
        PeriodAssessment Lasting(TimeSpan length) =>
            ConditionAnalysis.Assess(
                Drying55To65() with { MaxGap = TimeSpan.FromHours(1) },
                At(0),
                At(60),
                [Air(0, 60), Air(1, 66), Temperature("dryer-1", "air-1", 60, At(1) + length)],
                At(60));

        Assert.Equal(Verdict.Warning, Lasting(TimeSpan.FromMinutes(15)).Verdict);
        Assert.Equal(Verdict.Fail, Lasting(TimeSpan.FromMinutes(15) + TimeSpan.FromTicks(1)).Verdict);
    }

    [Fact]
    public void AnExcursionLastingToTheEndIsOpenAndEndsAtTheWindowsEndEvenAfterATrailingGap()
    {
        // The last reading, 70 °C at 00:02, is 18 min before the window's end: it holds nothing.
        var assessment = Assess([Air(0, 60), Air(1, 68), Air(2, 70)], At(20));

        var air = Assert.Single(assessment.Series);
        Assert.Equal([new Excursion(air.Series, ExcursionDirection.Above, 65, At(1), At(20), Minutes(19), 70, 3, 2, true)], air.Excursions);
        Assert.Equal([new DataGap(air.Series, At(2), At(20), Minutes(18))], air.Gaps);
        Assert.Equal(Minutes(2), air.Covered);
    }

    [Fact]
    public void ReadingsOutsideTheWindowAreIgnored()
    {
        var readings = new[]
        {
            Temperature("dryer-1", "air-1", 99, At(9, 59)),
            Air(10, 60),
            Air(11, 61),
            Temperature("dryer-1", "air-1", 99, At(12)),
            Temperature("dryer-1", "air-2", 20, At(12)),
        };

        var assessment = ConditionAnalysis.Assess(Drying55To65(), At(10), At(12), readings, At(12));

        var air = Assert.Single(assessment.Series);
        Assert.Equal((2, At(10), At(11), 60.0, 61.0), (air.Count, air.First!.Value, air.Last!.Value, air.Min!.Value, air.Max!.Value));
        Assert.Empty(air.Excursions);
        Assert.Equal(Verdict.Pass, assessment.Verdict);
    }

    [Fact]
    public void ReadingsAreGroupedByDeviceSensorQuantityAndUnitAndSeriesOrderedByThem()
    {
        var readings = new List<StoredReading>();
        for (var m = 0; m < 10; m++)
        {
            readings.Add(Temperature("dryer-2", "air-1", 60, At(m)));
            readings.Add(Temperature("dryer-1", "air-1", 61, At(m)));
            readings.Add(Humidity("dryer-1", "air-1", 30, At(m)));
            readings.Add(Temperature("dryer-1", "air-0", 62, At(m)));
            if (m % 2 == 0)
            {
                readings.Add(new StoredReading("farm-1", "site-1", "dryer-1", "air-1", "temperature", "FAH", 140, At(m, 30)));
            }
        }

        var assessment = Assess(readings, At(10));

        Assert.Equal(
            [
                (new SeriesKey("dryer-1", "air-0", "temperature", "CEL"), 10, 62.0),
                (new SeriesKey("dryer-1", "air-1", "relative_humidity", "P1"), 10, 30.0),
                (new SeriesKey("dryer-1", "air-1", "temperature", "CEL"), 10, 61.0),
                (new SeriesKey("dryer-1", "air-1", "temperature", "FAH"), 5, 140.0),
                (new SeriesKey("dryer-2", "air-1", "temperature", "CEL"), 10, 60.0),
            ],
            assessment.Series.Select(s => (s.Series, s.Count, s.Mean!.Value)));

        // The profile's limit applies by quantity name, whatever the unit (units are the quantity's one unit on the wire).
        Assert.Equal(ExcursionDirection.Above, Assert.Single(assessment.Series[3].Excursions).Direction);
        Assert.All(assessment.Series.Where((_, i) => i != 3), s => Assert.Empty(s.Excursions));
    }

    [Fact]
    public void EqualTimestampsOfDifferentSensorsInAnyOrderGiveTheSameAnalysis()
    {
        var ordered = new List<StoredReading>();
        for (var m = 0; m < 30; m++)
        {
            ordered.Add(Temperature("dryer-1", "air-1", m is >= 10 and < 13 ? 67 : 60, At(m)));
            ordered.Add(Temperature("dryer-1", "air-2", m is >= 20 and < 22 ? 50 : 58, At(m)));
            ordered.Add(Temperature("dryer-2", "air-1", 63, At(m)));
        }

        var scrambled = new List<StoredReading>();
        var random = new Random(7);
        foreach (var sameTime in ordered.GroupBy(r => r.At))
        {
            scrambled.AddRange(sameTime.OrderBy(_ => random.Next()));
        }

        var expected = ConditionAnalysis.Assess(Drying55To65(), At(0), At(30), InStoreOrder(ordered), At(30));
        var actual = ConditionAnalysis.Assess(Drying55To65(), At(0), At(30), scrambled, At(30));

        Assert.Equal(3, actual.Series.Count);
        for (var i = 0; i < 3; i++)
        {
            AssertSameAnalysis(expected.Series[i], actual.Series[i]);
        }

        Assert.Equal(expected.Reasons, actual.Reasons);
        Assert.Equal(
            [(At(10), At(13), 3), (At(20), At(22), 2)],
            actual.Series.SelectMany(s => s.Excursions).Select(e => (e.Start, e.End, e.Readings)));
    }

    [Fact]
    public void TheMeanIsWeightedByTheTimeEachReadingHolds()
    {
        // 10 °C holds 1 min, 20 °C 2 min, 40 °C nothing (the next reading is 17 min later), 60 °C the
        // 2 min to the window's end: (10·1 + 20·2 + 60·2) / 5 = 34 (the plain mean would be 32.5).
        var assessment = Assess([Air(0, 10), Air(1, 20), Air(3, 40), Air(20, 60)], At(22), Drying55To65() with { Limits = [] });

        var air = Assert.Single(assessment.Series);
        Assert.Equal(34, air.Mean!.Value, 12);
        Assert.Equal(Minutes(5), air.Covered);
        Assert.Equal(Minutes(5), air.InRange);
        Assert.Equal([new DataGap(air.Series, At(3), At(20), Minutes(17))], air.Gaps);
        Assert.Empty(air.Excursions);
    }

    [Fact]
    public void WhenNothingHoldsTheMeanAndMeanKineticTemperatureWeighReadingsEqually()
    {
        // 10 °C and 20 °C, 30 min apart, the second 30 min before the end: nothing holds.
        // MKT of {10, 20} equally weighted: 16.3426672954863 °C (python3, decimal).
        var assessment = Assess([Air(0, 10), Air(30, 20)], At(60), Drying55To65() with { Limits = [] });

        var air = Assert.Single(assessment.Series);
        Assert.Equal(TimeSpan.Zero, air.Covered);
        Assert.Equal(15, air.Mean!.Value, 12);
        Assert.Equal(16.3426672954863, air.MeanKineticTemperature!.Value, 10);
        Assert.Equal([new DataGap(air.Series, At(0), At(30), Minutes(30)), new DataGap(air.Series, At(30), At(60), Minutes(30))], air.Gaps);
    }

    [Fact]
    public void TheMeanKineticTemperatureIsWeightedByTimeHeld()
    {
        // 20 °C held 3 min, 30 °C held 1 min: 23.6444539343305 °C (python3, decimal).
        var assessment = Assess([Air(0, 20), Air(1, 20), Air(2, 20), Air(3, 30)], At(4), Drying55To65() with { Limits = [] });

        Assert.Equal(23.6444539343305, Assert.Single(assessment.Series).MeanKineticTemperature!.Value, 10);
    }

    [Fact]
    public void ALeadingGapIsCountedFromTheWindowsStartAndIntervalsOfExactlyTheMaximumGapAreNone()
    {
        var assessment = Assess([Air(11, 60), Air(21, 60), Air(31, 60)], At(41));

        var air = Assert.Single(assessment.Series);
        Assert.Equal([new DataGap(air.Series, At(0), At(11), Minutes(11))], air.Gaps);
        Assert.Equal(Minutes(30), air.Covered);
    }

    [Fact]
    public void ReadingsMuchCloserThanUsualAreIrregularOneProblemPerRun()
    {
        // Usual interval 1 min (the median). 00:05:20, 00:05:40 and 00:06:00 come 20 s apart: one run.
        // 00:10:30 and 00:11:00 come 30 s after the one before, not under half a minute: regular.
        // 00:15:31 comes 31 s after 00:15:00 (regular), 00:16:00 only 29 s after it: a run of one.
        var readings = new List<StoredReading>();
        for (var m = 0; m < 20; m++)
        {
            readings.Add(Air(m, 60));
        }

        readings.Add(Air(5, 60, 20));
        readings.Add(Air(5, 60, 40));
        readings.Add(Air(10, 60, 30));
        readings.Add(Air(15, 60, 31));

        var air = Assert.Single(Assess(readings, At(20)).Series);

        Assert.Equal(
            [
                (ClockProblemKind.Irregular, At(5, 20), "3 readings from 2026-03-01T00:05:20Z to 2026-03-01T00:06:00Z came 0.33 min apart on average, under half the sensor's usual interval of 1 min (a clock stepped back, or readings replayed)."),
                (ClockProblemKind.Irregular, At(16), "1 reading at 2026-03-01T00:16:00Z came 0.48 min after the one before, under half the sensor's usual interval of 1 min (a clock stepped back, or readings replayed)."),
            ],
            air.ClockProblems.Select(p => (p.Kind, p.At, p.Detail)));
    }

    [Fact]
    public void IrregularIntervalsAreOnlyLookedForInSeriesOfFiveReadingsOrMore()
    {
        var four = Assess([Air(0, 60), Air(1, 60), Air(1, 60, 5), Air(2, 60)], At(3));
        var five = Assess([Air(0, 60), Air(1, 60), Air(1, 60, 5), Air(2, 60), Air(3, 60)], At(4));

        Assert.Empty(Assert.Single(four.Series).ClockProblems);
        Assert.Equal(At(1, 5), Assert.Single(Assert.Single(five.Series).ClockProblems).At);
    }

    [Fact]
    public void TheMedianOfAnEvenNumberOfIntervalsIsTheMeanOfTheMiddleTwo()
    {
        // Intervals 1, 1, 3, 3, 3 min and 59 s: median (1 + 3) / 2 = 2 min, so the 59-s interval is
        // irregular and the 1-min ones (exactly half) are not.
        var assessment = Assess([Air(0, 60), Air(1, 60), Air(2, 60), Air(5, 60), Air(8, 60), Air(11, 60), Air(11, 60, 59)], At(12));

        var problem = Assert.Single(Assert.Single(assessment.Series).ClockProblems);
        Assert.Equal(At(11, 59), problem.At);
        Assert.Contains("usual interval of 2 min", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadingsStampedAfterTheAnalysisTimeAreOneFutureProblemAtTheFirst()
    {
        var readings = Enumerable.Range(0, 10).Select(m => Air(m, 60));

        var atNow = Assess(readings, At(10), now: At(9));
        var ahead = Assess(readings, At(10), now: At(6, 30));

        Assert.Empty(Assert.Single(atNow.Series).ClockProblems);
        Assert.Equal(
            [new ClockProblem(ahead.Series[0].Series, ClockProblemKind.Future, At(7), "3 readings from 2026-03-01T00:07:00Z on are stamped after the analysis time 2026-03-01T00:06:30Z, the first 0.5 min ahead.")],
            ahead.Series[0].ClockProblems);
        Assert.Equal([(Verdict.Warning, "clock")], ahead.Reasons.Select(r => (r.Severity, r.Code)));
    }

    [Fact]
    public void TimeInRangeExactlyTheMinimumPassesAndAMinuteLessFails()
    {
        var readings = Enumerable.Range(0, 60).Select(m => Air(m, 60)).ToList();

        var enough = Assess(readings, At(60), BambooDrying(TimeSpan.FromMinutes(60)));
        var short1 = Assess(readings, At(60), BambooDrying(TimeSpan.FromMinutes(61)));

        Assert.Equal(Verdict.Pass, enough.Verdict);
        Assert.Equal([(Verdict.Fail, "too_short")], short1.Reasons.Select(r => (r.Severity, r.Code)));
    }

    [Fact]
    public void AQuantityTheProfileDoesNotLimitHasNoExcursionsAndIsAlwaysInRange()
    {
        var readings = Enumerable.Range(0, 10).Select(m => Moisture("dryer-1", "moist-1", 99, At(m)))
            .Concat(Enumerable.Range(0, 10).Select(m => Air(m, 60)));

        var assessment = Assess(readings, At(10), BambooDrying(TimeSpan.FromMinutes(10)));

        var moisture = assessment.Series[1];
        Assert.Equal("moisture", moisture.Series.Quantity);
        Assert.Empty(moisture.Excursions);
        Assert.Equal(moisture.Covered, moisture.InRange);
        Assert.Null(moisture.MeanKineticTemperature);
        Assert.Equal(Verdict.Pass, assessment.Verdict);
    }

    [Fact]
    public void ALimitWithOnlyAMaximumJudgesOnlyHighValues()
    {
        var profile = Drying55To65() with { Limits = [new QuantityLimit("temperature", null, 65)] };

        var assessment = Assess([Air(0, -20), Air(1, 66), Air(2, 0)], At(3), profile);

        var excursion = Assert.Single(Assert.Single(assessment.Series).Excursions);
        Assert.Equal((ExcursionDirection.Above, At(1), At(2)), (excursion.Direction, excursion.Start, excursion.End));
    }

    [Fact]
    public void ASeriesOfAMonthAtOneReadingAMinuteIsWalkedWhole()
    {
        // The size of a lot's report: 10 sensors, 30 days, one reading a minute (432,000 readings).
        var readings = new List<StoredReading>(432_000);
        var sensors = Enumerable.Range(0, 10).Select(i => $"air-{i}").ToArray();
        for (var m = 0; m < 30 * 24 * 60; m++)
        {
            foreach (var sensor in sensors)
            {
                readings.Add(Temperature("store-1", sensor, m == 20_000 && sensor == "air-7" ? 31 : 20, At(m)));
            }
        }

        var profile = DryStorage() with { Limits = [new QuantityLimit("temperature", 15, 30)] };

        var assessment = ConditionAnalysis.Assess(profile, At(0), At(30 * 24 * 60), readings, At(30 * 24 * 60));

        Assert.Equal(10, assessment.Series.Count);
        Assert.All(assessment.Series, s => Assert.Equal((43_200, TimeSpan.FromDays(30)), (s.Count, s.Covered)));
        Assert.Equal([(Verdict.Warning, "excursion")], assessment.Reasons.Select(r => (r.Severity, r.Code)));
        Assert.Equal(At(20_000), assessment.Series[7].Excursions[0].Start);
    }

    [Fact]
    public void AWindowEndingBeforeItStartsIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ConditionAnalysis.Assess(null, At(10), At(9), [], At(10)));

    private static void AssertSameAnalysis(SeriesAnalysis expected, SeriesAnalysis actual)
    {
        Assert.Equal(
            (expected.Series, expected.Count, expected.First, expected.Last, expected.Min, expected.Max, expected.Mean, expected.Covered, expected.InRange, expected.MeanKineticTemperature),
            (actual.Series, actual.Count, actual.First, actual.Last, actual.Min, actual.Max, actual.Mean, actual.Covered, actual.InRange, actual.MeanKineticTemperature));
        Assert.Equal(expected.Excursions, actual.Excursions);
        Assert.Equal(expected.Gaps, actual.Gaps);
        Assert.Equal(expected.ClockProblems, actual.ClockProblems);
    }
}
