using Traceability.Epcis;
using Traceability.Events;
using Traceability.Ledger;
using Traceability.Persistence.Sqlite;
using Traceability.Persistence.Tests.Fixtures;
using Traceability.Storage;

namespace Traceability.Persistence.Tests.Ledger;

/// <summary>The event store as the ledger: one Merkle log per facility, fed by every append, and its checkpoints.</summary>
public sealed class StoreLedgerTests : IDisposable
{
    private readonly StoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task WhenTwoFacilitiesRecordInterleaved_EachFacilitysLeavesCountUpFromZeroOnTheirOwn()
    {
        await using var store = new SqliteEventStore(_folder.StoreFile);
        await OcopChain.RecordAsync(store);

        var stored = await store.AllAsync();

        var grower = stored.Where(s => s.Recorded.Event.FacilityId == OcopChain.Grower).ToList();
        var packer = stored.Where(s => s.Recorded.Event.FacilityId == OcopChain.Packer).ToList();
        Assert.Equal([1, 2, 3, 5, 6, 8, 10], grower.Select(s => s.Recorded.Sequence));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], grower.Select(s => s.LeafIndex));
        Assert.Equal([4, 7, 9, 11], packer.Select(s => s.Recorded.Sequence));
        Assert.Equal([0, 1, 2, 3], packer.Select(s => s.LeafIndex));
        var logs = await store.LogsAsync();
        Assert.Equal([(OcopChain.Packer, OcopChain.PackerLeaves), (OcopChain.Grower, OcopChain.GrowerLeaves)], logs.Select(l => (l.FacilityId, l.Size)));
        Assert.Equal(store.OriginOf(OcopChain.Grower), logs.Single(l => l.FacilityId == OcopChain.Grower).Origin);
    }

    [Fact]
    public async Task WhenEventsAreReadBack_EachCarriesItsHashIdItsEpcisTextAndItsLeafHoldsTheDigestOfThatId()
    {
        await using var store = new SqliteEventStore(_folder.StoreFile);
        await OcopChain.RecordAsync(store);

        var stored = await store.AllAsync();

        var facts = OcopChain.Facts();
        Assert.Equal(facts.Count, stored.Count);
        for (var i = 0; i < facts.Count; i++)
        {
            var expected = OcopChain.Pending(facts[i], OcopChain.Start.AddMinutes(i));
            Assert.Equal(expected.EventId, stored[i].EventId);
            Assert.Equal(expected.Epcis, stored[i].Epcis);
            Assert.Equal(EventHash.Compute(System.Text.Json.Nodes.JsonNode.Parse(stored[i].Epcis)!.AsObject()), stored[i].EventId);
        }

        // The leaf is proved against the log's root: SHA-256(0x00 ‖ digest of the hash ID).
        var checkpoint = await store.CoveringAsync(OcopChain.Grower, 3);
        var harvest = stored[(int)OcopChain.FirstHarvestSeq - 1];
        var proof = await store.InclusionProofAsync(OcopChain.Grower, harvest.LeafIndex, checkpoint.Size);
        Assert.True(MerkleProofs.VerifyInclusion(harvest.LeafIndex, checkpoint.Size, MerkleHash.Leaf(EventHash.Digest(harvest.EventId)), proof, checkpoint.Root).Ok);
    }

    [Fact]
    public async Task WhenTheStoreIsReopened_ItsLogsCheckpointsAndSigningKeyAreTheSameAndNewLeavesFollowOn()
    {
        LedgerKey key;
        IReadOnlyList<LedgerCheckpoint> cut;
        await using (var store = new SqliteEventStore(_folder.StoreFile))
        {
            await OcopChain.RecordAsync(store);
            cut = await store.CutAsync();
            key = store.SigningKey;
        }

        await using var reopened = new SqliteEventStore(_folder.StoreFile);

        Assert.Equal(key.VerifierKey, reopened.SigningKey.VerifierKey);
        Assert.Equal(key.PublicKey, reopened.SigningKey.PublicKey);
        var logs = await reopened.LogsAsync();
        Assert.Equal(OcopChain.GrowerLeaves, logs.Single(l => l.FacilityId == OcopChain.Grower).Size);
        Assert.Equal(OcopChain.PackerLeaves, logs.Single(l => l.FacilityId == OcopChain.Packer).Size);
        var latest = await reopened.LatestAsync(OcopChain.Grower);
        Assert.Equal(cut.Single(c => c.FacilityId == OcopChain.Grower).Root, latest!.Root);
        Assert.Equal(cut.Single(c => c.FacilityId == OcopChain.Grower).Note, latest.Note);

        var outcome = await reopened.AppendAsync(OcopChain.Pending(OcopChain.Harvest("SD-2026-200", 7_000, "A Thị Bến"), OcopChain.Start.AddHours(1)));
        var appended = (await reopened.AllAsync(outcome.Recorded!.Sequence - 1)).Single();
        Assert.Equal(OcopChain.GrowerLeaves, appended.LeafIndex);
        var grown = (await reopened.CutAsync()).Single();
        Assert.Equal((OcopChain.Grower, OcopChain.GrowerLeaves + 1), (grown.FacilityId, grown.Size));
        var consistency = await reopened.ConsistencyProofAsync(OcopChain.Grower, latest.Size, grown.Size);
        Assert.True(MerkleProofs.VerifyConsistency(latest.Size, grown.Size, consistency, latest.Root, grown.Root).Ok);
    }

    [Fact]
    public async Task WhenCheckpointsAreCut_OnlyGrownLogsGetOneAndCuttingAgainCutsNothing()
    {
        await using var store = new SqliteEventStore(_folder.StoreFile);
        await OcopChain.RecordAsync(store);

        var first = await store.CutAsync();
        var again = await store.CutAsync();
        await store.AppendAsync(OcopChain.Pending(OcopChain.Harvest("SD-2026-200", 7_000, "A Thị Bến"), OcopChain.Start.AddHours(1)));
        var afterGrowth = await store.CutAsync();
        var namedButNotGrown = await store.CutAsync(OcopChain.Packer);

        Assert.Equal([(OcopChain.Packer, OcopChain.PackerLeaves), (OcopChain.Grower, OcopChain.GrowerLeaves)], first.Select(c => (c.FacilityId, c.Size)).OrderBy(c => c.FacilityId, StringComparer.Ordinal));
        Assert.Empty(again);
        Assert.Equal([(OcopChain.Grower, OcopChain.GrowerLeaves + 1)], afterGrowth.Select(c => (c.FacilityId, c.Size)));
        Assert.Empty(namedButNotGrown);
        Assert.Equal(OcopChain.PackerLeaves, (await store.LatestAsync(OcopChain.Packer))!.Size);
        Assert.All(first.Concat(afterGrowth), c =>
        {
            var opened = SignedNotes.Verify(c.Note, store.SigningKey.VerifierKey);
            Assert.True(opened.Ok, opened.Failure);
            Assert.Equal((store.OriginOf(c.FacilityId), c.Size), (opened.Checkpoint!.Origin, opened.Checkpoint.Size));
            Assert.Equal(c.Root, opened.Checkpoint.Root);
        });
    }

    [Fact]
    public async Task WhenACoveringCheckpointIsAsked_TheEarliestThatIncludesTheLeafIsReturnedAndOneIsCutOnlyWhenNoneDoes()
    {
        await using var store = new SqliteEventStore(_folder.StoreFile);
        var facts = OcopChain.Facts();
        for (var i = 0; i < 5; i++)
        {
            await store.AppendAsync(OcopChain.Pending(facts[i], OcopChain.Start.AddMinutes(i)));
        }

        Assert.Null(await store.LatestAsync(OcopChain.Grower));
        var cutOnDemand = await store.CoveringAsync(OcopChain.Grower, 1); // the grower has 4 leaves; none was signed yet
        for (var i = 5; i < facts.Count; i++)
        {
            await store.AppendAsync(OcopChain.Pending(facts[i], OcopChain.Start.AddMinutes(i)));
        }

        await store.CutAsync();
        var early = await store.CoveringAsync(OcopChain.Grower, 3);
        var late = await store.CoveringAsync(OcopChain.Grower, 4);

        Assert.Equal(4, cutOnDemand.Size);
        Assert.Equal(4, early.Size);
        Assert.Equal(cutOnDemand.Root, early.Root);
        Assert.Equal(OcopChain.GrowerLeaves, late.Size);
        Assert.Equal(OcopChain.GrowerLeaves, (await store.LatestAsync(OcopChain.Grower))!.Size);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CoveringAsync(OcopChain.Grower, OcopChain.GrowerLeaves));
    }

    [Fact]
    public async Task WhenProofsAreServed_EveryLeafIsProvedAgainstEachCheckpointAndLaterCheckpointsExtendEarlierOnes()
    {
        await using var store = new SqliteEventStore(_folder.StoreFile);
        var facts = OcopChain.Facts();
        var checkpoints = new List<LedgerCheckpoint>();
        for (var i = 0; i < facts.Count; i++)
        {
            await store.AppendAsync(OcopChain.Pending(facts[i], OcopChain.Start.AddMinutes(i)));
            checkpoints.AddRange((await store.CutAsync(OcopChain.Grower)).Where(c => c.FacilityId == OcopChain.Grower));
        }

        var leaves = (await store.AllAsync()).Where(s => s.Recorded.Event.FacilityId == OcopChain.Grower).ToList();

        Assert.Equal(Enumerable.Range(1, (int)OcopChain.GrowerLeaves).Select(i => (long)i), checkpoints.Select(c => c.Size));
        foreach (var checkpoint in checkpoints)
        {
            foreach (var leaf in leaves.Where(l => l.LeafIndex < checkpoint.Size))
            {
                var proof = await store.InclusionProofAsync(OcopChain.Grower, leaf.LeafIndex, checkpoint.Size);
                var check = MerkleProofs.VerifyInclusion(leaf.LeafIndex, checkpoint.Size, MerkleHash.Leaf(EventHash.Digest(leaf.EventId)), proof, checkpoint.Root);
                Assert.True(check.Ok, $"leaf {leaf.LeafIndex} at size {checkpoint.Size}: {check.Failure}");
            }

            foreach (var later in checkpoints.Where(c => c.Size > checkpoint.Size))
            {
                var proof = await store.ConsistencyProofAsync(OcopChain.Grower, checkpoint.Size, later.Size);
                var check = MerkleProofs.VerifyConsistency(checkpoint.Size, later.Size, proof, checkpoint.Root, later.Root);
                Assert.True(check.Ok, $"{checkpoint.Size} -> {later.Size}: {check.Failure}");
            }
        }

        // A proof checked against another checkpoint's root does not hold.
        var wrong = await store.InclusionProofAsync(OcopChain.Grower, 2, 5);
        Assert.False(MerkleProofs.VerifyInclusion(2, 5, MerkleHash.Leaf(EventHash.Digest(leaves[2].EventId)), wrong, checkpoints[5].Root).Ok);
    }

    [Fact]
    public async Task WhenTheSigningKeyIsCreated_ItsFileIsReadableByTheOwnerOnlyAndIsReusedOnReopen()
    {
        string verifier;
        await using (var store = new SqliteEventStore(_folder.StoreFile))
        {
            verifier = store.SigningKey.VerifierKey;
        }

        var keyFile = Path.Combine(_folder.Path, LedgerSettings.DefaultKeyFile);
        Assert.True(File.Exists(keyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        var content = await File.ReadAllTextAsync(keyFile);
        await using var reopened = new SqliteEventStore(_folder.StoreFile);
        Assert.Equal(verifier, reopened.SigningKey.VerifierKey);
        Assert.StartsWith($"{LedgerOrigins.DefaultName}+", verifier, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllTextAsync(keyFile));
    }

    [Fact]
    public async Task WhenAnAppendConflictsOnARecordKey_NoLeafIsAppendedAndTheNextEventTakesTheNextLeaf()
    {
        await using var store = new SqliteEventStore(_folder.StoreFile);
        await OcopChain.RecordAsync(store);
        var before = (await store.LogsAsync()).Single(l => l.FacilityId == OcopChain.Grower).Size;

        // The first harvest's batch id again, with another mass: the batch exists, nothing is written.
        var conflict = await store.AppendAsync(OcopChain.Pending(OcopChain.Harvest(OcopChain.FirstHarvest, 1_000, "A Thị Bến"), OcopChain.Start.AddHours(1)));
        var after = (await store.LogsAsync()).Single(l => l.FacilityId == OcopChain.Grower).Size;
        var next = await store.AppendAsync(OcopChain.Pending(OcopChain.Harvest("SD-2026-200", 7_000, "A Thị Bến"), OcopChain.Start.AddHours(2)));

        Assert.Null(conflict.Recorded);
        Assert.Equal(new RecordKey(RecordKind.Batch, OcopChain.FirstHarvest), conflict.Conflict);
        Assert.Equal(before, after);
        var stored = (await store.AllAsync(next.Recorded!.Sequence - 1)).Single();
        Assert.Equal(before, stored.LeafIndex);
        Assert.Equal(before + 1, (await store.LogsAsync()).Single(l => l.FacilityId == OcopChain.Grower).Size);
        Assert.Empty((await LedgerAudit.RunAsync(_folder.Path)).Divergences);
    }
}
