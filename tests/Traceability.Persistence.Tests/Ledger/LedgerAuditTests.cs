using Traceability.Ledger;
using Traceability.Persistence.Sqlite;
using Traceability.Persistence.Tests.Fixtures;

namespace Traceability.Persistence.Tests.Ledger;

/// <summary>
/// The audit of a data folder after someone edited <c>events.db</c> behind the store's back:
/// altered one byte of an event, deleted one, swapped two, truncated a log, altered a proof
/// node. Each time the first divergence (store order) names the event concerned and says what
/// kind of change it is.
/// </summary>
public sealed class LedgerAuditTests : IDisposable
{
    private readonly StoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<LedgerAuditReport> AuditAfterAsync(Action<string> tamper)
    {
        await OcopChain.CreateAsync(_folder.StoreFile);
        tamper(_folder.StoreFile);
        return await LedgerAudit.RunAsync(_folder.Path);
    }

    [Fact]
    public async Task WhenNothingWasTouched_TheAuditRereadsEveryEventLogAndCheckpointAndFindsNothing()
    {
        var report = await AuditAfterAsync(_ => { });

        Assert.Empty(report.Divergences);
        Assert.Equal((11, 2, 2), (report.Events, report.Logs, report.Checkpoints));
    }

    [Fact]
    public async Task WhenTheLotIsWithdrawnAndNothingWasTouched_TheAuditRereadsTheWithdrawalToo()
    {
        var report = await AuditWithdrawnAfterAsync(_ => { });

        Assert.Empty(report.Divergences);
        Assert.Equal((12, 2), (report.Events, report.Logs));
    }

    [Fact]
    public async Task WhenAWithdrawalIsTurnedIntoARecallInItsRecordedFact_TheAuditNamesItByItsLot()
    {
        var report = await AuditWithdrawnAfterAsync(file => StoreTampering.AlterBody(file, OcopChain.LotSeq + 1, "Withdrawal", "Recall"));

        var divergence = Assert.Single(report.Divergences);
        Assert.Equal((OcopChain.LotSeq + 1, OcopChain.Packer, $"lot:{OcopChain.Gtin}/{OcopChain.LotCode}"), (divergence.Sequence, divergence.Facility, divergence.Record));
        Assert.Contains("the fact was altered", divergence.What, StringComparison.Ordinal);
    }

    /// <summary>The chain, then the packer's withdrawal of its lot (seq 12, which creates no record), then <paramref name="tamper"/>.</summary>
    private async Task<LedgerAuditReport> AuditWithdrawnAfterAsync(Action<string> tamper)
    {
        await OcopChain.CreateAsync(_folder.StoreFile);
        await using (var store = new SqliteEventStore(_folder.StoreFile))
        {
            var outcome = await store.AppendAsync(OcopChain.Pending(OcopChain.Withdrawal(), OcopChain.Start.AddDays(2)));
            Assert.Equal(OcopChain.LotSeq + 1, outcome.Recorded?.Sequence);
        }

        tamper(_folder.StoreFile);
        return await LedgerAudit.RunAsync(_folder.Path);
    }

    [Fact]
    public async Task WhenOneDigitOfAHarvestsMassInItsEpcisTextIsChanged_TheAuditNamesThatHarvestAsAltered()
    {
        // 12.345 kg becomes 12.346 kg in the quantity list: one byte.
        var report = await AuditAfterAsync(file => StoreTampering.AlterEpcis(file, OcopChain.FirstHarvestSeq, "12.345", "12.346"));

        var divergence = Assert.Single(report.Divergences);
        Assert.Equal((OcopChain.FirstHarvestSeq, OcopChain.Grower, $"batch:{OcopChain.FirstHarvest}"), (divergence.Sequence, divergence.Facility, divergence.Record));
        Assert.Contains("stored EPCIS event hashes to", divergence.What, StringComparison.Ordinal);
        Assert.Contains("altered after it was recorded", divergence.What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenOneDigitOfAHarvestsRecordedFactIsChanged_TheAuditNamesThatHarvestsFactAsAltered()
    {
        // The domain JSON only: its EPCIS text and hash ID still agree, but the fact no longer renders to them.
        var report = await AuditAfterAsync(file => StoreTampering.AlterBody(file, OcopChain.FirstHarvestSeq, "12345", "12346"));

        var divergence = Assert.Single(report.Divergences);
        Assert.Equal((OcopChain.FirstHarvestSeq, $"batch:{OcopChain.FirstHarvest}"), (divergence.Sequence, divergence.Record));
        Assert.Contains("recorded fact renders to an EPCIS event hashing to", divergence.What, StringComparison.Ordinal);
        Assert.Contains("the fact was altered", divergence.What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenAHarvestIsDeletedWithItsStreamAndRecordRows_TheAuditNamesTheMissingEventFirst()
    {
        var report = await AuditAfterAsync(file => StoreTampering.DeleteEvent(file, OcopChain.SecondHarvestSeq));

        var first = report.Divergences[0];
        Assert.Equal((OcopChain.SecondHarvestSeq, OcopChain.Grower), (first.Sequence, first.Facility));
        Assert.Contains("leaf 4 of the log holds event seq 6, which is missing from the store", first.What, StringComparison.Ordinal);
        Assert.Contains("removed", first.What, StringComparison.Ordinal);
        // Later events of the grower are still in their own leaves: none is said to be missing.
        Assert.DoesNotContain(report.Divergences.Skip(1), d => d.What.Contains("missing from the store", StringComparison.Ordinal));
        Assert.Contains(report.Divergences, d => d.Sequence == OcopChain.DryingSeq && d.What.Contains("an earlier event was removed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhenTwoHarvestsSwapTheirContents_TheAuditNamesTheFirstAndTheEventWhoseContentItNowHolds()
    {
        // Fact, EPCIS text, hash ID and time move between seq 5 and 6; each row is consistent in itself.
        var report = await AuditAfterAsync(file => StoreTampering.SwapContents(file, OcopChain.FirstHarvestSeq, OcopChain.SecondHarvestSeq));

        var first = report.Divergences[0];
        Assert.Equal((OcopChain.FirstHarvestSeq, $"batch:{OcopChain.SecondHarvest}"), (first.Sequence, first.Record));
        Assert.True(first.What.Contains("leaf 3 of the log", StringComparison.Ordinal), first.What);
        Assert.True(first.What.Contains($"seq {OcopChain.SecondHarvestSeq} (batch:{OcopChain.FirstHarvest})", StringComparison.Ordinal), first.What);
        Assert.Contains("swapped or reordered", first.What, StringComparison.Ordinal);
        Assert.Contains(report.Divergences, d => d.Sequence == OcopChain.SecondHarvestSeq);
    }

    [Fact]
    public async Task WhenTheGrowersLogIsTruncated_TheAuditNamesTheFirstEventNoLongerInItAndTheCheckpointPastItsEnd()
    {
        // Leaves 4, 5, 6 (seq 6, 8, 10) and the nodes they completed are gone; the events stay.
        var report = await AuditAfterAsync(file => StoreTampering.TruncateLog(file, OcopChain.Grower, 4));

        var first = report.Divergences[0];
        Assert.Equal((OcopChain.SecondHarvestSeq, OcopChain.Grower, $"batch:{OcopChain.SecondHarvest}"), (first.Sequence, first.Facility, first.Record));
        Assert.Contains("the log ends after 4 leaves", first.What, StringComparison.Ordinal);
        Assert.Contains("truncated", first.What, StringComparison.Ordinal);
        Assert.Contains(report.Divergences, d => d.Sequence is null && d.Facility == OcopChain.Grower
            && d.What.Contains("a checkpoint was signed at size 7 but the log has only 4 leaves", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Divergences, d => d.Facility == OcopChain.Packer);
    }

    [Fact]
    public async Task WhenAStoredProofNodeIsAltered_TheAuditNamesTheEventWhoseLeafCompletedIt()
    {
        // The node over leaves 0 and 1 is completed by leaf 1: the drying house's registration.
        var report = await AuditAfterAsync(file => StoreTampering.AlterNode(file, OcopChain.Grower, new MerkleNodeId(1, 0)));

        var divergence = Assert.Single(report.Divergences);
        Assert.Equal((OcopChain.DryingHouseSeq, OcopChain.Grower, $"site:{OcopChain.DryingHouse}"), (divergence.Sequence, divergence.Facility, divergence.Record));
        Assert.Contains("the stored proof node completed by leaf 1 differs from the recomputed one", divergence.What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenAuditedWithAnotherKey_EveryCheckpointIsSaidNotToVerify()
    {
        await OcopChain.CreateAsync(_folder.StoreFile);
        using var other = CheckpointSigner.LoadOrCreate(Path.Combine(_folder.Path, "other.key"), "id.traceability.vn");

        var report = await LedgerAudit.RunAsync(_folder.Path, other.VerifierKey);

        Assert.Equal(2, report.Divergences.Count);
        Assert.All(report.Divergences, d => Assert.Contains("does not verify", d.What, StringComparison.Ordinal));
        Assert.Equal([OcopChain.Packer, OcopChain.Grower], report.Divergences.Select(d => d.Facility).Order(StringComparer.Ordinal));
    }
}
