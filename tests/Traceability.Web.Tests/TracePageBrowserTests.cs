using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Traceability.Web.Tests;

/// <summary>The buyer's trace page in Debian's chromium: the chain, both languages, verification in the browser, tampering, unknown codes.</summary>
[Collection(DemoServerGroup.Name)]
public sealed class TracePageBrowserTests(TracePageServer site, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions VerificationWait = new() { Timeout = 30_000 };

    private async Task<JsonObject> TraceJsonAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, site.PageUrl());
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await site.Server.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>Browser console errors and CSP violations a page reports; each test asserts none.</summary>
    private static List<string> Problems(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add(message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add(error);
        return problems;
    }

    [Fact]
    public async Task The_demo_lot_shows_its_whole_chain_in_Vietnamese_and_verifies_on_the_device()
    {
        var trace = await TraceJsonAsync();
        var page = await chromium.NewPageAsync(phone: true);
        var problems = Problems(page);
        var response = await page.GotoAsync(site.PageUrl().ToString());
        Assert.Equal(200, response!.Status);

        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Rượu sâm dây Ngọc Linh", (await page.TextContentAsync("#product"))!.Trim());
        Assert.Equal("4", await page.GetAttributeAsync("#ocop", "data-stars"));
        Assert.Equal(TracePageServer.WineLot, await page.TextContentAsync("#lot-code"));
        Assert.Contains("Ngọc Linh", await page.TextContentAsync("#producer"), StringComparison.Ordinal);
        Assert.Contains("Truy xuất nguồn gốc", await page.TitleAsync(), StringComparison.Ordinal);

        // Every raw-material area of the trace, listed with its commune and drawn on the map.
        var areas = trace["areas"]!.AsArray();
        Assert.NotEmpty(areas);
        foreach (var area in areas)
        {
            var code = area!["areaCode"]!.GetValue<string>();
            var item = page.Locator($"#origin li[data-area='{code}']");
            await Assertions.Expect(item).ToContainTextAsync(area["commune"]!.GetValue<string>());
            Assert.Equal(1, await item.Locator("svg.shape polygon").CountAsync());
            Assert.Equal(1, await page.Locator($"svg.map g[data-area='{code}'] circle").CountAsync());
        }

        // The timeline: every harvest, every step and the packing, in time order.
        foreach (var step in trace["steps"]!.AsArray())
        {
            Assert.Equal(1, await page.Locator($"#timeline li[data-step='{step!["stepId"]!.GetValue<string>()}']").CountAsync());
        }

        var harvests = trace["batches"]!.AsArray().Count(b => b!["harvest"] is not null);
        Assert.Equal(harvests, await page.Locator("#timeline li[data-kind='harvest']").CountAsync());
        Assert.Equal(1, await page.Locator("#timeline li[data-kind='packing']").CountAsync());
        var times = await page.Locator("#timeline li > time").EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('datetime'))");
        Assert.Equal(times.Select(DateTimeOffset.Parse).Order(), times.Select(DateTimeOffset.Parse));
        Assert.Contains("Thu hoạch", await page.TextContentAsync("#timeline"), StringComparison.Ordinal);
        Assert.Contains("Sấy", await page.TextContentAsync("#timeline"), StringComparison.Ordinal);

        // Condition verdicts with their small charts (the demo's drying steps have sensor history).
        Assert.True(await page.Locator("#timeline .cond[data-verdict]").CountAsync() > 0);
        Assert.True(await page.Locator("#timeline .cond svg.chart polyline").CountAsync() > 0);

        // Verification in the browser, and the server's own verdict labelled as such.
        var verification = page.Locator("#verification");
        await Assertions.Expect(verification).ToHaveAttributeAsync("data-state", "verified", VerificationWait);
        await Assertions.Expect(verification.Locator(".v-status")).ToContainTextAsync("Đã xác minh trên thiết bị này");
        Assert.Equal("true", await page.GetAttributeAsync("#server-verdict", "data-verified"));
        Assert.Contains("Kết quả kiểm tra của máy chủ", await page.TextContentAsync("#server-verdict"), StringComparison.Ordinal);

        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.Artefacts, "trace-page-vi-phone.png"), FullPage = true });
        Assert.Empty(problems);
    }

    [Fact]
    public async Task English_comes_from_Accept_Language_and_from_the_switch()
    {
        var page = await chromium.NewPageAsync(phone: false, locale: "en-US");
        var problems = Problems(page);
        await page.GotoAsync(site.PageUrl().ToString());
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Ngọc Linh vine-ginseng wine", (await page.TextContentAsync("#product"))!.Trim());
        Assert.Contains("The product's journey", await page.TextContentAsync("#timeline"), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#verification")).ToHaveAttributeAsync("data-state", "verified", VerificationWait);
        await Assertions.Expect(page.Locator("#verification .v-status")).ToContainTextAsync("Verified on this device");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.Artefacts, "trace-page-en-desktop.png"), FullPage = true });

        // The switch goes to Vietnamese and back, keeping the lot.
        await page.ClickAsync("#lang-switch");
        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Rượu sâm dây Ngọc Linh", (await page.TextContentAsync("#product"))!.Trim());
        await page.ClickAsync("#lang-switch");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Without_JavaScript_the_page_still_shows_the_chain_and_the_server_verdict()
    {
        var context = await chromium.Browser.NewContextAsync(new() { JavaScriptEnabled = false, Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(site.PageUrl().ToString());
        Assert.Equal("Rượu sâm dây Ngọc Linh", (await page.TextContentAsync("#product"))!.Trim());
        Assert.True(await page.Locator("#timeline li").CountAsync() > 5);
        Assert.Equal("pending", await page.GetAttributeAsync("#verification", "data-state"));
        Assert.Equal("true", await page.GetAttributeAsync("#server-verdict", "data-verified"));
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_tampered_bundle_fails_verification_in_the_browser()
    {
        // The browser is served the lot's real bundle with one event altered after it was recorded.
        var bundle = JsonNode.Parse(await site.Server.Http.GetStringAsync($"/v1/lots/{TracePageServer.WineGtin}/{TracePageServer.WineLot}/proof"))!;
        var harvest = bundle["events"]!.AsArray().First(e => e!["record"]!.GetValue<string>().StartsWith("batch:NL-H-", StringComparison.Ordinal))!;
        harvest["event"]!["eventTime"] = "2026-02-01T00:00:00.000Z";
        var page = await chromium.NewPageAsync(phone: true);
        await page.RouteAsync("**/proof", route => route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = bundle.ToJsonString() }));
        await page.GotoAsync(site.PageUrl().ToString());
        var verification = page.Locator("#verification");
        await Assertions.Expect(verification).ToHaveAttributeAsync("data-state", "failed", VerificationWait);
        await Assertions.Expect(verification.Locator(".v-status")).ToContainTextAsync("Không xác minh được");
        await Assertions.Expect(verification.Locator(".v-status")).ToContainTextAsync(harvest["eventId"]!.GetValue<string>());
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.Artefacts, "trace-page-tampered-phone.png"), FullPage = true });
    }

    [Theory]
    [InlineData(TracePageServer.WineGtin, "NO-SUCH-LOT", 404, "not-found", "Không tìm thấy lô hàng")]
    [InlineData("08936204000115", "NL-2026-031", 400, "malformed", "Mã không hợp lệ")]
    public async Task An_unknown_or_malformed_code_gets_a_clear_page(string gtin, string lot, int status, string problem, string title)
    {
        var page = await chromium.NewPageAsync(phone: true);
        var response = await page.GotoAsync(site.PageUrl(gtin, lot).ToString());
        Assert.Equal(status, response!.Status);
        Assert.Equal(problem, await page.GetAttributeAsync("#problem", "data-problem"));
        Assert.Equal(title, (await page.TextContentAsync("#problem"))!.Trim());
        Assert.Contains(status == 404 ? "NO-SUCH-LOT" : "check digit", await page.TextContentAsync("#problem-detail"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.Artefacts, $"trace-page-{problem}-phone.png"), FullPage = true });
    }

    [Fact]
    public async Task A_code_whose_printed_expiry_differs_from_the_record_gets_a_warning()
    {
        var page = await chromium.NewPageAsync(phone: true);
        await page.GotoAsync(site.PageUrl() + "?17=300101");
        await Assertions.Expect(page.Locator("#expiry-mismatch")).ToContainTextAsync("không khớp");
        await page.GotoAsync(site.PageUrl() + "?17=290521");
        Assert.Equal(0, await page.Locator("#expiry-mismatch").CountAsync());
    }

    [Fact]
    public async Task A_withdrawn_lot_shows_the_withdrawal_and_its_failed_drying_run()
    {
        // The demo's bamboo shoots of lot TP-2026-021 were dried in a run that overheated; Thành Phát withdrew the lot.
        var page = await chromium.NewPageAsync(phone: true);
        await page.GotoAsync(site.PageUrl("08938517000225", "TP-2026-021").ToString());
        var banner = page.Locator("#withdrawal");
        await Assertions.Expect(banner).ToContainTextAsync("NGỪNG BÁN");
        await Assertions.Expect(banner).ToContainTextAsync("TP-S-2026-007");
        Assert.Equal(0, await page.Locator("#recall").CountAsync());
        Assert.Equal("fail", await page.GetAttributeAsync("#timeline li[data-step='TP-S-2026-007'] .cond", "data-verdict"));
        await Assertions.Expect(page.Locator("#verification")).ToHaveAttributeAsync("data-state", "verified", VerificationWait);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.Artefacts, "trace-page-withdrawn-phone.png"), FullPage = true });

        var english = await chromium.NewPageAsync(phone: false, locale: "en-GB");
        await english.GotoAsync(site.PageUrl("08938517000225", "TP-2026-021").ToString());
        await Assertions.Expect(english.Locator("#withdrawal")).ToContainTextAsync("WITHDRAWN");
    }
}
