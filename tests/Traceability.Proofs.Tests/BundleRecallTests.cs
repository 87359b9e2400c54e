using System.Text.Json.Nodes;
using Traceability.Events;
using Traceability.Persistence.Sqlite;
using Traceability.Persistence.Tests.Fixtures;
using Traceability.Persistence.Tests.Ledger;

namespace Traceability.Proofs.Tests;

/// <summary>
/// A withdrawn lot's bundle carries the withdrawal, proved in the packer's log like every other
/// event, so the banner a buyer sees is tamper-evident: it verifies as it was recorded, and fails
/// once changed or when it was not decided by the facility that packed the lot.
/// </summary>
public sealed class BundleRecallTests : IDisposable
{
    private static readonly string LotRecord = $"lot:{OcopChain.Gtin}/{OcopChain.LotCode}";

    private readonly StoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>The chain, then <paramref name="recalls"/> appended to the store as they are (the rules are not asked), then the bundle.</summary>
    private async Task<(ProofBundle Bundle, string Key)> BuiltAfterAsync(params LotRecalled[] recalls)
    {
        await OcopChain.CreateAsync(_folder.StoreFile);
        await using (var store = new SqliteEventStore(_folder.StoreFile))
        {
            for (var i = 0; i < recalls.Length; i++)
            {
                var outcome = await store.AppendAsync(OcopChain.Pending(recalls[i], OcopChain.Start.AddDays(2 + i)));
                Assert.NotNull(outcome.Recorded);
            }
        }

        return await BundleFixture.BuildAsync(_folder, record: false);
    }

    /// <summary>The bundle's withdrawal or recall events, as JSON.</summary>
    private static JsonObject RecallIn(JsonObject bundle) =>
        bundle["events"]!.AsArray().OfType<JsonObject>().Single(e => e["record"]!.GetValue<string>() == LotRecord && e["event"]!["bizStep"]?.GetValue<string>() == "holding");

    [Fact]
    public async Task WhenTheLotIsWithdrawn_TheBundleHoldsTheWithdrawalLastProvedInThePackersLog()
    {
        var (bundle, _) = await BuiltAfterAsync(OcopChain.Withdrawal());

        Assert.Equal(11, bundle.Events.Count);
        var withdrawal = bundle.Events[^1];
        Assert.Equal((LotRecord, OcopChain.Packer), (withdrawal.Record, withdrawal.Facility));
        Assert.Equal("non_sellable_other", withdrawal.Event["disposition"]!.GetValue<string>());
        Assert.Equal(OcopChain.PackerLeaves, withdrawal.LeafIndex);
        // The packer's checkpoint covers the withdrawal, its fifth leaf.
        Assert.Equal(OcopChain.PackerLeaves + 1, bundle.Checkpoints.Single(c => c.Facility == OcopChain.Packer).Size);
    }

    [Fact]
    public async Task WhenTheWithdrawnLotsBundleIsVerified_EveryFindingHoldsTheWithdrawalsToo()
    {
        var (bundle, key) = await BuiltAfterAsync(OcopChain.Withdrawal());

        var report = BundleVerifier.Verify(ProofBundle.Parse(bundle.ToJson()), key);

        Assert.True(report.Verified, string.Join('\n', report.Failures));
        Assert.Contains(report.Findings, f => f.Subject == $"event 11 of 11 ({LotRecord}, {bundle.Events[^1].EventId})" && f.Statement.StartsWith("hash matches its content; leaf 4 is in the signed log of 5 leaves", StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f.Subject == "lot" && f.Statement.Contains("(11 events)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhenTheWithdrawalIsEscalated_BothAreInTheBundleAndVerify()
    {
        var withdrawal = OcopChain.Withdrawal();
        var (bundle, key) = await BuiltAfterAsync(withdrawal, withdrawal with { Kind = RecallKind.Recall, Reason = "Aflatoxin vượt ngưỡng", DecidedAt = withdrawal.DecidedAt.AddDays(1) });

        var report = BundleVerifier.Verify(bundle, key);

        Assert.True(report.Verified, string.Join('\n', report.Failures));
        Assert.Equal(["non_sellable_other", "recalled"], bundle.Events.Skip(10).Select(e => e.Event["disposition"]!.GetValue<string>()));
    }

    [Fact]
    public async Task WhenTheWithdrawalsReasonIsChangedInTheBundle_TheWithdrawalIsSaidToBeAltered()
    {
        var (bundle, key) = await BuiltAfterAsync(OcopChain.Withdrawal());

        var report = BundleVerifier.Verify(BundleFixture.Edited(bundle, b => RecallIn(b)["event"]!["tr:reason"] = "Không có vấn đề gì"), key);

        Assert.False(report.Verified);
        Assert.Contains(report.Failures, f => f.Subject.Contains(LotRecord, StringComparison.Ordinal) && f.Statement.Contains("the event was altered after it was recorded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhenAWithdrawalIsTurnedIntoARecallInTheBundle_ItsHashNoLongerHolds()
    {
        var (bundle, key) = await BuiltAfterAsync(OcopChain.Withdrawal());

        var report = BundleVerifier.Verify(BundleFixture.Edited(bundle, b => RecallIn(b)["event"]!["disposition"] = "recalled"), key);

        Assert.False(report.Verified);
        Assert.Contains(report.Failures, f => f.Statement.Contains("the event was altered after it was recorded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhenTheWithdrawalIsListedUnderAnotherFacility_ItIsSaidNotToSitInItsLog()
    {
        var (bundle, key) = await BuiltAfterAsync(OcopChain.Withdrawal());

        var report = BundleVerifier.Verify(BundleFixture.Edited(bundle, b => RecallIn(b)["facility"] = OcopChain.Grower), key);

        Assert.False(report.Verified);
        Assert.Contains(report.Failures, f => f.Subject.Contains(LotRecord, StringComparison.Ordinal) && f.Statement.Contains($"sits in the log of '{OcopChain.Grower}'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhenAFacilityThatDidNotPackTheLotRecordedARecallOfIt_TheVerifierSaysSo()
    {
        // A store that took a recall of the lot from the grower, which the capture rules refuse.
        var (bundle, key) = await BuiltAfterAsync(OcopChain.Withdrawal() with { FacilityId = OcopChain.Grower, Kind = RecallKind.Recall });

        var report = BundleVerifier.Verify(bundle, key);

        var failure = Assert.Single(report.Failures);
        Assert.Contains(LotRecord, failure.Subject, StringComparison.Ordinal);
        Assert.Equal($"says the lot is recalled, but facility '{OcopChain.Grower}' did not pack it", failure.Statement);
    }
}
