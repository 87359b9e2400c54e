using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Traceability.Contracts.V1;
using Traceability.Server.Demo;

namespace Traceability.Server.Tests;

/// <summary>
/// Storage periods through the real server: recorded as JSON over HTTP or over gRPC, shown by id
/// and in the lot's backward trace, and refused for another facility's goods or store.
/// </summary>
public sealed class StorageRouteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Http => fixture.Server.Http;

    private static RegisterSiteRequest Store(Scenario scenario) => new()
    {
        FacilityId = scenario.FacilityId,
        SiteId = $"{scenario.FacilityId}.STORE1",
        Kind = SiteKind.Storage,
        Name = "Kho thành phẩm",
        Commune = "Ngọc Linh",
    };

    /// <summary>The scenario's week, its store registered, and the lot held there for five days after packing.</summary>
    private static RecordStorageRequest LotStored(Scenario scenario, string storageId) => new()
    {
        FacilityId = scenario.FacilityId,
        StorageId = storageId,
        SiteId = $"{scenario.FacilityId}.STORE1",
        StartedAt = Scenario.At(Scenario.Day(10, 16)),
        EndedAt = Scenario.At(Scenario.Day(15, 9)),
        LotKeys = { $"{scenario.Gtin}/{scenario.Lot}" },
    };

    [Fact]
    public async Task WhenAStoragePeriodIsPostedAsJson_ItIsShownByIdAndInTheLotsTrace()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        var dried = await scenario.RunAsync();
        await scenario.Registry.RegisterSiteAsync(Store(scenario));
        var storeId = $"{scenario.FacilityId}.STORE1";

        using var body = JsonContent.Create(new
        {
            storageId = $"KHO-{scenario.Suffix}-2",
            siteId = storeId,
            startedAt = "2026-10-10T16:00:00+07:00",
            endedAt = "2026-10-15T09:00:00+07:00",
            lotKeys = new[] { $"{scenario.Gtin}/{scenario.Lot}" },
        });
        using var created = await Http.PostAsync(new Uri($"/v1/facilities/{scenario.FacilityId}/storage", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        // The dried roots waited in the store between drying and packing.
        await scenario.Processing.RecordStorageAsync(new RecordStorageRequest
        {
            FacilityId = scenario.FacilityId,
            StorageId = $"KHO-{scenario.Suffix}-1",
            SiteId = storeId,
            StartedAt = Scenario.At(Scenario.Day(5)),
            EndedAt = Scenario.At(Scenario.Day(9)),
            BatchIds = { dried },
        });

        using var shown = await GetJsonAsync($"/v1/storage/KHO-{scenario.Suffix}-2");
        Assert.Equal(storeId, shown.RootElement.GetProperty("siteId").GetString());
        Assert.Equal("2026-10-10T09:00:00Z", shown.RootElement.GetProperty("startedAt").GetString());
        Assert.Equal([$"{scenario.Gtin}/{scenario.Lot}"], shown.RootElement.GetProperty("lotKeys").EnumerateArray().Select(k => k.GetString()));

        using var trace = await GetJsonAsync($"/v1/lots/{scenario.Gtin}/{scenario.Lot}/trace");
        var storages = trace.RootElement.GetProperty("storages").EnumerateArray().ToList();
        Assert.Equal([$"KHO-{scenario.Suffix}-1", $"KHO-{scenario.Suffix}-2"], storages.Select(s => s.GetProperty("storageId").GetString()));
        Assert.Contains(trace.RootElement.GetProperty("sites").EnumerateArray(), s => s.GetProperty("siteId").GetString() == storeId);
        var driedBatch = trace.RootElement.GetProperty("batches").EnumerateArray().Single(b => b.GetProperty("batchId").GetString() == dried);
        Assert.Equal([$"KHO-{scenario.Suffix}-1"], driedBatch.GetProperty("storageIds").EnumerateArray().Select(id => id.GetString()));
    }

    [Fact]
    public async Task WhenTheSameStoragePeriodIsSentTwice_TheSecondAnswerIsTheFirstRecord()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        await scenario.RunAsync();
        await scenario.Registry.RegisterSiteAsync(Store(scenario));

        var first = await scenario.Processing.RecordStorageAsync(LotStored(scenario, $"KHO-{scenario.Suffix}"));
        var second = await scenario.Processing.RecordStorageAsync(LotStored(scenario, $"KHO-{scenario.Suffix}"));

        Assert.Equal(first, second);
        var changed = LotStored(scenario, $"KHO-{scenario.Suffix}");
        changed.EndedAt = Scenario.At(Scenario.Day(16));
        var error = await Assert.ThrowsAsync<RpcException>(() => scenario.Processing.RecordStorageAsync(changed).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.StartsWith("storage_id:", error.Status.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, StatusCode, string> Refusals => new()
    {
        { "the neighbour's lot", StatusCode.FailedPrecondition, "lot_keys[0]:" },
        { "the neighbour's batch", StatusCode.FailedPrecondition, "batch_ids[0]:" },
        { "the neighbour's store", StatusCode.NotFound, "site_id:" },
        { "a lot never packed", StatusCode.NotFound, "lot_keys[0]:" },
        { "a lot key without a lot code", StatusCode.InvalidArgument, "lot_keys[0]:" },
        { "nothing stored", StatusCode.InvalidArgument, "batch_ids:" },
        { "no end", StatusCode.InvalidArgument, "ended_at:" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task WhenAFacilityStoresWhatIsNotItsOwn_TheStatusNamesTheFieldAndNothingIsRecorded(string breach, StatusCode expected, string field)
    {
        var owner = new Scenario(fixture.Server.Channel);
        var ownersDried = await owner.RunAsync();
        await owner.Registry.RegisterSiteAsync(Store(owner));
        var neighbour = new Scenario(fixture.Server.Channel);
        await neighbour.RunAsync();
        await neighbour.Registry.RegisterSiteAsync(Store(neighbour));
        var request = LotStored(neighbour, $"KHO-{neighbour.Suffix}");
        switch (breach)
        {
            case "the neighbour's lot": request.LotKeys[0] = $"{owner.Gtin}/{owner.Lot}"; break;
            case "the neighbour's batch": request.LotKeys.Clear(); request.BatchIds.Add(ownersDried); break;
            case "the neighbour's store": request.SiteId = $"{owner.FacilityId}.STORE1"; break;
            case "a lot never packed": request.LotKeys[0] = $"{neighbour.Gtin}/NL-NEVER"; break;
            case "a lot key without a lot code": request.LotKeys[0] = neighbour.Gtin; break;
            case "nothing stored": request.LotKeys.Clear(); break;
            case "no end": request.EndedAt = null; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => neighbour.Processing.RecordStorageAsync(request).ResponseAsync);

        Assert.Equal(expected, error.StatusCode);
        Assert.StartsWith(field, error.Status.Detail, StringComparison.Ordinal);
        var lookup = await Assert.ThrowsAsync<RpcException>(() => neighbour.Processing.GetStorageAsync(new GetStorageRequest { StorageId = request.StorageId }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task WhenAnUnknownStoragePeriodIsAskedFor_TheAnswerIs404NamingIt()
    {
        using var response = await Http.GetAsync(new Uri("/v1/storage/KHO-NEVER-RECORDED", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("storage_id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDemoLotToTry_TracesThroughTheDriedSlicesStorageAndItsOwn()
    {
        var (gtin, lot) = DakGleiDemo.LotToTry;

        using var trace = await GetJsonAsync($"/v1/lots/{gtin}/{Uri.EscapeDataString(lot)}/trace");

        var storages = trace.RootElement.GetProperty("storages").EnumerateArray().ToList();
        Assert.Equal(["NL-K-2026-001", "NL-K-2026-003"], storages.Select(s => s.GetProperty("storageId").GetString()));
        Assert.All(storages, s => Assert.Equal("HTX-NGOCLINH-DG.STORE1", s.GetProperty("siteId").GetString()));
    }

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text);
    }
}
