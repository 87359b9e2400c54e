using Traceability.Abstractions.Tests.Fixtures;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Rules;

namespace Traceability.Abstractions.Tests.Rules;

/// <summary>What the facility holds, folded from its events in order.</summary>
public sealed class FacilityRecordsTests
{
    [Fact]
    public void BeforeAnyEvent_TheFacilityHoldsNothing()
    {
        var records = new FacilityRecords();

        Assert.Null(records.Registration);
        Assert.Equal(0, records.LastSequence);
        Assert.Empty(records.Sites);
        Assert.Empty(records.Batches);
        Assert.Null(records.CreatorOf(new RecordKey(RecordKind.Facility, NgocLinh.FacilityId)));
    }

    [Fact]
    public void WhenTheRegistrationIsFolded_TheFacilityIsRegisteredByThatEvent()
    {
        var history = FacilityHistory.Empty();

        var recorded = history.Record(NgocLinh.Facility());

        Assert.Same(recorded.Event, history.Records.Registration);
        Assert.Same(recorded, history.Records.CreatorOf(new RecordKey(RecordKind.Facility, NgocLinh.FacilityId)));
        Assert.Equal(recorded.Sequence, history.Records.LastSequence);
    }

    [Fact]
    public void WhenSitesAreRegistered_TheyAreHeldByTheirId()
    {
        var records = FacilityHistory.Registered().Records;

        Assert.Equal(
            [NgocLinh.ShopSiteId, NgocLinh.StorageSiteId, NgocLinh.DryingSiteId, NgocLinh.ProcessingSiteId],
            records.Sites.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(SiteKind.Storage, records.Sites[NgocLinh.StorageSiteId].Kind);
    }

    [Fact]
    public void WhenAnAreaAndAProductAreRegistered_TheirCreatorsAreKnownButNoBatchExists()
    {
        var records = FacilityHistory.Registered().Records;

        Assert.IsType<AreaRegistered>(records.CreatorOf(new RecordKey(RecordKind.Area, NgocLinh.AreaCode))?.Event);
        Assert.IsType<ProductRegistered>(records.CreatorOf(new RecordKey(RecordKind.Product, NgocLinh.DriedVineGinsengGtin))?.Event);
        Assert.Empty(records.Batches);
    }

    [Fact]
    public void WhenABatchIsHarvested_ItHoldsAllItsMassAndItsSpecies()
    {
        var balance = FacilityHistory.Harvested().Records.Batches[NgocLinh.HarvestBatchId];

        Assert.Equal(NgocLinh.HarvestGrams, balance.RemainingGrams);
        Assert.Equal([NgocLinh.VineGinseng], balance.Species);
    }

    [Fact]
    public void WhenAStepTakesPartOfABatch_TheRestRemains()
    {
        var records = FacilityHistory.Harvested().With(NgocLinh.Step(StepKind.Washing, 20_000, 19_000)).Records;

        Assert.Equal(30_000, records.Batches[NgocLinh.HarvestBatchId].RemainingGrams);
    }

    [Fact]
    public void WhenAStepProducesABatch_ItHoldsTheProducedMassAndTheInputsSpecies()
    {
        var records = FacilityHistory.Dried().Records;

        Assert.Equal(0, records.Batches[NgocLinh.HarvestBatchId].RemainingGrams);
        Assert.Equal(NgocLinh.DriedGrams, records.Batches[NgocLinh.DriedBatchId].RemainingGrams);
        Assert.Equal([NgocLinh.VineGinseng], records.Batches[NgocLinh.DriedBatchId].Species);
    }

    [Fact]
    public void WhenAStepBlendsTwoSpecies_EveryOutputCarriesBoth_InOrdinalOrderAndOnce()
    {
        var history = FacilityHistory.Harvested().With(
            NgocLinh.Harvest(NgocLinh.SecondHarvestBatchId, 2_000, NgocLinh.NgocLinhGinseng),
            NgocLinh.Harvest("SD-2026-003", 5_000));
        var blending = NgocLinh.Step(StepKind.Cooking, 0, 0) with
        {
            Inputs = [new(NgocLinh.SecondHarvestBatchId, 2_000), new(NgocLinh.HarvestBatchId, 10_000), new("SD-2026-003", 5_000)],
            Outputs = [new("MUT-2026-001", 15_000, "Mứt sâm"), new("MUT-2026-002", 4_000, "Mứt vụn")],
        };

        var records = history.With(blending).Records;

        string[] both = [NgocLinh.VineGinseng, NgocLinh.NgocLinhGinseng];
        Assert.Equal(both, records.Batches["MUT-2026-001"].Species);
        Assert.Equal(both, records.Batches["MUT-2026-002"].Species);
        Assert.Equal(4_000, records.Batches["MUT-2026-002"].RemainingGrams);
    }

    [Fact]
    public void WhenTwoHarvestsSpellTheSameSpeciesInDifferentCase_TheBlendCarriesItOnce()
    {
        var history = FacilityHistory.Harvested();
        var lowerCase = NgocLinh.Harvest(NgocLinh.SecondHarvestBatchId, 30_000, "codonopsis javanica");
        Decision.Accepted(CaptureRules.Check(history.Records, lowerCase, NgocLinh.HarvestContext()));
        history.Record(lowerCase);
        var washing = NgocLinh.Step(StepKind.Washing, 0, 0) with
        {
            Inputs = [new(NgocLinh.HarvestBatchId, 50_000), new(NgocLinh.SecondHarvestBatchId, 30_000)],
            Outputs = [new("SD-2026-RUA-01", 76_000, "Rễ sâm dây đã rửa")],
        };

        var species = history.With(washing).Records.Batches["SD-2026-RUA-01"].Species;

        Assert.Single(species, s => string.Equals(s, NgocLinh.VineGinseng, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void WhenAStepIsFolded_ItCreatesTheStepAndEachOutput()
    {
        var history = FacilityHistory.Harvested();

        var recorded = history.Record(NgocLinh.Drying());

        Assert.Same(recorded, history.Records.CreatorOf(new RecordKey(RecordKind.Step, NgocLinh.DryingStepId)));
        Assert.Same(recorded, history.Records.CreatorOf(new RecordKey(RecordKind.Batch, NgocLinh.DriedBatchId)));
    }

    [Fact]
    public void WhenALotIsPacked_ItsInputsLoseWhatItTook()
    {
        var history = FacilityHistory.Dried();

        var recorded = history.Record(NgocLinh.Lot() with { UnitCount = 24, Inputs = [new(NgocLinh.DriedBatchId, 5_000)] });

        Assert.Equal(5_000, history.Records.Batches[NgocLinh.DriedBatchId].RemainingGrams);
        Assert.Same(recorded, history.Records.CreatorOf(new RecordKey(RecordKind.Lot, "08938521000013/L2605-01")));
    }

    [Fact]
    public void WhenAnEventArrivesWithASequenceAlreadyFolded_ItIsIgnored()
    {
        var history = FacilityHistory.Harvested();
        var records = history.Records;
        var last = records.LastSequence;

        records.Apply(FacilityHistory.Recorded(last, NgocLinh.Step(StepKind.Washing, 20_000, 19_000)));
        records.Apply(FacilityHistory.Recorded(last - 1, NgocLinh.Step(StepKind.Washing, 20_000, 19_000, "RUA-2", "SD-RUA-2")));

        Assert.Equal(last, records.LastSequence);
        Assert.Equal(NgocLinh.HarvestGrams, records.Batches[NgocLinh.HarvestBatchId].RemainingGrams);
        Assert.False(records.Batches.ContainsKey("SD-2026-001-XL"));
        Assert.Null(records.CreatorOf(new RecordKey(RecordKind.Step, "XL-2026-001")));
    }

    [Fact]
    public void WhenAStepIsReplayedAfterARestart_ItsMassIsTakenOnlyOnce()
    {
        var history = FacilityHistory.Harvested();
        var slicing = history.Record(NgocLinh.Step(StepKind.Slicing, 20_000, 18_000));

        history.Records.Apply(slicing);

        Assert.Equal(30_000, history.Records.Batches[NgocLinh.HarvestBatchId].RemainingGrams);
    }

    [Fact]
    public void WhenSequencesSkipNumbers_LaterEventsAreStillFolded()
    {
        // Sequences are global positions in the store: other facilities' events sit in the gaps.
        var records = new FacilityRecords();

        records.Apply(FacilityHistory.Recorded(7, NgocLinh.Facility()));
        records.Apply(FacilityHistory.Recorded(42, NgocLinh.DryingSite()));

        Assert.Equal(42, records.LastSequence);
        Assert.True(records.Sites.ContainsKey(NgocLinh.DryingSiteId));
    }

    [Fact]
    public void WhenNothingIsFolded_ItThrows() =>
        Assert.Throws<ArgumentNullException>(() => new FacilityRecords().Apply(null!));
}
