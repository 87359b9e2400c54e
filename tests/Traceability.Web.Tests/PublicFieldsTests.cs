using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Traceability.Disclosure;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Proofs;
using Traceability.Server.Demo;

namespace Traceability.Web.Tests;

/// <summary>
/// The public answers about every demo lot (its trace, the Digital Link page in both languages, its
/// JSON, JSON-LD and link set, the proof bundle) show no value its producer withholds: no withheld
/// harvester, operator or owner, no coordinate of a household's exact plot. The full trace, for
/// those entitled, has them, with the salts that make each digest in the public bundle checkable.
/// </summary>
[Collection(DemoServerGroup.Name)]
public sealed class PublicFieldsTests(TracePageServer site)
{
    public static TheoryData<string, string> Lots()
    {
        var lots = new TheoryData<string, string>();
        foreach (var lot in DakGleiDemo.Events.OfType<LotPacked>())
        {
            lots.Add(lot.Gtin, lot.LotCode);
        }

        return lots;
    }

    /// <summary>The harvesters the demo publishes (the Đăk Choong cooperative's).</summary>
    private static readonly HashSet<string> Published = [.. DakGleiDemo.Events.OfType<BatchHarvested>()
        .Where(h => h.HarvesterDisclosure == FieldDisclosure.Publish).Select(h => h.Harvester)];

    /// <summary>Every name and owner the demo records without publishing it.</summary>
    private static readonly string[] WithheldTexts = [.. DakGleiDemo.Events.OfType<BatchHarvested>().Where(h => h.HarvesterDisclosure is null).Select(h => h.Harvester)
        .Concat(DakGleiDemo.Events.OfType<StepRecorded>().Select(s => s.Operator))
        .Concat(DakGleiDemo.Events.OfType<AreaRegistered>().Select(a => a.Owner))
        .Where(name => !Published.Contains(name))
        .Distinct()];

    /// <summary>Every coordinate of the exact plots of the demo's household (Thành Phát), as JSON and the invariant culture write it.</summary>
    private static readonly string[] HouseholdCoordinates = [.. DakGleiDemo.Events.OfType<AreaRegistered>()
        .Where(a => DakGleiDemo.Events.OfType<FacilityRegistered>().Single(f => f.FacilityId == a.FacilityId).Kind == FacilityKind.Household)
        .SelectMany(a => a.Boundary).SelectMany(p => new[] { p.Latitude, p.Longitude })
        .Select(c => c.ToString("R", CultureInfo.InvariantCulture)).Distinct()];

    private static string Path_(string gtin, string lot, string tail = "") => $"/v1/lots/{gtin}/{Uri.EscapeDataString(lot)}{tail}";

    /// <summary>The demo's credentials file (<c>{"admin": key, "inspector": key, "operators": {facility: key}}</c>) in the data folder.</summary>
    private JsonNode DemoCredentials() => JsonNode.Parse(File.ReadAllText(Path.Combine(site.Server.DataDir, "demo-credentials.json")))!;

    private string AdminKey() => DemoCredentials()["admin"]!.GetValue<string>();

    private string OperatorKey(string facilityId) => DemoCredentials()["operators"]![facilityId]!.GetValue<string>();

    /// <summary>The full trace, asked with <paramref name="apiKey"/> (none: anonymously).</summary>
    private async Task<HttpResponseMessage> FullTraceResponseAsync(string gtin, string lot, string? apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Path_(gtin, lot, "/trace/full"), UriKind.Relative));
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", apiKey);
        }

        return await site.Server.Anonymous.SendAsync(request);
    }

    private async Task<JsonNode> FullTraceAsync(string gtin, string lot)
    {
        using var response = await FullTraceResponseAsync(gtin, lot, AdminKey());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>A public answer, asked without credentials.</summary>
    private async Task<string> GetAsync(string pathAndQuery, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(pathAndQuery, UriKind.Relative));
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await site.Server.Anonymous.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{pathAndQuery}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Every public answer about the lot, by name, as the text a reader gets (JSON as its values, HTML decoded).</summary>
    private async Task<Dictionary<string, string>> PublicAnswersAsync(string gtin, string lot)
    {
        var page = TracePageServer.PagePath(gtin, lot);
        return new Dictionary<string, string>
        {
            ["trace"] = Values(await GetAsync(Path_(gtin, lot, "/trace"))),
            ["proof bundle"] = Values(await GetAsync(Path_(gtin, lot, "/proof"), "application/json")),
            ["page (vi)"] = WebUtility.HtmlDecode(await GetAsync(page + "?lang=vi", "text/html")),
            ["page (en)"] = WebUtility.HtmlDecode(await GetAsync(page + "?lang=en", "text/html")),
            ["Digital Link JSON"] = Values(await GetAsync(page + "?linkType=gs1:traceability")),
            ["Digital Link JSON-LD"] = Values(await GetAsync(page + "?linkType=gs1:epcis")),
            ["Digital Link link set"] = Values(await GetAsync(page + "?linkType=all")),
        };
    }

    /// <summary>The property names, strings and numbers of a JSON document, one a line (so that escapes do not hide a value).</summary>
    private static string Values(string json)
    {
        var lines = new List<string>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, value) in o)
                    {
                        lines.Add(name);
                        Walk(value);
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Walk(item);
                    }

                    break;
                case JsonValue v when v.TryGetValue<string>(out var s):
                    lines.Add(s);
                    break;
                case JsonValue v when v.TryGetValue<double>(out var d):
                    lines.Add(d.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case JsonValue v:
                    lines.Add(v.ToJsonString());
                    break;
            }
        }

        Walk(JsonNode.Parse(json));
        return string.Join('\n', lines);
    }

    /// <summary>What the full trace shows that the public may not see: withheld names and owners, and exact withheld coordinates.</summary>
    private static List<string> WithheldIn(JsonNode full)
    {
        var withheld = new List<string>();
        foreach (var batch in full["batches"]!.AsArray())
        {
            if (Text(batch!["harvest"], "harvesterDigest") is not null)
            {
                withheld.Add(batch["harvest"]!["harvester"]!.GetValue<string>());
            }
        }

        foreach (var step in full["steps"]!.AsArray())
        {
            if (Text(step, "operatorDigest") is not null)
            {
                withheld.Add(step!["operator"]!.GetValue<string>());
            }
        }

        foreach (var area in full["areas"]!.AsArray())
        {
            if (Text(area, "ownerDigest") is not null)
            {
                withheld.Add(area!["owner"]!.GetValue<string>());
            }

            if (Text(area, "exactBoundaryDigest") is not null)
            {
                withheld.AddRange(area!["boundary"]!.AsArray().SelectMany(p => new[] { p!["latitude"]!, p["longitude"]! })
                    .Select(c => c.GetValue<double>().ToString("R", CultureInfo.InvariantCulture)));
            }
        }

        return withheld;
    }

    [Theory]
    [MemberData(nameof(Lots))]
    public async Task NoPublicAnswerAboutALotShowsAValueItsProducerWithholds(string gtin, string lot)
    {
        var full = await FullTraceAsync(gtin, lot);
        var withheld = WithheldIn(full);
        Assert.NotEmpty(withheld);
        string[] known = [.. WithheldTexts, .. HouseholdCoordinates];
        Assert.All(withheld, value => Assert.Contains(value, known));

        var answers = await PublicAnswersAsync(gtin, lot);

        foreach (var (answer, text) in answers)
        {
            foreach (var value in withheld.Concat(WithheldTexts).Concat(HouseholdCoordinates).Distinct())
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"the {answer} of {gtin}/{lot} shows the withheld '{value}'");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lots))]
    public async Task EveryDigestInTheFullTraceIsRecomputedFromItsValueAndSaltAndIsInThePublicBundleWhichVerifies(string gtin, string lot)
    {
        var full = await FullTraceAsync(gtin, lot);
        var bundleJson = await GetAsync(Path_(gtin, lot, "/proof"), "application/json");
        var bundle = ProofBundle.Parse(bundleJson);
        var key = JsonNode.Parse(await site.Server.Http.GetStringAsync(new Uri("/v1/ledger/key", UriKind.Relative)))!["verifierKey"]!.GetValue<string>();
        string? InBundle(string ilmdKey, string digest) => bundle.Events
            .Select(e => (e.Event["ilmd"] as JsonObject)?[ilmdKey]?.GetValue<string>())
            .FirstOrDefault(d => d == digest);

        var checkedDigests = 0;
        void Check(JsonNode? message, string value, string digestField, string saltField, string ilmdKey)
        {
            if (Text(message, digestField) is not { } digest)
            {
                return;
            }

            var recomputed = Commitment.Digest(Text(message, saltField)!, value);
            Assert.Equal(digest, recomputed);
            Assert.Equal(recomputed, InBundle(ilmdKey, recomputed));
            checkedDigests++;
        }

        foreach (var batch in full["batches"]!.AsArray())
        {
            Check(batch!["harvest"], batch["harvest"]?["harvester"]?.GetValue<string>() ?? "", "harvesterDigest", "harvesterSalt", "tr:harvesterDigest");
        }

        foreach (var step in full["steps"]!.AsArray())
        {
            Check(step, step!["operator"]!.GetValue<string>(), "operatorDigest", "operatorSalt", "tr:operatorDigest");
        }

        foreach (var area in full["areas"]!.AsArray())
        {
            Check(area, area!["owner"]!.GetValue<string>(), "ownerDigest", "ownerSalt", "tr:ownerDigest");
            var exact = area["boundary"]!.AsArray().Select(p => new GeoPoint(p!["latitude"]!.GetValue<double>(), p["longitude"]!.GetValue<double>())).ToArray();
            Check(area, Outline.CanonicalText(exact), "exactBoundaryDigest", "exactBoundarySalt", "tr:exactBoundaryDigest");
        }

        Assert.True(checkedDigests > 0, "the lot has no withheld value");
        var report = BundleVerifier.Verify(bundle, key);
        Assert.True(report.Verified, string.Join("; ", report.Failures));
    }

    [Fact]
    public async Task TheFullTraceHasTheExactOutlineOfAHouseholdsPlotAndThePublicOneTheGeneralisedOutline()
    {
        var (gtin, lot) = DakGleiDemo.WithdrawnLot;
        var household = DakGleiDemo.Events.OfType<AreaRegistered>().Where(a => a.FacilityId == "HKD-THANHPHAT-DG").ToDictionary(a => a.AreaCode);

        var full = (await FullTraceAsync(gtin, lot))["areas"]!.AsArray();
        var open = JsonNode.Parse(await GetAsync(Path_(gtin, lot, "/trace")))!["areas"]!.AsArray();

        Assert.NotEmpty(full);
        foreach (var area in full)
        {
            var registered = household[area!["areaCode"]!.GetValue<string>()];
            Assert.Equal(registered.Boundary, Points(area["boundary"]!));
            Assert.False(Flag(area, "boundaryGeneralised"));
            var shown = open.Single(a => a!["areaCode"]!.GetValue<string>() == registered.AreaCode)!;
            Assert.True(Flag(shown, "boundaryGeneralised"));
            Assert.Equal(Outline.Generalise(registered.Boundary), Points(shown["boundary"]!));
            Assert.Null(Text(shown, "exactBoundarySalt"));
            Assert.NotNull(Text(area, "exactBoundarySalt"));
            Assert.Equal(Text(area, "exactBoundaryDigest"), Text(shown, "exactBoundaryDigest"));
            Assert.NotNull(Text(shown, "exactBoundaryDigest"));
        }
    }

    [Fact]
    public async Task ACooperativesAreaOutlineIsPublicAsRecorded()
    {
        var (gtin, lot) = DakGleiDemo.LotToTry;
        var registered = DakGleiDemo.Events.OfType<AreaRegistered>().ToDictionary(a => a.AreaCode);

        var areas = JsonNode.Parse(await GetAsync(Path_(gtin, lot, "/trace")))!["areas"]!.AsArray();

        Assert.NotEmpty(areas);
        Assert.All(areas, area =>
        {
            Assert.Equal(registered[area!["areaCode"]!.GetValue<string>()].Boundary, Points(area["boundary"]!));
            Assert.Null(Text(area, "exactBoundaryDigest"));
            Assert.False(Flag(area, "boundaryGeneralised"));
        });
    }

    [Fact]
    public async Task AHarvesterItsCooperativePublishesIsShownOnThePublicTraceAndPage()
    {
        var coffee = DakGleiDemo.Events.OfType<LotPacked>().First(l => l.FacilityId == "HTX-DAKCHOONG-DG");
        Assert.NotEmpty(Published);

        var harvests = JsonNode.Parse(await GetAsync(Path_(coffee.Gtin, coffee.LotCode, "/trace")))!["batches"]!.AsArray()
            .Select(b => b!["harvest"]).OfType<JsonNode>().ToList();
        var page = WebUtility.HtmlDecode(await GetAsync(TracePageServer.PagePath(coffee.Gtin, coffee.LotCode) + "?lang=en", "text/html"));

        Assert.NotEmpty(harvests);
        Assert.All(harvests, h =>
        {
            Assert.Contains(h["harvester"]!.GetValue<string>(), Published);
            Assert.Null(Text(h, "harvesterDigest"));
            Assert.Contains("Harvested by: " + h["harvester"]!.GetValue<string>(), page, StringComparison.Ordinal);
        });
        // Its operators are not published: the page says so.
        Assert.Contains("Operator: <i>withheld by the producer</i>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePageSaysWhatIsWithheldInTheBuyersLanguage()
    {
        var (gtin, lot) = DakGleiDemo.LotToTry;

        var vi = await GetAsync(TracePageServer.PagePath(gtin, lot) + "?lang=vi", "text/html");

        Assert.Contains("data-harvester=\"withheld\"", vi, StringComparison.Ordinal);
        Assert.Contains("Người thu hái: <i>không công khai</i>", vi, StringComparison.Ordinal);
        Assert.Contains("Người thực hiện: <i>không công khai</i>", vi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutCredentialsTheFullTraceIsRefusedAndTheRefusalAudited()
    {
        var (gtin, lot) = DakGleiDemo.LotToTry;

        using var response = await FullTraceResponseAsync(gtin, lot, apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("Salt", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertDeniedInAuditAsync(who => !who.StartsWith("admin", StringComparison.Ordinal) && !who.StartsWith("operator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherFacilitysOperatorMayNotReadTheFullTraceTheLotsPackerMay()
    {
        var (gtin, lot) = DakGleiDemo.LotToTry;
        var packer = DakGleiDemo.Events.OfType<LotPacked>().Single(l => l.Gtin == gtin && l.LotCode == lot).FacilityId;
        var other = DakGleiDemo.Events.OfType<FacilityRegistered>().First(f => f.FacilityId != packer).FacilityId;

        using var refused = await FullTraceResponseAsync(gtin, lot, OperatorKey(other));
        using var allowed = await FullTraceResponseAsync(gtin, lot, OperatorKey(packer));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("Salt", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("harvesterSalt", await allowed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertDeniedInAuditAsync(who => who.StartsWith("operator", StringComparison.Ordinal));
    }

    /// <summary>Passes when the audit log (read as the admin, page by page) holds a refused TraceLotFull by a caller <paramref name="who"/> matches.</summary>
    private async Task AssertDeniedInAuditAsync(Func<string, bool> who)
    {
        const int page = 1000;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            long after = 0;
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/access/audit?deniedOnly=true&limit={page}&after={after}", UriKind.Relative));
                request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", AdminKey());
                using var response = await site.Server.Anonymous.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var entries = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["entries"]!.AsArray();
                if (entries.Any(e => e!.ToJsonString().Contains("TraceLotFull", StringComparison.Ordinal)
                    && !(e["allowed"]?.GetValue<bool>() ?? false) && who(e["who"]?.ToString() ?? "")))
                {
                    return;
                }

                if (entries.Count < page)
                {
                    break;
                }

                after = long.Parse(entries[^1]!["sequence"]!.ToString(), CultureInfo.InvariantCulture);
            }

            await Task.Delay(100);
        }

        Assert.Fail("the refusal is not in the audit log");
    }

    /// <summary>A string field of a message, null when absent or empty (the JSON transcoding writes defaults).</summary>
    private static string? Text(JsonNode? message, string field) =>
        message?[field]?.GetValue<string>() is { Length: > 0 } value ? value : null;

    private static bool Flag(JsonNode? message, string field) => message?[field]?.GetValue<bool>() ?? false;

    private static GeoPoint[] Points(JsonNode boundary) =>
        [.. boundary.AsArray().Select(p => new GeoPoint(p!["latitude"]!.GetValue<double>(), p["longitude"]!.GetValue<double>()))];
}
