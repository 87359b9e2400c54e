using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Traceability.Proofs;
using static Traceability.Web.Tests.BrowserVerifierBundles;

namespace Traceability.Web.Tests;

/// <summary>
/// The contract between verify.js and the trace page, on a page of the server's origin holding only the
/// verification section: it fetches data-proof, checks it against data-key and says the outcome in the
/// section's attributes, its status line (in the page's language) and one list item per finding.
/// </summary>
[Collection(BrowserVerifierSuite.Name)]
public sealed class BrowserVerifierPageTests(BrowserVerifierServer site, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Checked = new() { Timeout = 30_000 };

    private static readonly string WineProof = BrowserVerifierServer.ProofPath(BrowserVerifierServer.Wine.Gtin, BrowserVerifierServer.Wine.Lot);

    /// <summary>The section as the trace page writes it, and the script as it links it.</summary>
    private static string Markup(string lang, string? proof, string? key) => $$"""
        <!doctype html>
        <html lang="{{lang}}"><head><meta charset="utf-8"><title>Truy xuất</title></head><body>
        <section id="verification" data-state="pending"{{Attribute("data-proof", proof)}}{{Attribute("data-key", key)}}>
          <h2>Kiểm chứng hồ sơ</h2>
          <p class="v-status">Đang kiểm tra trên thiết bị này… (cần bật JavaScript)</p>
          <details class="v-details"><summary>Chi tiết kiểm tra</summary><ul class="v-findings"></ul></details>
        </section>
        <script src="/assets/verify.js?v=test" defer></script>
        </body></html>
        """;

    private static string Attribute(string name, string? value) => value is null ? "" : $" {name}=\"{System.Net.WebUtility.HtmlEncode(value)}\"";

    /// <summary>A page of the server's origin showing <paramref name="markup"/>; script errors are collected in <paramref name="errors"/>.</summary>
    private async Task<IPage> PageAsync(string markup, List<string> errors, Func<IPage, Task>? before = null, string? initScript = null)
    {
        var page = await chromium.NewPageAsync(phone: true);
        page.PageError += (_, error) => errors.Add(error);
        if (initScript is not null)
        {
            await page.AddInitScriptAsync(initScript);
        }

        if (before is not null)
        {
            await before(page);
        }

        await page.GotoAsync(new Uri(site.Server.Url, "/healthz").ToString());
        await page.SetContentAsync(markup);
        return page;
    }

    /// <summary>The proof the page asks for is answered with <paramref name="bundle"/> instead of the server's.</summary>
    private static Func<IPage, Task> Serving(string bundle) => page =>
        page.RouteAsync("**/proof", route => route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = bundle }));

    private static ILocator Section(IPage page) => page.Locator("#verification");

    private static async Task<string> StatusAsync(IPage page) => (await page.TextContentAsync("#verification .v-status"))!;

    [Fact]
    public async Task WhenTheProofHolds_TheSectionSaysVerifiedOnThisDeviceInVietnamese()
    {
        var errors = new List<string>();
        var bundle = ProofBundle.Parse(await site.BundleAsync(BrowserVerifierServer.Wine.Gtin, BrowserVerifierServer.Wine.Lot));
        var page = await PageAsync(Markup("vi", WineProof, site.VerifierKey), errors);

        await Assertions.Expect(Section(page)).ToHaveAttributeAsync("data-state", "verified", Checked);

        var newest = bundle.Checkpoints.Max(c => c.CutAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        Assert.Equal("verified", await Section(page).GetAttributeAsync("data-signature"));
        Assert.Equal(bundle.Events.Count.ToString(CultureInfo.InvariantCulture), await Section(page).GetAttributeAsync("data-events"));
        Assert.Equal(newest, await Section(page).GetAttributeAsync("data-checkpoint"));
        var status = await StatusAsync(page);
        Assert.StartsWith("Đã xác minh trên thiết bị này", status, StringComparison.Ordinal);
        Assert.Contains(await page.EvaluateAsync<string>("iso => new Date(iso).toLocaleString('vi')", newest), status, StringComparison.Ordinal);
        var items = page.Locator("#verification .v-findings li");
        Assert.Equal(BundleVerifier.Verify(bundle, site.VerifierKey).Findings.Count, await items.CountAsync());
        Assert.Equal(await items.CountAsync(), await page.Locator("#verification .v-findings li.ok").CountAsync());
        Assert.Contains("mã băm khớp nội dung", await items.Nth(2).TextContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.Artefacts, "browser-verifier-verified-vi.png"), FullPage = true });
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WhenThePageIsInEnglish_ItSaysVerifiedOnThisDeviceInEnglish()
    {
        var errors = new List<string>();
        var page = await PageAsync(Markup("en", WineProof, site.VerifierKey), errors);

        await Assertions.Expect(Section(page)).ToHaveAttributeAsync("data-state", "verified", Checked);

        var checkpoint = await Section(page).GetAttributeAsync("data-checkpoint");
        var status = await StatusAsync(page);
        Assert.StartsWith("Verified on this device; newest checkpoint: ", status, StringComparison.Ordinal);
        Assert.Contains(await page.EvaluateAsync<string>("iso => new Date(iso).toLocaleString('en')", checkpoint), status, StringComparison.Ordinal);
        Assert.Contains("hash matches its content", await page.Locator("#verification .v-findings li").Nth(2).TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WhenAnEventWasAlteredAfterItWasRecorded_TheSectionFailsNamingTheEventAndTheCheck()
    {
        var errors = new List<string>();
        var served = await site.BundleAsync(BrowserVerifierServer.Wine.Gtin, BrowserVerifierServer.Wine.Lot);
        var tampered = Edited(served, BrowserVerifierBundles.Tamperings["a harvest's mass"].Edit);
        var harvest = Event(JsonNode.Parse(tampered)!.AsObject(), FirstHarvest);
        var page = await PageAsync(Markup("vi", WineProof, site.VerifierKey), errors, Serving(tampered));

        await Assertions.Expect(Section(page)).ToHaveAttributeAsync("data-state", "failed", Checked);

        var status = await StatusAsync(page);
        Assert.StartsWith("Không xác minh được: sự kiện ", status, StringComparison.Ordinal);
        Assert.Contains($"({FirstHarvest}, {harvest["eventId"]!.GetValue<string>()})", status, StringComparison.Ordinal);
        Assert.EndsWith("nội dung đã bị sửa sau khi được ghi (mã băm không khớp)", status, StringComparison.Ordinal);
        Assert.Equal("verified", await Section(page).GetAttributeAsync("data-signature"));
        Assert.Equal(1, await page.Locator("#verification .v-findings li.fail").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.Artefacts, "browser-verifier-tampered-vi.png"), FullPage = true });
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WhenAnEnglishPagesProofFails_TheStatusGivesTheVerifiersOwnWords()
    {
        var errors = new List<string>();
        var tampered = Edited(await site.BundleAsync(BrowserVerifierServer.Wine.Gtin, BrowserVerifierServer.Wine.Lot),
            BrowserVerifierBundles.Tamperings["the creation of an input left out"].Edit);
        var expected = BundleVerifier.Verify(ProofBundle.Parse(tampered), site.VerifierKey).Failures.First();
        var page = await PageAsync(Markup("en", WineProof, site.VerifierKey), errors, Serving(tampered));

        await Assertions.Expect(Section(page)).ToHaveAttributeAsync("data-state", "failed", Checked);

        Assert.Equal($"Verification failed: {expected.Subject}: {expected.Statement}", await StatusAsync(page));
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WhenTheProofIsNotFound_TheSectionFails()
    {
        var errors = new List<string>();
        var page = await PageAsync(Markup("vi", BrowserVerifierServer.ProofPath(BrowserVerifierServer.Wine.Gtin, "NO-SUCH-LOT"), site.VerifierKey), errors);

        await Assertions.Expect(Section(page)).ToHaveAttributeAsync("data-state", "failed", Checked);

        Assert.Equal("Không xác minh được: bằng chứng (HTTP 404): không tải được gói bằng chứng", await StatusAsync(page));
        Assert.Equal("failed", await Section(page).GetAttributeAsync("data-signature"));
        Assert.Equal("0", await Section(page).GetAttributeAsync("data-events"));
        Assert.Null(await Section(page).GetAttributeAsync("data-checkpoint"));
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WhenTheAnswerIsNotABundle_TheSectionFails()
    {
        var errors = new List<string>();
        var page = await PageAsync(Markup("en", WineProof, site.VerifierKey), errors, Serving("<html>maintenance</html>"));

        await Assertions.Expect(Section(page)).ToHaveAttributeAsync("data-state", "failed", Checked);

        Assert.Equal("Verification failed: bundle: not a proof bundle: $ is not an object", await StatusAsync(page));
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WhenThePageGivesNoKey_TheKeyTheBundleNamesIsUsedAndTheStatusSaysSo()
    {
        var errors = new List<string>();
        var page = await PageAsync(Markup("vi", WineProof, key: null), errors);

        await Assertions.Expect(Section(page)).ToHaveAttributeAsync("data-state", "verified", Checked);

        Assert.EndsWith("; chữ ký được kiểm tra bằng khóa do chính gói nêu.", await StatusAsync(page), StringComparison.Ordinal);
        Assert.StartsWith("khóa: kiểm tra chữ ký bằng khóa do chính gói nêu", await page.Locator("#verification .v-findings li").First.TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WhenTheBundleIsAnchored_TheStatusNamesTheChainTheTransactionAndTheBlock()
    {
        var errors = new List<string>();
        var anchored = Anchored(await site.BundleAsync(BrowserVerifierServer.Wine.Gtin, BrowserVerifierServer.Wine.Lot));
        var page = await PageAsync(Markup("en", WineProof, site.VerifierKey), errors, Serving(anchored));

        await Assertions.Expect(Section(page)).ToHaveAttributeAsync("data-state", "verified", Checked);

        Assert.EndsWith("; anchored on chain 31337, transaction 0x9c2f1ab4…1f2a3b, block 4021.", await StatusAsync(page), StringComparison.Ordinal);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WhenTheBrowserHasNoEd25519_TheSectionVerifiesTheRestAndSaysTheSignatureWasNotChecked()
    {
        var errors = new List<string>();
        var page = await PageAsync(Markup("vi", WineProof, site.VerifierKey), errors, initScript: BrowserVerifierBundleTests.WithoutEd25519);

        await Assertions.Expect(Section(page)).ToHaveAttributeAsync("data-state", "verified", Checked);

        Assert.Equal("unsupported", await Section(page).GetAttributeAsync("data-signature"));
        Assert.Contains("chữ ký chưa kiểm tra được trên thiết bị này", await StatusAsync(page), StringComparison.Ordinal);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WhenTheTracePageItselfLoads_ItsSectionVerifiesUnderItsContentSecurityPolicy()
    {
        var errors = new List<string>();
        var page = await chromium.NewPageAsync(phone: true);
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await page.GotoAsync(new Uri(site.Server.Url, $"/01/{BrowserVerifierServer.Wine.Gtin}/10/{BrowserVerifierServer.Wine.Lot}").ToString());

        await Assertions.Expect(Section(page)).ToHaveAttributeAsync("data-state", "verified", Checked);
        Assert.Equal("verified", await Section(page).GetAttributeAsync("data-signature"));
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WhenTheBundleCarriesMarkup_ItIsShownAsText()
    {
        var errors = new List<string>();
        var bundle = Edited(await site.BundleAsync(BrowserVerifierServer.Wine.Gtin, BrowserVerifierServer.Wine.Lot),
            b => Event(b, FirstHarvest)["record"] = "<img src=x id=injected>");
        var page = await PageAsync(Markup("en", WineProof, site.VerifierKey), errors, Serving(bundle));

        // The record names nothing the checks rely on: the bundle still verifies, and its text stays text.
        await Assertions.Expect(Section(page)).ToHaveAttributeAsync("data-state", "verified", Checked);

        Assert.Equal(0, await page.Locator("#injected").CountAsync());
        Assert.Equal(1, await page.Locator("#verification .v-findings li", new() { HasTextString = "(<img src=x id=injected>, ni:///sha-256;" }).CountAsync());
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }
}
