using System.Globalization;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Identifiers;
using Traceability.Rules;
using Traceability.Server.Demo;

namespace Traceability.Server.Tests;

/// <summary>
/// The demo data the server loads with <c>--demo</c>: every event passes the capture rules in
/// order, the content covers the district's products, and it is fixed so a second load adds nothing.
/// </summary>
public sealed class DemoDataTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 0, 0, 0, TimeSpan.FromHours(7));
    private static readonly DateTimeOffset SeasonEnd = new(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(7));

    /// <summary>The products of DOMAIN.md's table, by their Vietnamese names.</summary>
    private static readonly string[] DomainProducts =
    [
        "Rượu sâm dây Ngọc Linh",
        "Cao sâm dây Ngọc Linh",
        "Mứt sâm dây Ngọc Linh",
        "Sâm dây Ngọc Linh TP",
        "Bột hồng đảng sâm",
        "Hồng đảng sâm thái lát",
        "Cà phê Arabica",
        "Măng khô Đăk Glei TP",
    ];

    private static IReadOnlyList<FacilityEvent> Events => DakGleiDemo.Events;

    [Fact]
    public void WhenReplayedThroughTheCaptureRules_EveryDemoEventIsAccepted()
    {
        var records = new Dictionary<string, FacilityRecords>(StringComparer.Ordinal);
        var areas = new Dictionary<string, AreaRegistered>(StringComparer.Ordinal);
        var products = new Dictionary<string, ProductRegistered>(StringComparer.Ordinal);
        var batchOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        var created = new Dictionary<RecordKey, int>();

        for (var i = 0; i < Events.Count; i++)
        {
            var candidate = Events[i];
            if (!records.TryGetValue(candidate.FacilityId, out var facility))
            {
                facility = new FacilityRecords();
                records[candidate.FacilityId] = facility;
            }

            var context = new CaptureContext(
                Now,
                YieldPolicy.Default,
                candidate is BatchHarvested harvest ? areas.GetValueOrDefault(harvest.AreaCode) : null,
                candidate is LotPacked lot ? products.GetValueOrDefault(lot.Gtin) : null,
                ForeignOwners(candidate, facility, batchOwners));

            var decision = CaptureRules.Check(facility, candidate, context);
            if (decision.Violation is { } violation)
            {
                Assert.Fail($"Event {i} ({Describe(candidate)}) was refused: {violation.Kind} {violation}");
            }

            if (decision.Repeats is { } repeated)
            {
                Assert.Fail($"Event {i} ({Describe(candidate)}) repeats event sequence {repeated.Sequence} instead of adding a record");
            }

            // The event store refuses a record key that another facility already created.
            foreach (var key in candidate.Creates())
            {
                if (created.TryGetValue(key, out var first))
                {
                    Assert.Fail($"Event {i} ({Describe(candidate)}) creates {key}, which event {first} already created");
                }

                created[key] = i;
            }

            facility.Apply(new RecordedEvent(i + 1, Now.AddSeconds(i), candidate));
            switch (candidate)
            {
                case AreaRegistered area:
                    areas[area.AreaCode] = area;
                    break;
                case ProductRegistered product:
                    products[product.Gtin] = product;
                    break;
                case BatchHarvested harvested:
                    batchOwners[harvested.BatchId] = harvested.FacilityId;
                    break;
                case StepRecorded step:
                    foreach (var output in step.Outputs)
                    {
                        batchOwners[output.BatchId] = step.FacilityId;
                    }

                    break;
            }
        }
    }

    [Fact]
    public void EveryProductOfTheDomainBrief_HasAtLeastOneLot()
    {
        var products = Events.OfType<ProductRegistered>().ToList();
        var lots = Events.OfType<LotPacked>().ToList();

        foreach (var name in DomainProducts)
        {
            var matching = products.Where(p => p.NameVi.Contains(name, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(matching.Count > 0, $"No demo product is named like '{name}'");
            Assert.True(matching.Any(p => lots.Any(l => l.Gtin == p.Gtin)), $"No lot of '{name}' is packed");
        }

        Assert.All(products, p => Assert.True(lots.Any(l => l.Gtin == p.Gtin), $"Product {p.Gtin} ({p.NameVi}) has no lot"));
    }

    [Fact]
    public void EveryGtin_IsAVietnameseGtin13WithItsCheckDigit_GivenAs14Digits()
    {
        foreach (var product in Events.OfType<ProductRegistered>())
        {
            Assert.True(Gtin.TryNormalize(product.Gtin, out var gtin14, out var error), $"{product.NameVi}: GTIN {product.Gtin} {error}");
            Assert.Equal(gtin14, product.Gtin);
            Assert.StartsWith("0893", product.Gtin, StringComparison.Ordinal);
            Assert.InRange(product.OcopStars, 3, 5);
        }
    }

    [Fact]
    public void TheLotToTry_ReachesARawMaterialAreaThroughAtLeastFourSteps()
    {
        var (gtin, lotCode) = DakGleiDemo.LotToTry;
        var lot = Events.OfType<LotPacked>().SingleOrDefault(l => l.Gtin == gtin && l.LotCode == lotCode);
        Assert.True(lot is not null, $"LotToTry {gtin}/{lotCode} is not among the demo lots");

        var harvests = Events.OfType<BatchHarvested>().ToDictionary(h => h.BatchId, StringComparer.Ordinal);
        var producers = Events.OfType<StepRecorded>().SelectMany(s => s.Outputs.Select(o => (o.BatchId, Step: s))).ToDictionary(x => x.BatchId, x => x.Step, StringComparer.Ordinal);

        // The same walk as the backward trace: level by level, counting levels of steps.
        var areas = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var frontier = lot.Inputs.Select(i => i.BatchId).Distinct().ToList();
        var depth = 0;
        while (frontier.Count > 0)
        {
            var steps = new List<StepRecorded>();
            foreach (var batchId in frontier)
            {
                seen.Add(batchId);
                if (harvests.TryGetValue(batchId, out var harvest))
                {
                    areas.Add(harvest.AreaCode);
                }
                else
                {
                    Assert.True(producers.TryGetValue(batchId, out var step), $"Batch {batchId} has no origin");
                    if (!steps.Contains(step))
                    {
                        steps.Add(step);
                    }
                }
            }

            if (steps.Count == 0)
            {
                break;
            }

            depth++;
            frontier = [.. steps.SelectMany(s => s.Inputs).Select(i => i.BatchId).Distinct().Where(id => !seen.Contains(id))];
        }

        Assert.True(depth >= 4, $"LotToTry's chain has {depth} levels of steps, not at least 4");
        Assert.NotEmpty(areas);
    }

    [Fact]
    public void AtLeastThreeFacilities_EachWithDryingProcessingStorageAndPointOfSale()
    {
        var facilities = Events.OfType<FacilityRegistered>().ToList();
        Assert.True(facilities.Count >= 3, $"{facilities.Count} facilities, not at least 3");
        Assert.All(facilities, f =>
        {
            Assert.Equal("Đăk Glei", f.District);
            Assert.Equal("Kon Tum", f.Province);
            var kinds = Events.OfType<SiteRegistered>().Where(s => s.FacilityId == f.FacilityId).Select(s => s.Kind).ToHashSet();
            Assert.Superset(new HashSet<SiteKind> { SiteKind.Drying, SiteKind.Processing, SiteKind.Storage, SiteKind.PointOfSale }, kinds);
        });
    }

    [Fact]
    public void EveryArea_IsASmallPlotOfTheDistrictWithFourToSixPoints()
    {
        foreach (var area in Events.OfType<AreaRegistered>())
        {
            Assert.InRange(area.Boundary.Length, 4, 6);
            Assert.All(area.Boundary, p =>
            {
                Assert.InRange(p.Latitude, 15.0, 15.2);
                Assert.InRange(p.Longitude, 107.6, 108.0);
            });

            var hectares = Hectares(area.Boundary);
            Assert.True(hectares is >= 0.5 and <= 20, $"Area {area.AreaCode} covers {hectares.ToString("0.0", CultureInfo.InvariantCulture)} ha");
            Assert.StartsWith("DG-", area.AreaCode, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryTime_IsFixedIn2026BeforeNovember_AndFollowsTheInputsItUses()
    {
        var ready = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        for (var i = 0; i < Events.Count; i++)
        {
            switch (Events[i])
            {
                case BatchHarvested h:
                    AssertSeasonTime(i, h.HarvestedAt);
                    ready[h.BatchId] = h.HarvestedAt;
                    break;
                case StepRecorded s:
                    AssertSeasonTime(i, s.StartedAt);
                    AssertSeasonTime(i, s.EndedAt);
                    Assert.All(s.Inputs, input => Assert.True(ready[input.BatchId] <= s.StartedAt, $"Event {i} ({Describe(s)}) starts before batch {input.BatchId} exists"));
                    foreach (var output in s.Outputs)
                    {
                        ready[output.BatchId] = s.EndedAt;
                    }

                    break;
                case StorageRecorded st:
                    AssertSeasonTime(i, st.StartedAt);
                    AssertSeasonTime(i, st.EndedAt);
                    Assert.All(st.BatchIds, batchId => Assert.True(ready[batchId] <= st.StartedAt, $"Event {i} ({Describe(st)}) stores batch {batchId} before it exists"));
                    break;
                case LotRecalled r:
                    AssertSeasonTime(i, r.DecidedAt);
                    break;
                case LotPacked l:
                    Assert.True(l.ProducedOn < DateOnly.FromDateTime(SeasonEnd.DateTime), $"Event {i} ({Describe(l)}) is produced after the season");
                    Assert.True(l.ExpiresOn > l.ProducedOn.AddMonths(6), $"Event {i} ({Describe(l)}) expires within six months");
                    Assert.All(l.Inputs, input => Assert.True(DateOnly.FromDateTime(ready[input.BatchId].DateTime) <= l.ProducedOn, $"Event {i} ({Describe(l)}) is packed before batch {input.BatchId} exists"));
                    break;
            }
        }
    }

    [Fact]
    public void EveryLot_IsHeldInItsFacilitysStore_ForSomeDaysAfterItIsPacked()
    {
        var stores = Events.OfType<SiteRegistered>().Where(s => s.Kind == SiteKind.Storage).ToDictionary(s => s.SiteId, s => s.FacilityId, StringComparer.Ordinal);
        var storages = Events.OfType<StorageRecorded>().ToList();

        foreach (var lot in Events.OfType<LotPacked>())
        {
            var storage = storages.SingleOrDefault(s => s.LotKeys.Contains(lot.LotKey));
            Assert.True(storage is not null, $"Lot {lot.LotKey} is never stored");
            Assert.Equal(lot.FacilityId, storage.FacilityId);
            Assert.Equal(lot.FacilityId, stores.GetValueOrDefault(storage.SiteId));
            var packed = new DateTimeOffset(lot.ProducedOn.ToDateTime(new TimeOnly(16, 0)), TimeSpan.FromHours(7));
            Assert.InRange(storage.StartedAt, packed, packed.AddDays(3));
            Assert.InRange(storage.EndedAt - storage.StartedAt, TimeSpan.FromDays(3), TimeSpan.FromDays(10));
        }
    }

    [Fact]
    public void SomeIntermediateBatches_AreHeldInStoreBetweenTheStepThatMadeThemAndTheStepThatUsesThem()
    {
        var steps = Events.OfType<StepRecorded>().ToList();

        var between = Events.OfType<StorageRecorded>().SelectMany(storage => storage.BatchIds.Select(batchId => (storage, batchId))).Where(held =>
            steps.Any(made => made.Outputs.Any(o => o.BatchId == held.batchId) && made.EndedAt <= held.storage.StartedAt)
            && steps.Any(used => used.Inputs.Any(i => i.BatchId == held.batchId) && held.storage.EndedAt <= used.StartedAt)).ToList();

        Assert.True(between.Count >= 2, $"{between.Count} intermediate batches are stored between two steps");
        Assert.Contains(between, held => held.storage.FacilityId == DakGleiDemo.Events.OfType<LotPacked>().Single(l => (l.Gtin, l.LotCode) == DakGleiDemo.LotToTry).FacilityId);
    }

    [Fact]
    public void OneLotFromTheOverheatedDryingRun_IsWithdrawnByItsProducerAFewDaysAfterPacking()
    {
        var withdrawal = Assert.Single(Events.OfType<LotRecalled>());
        var lot = Events.OfType<LotPacked>().Single(l => l.LotKey == withdrawal.LotKey);
        var overheated = Events.OfType<StepRecorded>().Single(s => s.StepId == DemoReadings.Overheat.StepId);
        var fromTheRun = Events.OfType<LotPacked>().Where(l => l.Inputs.Any(i => overheated.Outputs.Any(o => o.BatchId == i.BatchId))).ToList();

        Assert.Equal(DakGleiDemo.WithdrawnLot, (withdrawal.Gtin, withdrawal.LotCode));
        Assert.Equal(RecallKind.Withdrawal, withdrawal.Kind);
        Assert.Equal(lot.FacilityId, withdrawal.FacilityId);
        // One of the lots the overheated run went into, not all of them.
        Assert.Contains(lot, fromTheRun);
        Assert.True(fromTheRun.Count > 1, $"{fromTheRun.Count} lot(s) come from {overheated.StepId}");
        Assert.Contains(DemoReadings.Overheat.StepId, withdrawal.Reason, StringComparison.Ordinal);
        Assert.Contains("quá nhiệt", withdrawal.Reason, StringComparison.Ordinal);
        Assert.Contains(DemoReadings.Overheat.Start.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), withdrawal.Reason, StringComparison.Ordinal);
        var packed = new DateTimeOffset(lot.ProducedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7));
        Assert.InRange(withdrawal.DecidedAt, packed.AddDays(2), packed.AddDays(10));
        Assert.True(Events.ToList().IndexOf(lot) < Events.ToList().IndexOf(withdrawal), "the withdrawal comes after the packing");
    }

    [Fact]
    public void NoTwoStoragePeriodsOfOneSiteOverlap()
    {
        // The demo sensor history draws each period's room: two at once would give one site two histories.
        foreach (var site in Events.OfType<StorageRecorded>().GroupBy(s => s.SiteId, StringComparer.Ordinal))
        {
            var periods = site.OrderBy(s => s.StartedAt).ToList();
            Assert.All(periods.Zip(periods.Skip(1)), pair => Assert.True(pair.First.EndedAt <= pair.Second.StartedAt, $"{pair.First.StorageId} and {pair.Second.StorageId} overlap"));
        }
    }

    [Fact]
    public void EveryGtinHasOneNetContent()
    {
        foreach (var lots in Events.OfType<LotPacked>().GroupBy(l => l.Gtin, StringComparer.Ordinal))
        {
            Assert.Single(lots.Select(l => l.NetMassPerUnitGrams).Distinct());
        }
    }

    [Fact]
    public void TheDemoIsTheSameOnEveryRead_AndSurvivesTheEventJsonRoundTrip()
    {
        var first = DakGleiDemo.Events.Select(EventJson.Serialize).ToList();
        var second = DakGleiDemo.Events.Select(EventJson.Serialize).ToList();

        Assert.Equal(first, second);
        Assert.All(DakGleiDemo.Events, e => Assert.True(EventJson.SameFact(e, EventJson.Deserialize(EventJson.Serialize(e))), Describe(e)));
    }

    private static Dictionary<string, string>? ForeignOwners(FacilityEvent candidate, FacilityRecords facility, Dictionary<string, string> owners)
    {
        var inputs = candidate switch
        {
            StepRecorded step => step.Inputs,
            LotPacked lot => lot.Inputs,
            _ => [],
        };
        var foreign = inputs.Where(i => !facility.Batches.ContainsKey(i.BatchId) && owners.ContainsKey(i.BatchId)).ToDictionary(i => i.BatchId, i => owners[i.BatchId], StringComparer.Ordinal);
        return foreign.Count == 0 ? null : foreign;
    }

    private static void AssertSeasonTime(int index, DateTimeOffset at)
    {
        Assert.True(at.Offset == TimeSpan.FromHours(7), $"Event {index}: {at:O} is not at +07:00");
        Assert.True(at.Year == 2026 && at < SeasonEnd, $"Event {index}: {at:O} is not in 2026 before November");
    }

    /// <summary>The area of a small polygon in hectares, on a local flat projection.</summary>
    private static double Hectares(GeoPoint[] boundary)
    {
        var latitude = boundary.Average(p => p.Latitude) * Math.PI / 180;
        var metresPerDegreeLatitude = 110_574.0;
        var metresPerDegreeLongitude = 111_320.0 * Math.Cos(latitude);
        double twiceArea = 0;
        for (var i = 0; i < boundary.Length; i++)
        {
            var a = boundary[i];
            var b = boundary[(i + 1) % boundary.Length];
            twiceArea += (a.Longitude * metresPerDegreeLongitude * b.Latitude * metresPerDegreeLatitude)
                - (b.Longitude * metresPerDegreeLongitude * a.Latitude * metresPerDegreeLatitude);
        }

        return Math.Abs(twiceArea) / 2 / 10_000;
    }

    private static string Describe(FacilityEvent e) => e switch
    {
        FacilityRegistered f => $"FacilityRegistered {f.FacilityId}",
        SiteRegistered s => $"SiteRegistered {s.SiteId}",
        AreaRegistered a => $"AreaRegistered {a.AreaCode}",
        ProductRegistered p => $"ProductRegistered {p.Gtin}",
        BatchHarvested h => $"BatchHarvested {h.BatchId}",
        StepRecorded s => $"StepRecorded {s.StepId}",
        LotPacked l => $"LotPacked {l.LotKey}",
        StorageRecorded st => $"StorageRecorded {st.StorageId}",
        LotRecalled r => $"LotRecalled {r.Kind} {r.LotKey}",
        _ => e.GetType().Name,
    } + $" of {e.FacilityId}";
}
