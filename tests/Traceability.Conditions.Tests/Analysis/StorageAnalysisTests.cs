using Traceability.Conditions.Analysis;
using static Traceability.Conditions.Tests.Analysis.AnalysisFixtures;

namespace Traceability.Conditions.Tests.Analysis;

/// <summary>A week of dry storage (15–30 °C, at most 65 % RH, MKT at most 25 °C), one reading each 15 minutes.</summary>
public sealed class StorageAnalysisTests
{
    private static readonly DateTimeOffset WeekEnd = T0 + TimeSpan.FromDays(7);

    /// <summary>
    /// Store 1, sensor th-1 (temperature and humidity) every 15 minutes for 7 days: 12 hours at
    /// <paramref name="cool"/> °C then 12 at <paramref name="warm"/> °C each day; 55 % RH except
    /// <paramref name="humid"/>, which gives the RH of a reading (or null for 55 %).
    /// </summary>
    private static List<StoredReading> Week(double cool, double warm, Func<DateTimeOffset, double?>? humid = null)
    {
        var readings = new List<StoredReading>();
        for (var at = T0; at < WeekEnd; at += TimeSpan.FromMinutes(15))
        {
            readings.Add(Temperature("store-1", "th-1", (at - T0).TotalHours % 24 < 12 ? cool : warm, at));
            readings.Add(Humidity("store-1", "th-1", humid?.Invoke(at) ?? 55, at));
        }

        return InStoreOrder(readings);
    }

    [Fact]
    public void AHumidAfternoonLongerThanTwoHoursFailsAndTheMeanKineticTemperaturePasses()
    {
        // On the third day RH is 70 % from 10:00 to 13:45 (72 % at 12:00) and exactly 65 % at 14:00.
        var stretchStart = T0 + TimeSpan.FromDays(2) + TimeSpan.FromHours(10);
        var stretchEnd = stretchStart + TimeSpan.FromHours(4);
        var readings = Week(20, 24, at =>
            at == stretchStart + TimeSpan.FromHours(2) ? 72
            : at >= stretchStart && at < stretchEnd ? 70
            : at == stretchEnd ? 65
            : null);

        var assessment = ConditionAnalysis.Assess(DryStorage(), T0, WeekEnd, readings, WeekEnd);

        Assert.Equal(Verdict.Fail, assessment.Verdict);
        var (humidity, temperature) = (assessment.Series[0], assessment.Series[1]);
        Assert.Equal(new SeriesKey("store-1", "th-1", "relative_humidity", "P1"), humidity.Series);
        Assert.Equal(new SeriesKey("store-1", "th-1", "temperature", "CEL"), temperature.Series);

        // 16 readings held 15 min each: 15 of them 5 % above 65 and one 7 % above → (15·5 + 7)·15 = 1230 %·min.
        var excursion = Assert.Single(humidity.Excursions);
        Assert.Equal(new Excursion(humidity.Series, ExcursionDirection.Above, 65, stretchStart, stretchEnd, TimeSpan.FromHours(4), 72, 1230, 16, false), excursion with { Area = 1230 });
        Assert.Equal(1230, excursion.Area, 9);
        Assert.Equal(TimeSpan.FromDays(7), humidity.Covered);
        Assert.Equal(TimeSpan.FromDays(7) - TimeSpan.FromHours(4), humidity.InRange);
        Assert.Null(humidity.MeanKineticTemperature);

        // Equal time at 20 and 24 °C: MKT 22.2142195321168 °C (worked by hand in MeanKineticTemperatureTests).
        Assert.Empty(temperature.Excursions);
        Assert.Equal(22.2142195321168, temperature.MeanKineticTemperature!.Value, 9);
        Assert.Equal(22, temperature.Mean!.Value, 9);
        Assert.Equal(TimeSpan.FromDays(7), temperature.InRange);

        Assert.Equal(
            [
                new VerdictReason(
                    Verdict.Fail,
                    "excursion",
                    "Sensor th-1 of device store-1 (relative_humidity) was above its maximum of 65 % from 2026-03-03T10:00:00Z to 2026-03-03T14:00:00Z: "
                    + "240 min over 16 readings, peak 72 %, area 1230 %·min; longer than the 120 min profile storage v1 tolerates."),
            ],
            assessment.Reasons);
        Assert.All(assessment.Series, s => Assert.Empty(s.Gaps));
        Assert.All(assessment.Series, s => Assert.Empty(s.ClockProblems));
    }

    [Fact]
    public void WarmDaysWithinTheLimitsStillFailOnMeanKineticTemperature()
    {
        // 12 h at 20 °C and 12 h at exactly 30 °C (the maximum, allowed) each day: the arithmetic mean
        // is 25 °C, the MKT 26.2598869160034 °C (python3, decimal), above the 25 °C allowed.
        var assessment = ConditionAnalysis.Assess(DryStorage(), T0, WeekEnd, Week(20, 30), WeekEnd);

        var temperature = assessment.Series[1];
        Assert.Empty(temperature.Excursions);
        Assert.Equal(temperature.Covered, temperature.InRange);
        Assert.Equal(25, temperature.Mean!.Value, 9);
        Assert.Equal(26.2598869160034, temperature.MeanKineticTemperature!.Value, 9);
        Assert.Equal(Verdict.Fail, assessment.Verdict);
        Assert.Equal(
            [
                new VerdictReason(
                    Verdict.Fail,
                    "mkt",
                    "Sensor th-1 of device store-1 (temperature) had a mean kinetic temperature of 26.26 °C from 2026-03-01T00:00:00Z to 2026-03-08T00:00:00Z, above the 25 °C allowed by profile storage v1."),
            ],
            assessment.Reasons);
    }

    [Fact]
    public void AStorageProfileHasNoMinimumTimeInRangeSoAShortPeriodPasses()
    {
        var readings = Week(20, 24).Where(r => r.At < T0 + TimeSpan.FromHours(1)).ToList();

        var assessment = ConditionAnalysis.Assess(DryStorage(), T0, T0 + TimeSpan.FromHours(1), readings, WeekEnd);

        Assert.Equal(Verdict.Pass, assessment.Verdict);
        Assert.Empty(assessment.Reasons);
        Assert.Equal(20, assessment.Series[1].MeanKineticTemperature!.Value, 9);
    }
}
