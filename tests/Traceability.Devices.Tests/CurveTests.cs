using Traceability.Devices.Agent;
using Traceability.Telemetry.Simulation;
using Traceability.Telemetry;

namespace Traceability.Devices.Tests;

public sealed class CurveTests
{
    private static readonly DateTimeOffset Lit = new(2026, 5, 1, 6, 0, 0, TimeSpan.FromHours(7));

    private static IEnumerable<DateTimeOffset> Every(TimeSpan step, DateTimeOffset from, DateTimeOffset to)
    {
        for (var t = from; t <= to; t += step)
        {
            yield return t;
        }
    }

    [Fact]
    public void ADryingRunWarmsFromAmbientHoldsAbout60AndCoolsBack()
    {
        var run = new DryingRun { Start = Lit, Seed = 7 };

        Assert.InRange(run.AirTemperature(Lit), 23, 25);
        Assert.InRange(run.AirTemperature(Lit + (run.WarmUp / 2)), 40, 58);
        var plateau = Every(TimeSpan.FromMinutes(1), Lit + run.WarmUp, run.PlateauEnd - TimeSpan.FromMinutes(1)).Select(run.AirTemperature).ToArray();
        Assert.All(plateau, t => Assert.InRange(t, 58.8, 61.2));
        Assert.InRange(plateau.Average(), 59.5, 60.5);
        Assert.InRange(run.AirTemperature(run.End), 23, 26);
    }

    [Fact]
    public void MoistureFallsMonotonicallyFromAbout85ToBetween8And10()
    {
        var run = new DryingRun { Start = Lit, Seed = 7 };
        var readings = Every(TimeSpan.FromMinutes(5), Lit, run.End).Select(t => SimulatedSensorDriver.Read(run, t).Single(r => r.Sensor == DryingRun.MoistureSensor).Value).ToArray();

        Assert.InRange(readings[0], 84, 86);
        Assert.All(readings.Zip(readings.Skip(1)), pair => Assert.True(pair.Second <= pair.First, $"{pair.Second} after {pair.First}"));
        Assert.InRange(run.Moisture(run.PlateauEnd), 8, 10);
        Assert.InRange(readings[^1], 8, 10);
        // Exponential-like: it loses more in the first quarter of the drying than in the last.
        var quarter = run.Plateau / 4;
        Assert.True(run.Moisture(Lit + run.WarmUp) - run.Moisture(Lit + run.WarmUp + quarter) > 5 * (run.Moisture(run.PlateauEnd - quarter) - run.Moisture(run.PlateauEnd)));
    }

    [Fact]
    public void DryerAirHumidityFallsAsTheProductDries()
    {
        var run = new DryingRun { Start = Lit, Seed = 3 };
        var early = run.AirHumidity(Lit + run.WarmUp + TimeSpan.FromMinutes(10));
        var late = run.AirHumidity(run.PlateauEnd - TimeSpan.FromMinutes(10));

        Assert.InRange(early, 50, 75);
        Assert.InRange(late, 10, 25);
        Assert.All(Every(TimeSpan.FromMinutes(1), Lit - TimeSpan.FromHours(1), run.End + TimeSpan.FromHours(1)), t =>
        {
            foreach (var value in run.At(t))
            {
                Assert.InRange(value.Value, value.Quantity.Min, value.Quantity.Max);
            }
        });
    }

    [Fact]
    public void TheSameSeedGivesTheSameCurveAndAnotherSeedOtherNoise()
    {
        var at = Lit + TimeSpan.FromHours(5) + TimeSpan.FromSeconds(17);

        Assert.Equal(new DryingRun { Start = Lit, Seed = 1 }.AirTemperature(at), new DryingRun { Start = Lit, Seed = 1 }.AirTemperature(at));
        Assert.NotEqual(new DryingRun { Start = Lit, Seed = 1 }.AirTemperature(at), new DryingRun { Start = Lit, Seed = 2 }.AirTemperature(at));
        Assert.Equal(SiteModels.Seed("dryer-1"), SiteModels.Seed("dryer-1"));
    }

    [Fact]
    public void AStorageRoomCyclesDailyWithin22To28DegreesAnd55To68Percent()
    {
        var room = new StorageRoom { Seed = 11 };
        var day = Every(TimeSpan.FromMinutes(10), Lit, Lit + TimeSpan.FromDays(2)).ToArray();
        var temperatures = day.Select(room.Temperature).ToArray();
        var humidities = day.Select(room.Humidity).ToArray();

        Assert.All(temperatures, t => Assert.InRange(t, 22, 28));
        Assert.All(humidities, h => Assert.InRange(h, 55, 68));
        Assert.True(temperatures.Max() - temperatures.Min() > 4, "a daily swing");
        var afternoon = new DateTimeOffset(2026, 5, 1, 15, 0, 0, TimeSpan.FromHours(7));
        var night = new DateTimeOffset(2026, 5, 2, 3, 0, 0, TimeSpan.FromHours(7));
        Assert.True(room.Temperature(afternoon) > room.Temperature(night) + 4);
        Assert.True(room.Humidity(afternoon) < room.Humidity(night) - 8);
    }

    [Fact]
    public void AnExcursionAskedForTakesTheRoomToItsLevelOnlyForItsDuration()
    {
        Assert.True(Excursion.TryParse("2026-05-01T14:00:00+07:00/30m/rh=80", out var doorOpen, out var error), error);
        var room = new StorageRoom { Seed = 11, Excursions = [doorOpen] };
        var quiet = new StorageRoom { Seed = 11 };

        Assert.InRange(room.Humidity(doorOpen.Start + TimeSpan.FromMinutes(15)), 79.9, 80.1);
        Assert.Equal(quiet.Humidity(doorOpen.Start - TimeSpan.FromMinutes(1)), room.Humidity(doorOpen.Start - TimeSpan.FromMinutes(1)));
        Assert.Equal(quiet.Humidity(doorOpen.End), room.Humidity(doorOpen.End));
        Assert.Equal(quiet.Temperature(doorOpen.Start + TimeSpan.FromMinutes(15)), room.Temperature(doorOpen.Start + TimeSpan.FromMinutes(15)));
        var ramping = room.Humidity(doorOpen.Start + TimeSpan.FromMinutes(2));
        Assert.InRange(ramping, quiet.Humidity(doorOpen.Start + TimeSpan.FromMinutes(2)) + 1, 79.5);
    }

    [Theory]
    [InlineData("2026-05-01T14:00:00+07:00/30m", "START/DURATION/QUANTITY=LEVEL")]
    [InlineData("yesterday/30m/rh=80", "ISO 8601")]
    [InlineData("2026-05-01T14:00:00+07:00/0m/rh=80", "positive duration")]
    [InlineData("2026-05-01T14:00:00+07:00/30m/pressure=80", "QUANTITY=LEVEL")]
    [InlineData("2026-05-01T14:00:00+07:00/30m/rh=120", "outside")]
    public void AnExcursionThatCannotBeSimulatedIsRefusedNamingWhy(string text, string expected)
    {
        Assert.False(Excursion.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSimulatedDriverStampsReadingsWithTheClockAndTheContractUnits()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Lit.AddTicks(12_345));
        var driver = new SimulatedSensorDriver(new DryingRun { Start = Lit - TimeSpan.FromHours(2) }, clock);

        var readings = await driver.ReadAsync(CancellationToken.None);

        Assert.Equal(3, readings.Count);
        Assert.All(readings, r => Assert.Equal(Lit.AddMilliseconds(1), r.At));
        Assert.All(readings, r => Assert.Equal(Quantities.Find(r.Quantity)!.Unit, r.Unit));
        var batch = new ReadingBatch("dryer-1", 1, readings);
        Assert.True(ReadingsValidation.CheckBatch(new TopicAddress("coop", "site", "dryer-1", TopicChannel.Readings), batch, Lit).Accepted);
    }
}
