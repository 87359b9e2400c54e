using Grpc.Core;
using Traceability.Contracts.V1;

namespace Traceability.Server.Tests;

/// <summary>Capturing over gRPC through the real server: results, idempotent retries and every kind of refusal.</summary>
public sealed class CaptureOverGrpcTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task WhenACooperativeRecordsItsWeek_TheLotTracesBackToTheForestPlot()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        var dried = await scenario.RunAsync();

        var trace = await scenario.Trace.TraceLotAsync(new TraceLotRequest { Gtin = scenario.Gtin, Lot = scenario.Lot });

        Assert.Equal(3, trace.Depth);
        Assert.Equal(scenario.AreaCode, Assert.Single(trace.Areas).AreaCode);
        Assert.Equal(4, trace.Batches.Count);
        Assert.Equal(["WASH", "SLICE", "DRY"], trace.Steps.Select(s => s.StepId.Split('-')[0]));
        Assert.Equal(scenario.FacilityId, Assert.Single(trace.Facilities).FacilityId);
        var driedBatch = await scenario.Batches.GetBatchAsync(new GetBatchRequest { BatchId = dried });
        Assert.Equal(10_000, driedBatch.RemainingMassG);
    }

    [Fact]
    public async Task WhenAHarvestIsSentTwice_TheSecondAnswerIsTheFirstRecord()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        await scenario.Registry.RegisterFacilityAsync(scenario.Facility());
        await scenario.Registry.RegisterAreaAsync(scenario.Area());

        var first = await scenario.Batches.HarvestAsync(scenario.Harvest());
        var second = await scenario.Batches.HarvestAsync(scenario.Harvest());

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task WhenABatchIdIsReusedWithOtherContent_ItIsAlreadyExists()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        await scenario.Registry.RegisterFacilityAsync(scenario.Facility());
        await scenario.Registry.RegisterAreaAsync(scenario.Area());
        await scenario.Batches.HarvestAsync(scenario.Harvest());

        var error = await Assert.ThrowsAsync<RpcException>(() => scenario.Batches.HarvestAsync(scenario.Harvest(grams: 5_000)).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.StartsWith("batch_id:", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(100_000, (await scenario.Batches.GetBatchAsync(new GetBatchRequest { BatchId = scenario.HarvestId })).InitialMassG);
    }

    public static TheoryData<string, StatusCode, string> Refusals => new()
    {
        { "mass of zero", StatusCode.InvalidArgument, "mass_g:" },
        { "unknown area", StatusCode.NotFound, "area_code:" },
        { "species not grown in the area", StatusCode.FailedPrecondition, "species:" },
        { "harvest in the future", StatusCode.InvalidArgument, "harvested_at:" },
        { "bad batch id", StatusCode.InvalidArgument, "batch_id:" },
        { "unregistered facility", StatusCode.FailedPrecondition, "facility_id:" },
        { "missing facility id", StatusCode.InvalidArgument, "facility_id:" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task WhenAHarvestBreaksARule_TheStatusNamesTheFieldAndNothingIsRecorded(string breach, StatusCode expected, string field)
    {
        var scenario = new Scenario(fixture.Server.Channel);
        await scenario.Registry.RegisterFacilityAsync(scenario.Facility());
        await scenario.Registry.RegisterAreaAsync(scenario.Area());
        var request = scenario.Harvest();
        switch (breach)
        {
            case "mass of zero": request.MassG = 0; break;
            case "unknown area": request.AreaCode = "DG-NOWHERE"; break;
            case "species not grown in the area": request.Species = "Coffea arabica"; break;
            case "harvest in the future": request.HarvestedAt = Scenario.At(DateTimeOffset.UtcNow.AddDays(2)); break;
            case "bad batch id": request.BatchId = "SD 01/2026"; break;
            case "unregistered facility": request.FacilityId = "HTX-NEVER-REGISTERED-" + scenario.Suffix; break;
            case "missing facility id": request.FacilityId = string.Empty; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => scenario.Batches.HarvestAsync(request).ResponseAsync);

        Assert.Equal(expected, error.StatusCode);
        Assert.StartsWith(field, error.Status.Detail, StringComparison.Ordinal);
        var lookup = await Assert.ThrowsAsync<RpcException>(() => scenario.Batches.GetBatchAsync(new GetBatchRequest { BatchId = scenario.HarvestId }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task WhenAStepTakesMoreThanTheBatchHasLeft_ItIsRefusedAndTheBatchIsUntouched()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        await scenario.Registry.RegisterFacilityAsync(scenario.Facility());
        await scenario.Registry.RegisterSiteAsync(scenario.Site());
        await scenario.Registry.RegisterAreaAsync(scenario.Area());
        await scenario.Batches.HarvestAsync(scenario.Harvest());

        var error = await Assert.ThrowsAsync<RpcException>(() => scenario.Processing.RecordStepAsync(
            scenario.Step($"WASH-{scenario.Suffix}", StepKind.Washing, scenario.HarvestId, 150_000, $"SD-W-{scenario.Suffix}", 140_000, 2)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("inputs[0].mass_g: batch '" + scenario.HarvestId + "' has 100000 g left; 150000 g cannot be taken from it", error.Status.Detail);
        var batch = await scenario.Batches.GetBatchAsync(new GetBatchRequest { BatchId = scenario.HarvestId });
        Assert.Equal(100_000, batch.RemainingMassG);
        Assert.Empty(batch.Uses);
    }

    [Fact]
    public async Task WhenDryingGivesBackMoreThanWentIn_ItIsRefusedAsImplausible()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        await scenario.Registry.RegisterFacilityAsync(scenario.Facility());
        await scenario.Registry.RegisterSiteAsync(scenario.Site());
        await scenario.Registry.RegisterAreaAsync(scenario.Area());
        await scenario.Batches.HarvestAsync(scenario.Harvest());

        var error = await Assert.ThrowsAsync<RpcException>(() => scenario.Processing.RecordStepAsync(
            scenario.Step($"DRY-{scenario.Suffix}", StepKind.Drying, scenario.HarvestId, 50_000, $"SD-D-{scenario.Suffix}", 50_000, 2)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.StartsWith("outputs: Drying turns 50000 g into 50000 g", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenALotNamesAnUnregisteredProduct_ItIsNotFound()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        var dried = await scenario.RunAsync();
        var request = scenario.Pack(dried, 1_000, 5, 200);
        request.Gtin = Scenario.WithCheckDigit("0893699999999");
        request.Lot = "OTHER-1";

        var error = await Assert.ThrowsAsync<RpcException>(() => scenario.Lots.PackAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.StartsWith("gtin:", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenALotDateIsNotADate_ItIsInvalidArgumentNamingTheField()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        var dried = await scenario.RunAsync();
        var request = scenario.Pack(dried, 1_000, 5, 200);
        request.Lot = "OTHER-2";
        request.ExpiresOn = "10/10/2028";

        var error = await Assert.ThrowsAsync<RpcException>(() => scenario.Lots.PackAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("expires_on:", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenAFacilityUsesAnotherFacilitysBatch_ItIsRefusedNamingTheOwner()
    {
        var owner = new Scenario(fixture.Server.Channel);
        var dried = await owner.RunAsync();
        var other = new Scenario(fixture.Server.Channel);
        await other.Registry.RegisterFacilityAsync(other.Facility());
        await other.Registry.RegisterSiteAsync(other.Site());
        await other.Registry.RegisterProductAsync(other.Product());

        var error = await Assert.ThrowsAsync<RpcException>(() => other.Lots.PackAsync(other.Pack(dried, 1_000, 5, 200)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains($"belongs to facility '{owner.FacilityId}'", error.Status.Detail, StringComparison.Ordinal);
    }
}
