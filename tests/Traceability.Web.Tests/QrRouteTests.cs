using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Traceability.Server.Demo;
using Traceability.Testing;
using Traceability.Web.DigitalLinks;
using Xunit.Abstractions;

namespace Traceability.Web.Tests;

/// <summary>
/// <c>GET /v1/lots/{gtin}/{lot}/qr.svg|qr.png</c> on the real server with the demo data: what a
/// phone reads from the printed code, and the refusals a label designer meets.
/// </summary>
[Collection(DemoServerGroup.Name)]
public sealed class QrRouteTests(TracePageServer fixture, ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private static readonly XNamespace SvgNs = "http://www.w3.org/2000/svg";

    private static (string Gtin, string Lot) DemoLot => DakGleiDemo.LotToTry;

    private static string Route(string file, string query = "") => $"/v1/lots/{DemoLot.Gtin}/{DemoLot.Lot}/{file}{query}";

    /// <summary>The URI a phone should read: this server's own scheme and host, as no base URL is configured.</summary>
    private string Expected(string? serial = null) => DigitalLinkPath.Uri(fixture.Server.Url.ToString(), DemoLot.Gtin, DemoLot.Lot, serial);

    private static async Task<byte[]> GetBytesAsync(ServerProcess server, string route)
    {
        using var response = await server.Http.GetAsync(new Uri(route, UriKind.Relative));
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        return body;
    }

    [Fact]
    public async Task WhenTheDemoLotsPngIsScanned_ItReadsTheLotsDigitalLinkOnThisServer()
    {
        var png = await GetBytesAsync(fixture.Server, Route("qr.png"));

        Assert.Equal(Expected(), QrDecoder.Decode(png));
        Assert.Equal($"http://127.0.0.1:{fixture.Server.Url.Port}/01/08936204000114/10/NL-2026-031", Expected());
        output.WriteLine($"qr.png of {DemoLot.Lot}: {png.Length} bytes");
    }

    [Fact]
    public async Task WhenASerialIsAsked_TheCodeNamesThatPackageAfterTheLot()
    {
        var png = await GetBytesAsync(fixture.Server, Route("qr.png", "?serial=042&ecc=Q"));

        var text = QrDecoder.Decode(png);
        Assert.Equal(Expected("042"), text);
        Assert.EndsWith("/10/NL-2026-031/21/042", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheSvgIsDrawnByChromium_ItScansAsTheSameUri()
    {
        var svg = Encoding.UTF8.GetString(await GetBytesAsync(fixture.Server, Route("qr.svg")));
        var page = await chromium.NewPageAsync();
        try
        {
            await page.SetContentAsync($"<!DOCTYPE html><html><body style=\"margin:0;background:#fff\"><div style=\"width:296px\">{svg}</div></body></html>");
            var shot = await page.Locator("svg").ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.Artefacts, "qr-svg.png") });

            Assert.Equal(Expected(), QrDecoder.Decode(shot));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task TheSvgIsASmallStandaloneDocumentWithAViewBoxAndOnePath()
    {
        var bytes = await GetBytesAsync(fixture.Server, Route("qr.svg"));

        var svg = XDocument.Parse(Encoding.UTF8.GetString(bytes)).Root!;
        Assert.Equal(SvgNs + "svg", svg.Name);
        var viewBox = svg.Attribute("viewBox")?.Value.Split(' ').Select(int.Parse).ToArray();
        Assert.NotNull(viewBox);
        Assert.Equal(0, viewBox[0]);
        Assert.Equal(viewBox[2], viewBox[3]);
        // Version v has 17 + 4v modules a side, and the quiet zone 4 more on each side.
        Assert.Equal(0, (viewBox[2] - 8 - 17) % 4);
        Assert.Single(svg.Descendants(SvgNs + "path"));
        Assert.True(svg.Descendants(SvgNs + "rect").Count() <= 1, "at most a background rectangle besides the path");
        Assert.Empty(svg.Descendants(SvgNs + "script"));
        Assert.True(bytes.Length < 8 * 1024, $"{bytes.Length} bytes");
        output.WriteLine($"qr.svg of {DemoLot.Lot}: {bytes.Length} bytes, viewBox {string.Join(' ', viewBox)}");
    }

    [Fact]
    public async Task ThePngHasTheAskedPixelsPerModuleAndAFourModuleQuietZone()
    {
        const int size = 4;
        var png = await GetBytesAsync(fixture.Server, Route("qr.png", $"?size={size}"));

        var image = QrDecoder.Pixels(png);
        Assert.Equal(image.Width, image.Height);
        Assert.Equal(0, image.Width % size);
        Assert.Equal(0, (image.Width / size - 8 - 17) % 4);
        var quiet = 4 * size;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (x < quiet || y < quiet || x >= image.Width - quiet || y >= image.Height - quiet)
                {
                    Assert.True(image.Data[(y * image.Width) + x] == 255, $"pixel ({x}, {y}) of the quiet zone is not white");
                }
            }
        }

        // The top-left finder pattern starts right after the quiet zone.
        Assert.Equal(0, image.Data[(quiet * image.Width) + quiet]);
        Assert.Equal(Expected(), QrDecoder.Decode(png));
    }

    [Fact]
    public async Task HighErrorCorrectionMakesALargerCodeThatStillScans()
    {
        var low = QrDecoder.Pixels(await GetBytesAsync(fixture.Server, Route("qr.png", "?size=1&ecc=L")));
        var high = await GetBytesAsync(fixture.Server, Route("qr.png", "?size=2&ecc=h"));

        Assert.True(QrDecoder.Pixels(high).Width / 2 > low.Width, $"H: {QrDecoder.Pixels(high).Width / 2} modules, L: {low.Width}");
        Assert.Equal(Expected(), QrDecoder.Decode(high));
    }

    [Theory]
    [InlineData("qr.svg", "image/svg+xml")]
    [InlineData("qr.png", "image/png")]
    public async Task TheImagesAreServedToThePackerWithTheirTypeNoSniffingNoStoringAndTheirUri(string file, string type)
    {
        using var response = await fixture.Server.Http.GetAsync(new Uri(Route(file), UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        // Printing them is the lot owner's read: what a credential unlocked stays in no cache (the server's security headers).
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(Expected(), response.Headers.GetValues("X-Digital-Link").Single());
        Assert.NotNull(response.Headers.ETag);

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(Route(file), UriKind.Relative));
        again.Headers.IfNoneMatch.Add(response.Headers.ETag);
        using var revalidated = await fixture.Server.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task WhenTheResolverBaseUrlIsConfigured_TheCodesPointThereAndNotAtTheServer()
    {
        await using var configured = await ServerProcess.StartAsync(demo: true, settings: "--DigitalLink:BaseUrl=https://qr.example.vn");

        var png = await GetBytesAsync(configured, Route("qr.png"));
        var svg = Encoding.UTF8.GetString(await GetBytesAsync(configured, Route("qr.svg", "?serial=7")));

        Assert.Equal("https://qr.example.vn/01/08936204000114/10/NL-2026-031", QrDecoder.Decode(png));
        var page = await chromium.NewPageAsync();
        try
        {
            await page.SetContentAsync($"<!DOCTYPE html><html><body style=\"margin:0\"><div style=\"width:296px\">{svg}</div></body></html>");
            Assert.Equal("https://qr.example.vn/01/08936204000114/10/NL-2026-031/21/7", QrDecoder.Decode(await page.Locator("svg").ScreenshotAsync()));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Theory]
    [InlineData("/v1/lots/08936204000115/NL-2026-031/qr.svg", 400, "gtin", "wrong check digit")]
    [InlineData("/v1/lots/08936204000/NL-2026-031/qr.png", 400, "gtin", "8, 12, 13 or 14 digits")]
    [InlineData("/v1/lots/08936204000114/NL%202026/qr.svg", 400, "lot", "outside GS1 AI encodable character set 82")]
    [InlineData("/v1/lots/08936204000114/ABCDEFGHIJKLMNOPQRSTU/qr.png", 400, "lot", "at most 20")]
    [InlineData("/v1/lots/08936204000114/NL-2026-031/qr.png?size=0", 400, "size", "from 1 to 40")]
    [InlineData("/v1/lots/08936204000114/NL-2026-031/qr.png?size=41", 400, "size", "from 1 to 40")]
    [InlineData("/v1/lots/08936204000114/NL-2026-031/qr.svg?ecc=X", 400, "ecc", "one of L, M, Q, H")]
    [InlineData("/v1/lots/08936204000114/NL-2026-031/qr.svg?ecc=L&ecc=H", 400, "ecc", "more than once")]
    [InlineData("/v1/lots/08936204000114/NL-2026-031/qr.svg?serial=A%20B", 400, "serial", "character set 82")]
    [InlineData("/v1/lots/08936204000114/NL-2099-999/qr.svg", 404, "lot", "lot 'NL-2099-999' of GTIN 08936204000114 does not exist")]
    [InlineData("/v1/lots/8936204000114/NL-2099-999/qr.png", 404, "lot", "of GTIN 08936204000114 does not exist")]
    [InlineData("/v1/lots/08936204000114/NL%2F2026-031/qr.png", 404, "lot", "lot 'NL/2026-031' of GTIN")]
    public async Task RefusalsAreJsonProblemsNamingTheParameter(string route, int status, string field, string reason)
    {
        using var response = await fixture.Server.Http.GetAsync(new Uri(route, UriKind.Relative));

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(field, problem.RootElement.GetProperty("field").GetString());
        Assert.Contains(reason, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith($"{field}: ", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (status == 400)
        {
            Assert.Contains(reason, problem.RootElement.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }
    }
}
