using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Traceability.Contracts.V1;
using Traceability.Proofs;
using Traceability.Server.Demo;
using LedgerClient = Traceability.Contracts.V1.Ledger.LedgerClient;

namespace Traceability.Server.Tests;

/// <summary>
/// Withdrawals and recalls through the real server: posted as JSON over HTTP or over gRPC, shown
/// with the lot and in its trace (the buyer's banner), proved in the lot's bundle, repeated
/// without effect, and refused, with nothing recorded, for a lot the facility did not pack.
/// </summary>
public sealed class RecallRouteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Mould = "Phát hiện nấm mốc trong túi; thu hồi khỏi quầy để kiểm tra";

    private HttpClient Http => fixture.Server.Http;

    /// <summary>The scenario's lot (packed on 10 October) withdrawn three days later.</summary>
    private static RecallLotRequest Withdrawal(Scenario scenario) => new()
    {
        FacilityId = scenario.FacilityId,
        Gtin = scenario.Gtin,
        Lot = scenario.Lot,
        Kind = RecallKind.Withdrawal,
        Reason = Mould,
        DecidedAt = Scenario.At(Scenario.Day(13, 10)),
    };

    [Fact]
    public async Task WhenAWithdrawalIsPostedAsJson_TheLotAndItsTraceShowIt()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        await scenario.RunAsync();

        using var body = JsonContent.Create(new
        {
            facilityId = scenario.FacilityId,
            kind = "RECALL_KIND_WITHDRAWAL",
            reason = Mould,
            decidedAt = "2026-10-13T10:00:00+07:00",
        });
        using var posted = await Http.PostAsync(new Uri($"/v1/lots/{scenario.Gtin}/{scenario.Lot}/recall", UriKind.Relative), body);
        var answer = await posted.Content.ReadAsStringAsync();
        Assert.True(posted.StatusCode == HttpStatusCode.OK, answer);
        using (var recall = JsonDocument.Parse(answer))
        {
            AssertWithdrawal(recall.RootElement, scenario);
            Assert.Equal(scenario.Gtin, recall.RootElement.GetProperty("gtin").GetString());
            Assert.Equal(scenario.Lot, recall.RootElement.GetProperty("lot").GetString());
            Assert.True(recall.RootElement.TryGetProperty("recordedAt", out _));
        }

        using var trace = await GetJsonAsync($"/v1/lots/{scenario.Gtin}/{scenario.Lot}/trace");
        AssertWithdrawal(Assert.Single(trace.RootElement.GetProperty("recalls").EnumerateArray().ToList()), scenario);
        AssertWithdrawal(Assert.Single(trace.RootElement.GetProperty("lot").GetProperty("recalls").EnumerateArray().ToList()), scenario);
        using var lot = await GetJsonAsync($"/v1/lots/{scenario.Gtin}/{scenario.Lot}");
        AssertWithdrawal(Assert.Single(lot.RootElement.GetProperty("recalls").EnumerateArray().ToList()), scenario);
    }

    [Fact]
    public async Task WhenTheWithdrawalIsEscalatedOverGrpc_TheLotShowsBothInDecisionOrder()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        var dried = await scenario.RunAsync();
        await scenario.Lots.RecallLotAsync(Withdrawal(scenario));

        var recall = await scenario.Lots.RecallLotAsync(new RecallLotRequest
        {
            FacilityId = scenario.FacilityId,
            Gtin = scenario.Gtin,
            Lot = scenario.Lot,
            Kind = RecallKind.Recall,
            Reason = "Kết quả kiểm nghiệm có aflatoxin vượt ngưỡng; thu hồi toàn bộ lô",
            DecidedAt = Scenario.At(Scenario.Day(15, 16)),
        });

        Assert.Equal(RecallKind.Recall, recall.Kind);
        var lot = await scenario.Lots.GetLotAsync(new GetLotRequest { Gtin = scenario.Gtin, Lot = scenario.Lot });
        Assert.Equal([RecallKind.Withdrawal, RecallKind.Recall], lot.Recalls.Select(r => r.Kind));
        var trace = await scenario.Trace.TraceLotAsync(new TraceLotRequest { Gtin = scenario.Gtin, Lot = scenario.Lot });
        Assert.Equal(lot.Recalls, trace.Recalls);
        // The forward trace from the dried batch says which of its lots are already taken back.
        var forward = await scenario.Trace.RecallBatchAsync(new RecallBatchRequest { BatchId = dried });
        Assert.Equal(lot.Recalls, Assert.Single(forward.Lots).Recalls);
    }

    [Fact]
    public async Task WhenTheSameWithdrawalIsSentTwice_TheSecondAnswerIsTheFirstRecord()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        await scenario.RunAsync();

        var first = await scenario.Lots.RecallLotAsync(Withdrawal(scenario));
        var second = await scenario.Lots.RecallLotAsync(Withdrawal(scenario));

        Assert.Equal(first, second);
        var changed = Withdrawal(scenario);
        changed.Reason = "Bao bì bị rách";
        var error = await Assert.ThrowsAsync<RpcException>(() => scenario.Lots.RecallLotAsync(changed).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.StartsWith("lot:", error.Status.Detail, StringComparison.Ordinal);
        Assert.Single((await scenario.Lots.GetLotAsync(new GetLotRequest { Gtin = scenario.Gtin, Lot = scenario.Lot })).Recalls);
    }

    [Fact]
    public async Task WhenTheDecisionTimeIsLeftOut_ItIsNowAndTheSameRequestAgainIsAnsweredWithTheFirstRecord()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        await scenario.RunAsync();
        var request = Withdrawal(scenario);
        request.DecidedAt = null;
        var before = DateTimeOffset.UtcNow;

        var first = await scenario.Lots.RecallLotAsync(request);
        await Task.Delay(TimeSpan.FromMilliseconds(20));
        var again = await scenario.Lots.RecallLotAsync(request);

        Assert.InRange(first.DecidedAt.ToDateTimeOffset(), before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(first, again);
        Assert.Single((await scenario.Lots.GetLotAsync(new GetLotRequest { Gtin = scenario.Gtin, Lot = scenario.Lot })).Recalls);
    }

    public static TheoryData<string, StatusCode, string> Refusals => new()
    {
        // The access checks refuse before the capture rules run: the lot's packer is the only one who may.
        { "the neighbour's lot", StatusCode.PermissionDenied, "operator:" },
        { "a lot never packed", StatusCode.NotFound, "lot:" },
        { "no reason", StatusCode.InvalidArgument, "reason:" },
        { "a reason of 501 characters", StatusCode.InvalidArgument, "reason:" },
        { "no kind", StatusCode.InvalidArgument, "kind:" },
        { "a kind the server does not know", StatusCode.InvalidArgument, "kind:" },
        { "a decision in the future", StatusCode.InvalidArgument, "decided_at:" },
        { "a decision before the lot was produced", StatusCode.FailedPrecondition, "decided_at:" },
        { "a GTIN with a wrong check digit", StatusCode.InvalidArgument, "gtin:" },
        { "an unregistered facility", StatusCode.PermissionDenied, "operator:" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task WhenAFacilityTakesBackWhatItMayNot_TheStatusNamesTheFieldAndNothingIsRecorded(string breach, StatusCode expected, string field)
    {
        var owner = new Scenario(fixture.Server.Channel);
        await owner.RunAsync();
        var neighbour = new Scenario(fixture.Server.Channel);
        await neighbour.RunAsync();
        var request = Withdrawal(neighbour);
        switch (breach)
        {
            case "the neighbour's lot": request.Gtin = owner.Gtin; request.Lot = owner.Lot; break;
            case "a lot never packed": request.Lot = "NL-NEVER"; break;
            case "no reason": request.Reason = " "; break;
            case "a reason of 501 characters": request.Reason = new string('ố', 501); break;
            case "no kind": request.Kind = RecallKind.Unspecified; break;
            case "a kind the server does not know": request.Kind = (RecallKind)3; break;
            case "a decision in the future": request.DecidedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)); break;
            case "a decision before the lot was produced": request.DecidedAt = Scenario.At(Scenario.Day(9, 12)); break;
            case "a GTIN with a wrong check digit": request.Gtin = neighbour.Gtin[..13] + ((neighbour.Gtin[13] - '0' + 1) % 10); break;
            case "an unregistered facility": request.FacilityId = $"HTX-NEVER-{neighbour.Suffix}"; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => neighbour.Lots.RecallLotAsync(request).ResponseAsync);

        Assert.Equal(expected, error.StatusCode);
        Assert.StartsWith(field, error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await owner.Lots.GetLotAsync(new GetLotRequest { Gtin = owner.Gtin, Lot = owner.Lot })).Recalls);
        Assert.Empty((await neighbour.Trace.TraceLotAsync(new TraceLotRequest { Gtin = neighbour.Gtin, Lot = neighbour.Lot })).Recalls);
    }

    [Fact]
    public async Task WhenANeighbourPostsAWithdrawalAsJson_TheAnswerIs403NamingThePacker()
    {
        var owner = new Scenario(fixture.Server.Channel);
        await owner.RunAsync();
        var neighbour = new Scenario(fixture.Server.Channel);
        await neighbour.RunAsync();

        using var body = JsonContent.Create(new { facilityId = neighbour.FacilityId, kind = "RECALL_KIND_RECALL", reason = Mould });
        using var response = await Http.PostAsync(new Uri($"/v1/lots/{owner.Gtin}/{owner.Lot}/recall", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.EndsWith(
            $"may not: only the operator of facility {owner.FacilityId} may record its recalls",
            error.RootElement.GetProperty("message").GetString(),
            StringComparison.Ordinal);
        using var trace = await GetJsonAsync($"/v1/lots/{owner.Gtin}/{owner.Lot}/trace");
        Assert.False(trace.RootElement.TryGetProperty("recalls", out var recalls) && recalls.GetArrayLength() > 0);
    }

    [Fact]
    public async Task WhenAnUnknownLotIsPosted_TheAnswerIs404NamingTheLot()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        await scenario.RunAsync();

        using var body = JsonContent.Create(new { facilityId = scenario.FacilityId, kind = "RECALL_KIND_WITHDRAWAL", reason = Mould });
        using var response = await Http.PostAsync(new Uri($"/v1/lots/{scenario.Gtin}/NL-NEVER/recall", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("lot: lot", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheProducerWithdrawsItsLotWithTheCli_LotShowAndLotTraceSayItAndANeighbourIsRefused()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        await scenario.RunAsync();
        var neighbour = new Scenario(fixture.Server.Channel);
        await neighbour.RunAsync();
        var server = fixture.Server.Url.ToString();

        var refused = await Cli.TraceAsync("lot", "recall", scenario.Gtin, scenario.Lot, "--facility", neighbour.FacilityId, "--reason", Mould, "--server", server);
        var (exit, recorded, error) = await Cli.TraceAsync(
            "lot", "recall", scenario.Gtin, scenario.Lot, "--facility", scenario.FacilityId, "--reason", Mould, "--withdrawal", "--at", "2026-10-13T10:00:00+07:00", "--server", server);
        var shown = await Cli.TraceAsync("lot", "show", scenario.Gtin, scenario.Lot, "--server", server);
        var traced = await Cli.TraceAsync("lot", "trace", scenario.Gtin, scenario.Lot, "--server", server);

        Assert.NotEqual(0, refused.Exit);
        Assert.Contains($"only the operator of facility {scenario.FacilityId} may record its recalls", refused.Stderr, StringComparison.Ordinal);
        Assert.True(exit == 0, error);
        Assert.Contains($"Withdrawal of lot {scenario.Gtin} / {scenario.Lot}", recorded, StringComparison.Ordinal);
        Assert.Contains($"2026-10-13 03:00:00Z by {scenario.FacilityId}", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("withdrawn", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("WITHDRAWN from sale", traced.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDemoLotFromTheOverheatedDryingRun_IsWithdrawnInItsTrace_AndItsBundleProvesIt()
    {
        var (gtin, lot) = DakGleiDemo.WithdrawnLot;

        using var trace = await GetJsonAsync($"/v1/lots/{gtin}/{lot}/trace");
        var withdrawal = Assert.Single(trace.RootElement.GetProperty("recalls").EnumerateArray().ToList());
        Assert.Equal("RECALL_KIND_WITHDRAWAL", withdrawal.GetProperty("kind").GetString());
        Assert.Equal("HKD-THANHPHAT-DG", withdrawal.GetProperty("facilityId").GetString());
        Assert.Contains("TP-S-2026-007", withdrawal.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("2026-07-29T07:00:00Z", withdrawal.GetProperty("decidedAt").GetString());
        // The other lot of the same drying run is not withdrawn.
        using var other = await GetJsonAsync($"/v1/lots/{gtin}/TP-2026-022");
        Assert.False(other.RootElement.TryGetProperty("recalls", out var none) && none.GetArrayLength() > 0);

        var bundle = ProofBundle.Parse(await Http.GetStringAsync(new Uri($"/v1/lots/{gtin}/{lot}/proof", UriKind.Relative)));
        var key = (await new LedgerClient(fixture.Server.Channel).GetSigningKeyAsync(new GetSigningKeyRequest())).VerifierKey;
        var report = BundleVerifier.Verify(bundle, key);
        Assert.True(report.Verified, string.Join('\n', report.Failures));
        var proved = Assert.Single(bundle.Events, e => e.Event["disposition"]?.ToString() == "non_sellable_other");
        Assert.Equal(("HKD-THANHPHAT-DG", $"lot:{gtin}/{lot}"), (proved.Facility, proved.Record));
        Assert.Contains(report.Findings, f => f.Holds && f.Subject.Contains(proved.EventId, StringComparison.Ordinal));
    }

    private static void AssertWithdrawal(JsonElement recall, Scenario scenario)
    {
        Assert.Equal("RECALL_KIND_WITHDRAWAL", recall.GetProperty("kind").GetString());
        Assert.Equal(Mould, recall.GetProperty("reason").GetString());
        Assert.Equal("2026-10-13T03:00:00Z", recall.GetProperty("decidedAt").GetString());
        Assert.Equal(scenario.FacilityId, recall.GetProperty("facilityId").GetString());
    }

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text);
    }
}
