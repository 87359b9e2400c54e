using Traceability.Abstractions.Tests.Fixtures;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Views;

namespace Traceability.Abstractions.Tests.Views;

/// <summary>A batch as a buyer or inspector sees it: where it came from, what it weighed, and who took from it.</summary>
public sealed class BatchViewTests
{
    private static readonly string[] NoSpecies = [];

    private static string[] Unasked(StepRecorded step) => throw new InvalidOperationException($"species of {step.StepId} were not expected to be asked for");

    private static BatchView Harvested(long sequence = 10) =>
        BatchView.Fold(null, NgocLinh.HarvestBatchId, FacilityHistory.Recorded(sequence, NgocLinh.Harvest()), Unasked)!;

    [Fact]
    public void WhenTheBatchIsHarvested_ItsViewStartsFullWithItsAreaAndHarvester()
    {
        var recorded = FacilityHistory.Recorded(10, NgocLinh.Harvest());

        var view = BatchView.Fold(null, NgocLinh.HarvestBatchId, recorded, Unasked);

        Assert.NotNull(view);
        Assert.Equal(NgocLinh.HarvestBatchId, view.BatchId);
        Assert.Equal(NgocLinh.FacilityId, view.FacilityId);
        Assert.Equal([NgocLinh.VineGinseng], view.Species);
        Assert.Equal("Codonopsis javanica, harvested", view.Description);
        Assert.Equal(NgocLinh.HarvestGrams, view.InitialMassGrams);
        Assert.Equal(NgocLinh.HarvestGrams, view.RemainingGrams);
        Assert.Equal(new BatchOrigin(NgocLinh.AreaCode, NgocLinh.HarvestedAt, "A Thị Bến", null), view.Origin);
        Assert.Empty(view.Uses);
        Assert.Equal(10, view.Sequence);
        Assert.Equal(recorded.RecordedAt, view.RecordedAt);
    }

    [Fact]
    public void WhenAnotherBatchIsHarvested_ThisBatchHasNoView() =>
        Assert.Null(BatchView.Fold(null, NgocLinh.HarvestBatchId, FacilityHistory.Recorded(10, NgocLinh.Harvest(NgocLinh.SecondHarvestBatchId)), Unasked));

    [Fact]
    public void WhenAStepProducesTheBatch_ItsViewCarriesTheSpeciesItIsGivenAndPointsToTheStep()
    {
        var drying = NgocLinh.Drying();
        StepRecorded? asked = null;

        var view = BatchView.Fold(null, NgocLinh.DriedBatchId, FacilityHistory.Recorded(11, drying), step =>
        {
            asked = step;
            return [NgocLinh.VineGinseng, NgocLinh.NgocLinhGinseng];
        });

        Assert.NotNull(view);
        Assert.Same(drying, asked);
        Assert.Equal([NgocLinh.VineGinseng, NgocLinh.NgocLinhGinseng], view.Species);
        Assert.Equal("Sâm dây sấy khô", view.Description);
        Assert.Equal(NgocLinh.DriedGrams, view.InitialMassGrams);
        Assert.Equal(NgocLinh.DriedGrams, view.RemainingGrams);
        Assert.Equal(new BatchOrigin(null, null, null, NgocLinh.DryingStepId), view.Origin);
        Assert.Equal(11, view.Sequence);
    }

    [Fact]
    public void WhenAStepHasSeveralOutputs_EachViewHasItsOwnMass()
    {
        var sorting = NgocLinh.Step(StepKind.Sorting, NgocLinh.HarvestGrams, 0) with
        {
            Outputs = [new("SD-LOAI1", 30_000, "Loại 1"), new("SD-LOAI2", 18_000, "Loại 2")],
        };

        var view = BatchView.Fold(null, "SD-LOAI2", FacilityHistory.Recorded(11, sorting), _ => [NgocLinh.VineGinseng]);

        Assert.Equal(18_000, view?.InitialMassGrams);
        Assert.Equal("Loại 2", view?.Description);
    }

    [Fact]
    public void WhenAStepTakesFromTheBatch_ItsRemainingMassDropsAndTheUseIsListed()
    {
        var slicing = FacilityHistory.Recorded(11, NgocLinh.Step(StepKind.Slicing, 20_000, 18_000, "THAI-2026-001"));

        var view = BatchView.Fold(Harvested(), NgocLinh.HarvestBatchId, slicing, Unasked);

        Assert.NotNull(view);
        Assert.Equal(NgocLinh.HarvestGrams, view.InitialMassGrams);
        Assert.Equal(30_000, view.RemainingGrams);
        Assert.Equal([new BatchUse(RecordKind.Step, "THAI-2026-001", 20_000, slicing.RecordedAt)], view.Uses);
        Assert.Equal(11, view.Sequence);
    }

    [Fact]
    public void WhenALotIsPackedFromTheBatch_TheUseNamesTheLotByGtinAndLotCode()
    {
        var lot = NgocLinh.Lot() with { UnitCount = 240, Inputs = [new(NgocLinh.HarvestBatchId, NgocLinh.HarvestGrams)] };
        var packed = FacilityHistory.Recorded(12, lot);

        var view = BatchView.Fold(Harvested(), NgocLinh.HarvestBatchId, packed, Unasked);

        Assert.NotNull(view);
        Assert.Equal(0, view.RemainingGrams);
        Assert.Equal([new BatchUse(RecordKind.Lot, "08938521000013/L2605-01", NgocLinh.HarvestGrams, packed.RecordedAt)], view.Uses);
    }

    [Fact]
    public void WhenTheBatchIsUsedSeveralTimes_TheUsesAccumulateInOrder()
    {
        var view = Harvested();
        view = BatchView.Fold(view, NgocLinh.HarvestBatchId, FacilityHistory.Recorded(11, NgocLinh.Step(StepKind.Washing, 10_000, 9_500, "RUA-1", "SD-RUA-1")), Unasked);
        view = BatchView.Fold(view, NgocLinh.HarvestBatchId, FacilityHistory.Recorded(12, NgocLinh.Step(StepKind.Washing, 15_000, 14_000, "RUA-2", "SD-RUA-2")), Unasked);

        Assert.NotNull(view);
        Assert.Equal(25_000, view.RemainingGrams);
        Assert.Equal(["RUA-1", "RUA-2"], view.Uses.Select(u => u.Key));
        Assert.Equal(12, view.Sequence);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(9)]
    public void WhenAnEventIsNotNewerThanTheView_ItIsIgnored(long sequence)
    {
        var view = Harvested(10);

        var after = BatchView.Fold(view, NgocLinh.HarvestBatchId, FacilityHistory.Recorded(sequence, NgocLinh.Step(StepKind.Slicing, 20_000, 18_000)), Unasked);

        Assert.Same(view, after);
    }

    [Fact]
    public void WhenAStepNeitherTakesNorMakesTheBatch_TheViewIsUnchanged()
    {
        var view = Harvested();
        var other = NgocLinh.Step(StepKind.Slicing, 20_000, 18_000) with { Inputs = [new(NgocLinh.SecondHarvestBatchId, 20_000)] };

        Assert.Same(view, BatchView.Fold(view, NgocLinh.HarvestBatchId, FacilityHistory.Recorded(11, other), Unasked));
    }

    [Fact]
    public void WhenALotDoesNotContainTheBatch_TheViewIsUnchanged()
    {
        var view = Harvested();

        Assert.Same(view, BatchView.Fold(view, NgocLinh.HarvestBatchId, FacilityHistory.Recorded(11, NgocLinh.Lot()), Unasked));
    }

    [Fact]
    public void WhenAUseArrivesBeforeTheBatchIsKnown_ThereIsStillNoView()
    {
        Assert.Null(BatchView.Fold(null, NgocLinh.HarvestBatchId, FacilityHistory.Recorded(11, NgocLinh.Drying()), _ => NoSpecies));
        Assert.Null(BatchView.Fold(null, NgocLinh.DriedBatchId, FacilityHistory.Recorded(12, NgocLinh.Lot()), _ => NoSpecies));
    }

    [Fact]
    public void WhenAnEventThatIsNotAboutBatchesArrives_TheViewIsUnchanged()
    {
        var view = Harvested();

        Assert.Same(view, BatchView.Fold(view, NgocLinh.HarvestBatchId, FacilityHistory.Recorded(11, NgocLinh.DryingSite()), Unasked));
    }

    [Fact]
    public void WhenTheBatchIsHarvested_ItHasNotBeenStoredYet() =>
        Assert.Empty(Harvested().StorageIds);

    [Fact]
    public void WhenTheBatchIsStored_TheStorageIsListedAndNoMassIsTaken()
    {
        var stored = NgocLinh.Storage() with { BatchIds = [NgocLinh.SecondHarvestBatchId, NgocLinh.HarvestBatchId], LotKeys = [] };

        var view = BatchView.Fold(Harvested(), NgocLinh.HarvestBatchId, FacilityHistory.Recorded(11, stored), Unasked);

        Assert.NotNull(view);
        Assert.Equal([NgocLinh.StorageId], view.StorageIds);
        Assert.Equal(NgocLinh.HarvestGrams, view.RemainingGrams);
        Assert.Empty(view.Uses);
        Assert.Equal(11, view.Sequence);
    }

    [Fact]
    public void WhenTheBatchIsStoredTwice_BothPeriodsAreListedInOrder()
    {
        var first = NgocLinh.Storage() with { BatchIds = [NgocLinh.HarvestBatchId], LotKeys = [] };
        var view = BatchView.Fold(Harvested(), NgocLinh.HarvestBatchId, FacilityHistory.Recorded(11, first), Unasked);
        view = BatchView.Fold(view, NgocLinh.HarvestBatchId, FacilityHistory.Recorded(12, first with { StorageId = "KHO-2026-002" }), Unasked);

        Assert.Equal([NgocLinh.StorageId, "KHO-2026-002"], view!.StorageIds);
    }

    [Fact]
    public void WhenAStorageHoldsOtherGoods_TheViewIsUnchanged()
    {
        var view = Harvested();

        Assert.Same(view, BatchView.Fold(view, NgocLinh.HarvestBatchId, FacilityHistory.Recorded(11, NgocLinh.Storage()), Unasked));
    }

    [Fact]
    public void WhenAViewIsUsedAfterItWasStored_ItKeepsItsStorage()
    {
        var stored = BatchView.Fold(Harvested(), NgocLinh.HarvestBatchId, FacilityHistory.Recorded(11, NgocLinh.Storage() with { BatchIds = [NgocLinh.HarvestBatchId] }), Unasked);

        var used = BatchView.Fold(stored, NgocLinh.HarvestBatchId, FacilityHistory.Recorded(12, NgocLinh.Drying()), Unasked);

        Assert.Equal([NgocLinh.StorageId], used!.StorageIds);
        Assert.Single(used!.Uses);
    }

    [Fact]
    public void WhenFoldIsGivenNothing_ItThrows()
    {
        Assert.Throws<ArgumentNullException>(() => BatchView.Fold(null, NgocLinh.HarvestBatchId, null!, Unasked));
        Assert.Throws<ArgumentNullException>(() => BatchView.Fold(null, NgocLinh.HarvestBatchId, FacilityHistory.Recorded(1, NgocLinh.Harvest()), null!));
    }
}
