using Traceability.Conditions;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Profiles;
using Traceability.Telemetry;
using Traceability.Telemetry.Simulation;

namespace Traceability.Server.Demo;

/// <summary>
/// The sensor history behind the demo records, so that inspectors have conditions to look at:
/// every 5 minutes, from each site's gateway (<c>{site}.GW1</c>), the dryer air during each drying
/// step (the simulator's drying run, its plateau on the step's window, its set point in the middle
/// of the step's default profile), the kettle during extraction, cooking and concentrating, and
/// the room during infusion and every storage period. Two known faults are in it: the bamboo
/// shoots' drying run (TP-S-2026-007) overheats to 68 °C for 25 minutes, and one storage room
/// takes in damp air for 90 minutes. Written straight to the time-series store (not through MQTT,
/// so it has no ledger windows); deterministic, so loading it again changes nothing.
/// </summary>
public static class DemoReadings
{
    /// <summary>Time between two demo readings of a sensor.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    /// <summary>The overheating of the bamboo shoots' drying run.</summary>
    public static readonly (string StepId, DateTimeOffset Start, TimeSpan Duration, double Celsius) Overheat =
        ("TP-S-2026-007", new DateTimeOffset(2026, 7, 19, 2, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(25), 68);

    /// <summary>The facility whose first storage period has a damp spell (Thành Phát).</summary>
    public const string DampFacility = "HKD-THANHPHAT-DG";

    /// <summary>The damp spell of the first storage period of Thành Phát's storage room.</summary>
    public static readonly TimeSpan DampSpell = TimeSpan.FromMinutes(90);

    private static readonly StepKind[] HotSteps = [StepKind.Extraction, StepKind.Cooking, StepKind.Concentrating];

    /// <summary>Every demo reading, site by site, in time order within each activity.</summary>
    public static IEnumerable<StoredReading> For(IReadOnlyList<FacilityEvent> demo)
    {
        ArgumentNullException.ThrowIfNull(demo);
        var species = SpeciesOfBatches(demo);
        var damped = false;
        foreach (var e in demo)
        {
            switch (e)
            {
                case StepRecorded { Kind: StepKind.Drying } step:
                    var speciesIn = step.Inputs.SelectMany(i => species.GetValueOrDefault(i.BatchId, [])).Distinct(StringComparer.Ordinal).ToArray();
                    var limit = ProfileSelection.For(DefaultProfiles.All, StepKind.Drying, null, speciesIn)?.LimitFor(Quantities.Temperature.Name);
                    var setPoint = limit is { Min: { } min, Max: { } max } ? (min + max) / 2 : 60;
                    var run = new DryingRun
                    {
                        Start = step.StartedAt - TimeSpan.FromMinutes(45),
                        WarmUp = TimeSpan.FromMinutes(45),
                        Plateau = step.EndedAt - step.StartedAt,
                        SetPointCelsius = setPoint,
                        Seed = SiteModels.Seed(step.StepId),
                    };
                    var overheat = step.StepId == Overheat.StepId ? new Excursion(Overheat.Start, Overheat.Duration, Quantities.Temperature, Overheat.Celsius) : null;
                    foreach (var reading in Sample(step.FacilityId, step.SiteId, step.StartedAt, step.EndedAt, at => Overheated(run.At(at), overheat, at)))
                    {
                        yield return reading;
                    }

                    break;
                case StepRecorded step when HotSteps.Contains(step.Kind):
                    var kettle = new DryingRun { Start = step.StartedAt - TimeSpan.FromMinutes(30), WarmUp = TimeSpan.FromMinutes(30), Plateau = step.EndedAt - step.StartedAt, SetPointCelsius = 88, Seed = SiteModels.Seed(step.StepId) };
                    foreach (var reading in Sample(step.FacilityId, step.SiteId, step.StartedAt, step.EndedAt,
                        at => [new ConditionValue("kettle-temp", Quantities.Temperature, kettle.AirTemperature(at))]))
                    {
                        yield return reading;
                    }

                    break;
                case StepRecorded { Kind: StepKind.Infusion } step:
                    foreach (var reading in Room(step.FacilityId, step.SiteId, step.StartedAt, step.EndedAt, []))
                    {
                        yield return reading;
                    }

                    break;
                case StorageRecorded storage:
                    // The first storage period of a storage room of Thành Phát takes in damp air one afternoon.
                    Excursion[] damp = [];
                    if (!damped && storage.FacilityId == DampFacility)
                    {
                        damped = true;
                        var afternoon = new DateTimeOffset(storage.StartedAt.UtcDateTime.Date, TimeSpan.Zero).AddDays(1).AddHours(7);
                        damp = [new Excursion(afternoon, DampSpell, Quantities.RelativeHumidity, 80)];
                    }

                    foreach (var reading in Room(storage.FacilityId, storage.SiteId, storage.StartedAt, storage.EndedAt, damp))
                    {
                        yield return reading;
                    }

                    break;
            }
        }
    }

    /// <summary>Writes every demo reading to <paramref name="store"/>, in batches; returns how many.</summary>
    public static async Task<int> WriteAsync(ITimeSeriesStore store, IReadOnlyList<FacilityEvent> demo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        const int Batch = 20_000;
        var batch = new List<StoredReading>(Batch);
        var written = 0;
        foreach (var reading in For(demo))
        {
            batch.Add(reading);
            if (batch.Count == Batch)
            {
                await store.WriteAsync(batch, cancellationToken);
                written += batch.Count;
                batch = new List<StoredReading>(Batch);
            }
        }

        if (batch.Count > 0)
        {
            await store.WriteAsync(batch, cancellationToken);
            written += batch.Count;
        }

        return written;
    }

    private static IEnumerable<StoredReading> Room(string facility, string site, DateTimeOffset from, DateTimeOffset to, Excursion[] excursions)
    {
        // A dry storeroom: 20–27 °C, 50–62 % relative humidity.
        var room = new StorageRoom { Seed = SiteModels.Seed(site), MinCelsius = 20, MaxCelsius = 27, MinHumidity = 50, MaxHumidity = 62, Excursions = excursions };
        return Sample(facility, site, from, to, room.At);
    }

    private static IReadOnlyList<ConditionValue> Overheated(IReadOnlyList<ConditionValue> values, Excursion? overheat, DateTimeOffset at) =>
        overheat is null
            ? values
            : [.. values.Select(v => v.Quantity == overheat.Quantity ? v with { Value = v.Value + ((overheat.Level - v.Value) * overheat.Weight(at)) } : v)];

    /// <summary>The values of <paramref name="model"/> at every whole <see cref="Interval"/> in [from, to).</summary>
    private static IEnumerable<StoredReading> Sample(string facility, string site, DateTimeOffset from, DateTimeOffset to, Func<DateTimeOffset, IReadOnlyList<ConditionValue>> model)
    {
        var device = $"{site}.GW1";
        var first = new DateTimeOffset((from.UtcTicks + Interval.Ticks - 1) / Interval.Ticks * Interval.Ticks, TimeSpan.Zero);
        for (var at = first; at < to; at += Interval)
        {
            foreach (var value in model(at))
            {
                yield return new StoredReading(facility, site, device, value.Sensor, value.Quantity.Name, value.Quantity.Unit, Math.Round(value.Value, 2), at);
            }
        }
    }

    /// <summary>The species of every demo batch: harvested ones their own, a step's outputs those of its inputs.</summary>
    private static Dictionary<string, string[]> SpeciesOfBatches(IReadOnlyList<FacilityEvent> demo)
    {
        var species = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var e in demo)
        {
            switch (e)
            {
                case BatchHarvested h:
                    species[h.BatchId] = [h.Species];
                    break;
                case StepRecorded s:
                    var fromInputs = s.Inputs.SelectMany(i => species.GetValueOrDefault(i.BatchId, [])).Distinct(StringComparer.Ordinal).ToArray();
                    foreach (var output in s.Outputs)
                    {
                        species[output.BatchId] = fromInputs;
                    }

                    break;
            }
        }

        return species;
    }
}
