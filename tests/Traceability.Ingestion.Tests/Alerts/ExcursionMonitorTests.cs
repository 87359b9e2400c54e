using Traceability.Conditions;
using Traceability.Ingestion.Alerts;
using Traceability.Profiles;

namespace Traceability.Ingestion.Tests.Alerts;

/// <summary>
/// The excursion state machine on hand-made series: a drying room whose profile allows 40–60 °C and at
/// most 65 % relative humidity; hysteresis 0.5 °C and 2 %, two consecutive readings to open, unless a
/// test says otherwise.
/// </summary>
public sealed class ExcursionMonitorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

    private static readonly ConditionProfile Drying = Profile("drying.sam-ngoc-linh", 3, new QuantityLimit("temperature", 40, 60), new QuantityLimit("relative_humidity", null, 65));

    private readonly List<Excursion> _changes = [];

    [Fact]
    public void WhenTheTemperatureWaversAroundTheMaximum_TheExcursionOpensOnceAndClosesOnce()
    {
        var monitor = Monitor();

        Feed(monitor, 59.8, 60.2, 60.4, 59.9, 60.3, 59.7, 60.1, 60.2, 59.6, 59.4, 60.1);

        Assert.Collection(
            _changes,
            opened => Assert.Equal((false, At(1)), (opened.IsClosed, opened.StartedAt)),
            closed => Assert.Equal((true, At(1), At(9)), (closed.IsClosed, closed.StartedAt, closed.EndedAt!.Value)));
    }

    [Fact]
    public void WithoutHysteresis_TheSameWaveringWouldOpenAndCloseOverAndOver()
    {
        var monitor = Monitor(hysteresisCelsius: 0, consecutive: 1);

        Feed(monitor, 59.8, 60.2, 60.4, 59.9, 60.3, 59.7, 60.1, 60.2, 59.6, 59.4);

        Assert.Equal(6, _changes.Count);
    }

    [Fact]
    public void AValueBackInsideButWithinTheHysteresisMarginKeepsTheExcursionOpen_AndOneAtTheMarginClosesIt()
    {
        var monitor = Monitor();

        Feed(monitor, 61, 61, 59.51, 59.5);

        var closed = Assert.Single(_changes, c => c.IsClosed);
        Assert.Equal(At(3), closed.EndedAt);
    }

    [Fact]
    public void AValueAtTheLimitIsInside_OnlyStrictlyBeyondCounts()
    {
        var monitor = Monitor(consecutive: 1);

        Feed(monitor, 60, 60, 40, 40);

        Assert.Empty(_changes);
    }

    [Fact]
    public void ASingleSpikeBeyondTheLimitDoesNotOpen_WhenTwoConsecutiveReadingsAreRequired()
    {
        var monitor = Monitor(consecutive: 2);

        Feed(monitor, 59, 62, 59, 63, 59);

        Assert.Empty(_changes);
    }

    [Fact]
    public void WithThreeConsecutiveReadingsRequired_TheExcursionOpensAtTheThird_StartingAtTheFirst()
    {
        var monitor = Monitor(consecutive: 3);

        Feed(monitor, 59, 61, 61.5, 59, 61, 62, 63);

        var opened = Assert.Single(_changes);
        Assert.False(opened.IsClosed);
        Assert.Equal(At(4), opened.StartedAt);
        Assert.Equal(63, opened.Peak);
    }

    [Fact]
    public void OneReadingBeyondOpensAtOnce_WhenOneIsRequired()
    {
        var monitor = Monitor(consecutive: 1);

        Feed(monitor, 59, 60.1);

        Assert.Equal(At(1), Assert.Single(_changes).StartedAt);
    }

    [Fact]
    public void AnExcursionBelowTheMinimum_ClosesAtTheMinimumPlusTheMargin()
    {
        var monitor = Monitor();

        Feed(monitor, 41, 39, 38, 40.4, 39.9, 40.5);

        Assert.Collection(
            _changes,
            opened => Assert.Equal((ExcursionDirection.Below, 40.0, At(1), "below"), (opened.Direction, opened.Limit, opened.StartedAt, opened.DirectionName)),
            closed =>
            {
                Assert.Equal((ExcursionDirection.Below, At(1), At(5)), (closed.Direction, closed.StartedAt, closed.EndedAt!.Value));
                Assert.Equal(38, closed.Peak);
            });
    }

    [Fact]
    public void AnExcursionAboveTheMaximum_NamesTheDirectionLimitUnitAndProfile()
    {
        var monitor = Monitor();

        Feed(monitor, 61, 62);

        var opened = Assert.Single(_changes);
        Assert.Equal((ExcursionDirection.Above, "above", 60.0, "CEL", "drying.sam-ngoc-linh", 3), (opened.Direction, opened.DirectionName, opened.Limit, opened.Unit, opened.ProfileId, opened.ProfileVersion));
        Assert.Null(opened.EndedAt);
    }

    [Fact]
    public void PeakAndArea_AreTheFarthestValueAndTheDegreeMinutesBeyondTheLimit_EachReadingHeldUntilTheNext()
    {
        var monitor = Monitor();

        // 61 held 1 min (1 °C·min), 63 held 2 min (6), 62 held 1 min (2); 59.5 closes.
        Feed(monitor, [(0, 61), (1, 63), (3, 62), (4, 59.5)]);

        var opened = _changes[0];
        Assert.Equal((63.0, 1.0), (opened.Peak, opened.Area));
        var closed = _changes[1];
        Assert.Equal((63.0, 9.0, At(4)), (closed.Peak, closed.Area, closed.EndedAt!.Value));
    }

    [Fact]
    public void TimeInsideTheLimitWhileStillOpen_AddsNoArea()
    {
        var monitor = Monitor();

        // 61 (1 min: 1), 63 (2 min: 6), 59.8 inside but within the margin (2 min: 0), 61 (1 min: 1); 59 closes.
        Feed(monitor, [(0, 61), (1, 63), (3, 59.8), (5, 61), (6, 59)]);

        var closed = Assert.Single(_changes, c => c.IsClosed);
        Assert.Equal(8.0, closed.Area);
        Assert.Equal(At(6), closed.EndedAt);
    }

    [Fact]
    public void BelowTheMinimum_TheAreaCountsHowFarUnder()
    {
        var monitor = Monitor();

        // 38 held 2 min (2 × 2 = 4), 37 held 1 min (3); 41 closes.
        Feed(monitor, [(0, 38), (2, 37), (3, 41)]);

        var closed = Assert.Single(_changes, c => c.IsClosed);
        Assert.Equal((37.0, 7.0), (closed.Peak, closed.Area));
    }

    [Fact]
    public void RelativeHumidity_UsesThePercentMargin()
    {
        var monitor = Monitor();

        Feed(monitor, [(0, 66), (1, 67), (2, 64), (3, 63.5), (4, 63)], quantity: "relative_humidity", unit: "P1", sensor: "h1");

        Assert.Collection(
            _changes,
            opened => Assert.Equal((65.0, "P1", "relative_humidity"), (opened.Limit, opened.Unit, opened.Series.Quantity)),
            closed => Assert.Equal(At(4), closed.EndedAt));
    }

    [Fact]
    public void AReadingOlderThanTheSeriesLastIsIgnored_AndSoIsARepeatOfItsTime()
    {
        var monitor = Monitor();
        Feed(monitor, [(5, 61), (6, 62)]);

        // A late 59 from before the excursion would close it if it counted; a repeat of minute 6 too.
        Feed(monitor, [(4, 59), (6, 59)]);

        Assert.False(Assert.Single(_changes).IsClosed);
        Assert.Equal(2, monitor.Ignored);
        Assert.Single(monitor.Open);
    }

    [Fact]
    public void AnOutOfOrderReadingBeyondTheLimitDoesNotCountTowardsOpening()
    {
        var monitor = Monitor();
        Feed(monitor, [(5, 61)]);

        Feed(monitor, [(4, 62)]);

        Assert.Empty(_changes);
        Assert.Equal(1, monitor.Ignored);
    }

    [Fact]
    public void SeriesAreIndependent_PerSensorDeviceQuantityAndSite()
    {
        var monitor = Monitor();

        // Interleaved: each series has one reading beyond, except t2 of gw-1, which has two.
        Observe(monitor, Reading(61, 0, sensor: "t1"));
        Observe(monitor, Reading(61, 0, sensor: "t2"));
        Observe(monitor, Reading(61, 0, device: "gw-2"));
        Observe(monitor, Reading(61, 0, site: "dryer-2"));
        Observe(monitor, Reading(66, 0, sensor: "t1", quantity: "relative_humidity", unit: "P1"));
        Observe(monitor, Reading(59, 1, sensor: "t1"));
        Observe(monitor, Reading(61, 1, sensor: "t2"));
        Observe(monitor, Reading(59, 1, device: "gw-2"));
        Observe(monitor, Reading(59, 1, site: "dryer-2"));
        Observe(monitor, Reading(60, 1, sensor: "t1", quantity: "relative_humidity", unit: "P1"));

        var opened = Assert.Single(_changes);
        Assert.Equal(new SeriesKey("coop", "dryer-1", "gw-1", "t2", "temperature"), opened.Series);
        Assert.Equal(5, monitor.SeriesCount);
    }

    [Fact]
    public void ClosingOneSeriesLeavesAnotherOpen()
    {
        var monitor = Monitor();
        Feed(monitor, [(0, 61), (1, 61)], sensor: "t1");
        Feed(monitor, [(0, 62), (1, 62)], sensor: "t2");

        Feed(monitor, [(2, 58)], sensor: "t1");

        Assert.Equal(3, _changes.Count);
        Assert.Equal("t1", Assert.Single(_changes, c => c.IsClosed).Series.Sensor);
        Assert.Equal("t2", Assert.Single(monitor.Open).Series.Sensor);
    }

    [Fact]
    public void WithoutAProfile_OrForAQuantityItDoesNotJudge_NothingOpens()
    {
        var monitor = Monitor(consecutive: 1);

        Observe(monitor, Reading(99, 0), noProfile: true);
        Observe(monitor, Reading(99, 0, sensor: "m1", quantity: "moisture", unit: "P1"));

        Assert.Empty(_changes);
    }

    [Fact]
    public void AnOpenExcursionIsJudgedAgainstTheLimitItOpenedWith_WhateverTheProfileSaysMeanwhile()
    {
        var monitor = Monitor();
        Feed(monitor, 65, 66);
        var relaxed = Profile("drying.sam-ngoc-linh", 4, new QuantityLimit("temperature", 40, 70));

        // Inside the new limit, not back inside the old one by the margin: still open.
        Observe(monitor, Reading(65, 2), relaxed);
        Observe(monitor, Reading(59, 3), relaxed);

        var closed = Assert.Single(_changes, c => c.IsClosed);
        Assert.Equal((60.0, 3, At(3)), (closed.Limit, closed.ProfileVersion, closed.EndedAt!.Value));
    }

    [Fact]
    public void ACandidateRunIsRestarted_WhenTheProfileChangesItsLimit()
    {
        var monitor = Monitor();
        Feed(monitor, 61);
        var stricter = Profile("drying.sam-ngoc-linh", 4, new QuantityLimit("temperature", 40, 55));

        Observe(monitor, Reading(61, 1), stricter);
        Observe(monitor, Reading(61, 2), stricter);

        var opened = Assert.Single(_changes);
        Assert.Equal((55.0, 4, At(1)), (opened.Limit, opened.ProfileVersion, opened.StartedAt));
    }

    [Fact]
    public void ASwingFromAboveTheMaximumToBelowTheMinimum_ClosesOneAndOpensTheOther_InThatOrder()
    {
        var monitor = Monitor(consecutive: 1);

        Feed(monitor, 61, 39);

        Assert.Collection(
            _changes,
            opened => Assert.Equal((ExcursionDirection.Above, false), (opened.Direction, opened.IsClosed)),
            closed => Assert.Equal((ExcursionDirection.Above, true), (closed.Direction, closed.IsClosed)),
            opened => Assert.Equal((ExcursionDirection.Below, false, At(1)), (opened.Direction, opened.IsClosed, opened.StartedAt)));
    }

    [Fact]
    public void AnExcursionKeepsOneIdFromOpeningToClosing_DerivedFromItsSeriesAndStart()
    {
        var monitor = Monitor();

        Feed(monitor, 61, 62, 59);
        Feed(monitor, [(10, 61), (11, 62)]);

        var (first, closed, second) = (_changes[0], _changes[1], _changes[2]);
        Assert.Equal(first.Id, closed.Id);
        Assert.Equal(Excursion.IdFor(first.Series, At(0)), first.Id);
        Assert.Matches("^x-[0-9a-f]{32}$", first.Id);
        Assert.NotEqual(first.Id, second.Id);

        // Another monitor (a restart) seeing the same readings names the same excursion.
        var again = new List<Excursion>();
        var restarted = Monitor();
        restarted.Observe(Reading(61, 0), Drying, again);
        restarted.Observe(Reading(62, 1), Drying, again);
        Assert.Equal(first.Id, Assert.Single(again).Id);
    }

    [Fact]
    public void AClosedExcursionBecomesTheLedgerEvent_AndAnOpenOneCannot()
    {
        var monitor = Monitor();
        Feed(monitor, [(0, 61), (1, 63), (3, 62), (4, 59.5)]);

        var recorded = _changes[1].ToRecorded();

        Assert.Equal(
            ("coop", "dryer-1", _changes[1].Id, "gw-1", "t1", "temperature", "CEL", "above", 60.0),
            (recorded.FacilityId, recorded.SiteId, recorded.ExcursionId, recorded.DeviceId, recorded.SensorId, recorded.Quantity, recorded.Unit, recorded.Direction, recorded.Limit));
        Assert.Equal((At(0), At(4), 63.0, 9.0, "drying.sam-ngoc-linh", 3), (recorded.StartedAt, recorded.EndedAt, recorded.Peak, recorded.Area, recorded.ProfileId, recorded.ProfileVersion));
        Assert.Throws<InvalidOperationException>(() => _changes[0].ToRecorded());
    }

    private static ExcursionMonitor Monitor(double hysteresisCelsius = 0.5, int consecutive = 2) =>
        new(new AlertOptions { HysteresisCelsius = hysteresisCelsius, HysteresisPercent = 2.0, ConsecutiveReadings = consecutive });

    private static DateTimeOffset At(double minutes) => T0.AddMinutes(minutes);

    private static ConditionProfile Profile(string id, int version, params QuantityLimit[] limits) =>
        new(id, version, id, ProfileScope.Step, Domain.StepKind.Drying, null, limits, null, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10), null, T0.AddDays(-30), "test", "");

    private static StoredReading Reading(double value, double minute, string sensor = "t1", string quantity = "temperature", string unit = "CEL", string device = "gw-1", string site = "dryer-1") =>
        new("coop", site, device, sensor, quantity, unit, value, At(minute));

    /// <summary>One reading a minute from minute 0.</summary>
    private void Feed(ExcursionMonitor monitor, params double[] values) => Feed(monitor, [.. values.Select((v, i) => ((double)i, v))]);

    private void Feed(ExcursionMonitor monitor, (double Minute, double Value)[] readings, string sensor = "t1", string quantity = "temperature", string unit = "CEL")
    {
        foreach (var (minute, value) in readings)
        {
            Observe(monitor, Reading(value, minute, sensor, quantity, unit));
        }
    }

    private void Observe(ExcursionMonitor monitor, StoredReading reading, ConditionProfile? profile = null, bool noProfile = false) =>
        monitor.Observe(reading, noProfile ? null : profile ?? Drying, _changes);
}
