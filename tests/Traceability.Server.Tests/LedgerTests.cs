using System.Net;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Json.Schema;
using Traceability.Contracts.V1;
using Traceability.Ledger;
using Traceability.Proofs;
using Traceability.Server.Demo;
using LedgerClient = Traceability.Contracts.V1.Ledger.LedgerClient;

namespace Traceability.Server.Tests;

/// <summary>The hash ledger through the server: key, checkpoints, proof bundles over HTTP, gRPC and the CLI.</summary>
public sealed class LedgerTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly Lazy<JsonSchema> BundleSchema = new(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "proof-bundle.schema.json"))));

    private HttpClient Http => fixture.Server.Http;

    private static string DemoProofPath
    {
        get
        {
            var (gtin, lot) = DakGleiDemo.LotToTry;
            return $"/v1/lots/{gtin}/{Uri.EscapeDataString(lot)}/proof";
        }
    }

    [Fact]
    public async Task WhenTheKeyIsAskedOverHttpAndGrpc_BothGiveTheSameEd25519VerifierKey()
    {
        using var json = JsonDocument.Parse(await Http.GetStringAsync(new Uri("/v1/ledger/key", UriKind.Relative)));
        var overGrpc = await new LedgerClient(fixture.Server.Channel).GetSigningKeyAsync(new GetSigningKeyRequest());

        var verifier = json.RootElement.GetProperty("verifierKey").GetString()!;
        Assert.Equal(overGrpc.VerifierKey, verifier);
        Assert.Equal("Ed25519", overGrpc.Algorithm);
        Assert.Equal(32, overGrpc.PublicKey.Length);
        Assert.StartsWith("id.traceability.vn+", verifier, StringComparison.Ordinal);
        Assert.True(NoteVerifierKey.TryParse(verifier, out _, out var failure), failure);
    }

    [Fact]
    public async Task WhenTheDemoLotsProofIsFetchedOverHttp_ItIsJsonOfThePublishedSchemaAndVerifiesWithThePublishedKey()
    {
        using var response = await Http.GetAsync(new Uri(DemoProofPath, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        var key = (await new LedgerClient(fixture.Server.Channel).GetSigningKeyAsync(new GetSigningKeyRequest())).VerifierKey;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        var evaluation = BundleSchema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(evaluation.IsValid, text);
        var bundle = ProofBundle.Parse(text);
        var report = BundleVerifier.Verify(bundle, key);
        Assert.True(report.Verified, string.Join('\n', report.Failures));
        Assert.Equal(ProofBundle.NotAnchored, bundle.AnchorStatus);
        // The backward trace reaches the raw-material areas: their registrations and harvests are proved too.
        Assert.Contains(bundle.Events, e => e.Record.StartsWith("area:", StringComparison.Ordinal));
        Assert.Contains(bundle.Events, e => e.Event["type"]?.ToString() == "ObjectEvent" && e.Record.StartsWith("batch:", StringComparison.Ordinal));
        Assert.All(bundle.Events, e => Assert.Equal(e.EventId, e.Event["eventID"]?.ToString()));
    }

    [Fact]
    public async Task WhenTheProofIsAskedOverGrpc_ItIsTheSameDocument()
    {
        var (gtin, lot) = DakGleiDemo.LotToTry;

        var body = await new LedgerClient(fixture.Server.Channel).GetLotProofAsync(new GetLotProofRequest { Gtin = gtin, Lot = lot });

        Assert.Equal("application/json", body.ContentType);
        var bundle = ProofBundle.Parse(body.Data.ToStringUtf8());
        Assert.True(BundleVerifier.Verify(bundle).Verified);
        Assert.Equal(lot, bundle.Lot.Lot);
    }

    [Fact]
    public async Task WhenAnUnknownOrMalformedLotsProofIsAsked_TheAnswerNamesTheField()
    {
        using var unknown = await Http.GetAsync(new Uri($"/v1/lots/{Scenario.WithCheckDigit("0893600000000")}/NO-SUCH-LOT/proof", UriKind.Relative));
        using var malformed = await Http.GetAsync(new Uri("/v1/lots/08936204000115/NL-2026-031/proof", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("lot", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("gtin", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenALogGrowsAndCheckpointsAreCut_TheNewCheckpointIsSignedAndConsistentWithTheOldOne()
    {
        var ledger = new LedgerClient(fixture.Server.Channel);
        var scenario = new Scenario(fixture.Server.Channel);
        var facility = scenario.FacilityId;
        await scenario.Registry.RegisterFacilityAsync(scenario.Facility());
        var first = (await ledger.CutCheckpointsAsync(new CutCheckpointsRequest { FacilityId = facility })).Checkpoints.Single();
        await scenario.Registry.RegisterSiteAsync(scenario.Site());

        var cut = await ledger.CutCheckpointsAsync(new CutCheckpointsRequest { FacilityId = facility });
        var again = await ledger.CutCheckpointsAsync(new CutCheckpointsRequest { FacilityId = facility });
        var key = (await ledger.GetSigningKeyAsync(new GetSigningKeyRequest())).VerifierKey;
        var latest = await ledger.GetCheckpointAsync(new GetCheckpointRequest { FacilityId = facility });
        var proof = await ledger.GetConsistencyProofAsync(new GetConsistencyProofRequest { FacilityId = facility, From = first.Size, To = latest.Size });

        Assert.Equal(1, first.Size);
        Assert.Equal(2, cut.Checkpoints.Single().Size);
        Assert.Empty(again.Checkpoints);
        Assert.Equal(2, latest.Size);
        var opened = SignedNotes.Verify(latest.Note, key);
        Assert.True(opened.Ok, opened.Failure);
        Assert.Equal($"id.traceability.vn/facility/{facility}", opened.Checkpoint!.Origin);
        Assert.Equal(latest.Root.ToByteArray(), opened.Checkpoint.Root);
        var consistent = MerkleProofs.VerifyConsistency(first.Size, latest.Size, [.. proof.Hashes.Select(h => h.ToByteArray())], first.Root.ToByteArray(), latest.Root.ToByteArray());
        Assert.True(consistent.Ok, consistent.Failure);
    }

    [Fact]
    public async Task WhenAConsistencyProofAsksBeyondTheLog_TheAnswerNamesTheField()
    {
        var ledger = new LedgerClient(fixture.Server.Channel);
        var logs = await ledger.ListLogsAsync(new ListLogsRequest());
        var log = logs.Logs[0];

        var beyond = await Assert.ThrowsAsync<RpcException>(async () => await ledger.GetConsistencyProofAsync(new GetConsistencyProofRequest { FacilityId = log.FacilityId, From = 1, To = log.Size + 1000 }));
        var zero = await Assert.ThrowsAsync<RpcException>(async () => await ledger.GetConsistencyProofAsync(new GetConsistencyProofRequest { FacilityId = log.FacilityId, From = 0, To = 1 }));

        Assert.Equal(StatusCode.InvalidArgument, beyond.StatusCode);
        Assert.StartsWith("to:", beyond.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, zero.StatusCode);
        Assert.StartsWith("from:", zero.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSigningKeyFileIsReadableByItsOwnerOnly()
    {
        var file = Path.Combine(fixture.Server.DataDir, "ledger-signing.key");

        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task WhenTheCliSavesAndVerifiesTheBundle_ItExitsZero_AndATamperedCopyFailsNamingTheEvent()
    {
        var (gtin, lot) = DakGleiDemo.LotToTry;
        var folder = Directory.CreateTempSubdirectory("traceability-bundle-").FullName;
        try
        {
            var (keyExit, keyOut, keyErr) = await Cli.TraceAsync("ledger", "key", "--server", fixture.Server.Url.ToString());
            var (proofExit, bundleText, proofErr) = await Cli.TraceAsync("lot", "proof", gtin, lot, "--server", fixture.Server.Url.ToString());
            Assert.True(keyExit == 0, keyErr);
            Assert.True(proofExit == 0, proofErr);
            var path = Path.Combine(folder, "bundle.json");
            await File.WriteAllTextAsync(path, bundleText);

            var (exit, stdout, stderr) = await Cli.TraceAsync("verify", path, "--key", keyOut.Trim());

            Assert.True(exit == 0, stdout + stderr);
            Assert.Contains("VERIFIED", stdout, StringComparison.Ordinal);

            // A buyer's copy in which someone raised the mass of the harvest that started the chain.
            var bundle = ProofBundle.Parse(bundleText);
            var harvest = bundle.Events.First(e => e.Event["type"]?.ToString() == "ObjectEvent" && e.Record.StartsWith("batch:", StringComparison.Ordinal));
            harvest.Event["quantityList"]![0]!["quantity"] = 999;
            var tampered = Path.Combine(folder, "tampered.json");
            await File.WriteAllTextAsync(tampered, bundle.ToJson());

            var (badExit, badOut, _) = await Cli.TraceAsync("verify", tampered);

            Assert.Equal(5, badExit);
            Assert.Contains("NOT VERIFIED", badOut, StringComparison.Ordinal);
            Assert.Contains(harvest.Record, badOut, StringComparison.Ordinal);
            Assert.Contains("altered", badOut, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task WhenTheCliAuditsTheRunningServersDataFolder_ItPasses()
    {
        var (exit, stdout, stderr) = await Cli.TraceAsync("audit", "--data-dir", fixture.Server.DataDir);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("AUDIT PASSED", stdout, StringComparison.Ordinal);
    }
}

/// <summary>Checkpoints cut by the server on its own, on the configured interval.</summary>
public sealed class CheckpointIntervalTests
{
    [Fact]
    public async Task WhenALogGrows_ACheckpointIsCutWithinTheConfiguredInterval()
    {
        await using var server = await ServerProcess.StartAsync(settings: ["--Ledger:CheckpointInterval", "00:00:01"]);
        var scenario = new Scenario(server.Channel);
        await scenario.Registry.RegisterFacilityAsync(scenario.Facility());
        var ledger = new LedgerClient(server.Channel);

        Contracts.V1.Checkpoint? cut = null;
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (cut is null)
        {
            try
            {
                cut = await ledger.GetCheckpointAsync(new GetCheckpointRequest { FacilityId = scenario.FacilityId }, cancellationToken: patience.Token);
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
            {
                await Task.Delay(100, patience.Token);
            }
        }

        Assert.Equal(1, cut.Size);
        // The server's output is read asynchronously: the log line may trail the answer a little.
        while (!server.Output.Contains("Checkpoint cut", StringComparison.Ordinal))
        {
            await Task.Delay(50, patience.Token);
        }
    }
}
