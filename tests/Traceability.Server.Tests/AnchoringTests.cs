using System.Text.Json;
using Traceability.Proofs;
using Traceability.Server.Demo;

namespace Traceability.Server.Tests;

/// <summary>
/// Anchoring through the server, as the README shows it: a real anvil chain, the server started with
/// an RPC URL and a key (it deploys the contract itself), the demo lot's proof carrying the anchor,
/// and <c>trace verify --rpc</c> against that chain and against one that does not hold the anchor.
/// </summary>
public sealed class AnchoringTests
{
    [Fact]
    public async Task AfterOneInterval_TheProofCarriesTheAnchor_AndVerifiesOnChain_ButNotOnAnotherChain()
    {
        await using var chain = await AnvilProcess.StartAsync();
        await using var server = await ServerProcess.StartAsync(demo: true, settings:
        [
            "--Anchoring:Ethereum:RpcUrl", chain.RpcUrl,
            "--Anchoring:Ethereum:PrivateKey", chain.PrivateKeys[0],
            "--Anchoring:IntervalSeconds", "1",
        ]);
        var (gtin, lot) = DakGleiDemo.LotToTry;

        var text = await WaitForAnchoredProofAsync(server, gtin, lot);
        var bundle = ProofBundle.Parse(text);

        Assert.Equal(ProofBundle.Anchored, bundle.AnchorStatus);
        Assert.Equal(chain.ChainId, bundle.Anchor!.ChainId);
        Assert.True(BundleVerifier.Verify(bundle).Verified);
        Assert.True(File.Exists(Path.Combine(server.DataDir, "anchors.db")));
        using (var anchors = JsonDocument.Parse(await server.Http.GetStringAsync(new Uri("/v1/ledger/anchors?limit=1000", UriKind.Relative))))
        {
            Assert.True(anchors.RootElement.GetProperty("enabled").GetBoolean());
            // The anchor that first covered the lot's trace; anchors of records captured later (the
            // demo is still loading other facilities when anchoring starts) may be newer.
            var confirmed = anchors.RootElement.GetProperty("anchors").EnumerateArray()
                .Single(a => a.GetProperty("transactionHash").GetString() == bundle.Anchor.TransactionHash);
            Assert.Equal("Confirmed", confirmed.GetProperty("state").GetString());
            Assert.True(confirmed.TryGetProperty("anchoredAt", out _));
        }

        using (var status = JsonDocument.Parse(await server.Http.GetStringAsync(new Uri($"/v1/lots/{gtin}/{lot}/anchor", UriKind.Relative))))
        {
            Assert.Equal("anchored", status.RootElement.GetProperty("status").GetString());
            Assert.Equal(bundle.Events.Count, status.RootElement.GetProperty("events").GetInt32());
            Assert.True(status.RootElement.GetProperty("anchor").TryGetProperty("anchoredAt", out _));
        }

        var folder = Directory.CreateTempSubdirectory("traceability-anchored-").FullName;
        try
        {
            var path = Path.Combine(folder, "bundle.json");
            await File.WriteAllTextAsync(path, text);

            var (statusExit, statusOut, statusErr) = await Cli.TraceAsync("lot", "anchor", gtin, lot, "--server", server.Url.ToString());
            Assert.True(statusExit == 0, statusErr);
            Assert.Contains("anchored", statusOut, StringComparison.Ordinal);
            Assert.Contains(bundle.Anchor.TransactionHash, statusOut, StringComparison.Ordinal);

            var (exit, stdout, stderr) = await Cli.TraceAsync("verify", path, "--rpc", chain.RpcUrl);

            Assert.True(exit == 0, stdout + stderr);
            Assert.Contains("emitted the bundle's root", stdout, StringComparison.Ordinal);

            await using var other = await AnvilProcess.StartAsync();
            var (otherExit, otherOut, _) = await Cli.TraceAsync("verify", path, "--rpc", other.RpcUrl);

            Assert.Equal(5, otherExit);
            Assert.Contains("is not on this chain", otherOut, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task WithoutAnRpcUrl_TheProofSaysSignedNotAnchored()
    {
        await using var server = await ServerProcess.StartAsync(demo: true);
        var (gtin, lot) = DakGleiDemo.LotToTry;

        var bundle = ProofBundle.Parse(await server.Http.GetStringAsync(new Uri($"/v1/lots/{gtin}/{lot}/proof", UriKind.Relative)));

        Assert.Equal("signed, not anchored", bundle.AnchorStatus);
        Assert.Null(bundle.Anchor);
        using var anchors = JsonDocument.Parse(await server.Http.GetStringAsync(new Uri("/v1/ledger/anchors", UriKind.Relative)));
        Assert.False(anchors.RootElement.TryGetProperty("enabled", out var enabled) && enabled.GetBoolean());
        using var status = JsonDocument.Parse(await server.Http.GetStringAsync(new Uri($"/v1/lots/{gtin}/{lot}/anchor", UriKind.Relative)));
        Assert.Equal("signed, not anchored", status.RootElement.GetProperty("status").GetString());
    }

    private static async Task<string> WaitForAnchoredProofAsync(ServerProcess server, string gtin, string lot)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var text = await server.Http.GetStringAsync(new Uri($"/v1/lots/{gtin}/{lot}/proof", UriKind.Relative), patience.Token);
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.GetProperty("anchorStatus").GetString() == ProofBundle.Anchored)
            {
                return text;
            }

            await Task.Delay(250, patience.Token);
        }
    }
}
