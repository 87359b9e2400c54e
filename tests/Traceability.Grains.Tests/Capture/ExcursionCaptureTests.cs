using System.Text.Json.Nodes;
using Traceability.Events;
using Traceability.Grains.Tests.Fixtures;
using Traceability.Rules;

namespace Traceability.Grains.Tests.Capture;

/// <summary>An excursion seen live at a site goes through the site to its facility's ledger, as an EPCIS sensor alarm.</summary>
public sealed class ExcursionCaptureTests(FieldCluster cluster) : IClassFixture<FieldCluster>
{
    private IGrainFactory Grains => cluster.Grains;

    [Fact]
    public async Task WhenTheStoreWasTooWarm_TheExcursionLandsInTheLedgerAsAnAlarm()
    {
        var cooperative = Cooperative.Next();
        await cooperative.RegisterAsync(Grains);
        await cooperative.RecordAsync(Grains, cooperative.Store());
        var excursion = cooperative.StoreTooWarm();

        var result = await Grains.GetGrain<ISiteGrain>(cooperative.StoreId).RecordExcursion(excursion);

        Assert.Null(result.Violation);
        Assert.False(result.Repeated);
        var stored = await cluster.Store.ReadCreatorAsync(new RecordKey(RecordKind.Excursion, excursion.ExcursionId));
        Assert.NotNull(stored);
        Assert.Equal(result.Recorded!.Sequence, stored.Recorded.Sequence);
        Assert.Equal(excursion, stored.Recorded.Event);
        var epcis = JsonNode.Parse(stored.Epcis)!;
        Assert.Equal(stored.EventId, (string?)epcis["eventID"]);
        Assert.Equal("sensor_reporting", (string?)epcis["bizStep"]);
        var report = epcis["sensorElementList"]![0]!["sensorReport"]![0]!;
        Assert.Equal("ALARM_CONDITION", (string?)report["exception"]);
        Assert.Equal(27.4, (double?)report["value"]);
        Assert.Equal(cooperative.FacilityId, await cluster.Store.OwnerOfAsync(new RecordKey(RecordKind.Excursion, excursion.ExcursionId)));
    }

    [Fact]
    public async Task WhenTheGatewayResendsTheExcursion_TheFirstRecordIsReturned()
    {
        var cooperative = Cooperative.Next();
        await cooperative.RegisterAsync(Grains);
        await cooperative.RecordAsync(Grains, cooperative.Store());
        var site = Grains.GetGrain<ISiteGrain>(cooperative.StoreId);
        var first = await site.RecordExcursion(cooperative.StoreTooWarm());
        var before = await cluster.EventCountAsync();

        var again = await site.RecordExcursion(cooperative.StoreTooWarm());

        Assert.True(again.Repeated);
        Assert.Equal(first.Recorded!.Sequence, again.Recorded!.Sequence);
        Assert.Equal(before, await cluster.EventCountAsync());
    }

    [Fact]
    public async Task WhenTheExcursionIsMalformed_NothingIsWritten()
    {
        var cooperative = Cooperative.Next();
        await cooperative.RegisterAsync(Grains);
        await cooperative.RecordAsync(Grains, cooperative.Store());

        await cluster.RefusedWithoutWritingAsync(
            () => Grains.GetGrain<ISiteGrain>(cooperative.StoreId).RecordExcursion(cooperative.StoreTooWarm() with { Direction = "sideways" }),
            ViolationKind.InvalidArgument,
            "direction");
    }

    [Fact]
    public async Task WhenTheSiteIsNotRegistered_TheExcursionIsNotFound()
    {
        var cooperative = Cooperative.Next();
        await cooperative.RegisterAsync(Grains);

        await cluster.RefusedWithoutWritingAsync(
            () => Grains.GetGrain<ISiteGrain>(cooperative.StoreId).RecordExcursion(cooperative.StoreTooWarm()),
            ViolationKind.NotFound,
            "site_id");
    }
}
