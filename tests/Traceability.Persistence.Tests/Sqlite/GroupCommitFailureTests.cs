using Microsoft.Data.Sqlite;
using Traceability.Epcis;
using Traceability.Events;
using Traceability.Events.Epcis;
using Traceability.Ledger;
using Traceability.Persistence.Sqlite;
using Traceability.Persistence.Tests.Fixtures;
using Traceability.Storage;

namespace Traceability.Persistence.Tests.Sqlite;

/// <summary>
/// The writer runs a group commit without savepoints and, when one append in it fails, rolls the
/// group back and writes it again append by append. The failing harvest here is refused by the
/// file itself (a trigger on the records table), after its event row and its Merkle leaf were
/// written, so the rollback has to undo the leaf, the frontier the writer keeps in memory, and
/// the sequence number it had handed out.
/// </summary>
public sealed class GroupCommitFailureTests : IDisposable
{
    private const string Refused = "XOP-2026-005";
    private readonly StoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task WhenOneHarvestInAGroupIsRefusedAfterItsLeafWasWritten_EveryOtherHarvestOfTheGroupIsDurable()
    {
        await using var store = new SqliteEventStore(_folder.StoreFile);

        var (refused, others) = await RecordGroupWithOneRefusedAsync(store);

        await Assert.ThrowsAsync<IOException>(() => refused);
        Assert.All(others, outcome => Assert.NotNull(outcome.Recorded));
        Assert.Null(await store.OwnerOfAsync(new RecordKey(RecordKind.Batch, Refused)));
        Assert.Equal(10, (await store.StreamAsync(new RecordKey(RecordKind.Facility, DakGlei.Xop))).Count);
        Assert.Equal(11, (await store.StreamAsync(new RecordKey(RecordKind.Facility, DakGlei.NgocLinh))).Count);
    }

    [Fact]
    public async Task WhenOneHarvestInAGroupWasRefused_SequencesAndLeafIndicesHaveNoGapAndEveryLeafIsProved()
    {
        await using var store = new SqliteEventStore(_folder.StoreFile);
        await RecordGroupWithOneRefusedAsync(store);

        await store.CutAsync();

        await AssertConsistentAsync(store, events: 21);
        var audit = await LedgerAudit.RunAsync(_folder.Path);
        Assert.Empty(audit.Divergences);
        Assert.Equal((21, 2), (audit.Events, audit.Logs));
    }

    [Fact]
    public async Task WhenTheCooperativeRecordsAgainAfterARefusal_ItsHarvestTakesTheNextSequenceAndTheNextLeaf()
    {
        await using var store = new SqliteEventStore(_folder.StoreFile);
        await RecordGroupWithOneRefusedAsync(store);

        var next = await store.AppendAsync(Pending(DakGlei.Harvest("XOP-2026-011", DakGlei.Xop, "XOP-TK7-K2-L5")));

        Assert.Equal(22, next.Recorded!.Sequence);
        var stored = Assert.Single(await store.AllAsync(21));
        Assert.Equal(10, stored.LeafIndex);
        await store.CutAsync();
        await AssertConsistentAsync(store, events: 22);
    }

    [Fact]
    public async Task WhenTheProcessDiesAfterARefusal_TheReopenedStoreContinuesTheSequenceAndTheLogs()
    {
        var crashed = new StoreFolder();
        try
        {
            await using (var store = new SqliteEventStore(_folder.StoreFile))
            {
                await RecordGroupWithOneRefusedAsync(store);

                // What a power cut leaves while the store is open: the file and its write-ahead log as
                // of the last acknowledged commit, and none of the writer's memory.
                foreach (var file in new[] { "events.db", "events.db-wal", LedgerSettings.DefaultKeyFile })
                {
                    File.Copy(Path.Combine(_folder.Path, file), Path.Combine(crashed.Path, file));
                }
            }

            await using (var reopened = new SqliteEventStore(crashed.StoreFile))
            {
                var xop = await reopened.AppendAsync(Pending(DakGlei.Harvest("XOP-2026-011", DakGlei.Xop, "XOP-TK7-K2-L5")));
                var ngocLinh = await reopened.AppendAsync(Pending(DakGlei.Harvest("SD-2026-011")));

                Assert.Equal((22, 23), (xop.Recorded!.Sequence, ngocLinh.Recorded!.Sequence));
                Assert.Equal([10, 11], (await reopened.AllAsync(21)).Select(s => s.LeafIndex));
                await reopened.CutAsync();
                await AssertConsistentAsync(reopened, events: 23);
            }

            var audit = await LedgerAudit.RunAsync(crashed.Path);
            Assert.Empty(audit.Divergences);
            Assert.Equal(23, audit.Events);
        }
        finally
        {
            crashed.Dispose();
        }
    }

    /// <summary>
    /// Records HTX-XOP's first harvest and HTX-NGOCLINH's, then, while another connection holds the
    /// file so that they queue into one group commit, ten more harvests of each, interleaved, of
    /// which the file refuses <see cref="Refused"/>.
    /// </summary>
    private async Task<(Task<AppendOutcome> Refused, List<AppendOutcome> Others)> RecordGroupWithOneRefusedAsync(SqliteEventStore store)
    {
        var first = new List<AppendOutcome>
        {
            await store.AppendAsync(Pending(DakGlei.Harvest("XOP-2026-000", DakGlei.Xop, "XOP-TK7-K2-L5"))),
            await store.AppendAsync(Pending(DakGlei.Harvest("SD-2026-000"))),
        };

        var queued = new List<Task<AppendOutcome>>();
        Task<AppendOutcome>? refused = null;
        await using (var other = new SqliteConnection($"Data Source={_folder.StoreFile};Pooling=False"))
        {
            other.Open();
            using (var trigger = other.CreateCommand())
            {
                trigger.CommandText = $"CREATE TRIGGER refuse_one BEFORE INSERT ON records WHEN NEW.key = '{Refused}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END";
                trigger.ExecuteNonQuery();
            }

            using var hold = other.BeginTransaction(deferred: false);
            for (var i = 1; i <= 10; i++)
            {
                var xop = store.AppendAsync(Pending(DakGlei.Harvest($"XOP-2026-{i:D3}", DakGlei.Xop, "XOP-TK7-K2-L5"))).AsTask();
                if (i == 5)
                {
                    refused = xop;
                }
                else
                {
                    queued.Add(xop);
                }

                queued.Add(store.AppendAsync(Pending(DakGlei.Harvest($"SD-2026-{i:D3}"))).AsTask());
            }

            await Task.Delay(200);
            hold.Rollback();
        }

        var others = new List<AppendOutcome>(first);
        foreach (var append in queued)
        {
            others.Add(await append);
        }

        // The refused one is awaited last, so that every other append of its group has completed.
        return (refused!, others);
    }

    /// <summary>A harvest as the grain hands it over: its EPCIS rendering and hash ID (so a leaf of its own).</summary>
    private static PendingEvent Pending(BatchHarvested harvest)
    {
        var (epcis, eventId) = EpcisRendering.Identified(harvest, DakGlei.RecordedAt);
        return new PendingEvent(harvest, DakGlei.RecordedAt, epcis, eventId);
    }

    /// <summary>
    /// Sequences run 1..<paramref name="events"/>; each facility's leaves count up from zero in store
    /// order and hold the digest of the event's hash ID; each leaf is proved by the latest checkpoint.
    /// </summary>
    private static async Task AssertConsistentAsync(SqliteEventStore store, int events)
    {
        var stored = await store.AllAsync();
        Assert.Equal(Enumerable.Range(1, events).Select(i => (long)i), stored.Select(s => s.Recorded.Sequence));
        foreach (var facility in stored.GroupBy(s => s.Recorded.Event.FacilityId))
        {
            var checkpoint = await store.LatestAsync(facility.Key);
            Assert.Equal(facility.Count(), checkpoint!.Size);
            Assert.Equal(Enumerable.Range(0, facility.Count()).Select(i => (long)i), facility.Select(s => s.LeafIndex));
            foreach (var s in facility)
            {
                var proof = await store.InclusionProofAsync(facility.Key, s.LeafIndex, checkpoint.Size);
                Assert.True(MerkleProofs.VerifyInclusion(s.LeafIndex, checkpoint.Size, MerkleHash.Leaf(EventHash.Digest(s.EventId)), proof, checkpoint.Root).Ok);
            }
        }
    }
}
