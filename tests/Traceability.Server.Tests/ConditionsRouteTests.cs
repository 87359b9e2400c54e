using System.Net;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Traceability.Contracts.V1;
using Traceability.Server.Demo;
using ConditionsClient = Traceability.Contracts.V1.Conditions.ConditionsClient;

namespace Traceability.Server.Tests;

/// <summary>
/// The conditions of the demo's lots, sites and periods, computed by a real server from its demo
/// sensor history: the known faults are found where they are and nothing else fails; profiles
/// are versioned and every refused request names its field.
/// </summary>
public sealed class ConditionsRouteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string BambooGtin = "08938517000225";
    private const string CoffeeGtin = "08938742000410";

    private HttpClient Http => fixture.Server.Http;

    private ConditionsClient Client => new(fixture.Server.Channel);

    [Fact]
    public async Task TheBambooShootsLot_FailsOnItsDryingRunsOverheating_AndOnNothingElse()
    {
        var report = await Client.GetLotConditionsAsync(new GetLotConditionsRequest { Gtin = BambooGtin, Lot = "TP-2026-021" });

        Assert.Equal(Verdict.Fail, report.Verdict);
        var drying = Assert.Single(report.Periods, p => p.PeriodId == DemoReadings.Overheat.StepId);
        Assert.Equal(("drying.bamboo-shoots", 1), (drying.Profile.ProfileId, drying.Profile.Version));
        Assert.Equal(Verdict.Fail, drying.Verdict);
        var temperature = Assert.Single(drying.Series, s => s.Quantity == "temperature");
        var excursion = Assert.Single(temperature.Excursions);
        // Readings every 5 minutes: 68 °C from 02:05 to 02:20, back in range at 02:25.
        Assert.Equal("above", excursion.Direction);
        Assert.Equal(65, excursion.Limit);
        Assert.Equal(DemoReadings.Overheat.Start.AddMinutes(5), excursion.Start.ToDateTimeOffset());
        Assert.Equal(DemoReadings.Overheat.Start.AddMinutes(25), excursion.End.ToDateTimeOffset());
        Assert.Equal(TimeSpan.FromMinutes(20), excursion.Duration.ToTimeSpan());
        Assert.Equal(68, excursion.Peak, 6);
        Assert.Equal(4 * 5 * 3, excursion.Area, 6);
        Assert.Empty(drying.Series.SelectMany(s => s.Gaps));
        Assert.NotEmpty(temperature.Points);
        Assert.True(temperature.Points.Count <= 400);

        // Every other judged period passes.
        Assert.All(report.Periods.Where(p => p.PeriodId != drying.PeriodId && p.Verdict != Verdict.Unspecified), p => Assert.True(p.Verdict is Verdict.Pass or Verdict.Warning, $"{p.PeriodId}: {p.Verdict} {string.Join("; ", p.Reasons.Select(r => r.Message))}"));
        Assert.Contains(report.Periods, p => p.Kind == PeriodKind.Storage);
        Assert.Contains(report.Reasons, r => r.Severity == Verdict.Fail && r.Message.Contains(DemoReadings.Overheat.StepId, StringComparison.Ordinal));
        Assert.NotEmpty(report.Checkpoints);
        Assert.All(report.Checkpoints, c => Assert.True(c.Size > 0 && c.Root.Length == 64 && !string.IsNullOrEmpty(c.Origin), $"{c.FacilityId}: {c}"));
    }

    [Fact]
    public async Task TheDemoLotToTry_PassesEveryJudgedStepAndStoragePeriod()
    {
        var (gtin, lot) = DakGleiDemo.LotToTry;

        var report = await Client.GetLotConditionsAsync(new GetLotConditionsRequest { Gtin = gtin, Lot = lot });

        Assert.Equal(Verdict.Pass, report.Verdict);
        var judged = report.Periods.Where(p => p.Verdict != Verdict.Unspecified).ToList();
        Assert.Contains(judged, p => p.StepKind == StepKind.Infusion && p.Profile.ProfileId == "infusion");
        Assert.Contains(judged, p => p.StepKind == StepKind.Drying && p.Profile.ProfileId == "drying.codonopsis");
        Assert.Contains(judged, p => p.Kind == PeriodKind.Storage && p.Profile.ProfileId == "storage");
        Assert.All(report.Periods.Where(p => p.Verdict == Verdict.Unspecified), p => Assert.Null(p.Profile));
        var storage = judged.First(p => p.Kind == PeriodKind.Storage);
        Assert.All(storage.Series.Where(s => s.Quantity == "temperature"), s => Assert.True(s.HasMeanKineticTemperature && s.MeanKineticTemperature is > 20 and < 25, $"MKT {s.MeanKineticTemperature}"));
    }

    [Fact]
    public async Task OverHttp_TheLotConditionsRouteAnswersJsonWithVerdictsAndProfileVersions()
    {
        using var response = await Http.GetAsync(new Uri($"/v1/lots/{BambooGtin}/TP-2026-021/conditions", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("VERDICT_FAIL", json.RootElement.GetProperty("verdict").GetString());
        var periods = json.RootElement.GetProperty("periods").EnumerateArray().ToList();
        Assert.Contains(periods, p => p.GetProperty("periodId").GetString() == DemoReadings.Overheat.StepId
            && p.GetProperty("profile").GetProperty("version").GetInt32() == 1
            && p.GetProperty("series").EnumerateArray().Any(s => s.TryGetProperty("excursions", out var e) && e.GetArrayLength() == 1));
    }

    [Fact]
    public async Task ASiteOverAWindow_IsJudgedAgainstTheSitesKindProfile()
    {
        var report = await Client.GetSiteConditionsAsync(new GetSiteConditionsRequest
        {
            SiteId = "HKD-THANHPHAT-DG.DRY1",
            From = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 7, 18, 0, 0, 0, TimeSpan.Zero)),
            To = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 7, 20, 0, 0, 0, TimeSpan.Zero)),
        });

        var period = Assert.Single(report.Periods);
        Assert.Equal((PeriodKind.Site, "drying"), (period.Kind, period.Profile.ProfileId));
        var excursion = Assert.Single(period.Series.Where(s => s.Quantity == "temperature").SelectMany(s => s.Excursions));
        Assert.Equal(DemoReadings.Overheat.Start.AddMinutes(5), excursion.Start.ToDateTimeOffset());
    }

    [Fact]
    public async Task AssessmentsFilteredByFail_ListTheOverheatedDryingRun()
    {
        var response = await Client.ListAssessmentsAsync(new ListAssessmentsRequest
        {
            From = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero)),
            To = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero)),
            Verdict = Verdict.Fail,
        });

        var period = Assert.Single(response.Periods);
        Assert.Equal(DemoReadings.Overheat.StepId, period.PeriodId);
        Assert.Empty(period.Series.SelectMany(s => s.Points));
    }

    [Fact]
    public async Task OverHttp_AssessmentsTakeTheVerdictAndKindByName()
    {
        using var json = JsonDocument.Parse(await Http.GetStringAsync(new Uri(
            "/v1/conditions/assessments?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&verdict=VERDICT_WARNING&kind=PERIOD_KIND_STORAGE", UriKind.Relative)));

        var period = Assert.Single(json.RootElement.GetProperty("periods").EnumerateArray());
        Assert.Equal(("PERIOD_KIND_STORAGE", "VERDICT_WARNING", "HKD-THANHPHAT-DG.STORE1"), (period.GetProperty("kind").GetString(), period.GetProperty("verdict").GetString(), period.GetProperty("siteId").GetString()));
        var excursion = period.GetProperty("series").EnumerateArray().SelectMany(s => s.TryGetProperty("excursions", out var e) ? e.EnumerateArray() : Enumerable.Empty<JsonElement>()).Single();
        Assert.Equal("above", excursion.GetProperty("direction").GetString());
        Assert.True(TimeSpan.FromSeconds(double.Parse(excursion.GetProperty("duration").GetString()!.TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture)) < DemoReadings.DampSpell);
    }

    [Fact]
    public async Task AProfileChange_MakesANewVersion_ThatTheNextReportUses_AndAStaleChangeIsAborted()
    {
        var strict = new Contracts.V1.ConditionProfile
        {
            Name = "Coffee drying, strict (test)",
            Scope = ProfileScope.Step,
            StepKind = StepKind.Drying,
            ProductGtin = CoffeeGtin,
            Limits = { new QuantityLimit { Quantity = "temperature", Min = 44, Max = 50 } },
            MaxExcursion = Duration.FromTimeSpan(TimeSpan.FromMinutes(15)),
            MaxGap = Duration.FromTimeSpan(TimeSpan.FromMinutes(10)),
        };

        var first = await Client.PutProfileAsync(new PutProfileRequest { ProfileId = "test.coffee-strict", Profile = strict, ExpectedVersion = 0 });
        var stale = await Assert.ThrowsAsync<RpcException>(() => Client.PutProfileAsync(new PutProfileRequest { ProfileId = "test.coffee-strict", Profile = strict, ExpectedVersion = 0 }).ResponseAsync);
        strict.Limits[0].Min = 40;
        var second = await Client.PutProfileAsync(new PutProfileRequest { ProfileId = "test.coffee-strict", Profile = strict, ExpectedVersion = 1 });
        var report = await Client.GetLotConditionsAsync(new GetLotConditionsRequest { Gtin = CoffeeGtin, Lot = "DC-2026-007" });
        var oldVersion = await Client.GetProfileAsync(new GetProfileRequest { ProfileId = "test.coffee-strict", Version = 1 });

        Assert.Equal((1, 2), (first.Version, second.Version));
        Assert.Equal("api", second.ChangedBy);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Contains("expected_version", stale.Status.Detail, StringComparison.Ordinal);
        var drying = Assert.Single(report.Periods, p => p.StepKind == StepKind.Drying);
        Assert.Equal(("test.coffee-strict", 2), (drying.Profile.ProfileId, drying.Profile.Version));
        Assert.Equal(44, oldVersion.Limits[0].Min);
    }

    [Theory]
    [InlineData("/v1/sites/HKD-THANHPHAT-DG.DRY1/conditions?to=2026-07-20T00:00:00Z", HttpStatusCode.BadRequest, "from")]
    [InlineData("/v1/sites/HKD-THANHPHAT-DG.DRY1/conditions?from=2026-07-20T00:00:00Z&to=2026-07-19T00:00:00Z", HttpStatusCode.BadRequest, "to")]
    [InlineData("/v1/sites/HKD-THANHPHAT-DG.DRY1/conditions?from=2024-07-20T00:00:00Z&to=2026-07-19T00:00:00Z", HttpStatusCode.BadRequest, "to")]
    [InlineData("/v1/sites/HKD-THANHPHAT-DG.DRY1/conditions?from=2026-07-18T00:00:00Z&to=2026-07-19T00:00:00Z&profileId=nope", HttpStatusCode.NotFound, "profile_id")]
    [InlineData("/v1/sites/NOPE/conditions?from=2026-07-18T00:00:00Z&to=2026-07-19T00:00:00Z", HttpStatusCode.NotFound, "site_id")]
    [InlineData("/v1/lots/08938517000226/TP-2026-021/conditions", HttpStatusCode.BadRequest, "gtin")]
    [InlineData("/v1/lots/08938517000225/NOPE-1/conditions", HttpStatusCode.NotFound, "lot")]
    [InlineData("/v1/conditions/assessments?from=2026-07-01T00:00:00Z", HttpStatusCode.BadRequest, "to")]
    [InlineData("/v1/conditions/profiles/nope", HttpStatusCode.NotFound, "profile_id")]
    [InlineData("/v1/conditions/profiles/storage?version=99", HttpStatusCode.NotFound, "profile_id")]
    public async Task ABadConditionsRequestIsRefusedNamingTheField(string route, HttpStatusCode status, string field)
    {
        using var response = await Http.GetAsync(new Uri(route, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(field + ":", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInvalidProfileIsRefusedNamingTheField_AndNothingIsKept()
    {
        var bad = new Contracts.V1.ConditionProfile
        {
            Name = "Bad",
            Scope = ProfileScope.Storage,
            Limits = { new QuantityLimit { Quantity = "pressure", Max = 2 } },
            MaxExcursion = Duration.FromTimeSpan(TimeSpan.FromMinutes(15)),
            MaxGap = Duration.FromTimeSpan(TimeSpan.FromMinutes(10)),
        };

        var refused = await Assert.ThrowsAsync<RpcException>(() => Client.PutProfileAsync(new PutProfileRequest { ProfileId = "test.bad", Profile = bad }).ResponseAsync);
        var profiles = await Client.ListProfilesAsync(new ListProfilesRequest());

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.StartsWith("profile.limits[0].quantity:", refused.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(profiles.Profiles, p => p.ProfileId == "test.bad");
        Assert.Contains(profiles.Profiles, p => p.ProfileId == "storage" && p.Version >= 1);
    }
}
