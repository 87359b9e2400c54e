using Traceability.Testing;

namespace Traceability.Web.Tests;

/// <summary>One real server with the demo data, shared by the tests of <see cref="DemoServerGroup"/> and stopped after them.</summary>
public sealed class TracePageServer : IAsyncLifetime
{
    /// <summary>The demo's deep lot: Ngọc Linh vine-ginseng wine, from two harvests through washing, slicing, drying and infusion.</summary>
    public const string WineGtin = "08936204000114";

    public const string WineLot = "NL-2026-031";

    private ServerProcess? _server;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("Not started.");

    public static string PagePath(string gtin = WineGtin, string lot = WineLot) => $"/01/{gtin}/10/{Uri.EscapeDataString(lot)}";

    public Uri PageUrl(string gtin = WineGtin, string lot = WineLot) => new(Server.Url, PagePath(gtin, lot));

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(demo: true);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
