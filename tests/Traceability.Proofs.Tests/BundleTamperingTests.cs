using System.Text.Json.Nodes;
using Traceability.Events.Epcis;
using Traceability.Ledger;
using Traceability.Persistence.Tests.Fixtures;
using Traceability.Persistence.Tests.Ledger;

namespace Traceability.Proofs.Tests;

/// <summary>
/// A bundle changed after it was built, one change at a time: the verifier refuses it and a
/// failing finding names the event concerned (its record and hash ID) and says what is wrong.
/// </summary>
public sealed class BundleTamperingTests : IDisposable
{
    private static readonly string FirstHarvest = $"batch:{OcopChain.FirstHarvest}";
    private static readonly string SecondHarvest = $"batch:{OcopChain.SecondHarvest}";

    private static readonly string[] EntryFields = ["eventId", "record", "event"];

    private readonly StoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<(ProofBundle Bundle, string Key)> BuiltAsync() => await BundleFixture.BuildAsync(_folder);

    private async Task<VerificationReport> VerifyEditedAsync(Action<JsonObject> edit)
    {
        var (bundle, key) = await BuiltAsync();
        return BundleVerifier.Verify(BundleFixture.Edited(bundle, edit), key);
    }

    private static void AssertFailsNaming(VerificationReport report, string record, string statement)
    {
        Assert.False(report.Verified);
        Assert.True(
            report.Failures.Any(f => f.Subject.Contains(record, StringComparison.Ordinal) && f.Statement.Contains(statement, StringComparison.Ordinal)),
            $"no failure about {record} saying '{statement}' in:\n{string.Join('\n', report.Failures)}");
    }

    private static JsonArray Proof(JsonObject bundle, string record) => BundleFixture.EventOf(bundle, record)["inclusionProof"]!.AsArray();

    [Fact]
    public async Task WhenAHarvestsMassIsChangedInItsQuantityList_TheHarvestIsSaidToBeAlteredAfterItWasRecorded()
    {
        var report = await VerifyEditedAsync(b => BundleFixture.EventOf(b, FirstHarvest)["event"]!["quantityList"]![0]!["quantity"] = 12.346m);

        AssertFailsNaming(report, FirstHarvest, "not to its hash ID: the event was altered after it was recorded");
        Assert.Single(report.Failures);
    }

    [Fact]
    public async Task WhenTheHarvestersNameIsChangedInTheIlmd_TheHarvestIsSaidToBeAltered()
    {
        var report = await VerifyEditedAsync(b => BundleFixture.EventOf(b, FirstHarvest)["event"]!["ilmd"]!["tr:harvester"] = "Y Thị Lan");

        AssertFailsNaming(report, FirstHarvest, "the event was altered after it was recorded");
    }

    [Fact]
    public async Task WhenAnEventsHashIdIsChanged_ItsContentNoLongerHashesToIt()
    {
        var forged = $"ni:///sha-256;{new string('0', 64)}?ver=CBV2.0";

        var report = await VerifyEditedAsync(b => BundleFixture.EventOf(b, FirstHarvest)["eventId"] = forged);

        AssertFailsNaming(report, $"{FirstHarvest}, {forged}", "its content hashes to ni:///sha-256;");
    }

    [Fact]
    public async Task WhenOneByteOfAnInclusionProofHashIsFlipped_TheLeafIsNotProvedInTheSignedLog()
    {
        var report = await VerifyEditedAsync(b =>
        {
            var proof = Proof(b, FirstHarvest);
            var hash = Convert.FromBase64String(proof[0]!.GetValue<string>());
            hash[7] ^= 0x20;
            proof[0] = Convert.ToBase64String(hash);
        });

        AssertFailsNaming(report, FirstHarvest, "leaf 3 is not proved in the signed log of 7 leaves: the root calculated from the proof");
        Assert.Single(report.Failures);
    }

    [Fact]
    public async Task WhenAnEventClaimsAnotherLeafIndex_ItIsNotProvedThere()
    {
        var report = await VerifyEditedAsync(b => BundleFixture.EventOf(b, FirstHarvest)["leafIndex"] = 4);

        AssertFailsNaming(report, FirstHarvest, "leaf 4 is not proved in the signed log of 7 leaves");
    }

    [Fact]
    public async Task WhenAnEventClaimsAnotherTreeSize_NoSignedCheckpointOfThatSizeProvesIt()
    {
        var report = await VerifyEditedAsync(b => BundleFixture.EventOf(b, FirstHarvest)["treeSize"] = 6);

        AssertFailsNaming(report, FirstHarvest, "no verified checkpoint of id.traceability.vn/facility/HTX-NGOCLINH at size 6");
    }

    [Fact]
    public async Task WhenAHashIsRemovedFromAnInclusionProof_TheProofHasTheWrongLength()
    {
        var report = await VerifyEditedAsync(b => Proof(b, FirstHarvest).RemoveAt(1));

        AssertFailsNaming(report, FirstHarvest, "the proof has 2 hashes, a proof for leaf 3 of 7 has 3");
    }

    [Theory]
    [InlineData("size")]
    [InlineData("root")]
    public async Task WhenTheCheckpointNoteBodyIsChanged_ItsSignatureFailsAndEveryEventOfThatLogIsUnproved(string line)
    {
        var report = await VerifyEditedAsync(b =>
        {
            var checkpoint = b["checkpoints"]!.AsArray().OfType<JsonObject>().Single(c => c["facility"]!.GetValue<string>() == OcopChain.Grower);
            var note = checkpoint["note"]!.GetValue<string>();
            var lines = note.Split('\n');
            if (line == "size")
            {
                lines[1] = "8";
            }
            else
            {
                lines[2] = Convert.ToBase64String(new byte[32]);
                checkpoint["root"] = lines[2]; // made to agree with the note: only the signature can tell
            }

            checkpoint["note"] = string.Join('\n', lines);
        });

        Assert.Contains(report.Failures, f => f.Subject == "checkpoint id.traceability.vn/facility/HTX-NGOCLINH at size 7" && f.Statement.Contains("signature does not verify", StringComparison.Ordinal));
        AssertFailsNaming(report, FirstHarvest, "no verified checkpoint of id.traceability.vn/facility/HTX-NGOCLINH at size 7");
        AssertFailsNaming(report, $"step:{OcopChain.DryingStep}", "no verified checkpoint");
        Assert.DoesNotContain(report.Failures, f => f.Subject.Contains($"lot:{OcopChain.Gtin}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhenTheCheckpointIsSignedByAnotherKey_ItDoesNotVerifyWithThePlatformsKey()
    {
        using var other = CheckpointSigner.LoadOrCreate(Path.Combine(_folder.Path, "other.key"), "id.traceability.vn");
        var (bundle, key) = await BuiltAsync();

        // Every checkpoint re-signed, as someone holding another key would, over the same roots.
        var edited = BundleFixture.Edited(bundle, b =>
        {
            foreach (var checkpoint in b["checkpoints"]!.AsArray().OfType<JsonObject>())
            {
                checkpoint["note"] = other.Sign(new Checkpoint(
                    checkpoint["origin"]!.GetValue<string>(), checkpoint["size"]!.GetValue<long>(), Convert.FromBase64String(checkpoint["root"]!.GetValue<string>())));
            }

            b["signingKey"] = other.VerifierKey; // the bundle may name any key: only the published one counts
        });
        var report = BundleVerifier.Verify(edited, key);

        Assert.Contains(report.Failures, f => f.Subject.StartsWith("checkpoint id.traceability.vn/facility/HTX-NGOCLINH", StringComparison.Ordinal)
            && f.Statement.Contains("signature does not verify", StringComparison.Ordinal));
        AssertFailsNaming(report, SecondHarvest, "no verified checkpoint");
        // Verified with the key the forged bundle names, it holds: which is why the report says which key it used.
        var trusting = BundleVerifier.Verify(edited);
        Assert.True(trusting.Verified);
        Assert.Contains(trusting.Findings, f => f.Subject == "key" && f.Statement.Contains(other.VerifierKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhenVerifiedWithAWrongKey_NoCheckpointVerifiesAndNoEventIsProved()
    {
        using var other = CheckpointSigner.LoadOrCreate(Path.Combine(_folder.Path, "other.key"), "id.traceability.vn");
        var (bundle, _) = await BuiltAsync();

        var report = BundleVerifier.Verify(bundle, other.VerifierKey);

        Assert.Equal(2, report.Failures.Count(f => f.Subject.StartsWith("checkpoint ", StringComparison.Ordinal) && f.Statement.Contains("signature does not verify", StringComparison.Ordinal)));
        Assert.All(bundle.Events, e => AssertFailsNaming(report, $"({e.Record}, {e.EventId})", "no verified checkpoint"));
    }

    [Fact]
    public async Task WhenAHarvestIsLeftOutOfTheBundle_TheStepTakingItIsNamedAndTheTraceIsIncomplete()
    {
        var report = await VerifyEditedAsync(b => b["events"]!.AsArray().Remove(BundleFixture.EventOf(b, SecondHarvest)));

        AssertFailsNaming(report, $"step:{OcopChain.DryingStep}", $"takes input {EpcisVocabulary.Batch(OcopChain.SecondHarvest)}, but no event in the bundle creates it: the trace is incomplete");
        Assert.Single(report.Failures);
    }

    [Fact]
    public async Task WhenThePackingIsLeftOut_NoEventPacksTheLot()
    {
        var report = await VerifyEditedAsync(b => b["events"]!.AsArray().Remove(BundleFixture.EventOf(b, $"lot:{OcopChain.Gtin}/{OcopChain.LotCode}")));

        Assert.False(report.Verified);
        Assert.Contains(report.Failures, f => f.Subject == "lot" && f.Statement == $"no event in the bundle packs {EpcisVocabulary.Lot(OcopChain.Gtin, OcopChain.LotCode)}");
    }

    [Fact]
    public async Task WhenTheLotUriIsThatOfAnotherLot_TheLotIsNamedAsNotTheOneTheBundleProves()
    {
        var other = EpcisVocabulary.Lot(OcopChain.Gtin, "SD2606-B");

        var report = await VerifyEditedAsync(b => b["lot"]!["uri"] = other);

        Assert.False(report.Verified);
        var failure = Assert.Single(report.Failures);
        Assert.Equal("lot", failure.Subject);
        Assert.Contains($"its URI {other} is not that of GTIN {OcopChain.Gtin} lot {OcopChain.LotCode}", failure.Statement, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheLotIsAnotherLotWithItsOwnUri_NoEventInTheBundlePacksIt()
    {
        var report = await VerifyEditedAsync(b =>
        {
            b["lot"]!["lot"] = "SD2606-B";
            b["lot"]!["uri"] = EpcisVocabulary.Lot(OcopChain.Gtin, "SD2606-B");
        });

        Assert.Contains(report.Failures, f => f.Subject == "lot" && f.Statement.Contains("no event in the bundle packs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhenTheFormatIsAnotherOne_TheBundleIsRefusedWithoutFurtherChecks()
    {
        var report = await VerifyEditedAsync(b => b["format"] = "https://id.traceability.vn/proof-bundle/v2");

        Assert.False(report.Verified);
        var failure = Assert.Single(report.Findings);
        Assert.Equal(("bundle", $"format 'https://id.traceability.vn/proof-bundle/v2' is not '{ProofBundle.FormatV1}'"), (failure.Subject, failure.Statement));
    }

    [Fact]
    public async Task WhenTwoEventsSwapTheirContents_BothAreSaidToBeAltered()
    {
        var report = await VerifyEditedAsync(b =>
        {
            var first = BundleFixture.EventOf(b, FirstHarvest);
            var second = BundleFixture.EventOf(b, SecondHarvest);
            var content = first["event"]!.DeepClone();
            first["event"] = second["event"]!.DeepClone();
            second["event"] = content;
        });

        AssertFailsNaming(report, FirstHarvest, "the event was altered after it was recorded");
        AssertFailsNaming(report, SecondHarvest, "the event was altered after it was recorded");
        Assert.Equal(2, report.Failures.Count());
    }

    [Fact]
    public async Task WhenTwoEventsSwapTheirEntriesWholesale_BothAreUnprovedAtTheirClaimedLeaves()
    {
        // Content, hash ID and record move together; only the leaf indexes stay: each is proved at the other's leaf.
        var report = await VerifyEditedAsync(b =>
        {
            var first = BundleFixture.EventOf(b, FirstHarvest);
            var second = BundleFixture.EventOf(b, SecondHarvest);
            foreach (var field in EntryFields)
            {
                var value = first[field]!.DeepClone();
                first[field] = second[field]!.DeepClone();
                second[field] = value;
            }
        });

        AssertFailsNaming(report, FirstHarvest, "is not proved in the signed log");
        AssertFailsNaming(report, SecondHarvest, "is not proved in the signed log");
    }
}
