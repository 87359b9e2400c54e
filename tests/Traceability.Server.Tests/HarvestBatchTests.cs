using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Traceability.Contracts.V1;

namespace Traceability.Server.Tests;

/// <summary>
/// Batches.HarvestBatch through the real server: a day's harvests synced in one call, each decided
/// on its own with its own outcome, a retry of the whole call repeating them, and the refusals that
/// concern the whole call.
/// </summary>
public sealed class HarvestBatchTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task ADaysHarvests_AreRecordedInOneCall_InOrder_AndEachIsReadable()
    {
        var scenario = await RegisteredAsync();
        var request = Batch(scenario, Enumerable.Range(1, 5).Select(i => Harvest(scenario, i, grams: 10_000 * i)));

        var response = await scenario.Batches.HarvestBatchAsync(request);

        Assert.Equal((5, 0, 0), (response.Recorded, response.Repeated, response.Refused));
        Assert.Equal(request.Harvests.Select(h => h.BatchId), response.Outcomes.Select(o => o.Batch.BatchId));
        Assert.All(response.Outcomes, o => Assert.False(o.Repeated));
        foreach (var harvest in request.Harvests)
        {
            var stored = await scenario.Batches.GetBatchAsync(new GetBatchRequest { BatchId = harvest.BatchId });
            Assert.Equal(harvest.MassG, stored.InitialMassG);
            Assert.Equal(scenario.AreaCode, stored.Harvest.AreaCode);
        }
    }

    [Fact]
    public async Task EachHarvestGetsItsOwnOutcome_TheRefusedOnesNameTheirFieldAndAreNotStored()
    {
        var scenario = await RegisteredAsync();
        var request = Batch(scenario, [
            Harvest(scenario, 1),
            With(Harvest(scenario, 2), h => h.MassG = 0),
            With(Harvest(scenario, 3), h => h.AreaCode = "DG-NOWHERE-" + scenario.Suffix),
            Harvest(scenario, 1),
            With(Harvest(scenario, 1), h => h.MassG = 5_000),
            With(Harvest(scenario, 4), h => h.Species = "Coffea arabica"),
            Harvest(scenario, 5),
        ]);

        var response = await scenario.Batches.HarvestBatchAsync(request);

        Assert.Equal((2, 1, 4), (response.Recorded, response.Repeated, response.Refused));
        var outcomes = response.Outcomes;
        Assert.Equal(request.Harvests[0].BatchId, outcomes[0].Batch.BatchId);
        AssertRefused(outcomes[1], "INVALID_ARGUMENT", "harvests[1].mass_g");
        AssertRefused(outcomes[2], "NOT_FOUND", "harvests[2].area_code");
        Assert.True(outcomes[3].Repeated);
        Assert.Equal(outcomes[0].Batch, outcomes[3].Batch);
        AssertRefused(outcomes[4], "ALREADY_EXISTS", "harvests[4].batch_id");
        AssertRefused(outcomes[5], "FAILED_PRECONDITION", "harvests[5].species");
        Assert.Equal(request.Harvests[6].BatchId, outcomes[6].Batch.BatchId);
        Assert.Equal(100_000, (await scenario.Batches.GetBatchAsync(new GetBatchRequest { BatchId = request.Harvests[0].BatchId })).InitialMassG);
        foreach (var refused in new[] { 1, 2, 5 })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => scenario.Batches.GetBatchAsync(new GetBatchRequest { BatchId = request.Harvests[refused].BatchId }).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, error.StatusCode);
        }
    }

    [Fact]
    public async Task RetryingTheWholeCall_RepeatsEveryHarvest_AndRecordsNothingTwice()
    {
        var scenario = await RegisteredAsync();
        var request = Batch(scenario, Enumerable.Range(1, 4).Select(i => Harvest(scenario, i)));
        var first = await scenario.Batches.HarvestBatchAsync(request);
        var size = await LogSizeAsync(scenario);

        var retry = await scenario.Batches.HarvestBatchAsync(request);

        Assert.Equal((0, 4, 0), (retry.Recorded, retry.Repeated, retry.Refused));
        Assert.Equal(first.Outcomes.Select(o => o.Batch), retry.Outcomes.Select(o => o.Batch));
        Assert.Equal(size, await LogSizeAsync(scenario));
    }

    [Fact]
    public async Task AHarvestNamingAnotherFacility_RefusesTheWholeCall_AndNothingIsStored()
    {
        var scenario = await RegisteredAsync();
        var request = Batch(scenario, [Harvest(scenario, 1), With(Harvest(scenario, 2), h => h.FacilityId = "HTX-OTHER-" + scenario.Suffix)]);

        var error = await Assert.ThrowsAsync<RpcException>(() => scenario.Batches.HarvestBatchAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("harvests[1].facility_id:", error.Status.Detail, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RpcException>(() => scenario.Batches.GetBatchAsync(new GetBatchRequest { BatchId = request.Harvests[0].BatchId }).ResponseAsync);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task ACallWithNoHarvestsOrMoreThanAThousand_IsInvalid(int count)
    {
        var scenario = await RegisteredAsync();
        var request = Batch(scenario, Enumerable.Range(1, count).Select(i => Harvest(scenario, i, grams: 1_000)));

        var error = await Assert.ThrowsAsync<RpcException>(() => scenario.Batches.HarvestBatchAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("harvests:", error.Status.Detail, StringComparison.Ordinal);
        if (count > 0)
        {
            await Assert.ThrowsAsync<RpcException>(() => scenario.Batches.GetBatchAsync(new GetBatchRequest { BatchId = request.Harvests[0].BatchId }).ResponseAsync);
        }
    }

    [Fact]
    public async Task TheSameCallWorksAsJsonOverHttp()
    {
        var scenario = await RegisteredAsync();
        var body = new
        {
            harvests = new object[]
            {
                new { batchId = $"SD-J1-{scenario.Suffix}", areaCode = scenario.AreaCode, species = "Codonopsis javanica", massG = 12_000, harvestedAt = "2026-10-01T01:00:00Z", harvester = "Y Nhung" },
                new { batchId = $"SD-J2-{scenario.Suffix}", areaCode = scenario.AreaCode, species = "Codonopsis javanica", massG = 0, harvestedAt = "2026-10-01T02:00:00Z", harvester = "Y Nhung" },
            },
        };

        using var response = await fixture.Server.Http.PostAsJsonAsync($"/v1/facilities/{scenario.FacilityId}/harvests:batch", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var outcomes = json.RootElement.GetProperty("outcomes");
        Assert.Equal($"SD-J1-{scenario.Suffix}", outcomes[0].GetProperty("batch").GetProperty("batchId").GetString());
        Assert.Equal("harvests[1].mass_g", outcomes[1].GetProperty("error").GetProperty("field").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("recorded").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("refused").GetInt32());
    }

    private async Task<Scenario> RegisteredAsync()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        await scenario.Registry.RegisterFacilityAsync(scenario.Facility());
        await scenario.Registry.RegisterAreaAsync(scenario.Area());
        return scenario;
    }

    private static HarvestBatchRequest Batch(Scenario scenario, IEnumerable<HarvestRequest> harvests)
    {
        var request = new HarvestBatchRequest { FacilityId = scenario.FacilityId };
        request.Harvests.AddRange(harvests);
        return request;
    }

    /// <summary>Harvest number <paramref name="n"/> of the day; its own facility id left empty, as a field app sends it.</summary>
    private static HarvestRequest Harvest(Scenario scenario, int n, long grams = 100_000) =>
        With(scenario.Harvest(grams), h =>
        {
            h.FacilityId = "";
            h.BatchId = $"SD-H{n}-{scenario.Suffix}";
            h.HarvestedAt = Scenario.At(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero).AddHours(n));
        });

    private static void AssertRefused(HarvestOutcome outcome, string code, string field)
    {
        Assert.Equal(HarvestOutcome.OutcomeOneofCase.Error, outcome.OutcomeCase);
        Assert.Equal(code, outcome.Error.Code);
        Assert.Equal(field, outcome.Error.Field);
        Assert.StartsWith(field + ": ", outcome.Error.Message, StringComparison.Ordinal);
    }

    private async Task<long> LogSizeAsync(Scenario scenario)
    {
        var logs = await new Contracts.V1.Ledger.LedgerClient(fixture.Server.Channel).ListLogsAsync(new ListLogsRequest());
        return logs.Logs.Single(l => l.FacilityId == scenario.FacilityId).Size;
    }

    private static T With<T>(T value, Action<T> change)
    {
        change(value);
        return value;
    }
}
