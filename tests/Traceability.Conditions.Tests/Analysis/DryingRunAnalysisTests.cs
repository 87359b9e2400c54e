using Traceability.Conditions.Analysis;
using static Traceability.Conditions.Tests.Analysis.AnalysisFixtures;

namespace Traceability.Conditions.Tests.Analysis;

/// <summary>
/// A simulated bamboo-shoot drying run, one reading a minute, with known faults injected: every
/// fault is found where it was put, with the right numbers, and nothing else is.
/// </summary>
public sealed class DryingRunAnalysisTests
{
    private static readonly DateTimeOffset From = At(30);
    private static readonly DateTimeOffset Until = At(720);

    /// <summary>The report is made 30 s before the window ends, while the dryer still runs.</summary>
    private static readonly DateTimeOffset Now = At(719, 30);

    private static readonly double[] SevenMinutesAbove = [66, 67, 68.5, 67, 66.2, 65.5, 65.1];

    /// <summary>
    /// Dryer 1, 12 hours from midnight; the step's window is 00:30–12:00.
    /// <list type="bullet">
    /// <item>air-1 (temperature), each whole minute: warms from 20 °C to 60 °C in the first 30 min
    /// (before the window), then 60 ± 4 °C, except 02:00–02:06 above 65 °C (7 min), 05:00–05:19
    /// at 54 °C with 48 °C at 05:10 (20 min), and from 11:40 to the end at 66 °C with 67.25 °C at
    /// 11:50 (open). Nothing from 06:41 to 07:24 (45 min without readings after 06:40), and two
    /// replayed readings at 08:20:20 and 08:20:40.</item>
    /// <item>air-2 (temperature), clock 45 s ahead: each minute at :45 from 00:55:45, 58–62 °C.</item>
    /// <item>moist-1 (moisture), every 10 minutes from midnight to 10:00, 85 % down to 9 %.</item>
    /// </list>
    /// </summary>
    private static List<StoredReading> Run()
    {
        var readings = new List<StoredReading>();
        for (var m = 0; m < 720; m++)
        {
            if (m is <= 400 or >= 445)
            {
                readings.Add(Temperature("dryer-1", "air-1", Air1(m), At(m)));
            }

            if (m >= 55)
            {
                readings.Add(Temperature("dryer-1", "air-2", 60 + (2 * Math.Cos(2 * Math.PI * m / 61)), At(m, 45)));
            }

            if (m % 10 == 0 && m <= 600)
            {
                readings.Add(Moisture("dryer-1", "moist-1", m < 30 ? 86 : 85 - (76.0 * (m - 30) / 570), At(m)));
            }
        }

        readings.Add(Temperature("dryer-1", "air-1", 60, At(500, 20)));
        readings.Add(Temperature("dryer-1", "air-1", 60, At(500, 40)));
        return InStoreOrder(readings);
    }

    private static double Air1(int m) => m switch
    {
        < 30 => 20 + (40.0 * m / 30),
        >= 120 and < 127 => SevenMinutesAbove[m - 120],
        >= 300 and < 320 => m == 310 ? 48 : 54,
        >= 700 => m == 710 ? 67.25 : 66,
        _ => 60 + (4 * Math.Sin(2 * Math.PI * m / 97)),
    };

    [Fact]
    public void EveryInjectedFaultIsFoundWithItsNumbersAndNothingElse()
    {
        var assessment = ConditionAnalysis.Assess(BambooDrying(), From, Until, Run(), Now);

        Assert.Equal(Verdict.Fail, assessment.Verdict);
        Assert.Equal(
            [new SeriesKey("dryer-1", "air-1", "temperature", "CEL"), new SeriesKey("dryer-1", "air-2", "temperature", "CEL"), new SeriesKey("dryer-1", "moist-1", "moisture", "P1")],
            assessment.Series.Select(s => s.Series));

        var air1 = assessment.Series[0];
        var key1 = air1.Series;

        // Area of the 7-minute excursion, each reading held 1 min: (66−65) + (67−65) + (68.5−65) + (67−65)
        // + (66.2−65) + (65.5−65) + (65.1−65) = 1 + 2 + 3.5 + 2 + 1.2 + 0.5 + 0.1 = 10.3 °C·min.
        // The 20-minute one: 19 readings 1 °C below 55 and one 7 °C below = 26 °C·min. The open one:
        // 19 readings 1 °C above 65 and one 2.25 °C above, the last held until the window's end = 21.25.
        var excursions = air1.Excursions;
        Assert.Equal(3, excursions.Count);
        AssertExcursion(new(key1, ExcursionDirection.Above, 65, At(120), At(127), Minutes(7), 68.5, 10.3, 7, false), excursions[0]);
        AssertExcursion(new(key1, ExcursionDirection.Below, 55, At(300), At(320), Minutes(20), 48, 26, 20, false), excursions[1]);
        AssertExcursion(new(key1, ExcursionDirection.Above, 65, At(700), Until, Minutes(20), 67.25, 21.25, 20, true), excursions[2]);

        Assert.Equal([new DataGap(key1, At(400), At(445), Minutes(45))], air1.Gaps);
        var replayed = Assert.Single(air1.ClockProblems);
        Assert.Equal(new ClockProblem(
            key1,
            ClockProblemKind.Irregular,
            At(500, 20),
            "3 readings from 2026-03-01T08:20:20Z to 2026-03-01T08:21:00Z came 0.33 min apart on average, under half the sensor's usual interval of 1 min (a clock stepped back, or readings replayed)."),
            replayed);

        // 00:30–12:00 is 690 min; the reading before the 45-min gap holds nothing: 645 min covered,
        // of which 7 + 20 + 20 beyond the limits.
        Assert.Equal(690 - 44 + 2, air1.Count);
        Assert.Equal((From, At(719)), (air1.First, air1.Last));
        Assert.Equal((48.0, 68.5), (air1.Min, air1.Max));
        Assert.Equal(Minutes(645), air1.Covered);
        Assert.Equal(Minutes(598), air1.InRange);
        Assert.NotNull(air1.MeanKineticTemperature);

        var air2 = assessment.Series[1];
        Assert.Empty(air2.Excursions);
        Assert.Equal([new DataGap(air2.Series, From, At(55, 45), Minutes(25.75))], air2.Gaps);
        Assert.Equal(
            [new ClockProblem(air2.Series, ClockProblemKind.Future, At(719, 45), "1 reading at 2026-03-01T11:59:45Z is stamped after the analysis time 2026-03-01T11:59:30Z, 0.25 min ahead.")],
            air2.ClockProblems);
        Assert.Equal(665, air2.Count);
        Assert.Equal(Minutes(664.25), air2.Covered);
        Assert.Equal(air2.Covered, air2.InRange);

        // Moisture is not limited by a drying profile: reported, not judged. Readings exactly the
        // maximum gap (10 min) apart are no gap; the last one, at 10:00, is followed by a 2-hour gap.
        // The 57 readings held 10 min each are 85 − 76·k/57 for k = 0..56: mean 85 − 76·28/57 = 2717/57.
        var moisture = assessment.Series[2];
        Assert.Empty(moisture.Excursions);
        Assert.Empty(moisture.ClockProblems);
        Assert.Equal([new DataGap(moisture.Series, At(600), Until, Minutes(120))], moisture.Gaps);
        Assert.Equal(58, moisture.Count);
        Assert.Equal((9.0, 85.0), (moisture.Min!.Value, Math.Round(moisture.Max!.Value, 9)));
        Assert.Equal(2717.0 / 57, moisture.Mean!.Value, 9);
        Assert.Equal(Minutes(570), moisture.Covered);
        Assert.Equal(Minutes(570), moisture.InRange);
        Assert.Null(moisture.MeanKineticTemperature);

        Assert.Equal(
            [
                (Verdict.Warning, "excursion"), (Verdict.Fail, "excursion"), (Verdict.Fail, "excursion"), (Verdict.Warning, "gap"), (Verdict.Warning, "clock"),
                (Verdict.Warning, "gap"), (Verdict.Warning, "clock"),
                (Verdict.Warning, "gap"),
            ],
            assessment.Reasons.Select(r => (r.Severity, r.Code)));
        Assert.Equal(
            "Sensor air-1 of device dryer-1 (temperature) was above its maximum of 65 °C from 2026-03-01T02:00:00Z to 2026-03-01T02:07:00Z: "
            + "7 min over 7 readings, peak 68.5 °C, area 10.3 °C·min; within the 15 min profile drying.bamboo-shoots v1 tolerates.",
            assessment.Reasons[0].Message);
        Assert.Equal(
            "Sensor air-1 of device dryer-1 (temperature) was below its minimum of 55 °C from 2026-03-01T05:00:00Z to 2026-03-01T05:20:00Z: "
            + "20 min over 20 readings, peak 48 °C, area 26 °C·min; longer than the 15 min profile drying.bamboo-shoots v1 tolerates.",
            assessment.Reasons[1].Message);
        Assert.Equal(
            "Sensor air-1 of device dryer-1 (temperature) was above its maximum of 65 °C from 2026-03-01T11:40:00Z and still at the window's end 2026-03-01T12:00:00Z: "
            + "20 min over 20 readings, peak 67.25 °C, area 21.25 °C·min; longer than the 15 min profile drying.bamboo-shoots v1 tolerates.",
            assessment.Reasons[2].Message);
        Assert.Equal(
            "Sensor air-1 of device dryer-1 (temperature) has no readings from 2026-03-01T06:40:00Z to 2026-03-01T07:25:00Z: 45 min, longer than the 10 min allowed between readings.",
            assessment.Reasons[3].Message);
        Assert.Equal("The clock of sensor air-1 of device dryer-1 (temperature) looks wrong: " + replayed.Detail, assessment.Reasons[4].Message);
        Assert.Equal(
            "Sensor air-2 of device dryer-1 (temperature) has no readings from 2026-03-01T00:30:00Z to 2026-03-01T00:55:45Z: 25.75 min, longer than the 10 min allowed between readings.",
            assessment.Reasons[5].Message);
    }

    [Fact]
    public void ADryingCutShortFailsForTooLittleTimeInRangeAlone()
    {
        // The dryer held 56–64 °C without a fault, but only from 00:30 to 05:30: 300 min in range
        // where 8 h are needed. Moisture is not limited, so its time in range is not judged.
        var readings = new List<StoredReading>();
        for (var m = 30; m < 330; m++)
        {
            readings.Add(Temperature("dryer-1", "air-1", 60 + (4 * Math.Sin(2 * Math.PI * m / 97)), At(m)));
            if (m % 10 == 0)
            {
                readings.Add(Moisture("dryer-1", "moist-1", 85 - (m / 10.0), At(m)));
            }
        }

        var assessment = ConditionAnalysis.Assess(BambooDrying(), From, At(330), InStoreOrder(readings), At(400));

        Assert.Equal(Verdict.Fail, assessment.Verdict);
        Assert.Equal(
            [
                new VerdictReason(
                    Verdict.Fail,
                    "too_short",
                    "Sensor air-1 of device dryer-1 (temperature) was within 55 to 65 °C for only 300 min from 2026-03-01T00:30:00Z to 2026-03-01T05:30:00Z; profile drying.bamboo-shoots v1 requires at least 480 min."),
            ],
            assessment.Reasons);
        Assert.Equal(Minutes(300), assessment.Series[0].InRange);
        Assert.Equal(Minutes(300), assessment.Series[1].InRange);
    }

    [Fact]
    public void ADryingHeldLongEnoughWithinRangePassesWithNoReasons()
    {
        var readings = new List<StoredReading>();
        for (var m = 0; m < 9 * 60; m++)
        {
            readings.Add(Temperature("dryer-1", "air-1", 60 + (4 * Math.Sin(m / 15.0)), At(m)));
        }

        var assessment = ConditionAnalysis.Assess(BambooDrying(), At(0), At(9 * 60), readings, At(9 * 60));

        Assert.Equal(Verdict.Pass, assessment.Verdict);
        Assert.Empty(assessment.Reasons);
        var air = Assert.Single(assessment.Series);
        Assert.Equal(TimeSpan.FromHours(9), air.InRange);
        Assert.Equal(TimeSpan.FromHours(9), air.Covered);
        Assert.Empty(air.Excursions);
        Assert.Empty(air.Gaps);
        Assert.Empty(air.ClockProblems);
    }

    private static void AssertExcursion(Excursion expected, Excursion actual)
    {
        Assert.Equal(expected with { Area = 0 }, actual with { Area = 0 });
        Assert.Equal(expected.Area, actual.Area, 9);
    }
}
