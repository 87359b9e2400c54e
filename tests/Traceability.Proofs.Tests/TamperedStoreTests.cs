using Traceability.Epcis;
using Traceability.Ledger;
using Traceability.Persistence.Sqlite;
using Traceability.Persistence.Tests.Fixtures;
using Traceability.Persistence.Tests.Ledger;

namespace Traceability.Proofs.Tests;

/// <summary>
/// A bundle handed out before someone edited <c>events.db</c>, against the store after the edit:
/// what the audit says, whether a bundle built now still verifies, and what the old bundle (a
/// copy held outside the platform) proves about the changed store.
/// </summary>
public sealed class TamperedStoreTests : IDisposable
{
    private static readonly string FirstHarvest = $"batch:{OcopChain.FirstHarvest}";
    private static readonly string SecondHarvest = $"batch:{OcopChain.SecondHarvest}";

    private readonly StoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Content(ProofBundle bundle, string record) => bundle.Events.Single(e => e.Record == record).Event.ToJsonString();

    private static void AssertFailsNaming(VerificationReport report, string record, string statement) => Assert.True(
        !report.Verified && report.Failures.Any(f => f.Subject.Contains(record, StringComparison.Ordinal) && f.Statement.Contains(statement, StringComparison.Ordinal)),
        $"no failure about {record} saying '{statement}' in:\n{string.Join('\n', report.Failures)}");

    [Fact]
    public async Task WhenAHarvestsEpcisTextIsAltered_TheNewBundleFailsOnThatHarvestAndDiffersFromTheOldOneThereOnly()
    {
        var (before, key) = await BundleFixture.BuildAsync(_folder);
        StoreTampering.AlterEpcis(_folder.StoreFile, OcopChain.FirstHarvestSeq, "12.345", "12.346");

        var audit = await LedgerAudit.RunAsync(_folder.Path);
        var (after, _) = await BundleFixture.BuildAsync(_folder, record: false);

        Assert.Equal(OcopChain.FirstHarvestSeq, audit.Divergences[0].Sequence);
        AssertFailsNaming(BundleVerifier.Verify(after, key), FirstHarvest, "the event was altered after it was recorded");
        Assert.Equal([FirstHarvest], before.Events.Select(e => e.Record).Where(r => Content(before, r) != Content(after, r)));
        // The log was not touched: the old bundle still verifies, and it holds the content the log proves.
        Assert.True(BundleVerifier.Verify(before, key).Verified);
        Assert.Equal(before.Checkpoints, after.Checkpoints);
    }

    [Fact]
    public async Task WhenOnlyAHarvestsRecordedFactIsAltered_BundlesAreUnchangedAndOnlyTheAuditSeesIt()
    {
        // A bundle carries the EPCIS text the log proves, not the store's own JSON of the fact:
        // an edit of that JSON alone changes nothing a bundle shows, and the audit's re-rendering
        // of the fact is what catches it.
        var (before, key) = await BundleFixture.BuildAsync(_folder);
        StoreTampering.AlterBody(_folder.StoreFile, OcopChain.FirstHarvestSeq, "12345", "12346");

        var audit = await LedgerAudit.RunAsync(_folder.Path);
        var (after, _) = await BundleFixture.BuildAsync(_folder, record: false);

        var divergence = Assert.Single(audit.Divergences);
        Assert.Equal((OcopChain.FirstHarvestSeq, FirstHarvest), (divergence.Sequence, divergence.Record));
        Assert.True(BundleVerifier.Verify(after, key).Verified);
        Assert.Equal(before.Events.Select(e => e.Event.ToJsonString()), after.Events.Select(e => e.Event.ToJsonString()));
    }

    [Fact]
    public async Task WhenAHarvestIsDeleted_TheNewBundleIsIncompleteAtTheDryingStepAndTheLogStillProvesTheOldBundlesHarvest()
    {
        var (before, key) = await BundleFixture.BuildAsync(_folder);
        StoreTampering.DeleteEvent(_folder.StoreFile, OcopChain.SecondHarvestSeq);

        var audit = await LedgerAudit.RunAsync(_folder.Path);
        var (after, _) = await BundleFixture.BuildAsync(_folder, record: false);

        Assert.Equal(OcopChain.SecondHarvestSeq, audit.Divergences[0].Sequence);
        Assert.Contains("removed", audit.Divergences[0].What, StringComparison.Ordinal);
        Assert.DoesNotContain(after.Events, e => e.Record == SecondHarvest);
        AssertFailsNaming(BundleVerifier.Verify(after, key), $"step:{OcopChain.DryingStep}", $"takes input {Traceability.Events.Epcis.EpcisVocabulary.Batch(OcopChain.SecondHarvest)}, but no event in the bundle creates it");
        // The old bundle's harvest is gone from the store, yet the store's own log still proves it at its leaf.
        var removed = before.Events.Single(e => e.Record == SecondHarvest);
        await using var store = new SqliteEventStore(_folder.StoreFile);
        Assert.DoesNotContain(await store.ReadAllAsync().ToListAsync(), s => s.EventId == removed.EventId);
        var checkpoint = before.Checkpoints.Single(c => c.Facility == OcopChain.Grower);
        var proof = await store.InclusionProofAsync(OcopChain.Grower, removed.LeafIndex, checkpoint.Size);
        Assert.True(MerkleProofs.VerifyInclusion(removed.LeafIndex, checkpoint.Size, MerkleHash.Leaf(EventHash.Digest(removed.EventId)), proof, Convert.FromBase64String(checkpoint.Root)).Ok);
        Assert.True(BundleVerifier.Verify(before, key).Verified);
    }

    [Fact]
    public async Task WhenTwoHarvestsSwapTheirContents_TheNewBundleFailsAtTheSwappedLeafAndMissesTheOtherHarvest()
    {
        var (before, key) = await BundleFixture.BuildAsync(_folder);
        StoreTampering.SwapContents(_folder.StoreFile, OcopChain.FirstHarvestSeq, OcopChain.SecondHarvestSeq);

        var audit = await LedgerAudit.RunAsync(_folder.Path);
        var (after, _) = await BundleFixture.BuildAsync(_folder, record: false);

        Assert.Equal(OcopChain.FirstHarvestSeq, audit.Divergences[0].Sequence);
        Assert.Contains("swapped or reordered", audit.Divergences[0].What, StringComparison.Ordinal);
        var report = BundleVerifier.Verify(after, key);
        // The store's record index still sends the first batch to seq 5, which now holds the second
        // harvest: the new bundle carries that harvest at leaf 3, where the log holds the first one,
        // and no event creating the first batch, which the drying step takes.
        AssertFailsNaming(report, SecondHarvest, "leaf 3 is not proved in the signed log of 7 leaves");
        AssertFailsNaming(report, $"step:{OcopChain.DryingStep}", $"takes input {Traceability.Events.Epcis.EpcisVocabulary.Batch(OcopChain.FirstHarvest)}, but no event in the bundle creates it");
        Assert.NotEqual(before.Events.Select(e => e.EventId), after.Events.Select(e => e.EventId));
        Assert.True(BundleVerifier.Verify(before, key).Verified);
    }

    [Fact]
    public async Task WhenAStoredNodeIsAltered_ProofsThroughItFailForTheEventsThatUseIt()
    {
        // The node over leaves 0-1 is a sibling on the paths of leaves 2 and 3 (the area and the first harvest).
        var (before, key) = await BundleFixture.BuildAsync(_folder);
        StoreTampering.AlterNode(_folder.StoreFile, OcopChain.Grower, new MerkleNodeId(1, 0));

        var audit = await LedgerAudit.RunAsync(_folder.Path);
        var (after, _) = await BundleFixture.BuildAsync(_folder, record: false);

        Assert.Equal(OcopChain.DryingHouseSeq, Assert.Single(audit.Divergences).Sequence);
        var report = BundleVerifier.Verify(after, key);
        AssertFailsNaming(report, $"area:{OcopChain.ForestLot}", "is not proved in the signed log");
        AssertFailsNaming(report, FirstHarvest, "is not proved in the signed log");
        Assert.Equal(2, report.Failures.Count());
        Assert.True(BundleVerifier.Verify(before, key).Verified);
    }

    [Fact]
    public async Task WhenTheGrowersLogIsTruncated_TheAuditNamesTheFirstUnloggedEventAndNoBundleCanBeBuilt()
    {
        await BundleFixture.BuildAsync(_folder);
        StoreTampering.TruncateLog(_folder.StoreFile, OcopChain.Grower, 4);

        var audit = await LedgerAudit.RunAsync(_folder.Path);

        Assert.Equal((OcopChain.SecondHarvestSeq, SecondHarvest), (audit.Divergences[0].Sequence, audit.Divergences[0].Record));
        Assert.Contains("truncated", audit.Divergences[0].What, StringComparison.Ordinal);
        // The checkpoint at size 7 still stands but the log cannot prove leaves it no longer has.
        Assert.NotNull(await Record.ExceptionAsync(() => BundleFixture.BuildAsync(_folder, record: false)));
    }

    [Fact]
    public async Task WhenTheGrowersHistoryIsRewrittenAndResigned_OnlyTheOldBundlesCheckpointExposesTheFork()
    {
        // The worst case: whoever holds the server truncates the grower's log, deletes the later
        // events and checkpoints, records other facts in their place and signs anew with the
        // platform key. The store is consistent again, so the audit finds nothing; but the old
        // bundle holds a checkpoint of the same log at the same size with another root, signed
        // by the same key: the log was forked, and the rewritten log is not an extension of it.
        var (before, key) = await BundleFixture.BuildAsync(_folder);
        StoreTampering.TruncateLog(_folder.StoreFile, OcopChain.Grower, 4, checkpointsToo: true);
        StoreTampering.DeleteEventsFrom(_folder.StoreFile, OcopChain.Grower, OcopChain.SecondHarvestSeq);
        await using (var store = new SqliteEventStore(_folder.StoreFile))
        {
            var facts = OcopChain.Facts();
            var rewritten = new[]
            {
                OcopChain.Harvest(OcopChain.SecondHarvest, 9_760, "Y Thị Lan"),
                facts[(int)OcopChain.DryingSeq - 1],
                facts[(int)OcopChain.OtherHarvestSeq - 1],
                OcopChain.Harvest("SD-2026-300", 5_000, "A Thị Bến"),
            };
            for (var i = 0; i < rewritten.Length; i++)
            {
                Assert.NotNull((await store.AppendAsync(OcopChain.Pending(rewritten[i], OcopChain.Start.AddHours(1).AddMinutes(i)))).Recorded);
                if (i == 2)
                {
                    await store.CutAsync(); // re-signed at size 7, the size the old bundle holds
                }
            }

            await store.CutAsync();
        }

        var audit = await LedgerAudit.RunAsync(_folder.Path);
        var (after, _) = await BundleFixture.BuildAsync(_folder, record: false);

        Assert.Empty(audit.Divergences);
        Assert.True(BundleVerifier.Verify(after, key).Verified);
        Assert.True(BundleVerifier.Verify(before, key).Verified);
        var old = before.Checkpoints.Single(c => c.Facility == OcopChain.Grower);
        var resigned = after.Checkpoints.Single(c => c.Facility == OcopChain.Grower);
        Assert.Equal((old.Origin, old.Size), (resigned.Origin, resigned.Size));
        Assert.NotEqual(old.Root, resigned.Root);
        Assert.NotEqual(Content(before, $"step:{OcopChain.DryingStep}"), Content(after, $"step:{OcopChain.DryingStep}"));
        await using var reopened = new SqliteEventStore(_folder.StoreFile);
        var latest = (await reopened.LatestAsync(OcopChain.Grower))!;
        var consistency = await reopened.ConsistencyProofAsync(OcopChain.Grower, old.Size, latest.Size);
        Assert.True(MerkleProofs.VerifyConsistency(old.Size, latest.Size, consistency, Convert.FromBase64String(resigned.Root), latest.Root).Ok);
        var check = MerkleProofs.VerifyConsistency(old.Size, latest.Size, consistency, Convert.FromBase64String(old.Root), latest.Root);
        Assert.False(check.Ok);
        Assert.Equal("the proof does not lead to the first root", check.Failure);
    }
}
