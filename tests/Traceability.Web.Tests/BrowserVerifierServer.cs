using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Traceability.Events;
using Traceability.Server.Demo;
using Traceability.Testing;

namespace Traceability.Web.Tests;

/// <summary>
/// The real server with the demo data, shared by the browser verifier's tests (one start on a machine
/// of two cores): the origin verify.js is served from, the demo lots' proof bundles and the platform's key.
/// </summary>
public sealed class BrowserVerifierServer : IAsyncLifetime
{
    /// <summary>The demo's deep lot: Ngọc Linh vine-ginseng wine, from two harvests through drying and infusion.</summary>
    public static readonly (string Gtin, string Lot) Wine = DakGleiDemo.LotToTry;

    private ServerProcess? _server;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("Not started.");

    /// <summary>The verifier key the platform publishes (GET /v1/ledger/key).</summary>
    public string VerifierKey { get; private set; } = "";

    /// <summary>Every lot the demo packs.</summary>
    public static IEnumerable<(string Gtin, string Lot)> DemoLots =>
        DakGleiDemo.Events.OfType<LotPacked>().Select(l => (l.Gtin, l.LotCode));

    public static string ProofPath(string gtin, string lot) => $"/v1/lots/{gtin}/{Uri.EscapeDataString(lot)}/proof";

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(demo: true);
        var key = JsonNode.Parse(await Server.Http.GetStringAsync(new Uri("/v1/ledger/key", UriKind.Relative)))!;
        VerifierKey = key["verifierKey"]!.GetValue<string>();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>The proof bundle of a lot, as the server serves it.</summary>
    public async Task<string> BundleAsync(string gtin, string lot)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ProofPath(gtin, lot), UriKind.Relative));
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await Server.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// A page of the server's origin (a secure context: loopback) with verify.js loaded and no trace page:
    /// <c>window.traceVerify</c> is ready. <paramref name="initScript"/> runs first in the page (to take features away).
    /// </summary>
    public async Task<IPage> VerifierPageAsync(ChromiumFixture chromium, string? initScript = null)
    {
        var page = await chromium.NewPageAsync();
        if (initScript is not null)
        {
            await page.AddInitScriptAsync(initScript);
        }

        await page.GotoAsync(new Uri(Server.Url, "/healthz").ToString());
        await page.AddScriptTagAsync(new() { Url = "/assets/verify.js" });
        return page;
    }

    /// <summary>The repository's root, to read the EPCIS tests' GS1 fixtures where they are kept.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Traceability.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Traceability.sln not found above " + AppContext.BaseDirectory);
    }
}
