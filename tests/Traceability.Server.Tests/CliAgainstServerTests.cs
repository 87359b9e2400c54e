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

    [Fact]
    public async Task WhenAFileOfHarvestsIsSynced_EachGetsItsOutcome_ARefusalExits2_AndTheRetryRepeats()
    {
        var scenario = new Scenario(fixture.Server.Channel);
        await scenario.Registry.RegisterFacilityAsync(scenario.Facility());
        await scenario.Registry.RegisterAreaAsync(scenario.Area());
        var folder = Directory.CreateTempSubdirectory("traceability-harvests-");
        try
        {
            string Harvest(string id, long grams) =>
                $$"""{"batchId": "{{id}}", "areaCode": "{{scenario.AreaCode}}", "species": "Codonopsis javanica", "massG": {{grams}}, "harvestedAt": "2026-10-01T01:00:00Z", "harvester": "Y Nhung"}""";
            var mixed = Path.Combine(folder.FullName, "mixed.json");
            await File.WriteAllTextAsync(mixed, $$"""{"harvests": [{{Harvest($"SD-F1-{scenario.Suffix}", 12_000)}}, {{Harvest($"SD-F2-{scenario.Suffix}", 0)}}]}""");
            var good = Path.Combine(folder.FullName, "good.json");
            await File.WriteAllTextAsync(good, $"[{Harvest($"SD-F1-{scenario.Suffix}", 12_000)}]");

            var (exit, stdout, stderr) = await TraceAsync("harvest-batch", scenario.FacilityId, "--file", mixed, "--json", "--server", fixture.Server.Url.ToString());
            var (retryExit, retryOut, retryErr) = await TraceAsync("harvest-batch", scenario.FacilityId, "--file", good, "--server", fixture.Server.Url.ToString());

            Assert.True(exit == 2, stderr);
            using var json = JsonDocument.Parse(stdout);
            Assert.Equal(1, json.RootElement.GetProperty("recorded").GetInt32());
            Assert.Equal("harvests[1].mass_g", json.RootElement.GetProperty("outcomes")[1].GetProperty("error").GetProperty("field").GetString());
            Assert.True(retryExit == 0, retryErr);
            Assert.Contains("0 recorded, 1 repeated, 0 refused", retryOut, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static Task<(int Exit, string Stdout, string Stderr)> TraceAsync(params string[] args) => Cli.TraceAsync(args);
}
