using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Traceability.Contracts.V1;
using Traceability.Security.Policy;

namespace Traceability.Server.Tests;

/// <summary>
/// Issue 8's forbidden paths through the real server on loopback: one facility's operator writing
/// or reading another facility's records over native gRPC and over JSON, and a request without
/// credentials on every entry point that is not public. Each gets its status, nothing is stored,
/// and the denial is in the audit log.
/// </summary>
public sealed class ForbiddenPathTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    public static TheoryData<string> CaptureKinds => ["site", "area", "product", "harvest", "harvest batch", "step", "storage", "lot", "recall"];

    [Theory]
    [MemberData(nameof(CaptureKinds))]
    public async Task AnOperatorWritingAnotherFacilitysRecordOverGrpc_IsDeniedNothingIsStored_AndTheDenialIsAudited(string kind)
    {
        var (victim, intruderKey) = await VictimAndIntruderAsync();
        var headers = new Metadata { { "authorization", "ApiKey " + intruderKey } };
        var id = $"X-{kind.ToUpperInvariant().Replace(' ', '-')}-{victim.Suffix}";

        var error = await Assert.ThrowsAsync<RpcException>(() => kind switch
        {
            "site" => victim.Registry.RegisterSiteAsync(With(victim.Site(), s => s.SiteId = id), headers).ResponseAsync,
            "area" => victim.Registry.RegisterAreaAsync(With(victim.Area(), a => a.AreaCode = id), headers).ResponseAsync,
            "product" => victim.Registry.RegisterProductAsync(With(victim.Product(), p => p.Gtin = Scenario.WithCheckDigit("8936009" + Random.Shared.Next(100000, 999999))), headers).ResponseAsync,
            "harvest" => victim.Batches.HarvestAsync(With(victim.Harvest(), h => h.BatchId = id), headers).ResponseAsync,
            "harvest batch" => victim.Batches.HarvestBatchAsync(new HarvestBatchRequest { FacilityId = victim.FacilityId, Harvests = { With(victim.Harvest(), h => h.BatchId = id) } }, headers).ResponseAsync,
            "step" => victim.Processing.RecordStepAsync(victim.Step(id, StepKind.Drying, $"SD-D-{victim.Suffix}", 1_000, id + "-OUT", 500, 5), headers).ResponseAsync,
            "storage" => victim.Processing.RecordStorageAsync(Storage(victim, id), headers).ResponseAsync,
            "lot" => victim.Lots.PackAsync(With(victim.Pack($"SD-D-{victim.Suffix}", 1_000, 5, 200), p => p.Lot = id), headers).ResponseAsync,
            _ => victim.Lots.RecallLotAsync(new RecallLotRequest { FacilityId = victim.FacilityId, Gtin = victim.Gtin, Lot = victim.Lot, Kind = RecallKind.Recall, Reason = "not mine to recall" }, headers).ResponseAsync,
        });

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains($"only the operator of facility {victim.FacilityId} may record", error.Status.Detail, StringComparison.Ordinal);
        await AssertNothingStoredAsync(victim, kind, id);
        await AssertAuditedAsync(e => !e.GetProperty("allowed").GetBoolean() && e.GetProperty("operation").GetString()!.EndsWith($" of {victim.FacilityId}", StringComparison.Ordinal) && e.GetProperty("who").GetString()!.StartsWith("operator:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sites")]
    [InlineData("harvests")]
    [InlineData("harvests:batch")]
    [InlineData("lots")]
    public async Task AnOperatorWritingAnotherFacilitysRecordOverJson_Gets403_AndNothingIsStored(string collection)
    {
        var (victim, intruderKey) = await VictimAndIntruderAsync();
        var id = $"J-{collection.ToUpperInvariant().Replace(':', '-')}-{victim.Suffix}";
        object body = collection switch
        {
            "sites" => new { siteId = id, kind = "SITE_KIND_DRYING", name = "Lò sấy lạ", commune = "Ngọc Linh" },
            "harvests" => new { batchId = id, areaCode = victim.AreaCode, species = "Codonopsis javanica", massG = 1000, harvestedAt = "2026-10-01T01:00:00Z", harvester = "Ai đó" },
            "harvests:batch" => new { harvests = new[] { new { batchId = id, areaCode = victim.AreaCode, species = "Codonopsis javanica", massG = 1000, harvestedAt = "2026-10-01T01:00:00Z", harvester = "Ai đó" } } },
            _ => new { gtin = victim.Gtin, lot = id, siteId = victim.SiteId, unitCount = 5, netMassPerUnitG = 200, producedOn = "2026-10-10", expiresOn = "2028-10-10", inputs = new[] { new { batchId = $"SD-D-{victim.Suffix}", massG = 1000 } } },
        };

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/facilities/{victim.FacilityId}/{collection}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Authorization", "ApiKey " + intruderKey);
        using var response = await Server.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains($"only the operator of facility {victim.FacilityId}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNothingStoredAsync(victim, collection switch { "sites" => "site", "harvests" or "harvests:batch" => "harvest", _ => "lot" }, id);
    }

    [Fact]
    public async Task AnOperatorReadingAnotherFacilitysRecords_IsDeniedOnEveryRead_WhileThePublicTraceStaysOpen()
    {
        var (victim, intruderKey) = await VictimAndIntruderAsync();
        var headers = new Metadata { { "authorization", "ApiKey " + intruderKey } };
        var lots = victim.Lots;
        var reads = new (string What, Func<Task> Call)[]
        {
            ("facility", () => victim.Registry.GetFacilityAsync(new GetFacilityRequest { FacilityId = victim.FacilityId }, headers).ResponseAsync),
            ("site", () => victim.Registry.GetSiteAsync(new GetSiteRequest { SiteId = victim.SiteId }, headers).ResponseAsync),
            ("area", () => victim.Registry.GetAreaAsync(new GetAreaRequest { AreaCode = victim.AreaCode }, headers).ResponseAsync),
            ("product", () => victim.Registry.GetProductAsync(new GetProductRequest { Gtin = victim.Gtin }, headers).ResponseAsync),
            ("batch", () => victim.Batches.GetBatchAsync(new GetBatchRequest { BatchId = victim.HarvestId }, headers).ResponseAsync),
            ("step", () => victim.Processing.GetStepAsync(new GetStepRequest { StepId = $"DRY-{victim.Suffix}" }, headers).ResponseAsync),
            ("lot", () => lots.GetLotAsync(new GetLotRequest { Gtin = victim.Gtin, Lot = victim.Lot }, headers).ResponseAsync),
            ("forward trace", () => victim.Trace.RecallBatchAsync(new RecallBatchRequest { BatchId = victim.HarvestId }, headers).ResponseAsync),
            ("site readings", () => new Contracts.V1.Readings.ReadingsClient(Server.Channel).ListSiteReadingsAsync(new ListSiteReadingsRequest { SiteId = victim.SiteId, From = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)), To = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) }, headers).ResponseAsync),
            ("lot conditions", () => new Contracts.V1.Conditions.ConditionsClient(Server.Channel).GetLotConditionsAsync(new GetLotConditionsRequest { Gtin = victim.Gtin, Lot = victim.Lot }, headers).ResponseAsync),
            ("platform lot list", () => lots.ListLotsAsync(new ListLotsRequest(), headers).ResponseAsync),
            ("audit log", () => new Contracts.V1.Access.AccessClient(Server.Channel).ListAuditAsync(new ListAuditRequest(), headers).ResponseAsync),
            ("issuing a key", () => new Contracts.V1.Access.AccessClient(Server.Channel).IssueKeyAsync(new IssueKeyRequest { Role = PrincipalRole.Admin, Label = "escalation" }, headers).ResponseAsync),
        };

        foreach (var (what, call) in reads)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(error.StatusCode == StatusCode.PermissionDenied, $"{what}: {error.Status}");
        }

        using var qr = new HttpRequestMessage(HttpMethod.Get, $"/v1/lots/{victim.Gtin}/{victim.Lot}/qr.svg");
        qr.Headers.TryAddWithoutValidation("Authorization", "ApiKey " + intruderKey);
        using var qrResponse = await Server.Anonymous.SendAsync(qr);
        Assert.Equal(HttpStatusCode.Forbidden, qrResponse.StatusCode);

        using var trace = await Server.Anonymous.GetAsync(new Uri($"/v1/lots/{victim.Gtin}/{victim.Lot}/trace", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, trace.StatusCode);
        using var proof = await Server.Anonymous.GetAsync(new Uri($"/v1/lots/{victim.Gtin}/{victim.Lot}/proof", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, proof.StatusCode);
        await AssertAuditedAsync(e => !e.GetProperty("allowed").GetBoolean() && e.GetProperty("operation").GetString() == $"ReadFacility of {victim.FacilityId}" && e.GetProperty("target").GetString()!.Contains("GetBatch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutCredentials_EveryEntryPointButThePublicOnesAnswers401_AndEachIsAudited()
    {
        var (victim, _) = await VictimAndIntruderAsync();
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["facility_id"] = victim.FacilityId,
            ["site_id"] = victim.SiteId,
            ["area_code"] = victim.AreaCode,
            ["gtin"] = victim.Gtin,
            ["lot"] = victim.Lot,
            ["batch_id"] = victim.HarvestId,
            ["step_id"] = $"DRY-{victim.Suffix}",
            ["storage_id"] = "ST-1",
            ["profile_id"] = "storage-dry-goods",
            ["key_id"] = new string('a', 32),
            ["device_id"] = "gw-1",
        };
        var checkedRoutes = 0;
        foreach (var (method, route) in InterfaceMap.TranscodedRoutes)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(route.Template, "{([a-z_]+)}", m => Uri.EscapeDataString(values[m.Groups[1].Value]));
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
            if (route.Method is "POST" or "PUT")
            {
                request.Content = JsonContent.Create(new { });
            }

            using var response = await Server.Anonymous.SendAsync(request);
            var kind = InterfaceMap.GrpcMethods[method].Kind;
            if (kind is OperationKind.PublicTrace or OperationKind.Health)
            {
                Assert.True(response.StatusCode != HttpStatusCode.Unauthorized, $"{route.Method} {path} is public");
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route.Method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Contains("ApiKey", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            checkedRoutes++;
        }

        foreach (var (route, template) in InterfaceMap.WebRoutes.Where(w => w.Value.Kind is not (OperationKind.PublicTrace or OperationKind.Health)))
        {
            var path = route.Template.Replace("{gtin}", victim.Gtin, StringComparison.Ordinal).Replace("{lot}", victim.Lot, StringComparison.Ordinal);
            using var response = await Server.Anonymous.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)response.StatusCode}");
            checkedRoutes++;
        }

        Assert.True(checkedRoutes > 40, $"only {checkedRoutes} routes checked");
        Assert.Null(await TryGetSiteAsync("X-NONE"));
        await AssertAuditedAsync(e => e.GetProperty("who").GetString() == "anonymous" && e.GetProperty("target").GetString() == "/traceability.v1.Lots/Pack" && !e.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task TheCapturesAnOperatorMayMake_AreAllowedAndAuditedAsWrites()
    {
        var owner = new Scenario(Server.Channel);
        await owner.RunAsync();

        await AssertAuditedAsync(e => e.GetProperty("allowed").GetBoolean() && e.GetProperty("operation").GetString() == $"capture Lot of {owner.FacilityId}" && e.GetProperty("who").GetString()!.StartsWith($"operator:", StringComparison.Ordinal));
        await AssertAuditedAsync(e => e.GetProperty("allowed").GetBoolean() && e.GetProperty("operation").GetString() == "RegisterFacility" && e.GetProperty("target").GetString() == "/traceability.v1.Registry/RegisterFacility");
        var verification = await new Contracts.V1.Access.AccessClient(Server.Channel).VerifyAuditAsync(new VerifyAuditRequest());
        Assert.True(verification.Intact, verification.Problem);
        Assert.True(verification.Entries > 0);
    }

    /// <summary>A facility with its whole week recorded (the victim) and the operator key of another registered facility (the intruder).</summary>
    private async Task<(Scenario Victim, string IntruderKey)> VictimAndIntruderAsync()
    {
        var victim = new Scenario(Server.Channel);
        await victim.RunAsync();
        var intruder = new Scenario(Server.Channel);
        await intruder.Registry.RegisterFacilityAsync(intruder.Facility());
        return (victim, await Server.Credentials.OperatorAsync(intruder.FacilityId));
    }

    private async Task AssertNothingStoredAsync(Scenario victim, string kind, string id)
    {
        var admin = new Metadata { { "authorization", "ApiKey " + Server.Credentials.AdminKey } };
        switch (kind)
        {
            case "site": Assert.Null(await TryGetSiteAsync(id)); break;
            case "area": await AssertNotFoundAsync(() => victim.Registry.GetAreaAsync(new GetAreaRequest { AreaCode = id }, admin).ResponseAsync); break;
            case "harvest" or "harvest batch": await AssertNotFoundAsync(() => victim.Batches.GetBatchAsync(new GetBatchRequest { BatchId = id }, admin).ResponseAsync); break;
            case "step": await AssertNotFoundAsync(() => victim.Processing.GetStepAsync(new GetStepRequest { StepId = id }, admin).ResponseAsync); break;
            case "storage": await AssertNotFoundAsync(() => victim.Processing.GetStorageAsync(new GetStorageRequest { StorageId = id }, admin).ResponseAsync); break;
            case "lot": await AssertNotFoundAsync(() => victim.Lots.GetLotAsync(new GetLotRequest { Gtin = victim.Gtin, Lot = id }, admin).ResponseAsync); break;
            case "recall": Assert.Empty((await victim.Lots.GetLotAsync(new GetLotRequest { Gtin = victim.Gtin, Lot = victim.Lot }, admin)).Recalls); break;
            default:
                // The product: the victim still has its one product and no other GTIN was registered for it.
                Assert.Equal(victim.FacilityId, (await victim.Registry.GetProductAsync(new GetProductRequest { Gtin = victim.Gtin }, admin)).FacilityId);
                break;
        }
    }

    private async Task<Site?> TryGetSiteAsync(string siteId)
    {
        try
        {
            return await new Registry.RegistryClient(Server.Channel).GetSiteAsync(new GetSiteRequest { SiteId = siteId });
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    private static async Task AssertNotFoundAsync(Func<Task> call) =>
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(call)).StatusCode);

    private Task AssertAuditedAsync(Func<JsonElement, bool> match) => AuditLogAssert.ContainsAsync(Server, match);

    private static RecordStorageRequest Storage(Scenario victim, string id) => new()
    {
        FacilityId = victim.FacilityId,
        StorageId = id,
        SiteId = victim.SiteId,
        StartedAt = Scenario.At(Scenario.Day(11)),
        EndedAt = Scenario.At(Scenario.Day(12)),
        BatchIds = { $"SD-D-{victim.Suffix}" },
    };

    private static T With<T>(T message, Action<T> change)
    {
        change(message);
        return message;
    }
}
