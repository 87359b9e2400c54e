using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Playwright;
using Traceability.Server.Demo;
using Traceability.Web.DigitalLinks;
using Xunit.Abstractions;

namespace Traceability.Web.Tests;

/// <summary>
/// <c>GET /v1/lots/{gtin}/{lot}/labels</c> on the real server with the demo data: the sheet a
/// cooperative prints on A4 stickers, as a parser, a browser and a printer see it. The demo's wine
/// lot NL-2026-031: 80 bottles of 475 g, packed 21/05/2026, best before 21/05/2029, 4 OCOP stars.
/// </summary>
[Collection(DemoServerGroup.Name)]
public sealed class LabelSheetTests(TracePageServer fixture, ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    // CSS pixels at 96 per inch.
    private const double PixelsPerMm = 96 / 25.4;

    private static (string Gtin, string Lot) DemoLot => DakGleiDemo.LotToTry;

    /// <summary>The facility that packed <see cref="DemoLot"/>.</summary>
    private static string DemoLotFacility => DakGleiDemo.Events.OfType<Events.LotPacked>().Single(l => (l.Gtin, l.LotCode) == DemoLot).FacilityId;

    private static string Route(string query) => $"/v1/lots/{DemoLot.Gtin}/{DemoLot.Lot}/labels{query}";

    private Uri Absolute(string query) => new(fixture.Server.Url, Route(query));

    /// <summary>The browser prints as the lot's packer may: label sheets are the lot owner's read.</summary>
    private async Task SignInAsync(IPage page) =>
        await page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Authorization"] = "ApiKey " + await fixture.Server.Credentials.OperatorAsync(DemoLotFacility) });

    private string Expected(string? serial = null) => DigitalLinkPath.Uri(fixture.Server.Url.ToString(), DemoLot.Gtin, DemoLot.Lot, serial);

    private async Task<(HttpResponseMessage Response, IDocument Sheet)> GetSheetAsync(string query)
    {
        var response = await fixture.Server.Http.GetAsync(new Uri(Route(query), UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {html}");
        return (response, await new HtmlParser().ParseDocumentAsync(html));
    }

    [Fact]
    public async Task WhenEightyLabelsAreAsked_TheSheetHasEightyLabelsOfTheLotOnFourA4Pages()
    {
        var (response, sheet) = await GetSheetAsync("?count=80");
        using var _ = response;

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("vi", sheet.DocumentElement.GetAttribute("lang"));
        Assert.Equal(4, sheet.QuerySelectorAll(".sheet").Length);
        Assert.Equal([24, 24, 24, 8], sheet.QuerySelectorAll(".sheet").Select(page => page.QuerySelectorAll(".label").Length));
        var labels = sheet.QuerySelectorAll(".label");
        Assert.Equal(80, labels.Length);
        foreach (var label in labels)
        {
            Assert.Equal("Rượu sâm dây Ngọc Linh", label.QuerySelector(".name")?.TextContent);
            Assert.Equal("08936204000114", label.QuerySelector("dd.gtin")?.TextContent);
            Assert.Equal("NL-2026-031", label.QuerySelector("dd.lot")?.TextContent);
            Assert.Equal("21/05/2026", label.QuerySelector("dd.produced")?.TextContent);
            Assert.Equal("2026-05-21", label.QuerySelector("dd.produced time")?.GetAttribute("datetime"));
            Assert.Equal("21/05/2029", label.QuerySelector("dd.expires")?.TextContent);
            Assert.Equal("475 g", label.QuerySelector("dd.net")?.TextContent);
            Assert.Equal("★★★★", label.QuerySelector(".ocop .stars")?.TextContent);
            Assert.Null(label.QuerySelector("dd.serial"));
            Assert.Equal(Expected(), label.QuerySelector(".qr")?.GetAttribute("data-uri"));
            Assert.NotNull(label.QuerySelector(".qr svg[viewBox] path"));
        }

        Assert.Equal(["GTIN", "Lô/Lot", "NSX/MFG", "HSD/EXP", "KL/Net"], labels[0].QuerySelectorAll("dt").Select(dt => dt.TextContent));
    }

    [Fact]
    public async Task TheSheetIsSelfContained_NoScriptAndNothingToFetch()
    {
        var (response, sheet) = await GetSheetAsync("?count=3");
        using var _ = response;

        Assert.Empty(sheet.QuerySelectorAll("script, link, img, iframe, object, embed, image, use"));
        Assert.DoesNotContain(sheet.All, element => element.HasAttribute("src") || element.HasAttribute("href") || element.HasAttribute("xlink:href"));
        var style = string.Concat(sheet.QuerySelectorAll("style").Select(s => s.TextContent));
        Assert.Contains("@page", style, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", style, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", style, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenSerialsAreAsked_EachLabelCarriesItsPackageNumberInTextAndInItsCode()
    {
        var (response, sheet) = await GetSheetAsync("?count=5&first=3&serials=true");
        using var _ = response;

        var labels = sheet.QuerySelectorAll(".label");
        string[] serials = ["003", "004", "005", "006", "007"];
        Assert.Equal(serials, labels.Select(label => label.GetAttribute("data-serial")));
        Assert.Equal(serials, labels.Select(label => label.QuerySelector("dd.serial")?.TextContent));
        Assert.Equal(serials.Select(Expected), labels.Select(label => label.QuerySelector(".qr")?.GetAttribute("data-uri")));
        Assert.Equal(5, labels.Select(label => label.QuerySelector(".qr svg path")?.GetAttribute("d")).Distinct().Count());
    }

    [Fact]
    public async Task WhenALabelsCodeIsScanned_ItReadsTheLotsUriWithThatPackagesSerial()
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            DeviceScaleFactor = 3,
        });
        try
        {
            var page = await context.NewPageAsync();
            await SignInAsync(page);
            await page.GotoAsync(Absolute("?count=5&first=3&serials=true").ToString());
            await page.Locator(".label[data-serial='004']").ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.Artefacts, "label-004.png") });
            var shot = await page.Locator(".label[data-serial='004'] .qr svg").ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.Artefacts, "label-qr-004.png") });

            Assert.Equal(Expected("004"), QrDecoder.Decode(shot));
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task WhenPrinted_TheScreenHeaderIsHiddenAndEachLabelIs70By37Millimetres()
    {
        var page = await chromium.NewPageAsync();
        try
        {
            await SignInAsync(page);
            await page.GotoAsync(Absolute("?count=30").ToString());
            var header = page.Locator("header.screen");
            Assert.True(await header.IsVisibleAsync());
            Assert.Contains("In trang này", await header.InnerTextAsync(), StringComparison.Ordinal);

            await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
            await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.Artefacts, "labels-print.png"), FullPage = true });

            Assert.False(await header.IsVisibleAsync());
            var first = await page.Locator(".label").First.BoundingBoxAsync();
            Assert.NotNull(first);
            Assert.Equal(70, first.Width / PixelsPerMm, 1);
            Assert.Equal(37, first.Height / PixelsPerMm, 1);
            Assert.Equal(0, first.X, 1);
            var qr = await page.Locator(".label .qr svg").First.BoundingBoxAsync();
            Assert.NotNull(qr);
            Assert.Equal(30, qr.Width / PixelsPerMm, 1);
            // Three across, the fourth label starts the second row.
            var fourth = await page.Locator(".label").Nth(3).BoundingBoxAsync();
            Assert.Equal(first.Y + (37 * PixelsPerMm), fourth!.Y, 1);
            Assert.Equal(first.X, fourth.X, 1);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task WhenPrintedToPdf_FiftyLabelsFillThreeA4PagesAndNoBlankOne()
    {
        var page = await chromium.NewPageAsync();
        try
        {
            await SignInAsync(page);
            await page.GotoAsync(Absolute("?count=50").ToString());
            var pdf = await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true });
            await File.WriteAllBytesAsync(Path.Combine(ChromiumFixture.Artefacts, "labels-50.pdf"), pdf);

            var text = Encoding.Latin1.GetString(pdf);
            var pages = System.Text.RegularExpressions.Regex.Count(text, @"/Type\s*/Page(?![a-zA-Z])");
            Assert.Equal(3, pages);
            // A4 is 595.28 × 841.89 points; chromium rounds to its own units.
            var boxes = System.Text.RegularExpressions.Regex.Matches(text, @"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]");
            Assert.Equal(3, boxes.Count);
            Assert.All(boxes, box =>
            {
                Assert.Equal(595.28, double.Parse(box.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0.5);
                Assert.Equal(841.89, double.Parse(box.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 0.5);
            });
            output.WriteLine($"50 labels: {pdf.Length} bytes of PDF, {pages} pages");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Theory]
    [InlineData("?count=0", "count", "from 1 to 500")]
    [InlineData("?count=501", "count", "from 1 to 500")]
    [InlineData("?count=ten", "count", "from 1 to 500")]
    [InlineData("", "count", "is required")]
    [InlineData("?count=81", "count", "the lot has only 80 units")]
    [InlineData("?count=2&first=80&serials=true", "first", "serials 80 to 81 go beyond the lot's 80 units")]
    [InlineData("?count=2&first=0&serials=true", "first", "from 1")]
    [InlineData("?count=2&serials=yes", "serials", "true or false")]
    public async Task RefusedSheetsSayWhichParameterAndWhy(string query, string field, string reason)
    {
        using var response = await fixture.Server.Http.GetAsync(new Uri(Route(query), UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field, reason);
    }

    [Theory]
    [InlineData("/v1/lots/08936204000113/NL-2026-031/labels?count=1", 400, "gtin", "wrong check digit")]
    [InlineData("/v1/lots/08936204000114/NL%C3%A92026/labels?count=1", 400, "lot", "outside GS1 AI encodable character set 82")]
    [InlineData("/v1/lots/08936204000114/NL-2099-999/labels?count=1", 404, "lot", "does not exist")]
    public async Task ASheetOfAMalformedOrUnknownLotIsRefused(string route, int status, string field, string reason)
    {
        using var response = await fixture.Server.Http.GetAsync(new Uri(route, UriKind.Relative));

        await AssertProblemAsync(response, (HttpStatusCode)status, field, reason);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(field, problem.RootElement.GetProperty("field").GetString());
        Assert.Contains(reason, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
