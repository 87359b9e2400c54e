using System.Diagnostics;
using System.Text.Json;
using Traceability.Server.Demo;

namespace Traceability.Server.Tests;

/// <summary>The `trace` command line, run as a process against the real server, as the README shows it.</summary>
public sealed class CliAgainstServerTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task WhenTheDemoLotIsTracedWithJson_TheChainReachesARawMaterialArea()
    {
        var (gtin, lot) = DakGleiDemo.LotToTry;

        var (exit, stdout, stderr) = await TraceAsync("lot", "trace", gtin, lot, "--json", "--server", fixture.Server.Url.ToString());

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.NotEmpty(json.RootElement.GetProperty("areas").EnumerateArray().Select(a => a.GetProperty("areaCode").GetString()));
        Assert.Equal(lot, json.RootElement.GetProperty("lot").GetProperty("lot").GetString());
    }

    [Fact]
    public async Task WhenTheDemoLotIsTracedOverNativeGrpc_TheTreeNamesTheArea()
    {
        var (gtin, lot) = DakGleiDemo.LotToTry;
        using var trace = await fixture.Server.Http.GetAsync(new Uri($"/v1/lots/{gtin}/{lot}/trace", UriKind.Relative));
        using var json = JsonDocument.Parse(await trace.Content.ReadAsStringAsync());
        var area = json.RootElement.GetProperty("areas")[0].GetProperty("areaCode").GetString()!;

        var (exit, stdout, stderr) = await TraceAsync("lot", "trace", gtin, lot, "--server", fixture.Server.GrpcUrl.ToString());

        Assert.True(exit == 0, stderr);
        Assert.Contains(area, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenAnUnknownBatchIsRecalled_TheCliSaysNotFoundAndExitsNonZero()
    {
        var (exit, _, stderr) = await TraceAsync("batch", "recall", "NO-SUCH-BATCH", "--server", fixture.Server.Url.ToString());

        Assert.Equal(3, exit);
        Assert.Contains("NotFound", stderr, StringComparison.Ordinal);
        Assert.Contains("batch_id:", stderr, StringComparison.Ordinal);
    }

    private static Task<(int Exit, string Stdout, string Stderr)> TraceAsync(params string[] args) => Cli.TraceAsync(args);
}
