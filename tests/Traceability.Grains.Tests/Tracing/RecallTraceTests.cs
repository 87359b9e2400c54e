using Traceability.Events;
using Traceability.Grains.Tests.Fixtures;
using Traceability.Grains.Tracing;
using Traceability.Rules;

namespace Traceability.Grains.Tests.Tracing;

/// <summary>
/// A buyer who scans a withdrawn or recalled lot sees it in the lot's trace; only the facility
/// that packed the lot can take it back, and a repeated request records nothing new.
/// </summary>
public sealed class RecallTraceTests(FieldCluster cluster) : IClassFixture<FieldCluster>
{
    private readonly TraceQueries _trace = new(cluster.Grains);

    private IGrainFactory Grains => cluster.Grains;

    [Fact]
    public async Task WhenTheCooperativeWithdrawsItsLot_TheTraceShowsTheWithdrawalAsRecorded()
    {
        var cooperative = Cooperative.Next();
        await cooperative.SeasonAsync(Grains);

        var result = await cooperative.Grain(Grains).Capture(cooperative.Withdrawal());

        Assert.False(result.Repeated);
        var recorded = Assert.IsType<LotRecalled>(result.Recorded!.Event);
        var trace = await _trace.BackwardAsync(cooperative.Gtin, cooperative.LotCode);
        var shown = Assert.Single(trace!.Recalls);
        Assert.Equal(recorded, shown.Record);
        Assert.Equal(result.Recorded.Sequence, shown.Sequence);
        Assert.Equal(result.Recorded.RecordedAt, shown.RecordedAt);
        Assert.Equal(RecallKind.Withdrawal, shown.Record.Kind);
        Assert.Equal(cooperative.FacilityId, shown.Record.FacilityId);
    }

    [Fact]
    public async Task WhenTheWithdrawalIsEscalatedToARecall_TheTraceShowsBothInDecisionOrder()
    {
        var cooperative = Cooperative.Next();
        await cooperative.SeasonAsync(Grains);

        await cooperative.RecordAsync(Grains, cooperative.Withdrawal(), cooperative.Recall());

        var trace = await _trace.BackwardAsync(cooperative.Gtin, cooperative.LotCode);
        Assert.Equal([RecallKind.Withdrawal, RecallKind.Recall], trace!.Recalls.Select(r => r.Record.Kind));
        Assert.Equal(trace.Recalls, await Grains.GetGrain<ILotGrain>(cooperative.LotKey).Recalls());
    }

    [Fact]
    public async Task WhenTheLotWasTracedBeforeItWasWithdrawn_TheNextTraceShowsTheWithdrawal()
    {
        var cooperative = Cooperative.Next();
        await cooperative.SeasonWithStorageAsync(Grains);
        Assert.Empty((await _trace.BackwardAsync(cooperative.Gtin, cooperative.LotCode))!.Recalls);

        await cooperative.RecordAsync(Grains, cooperative.Withdrawal());

        var trace = await _trace.BackwardAsync(cooperative.Gtin, cooperative.LotCode);
        Assert.Equal(RecallKind.Withdrawal, Assert.Single(trace!.Recalls).Record.Kind);
        // The lot's storage is still read from the same stream.
        Assert.Equal([cooperative.DriedStorageId, cooperative.LotStorageId], trace.Storages.Select(s => s.Record.StorageId));
    }

    [Fact]
    public async Task WhenTheWithdrawalIsSentAgainAfterALostReply_TheFirstRecordIsReturnedAndNothingIsWritten()
    {
        var cooperative = Cooperative.Next();
        await cooperative.SeasonAsync(Grains);
        var first = (await cooperative.RecordAsync(Grains, cooperative.Withdrawal()))[0];
        var before = await cluster.EventCountAsync();

        var again = await cooperative.Grain(Grains).Capture(cooperative.Withdrawal());

        Assert.True(again.Repeated);
        Assert.Equal(first.Recorded, again.Recorded);
        Assert.Equal(before, await cluster.EventCountAsync());
        Assert.Single((await _trace.BackwardAsync(cooperative.Gtin, cooperative.LotCode))!.Recalls);
    }

    [Fact]
    public async Task WhenTheLotIsWithdrawnASecondTimeForAnotherReason_ItIsRefusedAsAlreadyExisting()
    {
        var cooperative = Cooperative.Next();
        await cooperative.SeasonAsync(Grains);
        await cooperative.RecordAsync(Grains, cooperative.Withdrawal());

        var violation = await cluster.RefusedWithoutWritingAsync(
            () => cooperative.Grain(Grains).Capture(cooperative.Withdrawal() with { Reason = "Bao bì bị rách" }),
            ViolationKind.AlreadyExists,
            "lot");

        Assert.Contains("is already withdrawn", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenANeighbourWithdrawsTheCooperativesLot_ItIsRefusedNamingThePackerAndTheTraceShowsNothing()
    {
        var owner = Cooperative.Next();
        await owner.SeasonAsync(Grains);
        var neighbour = Cooperative.Next();
        await neighbour.RegisterAsync(Grains);

        var violation = await cluster.RefusedWithoutWritingAsync(
            () => neighbour.Grain(Grains).Capture(owner.Withdrawal() with { FacilityId = neighbour.FacilityId }),
            ViolationKind.FailedPrecondition,
            "lot");

        Assert.Equal($"lot '{owner.LotKey}' belongs to facility '{owner.FacilityId}', not to the withdrawing facility '{neighbour.FacilityId}'", violation.Message);
        Assert.Empty((await _trace.BackwardAsync(owner.Gtin, owner.LotCode))!.Recalls);
    }

    [Fact]
    public async Task WhenAWithdrawnLotWasNeverPacked_ItIsNotFound()
    {
        var cooperative = Cooperative.Next();
        await cooperative.RegisterAsync(Grains);

        await cluster.RefusedWithoutWritingAsync(
            () => cooperative.Grain(Grains).Capture(cooperative.Withdrawal()),
            ViolationKind.NotFound,
            "lot");
        Assert.Empty(await Grains.GetGrain<ILotGrain>(cooperative.LotKey).Recalls());
    }

    [Fact]
    public async Task WhenTheWithdrawalIsRecorded_ItIsInTheFacilitysLogAndTheLotsStreamButCreatesNoRecord()
    {
        var cooperative = Cooperative.Next();
        await cooperative.SeasonAsync(Grains);

        var recorded = (await cooperative.RecordAsync(Grains, cooperative.Withdrawal()))[0].Recorded!;

        var stored = await cluster.Store.ReadStoredStreamAsync(new RecordKey(RecordKind.Lot, cooperative.LotKey)).ToListAsync();
        Assert.Equal([typeof(LotPacked), typeof(LotRecalled)], stored.Select(e => e.Recorded.Event.GetType()));
        Assert.Equal(recorded.Sequence, stored[1].Recorded.Sequence);
        Assert.StartsWith("ni:///sha-256;", stored[1].EventId, StringComparison.Ordinal);
        Assert.Contains("\"disposition\":\"non_sellable_other\"", stored[1].Epcis, StringComparison.Ordinal);
        Assert.Equal(cooperative.FacilityId, await cluster.Store.OwnerOfAsync(new RecordKey(RecordKind.Lot, cooperative.LotKey)));
    }
}
