using System.Text;
using Microsoft.Data.Sqlite;

namespace Traceability.Ledger.Tests;

public sealed class SqliteMerkleLogTests : IDisposable
{
    private readonly LedgerDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void StoredProofsEqualTheReferenceForEverySizeUpTo70()
    {
        var reference = ReferenceTree.WithLeaves(70);
        using var reader = new SqliteMerkleLogs(_db.ConnectionString);
        for (var size = 1; size <= 70; size++)
        {
            Assert.Equal(size - 1, _db.Append("facility-a", $"leaf {size - 1}", 1000 + size));
            Assert.Equal(size, reader.Size("facility-a"));
            Assert.Equal(reference.Mth(0, size), reader.Root("facility-a", size));
            for (var index = 0; index < size; index++)
            {
                Assert.Equal(reference.Path(index, 0, size), reader.InclusionProof("facility-a", index, size));
            }
            for (var size1 = 1; size1 <= size; size1++)
            {
                Assert.Equal(reference.Proof(size1, size), reader.ConsistencyProof("facility-a", size1, size));
            }
        }
    }

    [Fact]
    public void ALogSurvivesReopeningTheDatabaseAndGrowsOnCorrectly()
    {
        for (var i = 0; i < 13; i++)
        {
            _db.Append("facility-a", $"leaf {i}", i);
        }
        _db.Reopen();
        for (var i = 13; i < 21; i++)
        {
            Assert.Equal(i, _db.Append("facility-a", $"leaf {i}", i));
        }

        using var reader = new SqliteMerkleLogs(_db.ConnectionString);
        Assert.Equal(ReferenceTree.WithLeaves(21).Mth(0, 21), reader.Root("facility-a", 21));
        Assert.Equal(new LedgerLeaf(17, Encoding.UTF8.GetBytes("leaf 17"), 17), reader.LeafAt("facility-a", 17), LeafComparer.Instance);
        Assert.Equal(Enumerable.Range(0, 21).Select(i => (long)i), reader.Leaves("facility-a").Select(l => l.Reference));
    }

    [Fact]
    public void RollingBackASavepointAfterAnAppendLeavesTheLogAsBeforeAndTheNextAppendIsCorrect()
    {
        for (var i = 0; i < 5; i++)
        {
            _db.Append("facility-a", $"leaf {i}", i);
        }

        using (var tx = _db.Writer.BeginTransaction())
        {
            tx.Save("event");
            _db.Logs.Append(tx, "facility-a", Encoding.UTF8.GetBytes("rejected"), 99);
            _db.Logs.Append(tx, "facility-new", Encoding.UTF8.GetBytes("rejected"), 99);
            tx.Rollback("event");
            Assert.Equal(5, _db.Logs.Append(tx, "facility-a", Encoding.UTF8.GetBytes("leaf 5"), 5));
            tx.Commit();
        }
        using (var tx = _db.Writer.BeginTransaction())
        {
            _db.Logs.Append(tx, "facility-a", Encoding.UTF8.GetBytes("rolled back too"), 98);
            tx.Rollback();
        }
        Assert.Equal(6, _db.Append("facility-a", "leaf 6", 6));

        using var reader = new SqliteMerkleLogs(_db.ConnectionString);
        Assert.Equal(7, reader.Size("facility-a"));
        Assert.Equal(ReferenceTree.WithLeaves(7).Mth(0, 7), reader.Root("facility-a", 7));
        Assert.Equal(["facility-a"], reader.Logs());
    }

    [Fact]
    public void AWriterThatTrustsItsCallerAppendsCorrectlyAfterEveryRollbackItIsToldOf()
    {
        using var logs = new SqliteMerkleLogWriter(_db.Writer, callerReportsRollbacks: true);
        for (var i = 0; i < 5; i++)
        {
            using var tx = _db.Writer.BeginTransaction();
            Assert.Equal(i, logs.Append(tx, "facility-a", Encoding.UTF8.GetBytes($"leaf {i}"), i));
            tx.Commit();
        }

        using (var tx = _db.Writer.BeginTransaction())
        {
            tx.Save("event");
            logs.Append(tx, "facility-a", Encoding.UTF8.GetBytes("rejected"), 99);
            logs.Append(tx, "facility-new", Encoding.UTF8.GetBytes("rejected"), 99);
            tx.Rollback("event");
            logs.Forget();
            Assert.Equal(5, logs.Append(tx, "facility-a", Encoding.UTF8.GetBytes("leaf 5"), 5));
            tx.Commit();
        }
        using (var tx = _db.Writer.BeginTransaction())
        {
            logs.Append(tx, "facility-a", Encoding.UTF8.GetBytes("rolled back too"), 98);
            logs.Append(tx, "facility-new", Encoding.UTF8.GetBytes("rolled back too"), 98);
            tx.Rollback();
            logs.Forget();
        }
        using (var tx = _db.Writer.BeginTransaction())
        {
            Assert.Equal(6, logs.Append(tx, "facility-a", Encoding.UTF8.GetBytes("leaf 6"), 6));
            Assert.Equal(0, logs.Append(tx, "facility-new", Encoding.UTF8.GetBytes("leaf 0"), 0));
            tx.Commit();
        }

        using var reader = new SqliteMerkleLogs(_db.ConnectionString);
        Assert.Equal(7, reader.Size("facility-a"));
        Assert.Equal(ReferenceTree.WithLeaves(7).Mth(0, 7), reader.Root("facility-a", 7));
        Assert.Equal(ReferenceTree.WithLeaves(1).Mth(0, 1), reader.Root("facility-new", 1));
    }

    [Fact]
    public void ManyLogsInterleavedEachKeepTheirOwnTree()
    {
        var logs = new[] { "facility-a", "facility-b", "facility-c" };
        using (var tx = _db.Writer.BeginTransaction())
        {
            for (var i = 0; i < 30; i++)
            {
                foreach (var log in logs.Take(1 + (i % 3)))
                {
                    _db.Logs.Append(tx, log, Encoding.UTF8.GetBytes($"{log} {i}"), i);
                }
            }
            _db.Logs.Append(tx, "facility-d", [.. Enumerable.Range(0, 9).Select(i => new PendingLeaf(Encoding.UTF8.GetBytes($"facility-d {i}"), i))]);
            tx.Commit();
        }

        using var reader = new SqliteMerkleLogs(_db.ConnectionString);
        Assert.Equal(["facility-a", "facility-b", "facility-c", "facility-d"], reader.Logs());
        foreach (var log in reader.Logs())
        {
            var leaves = reader.Leaves(log).ToList();
            var tree = new ReferenceTree([.. leaves.Select(l => l.Data)]);
            Assert.Equal(tree.Mth(0, leaves.Count), reader.Root(log, leaves.Count));
            Assert.All(leaves, l => Assert.StartsWith(log, Encoding.UTF8.GetString(l.Data), StringComparison.Ordinal));
        }
        Assert.Equal([30L, 20L, 10L, 9L], reader.Logs().Select(reader.Size));
    }

    [Fact]
    public void TheLogNeverRewritesALeaf()
    {
        _db.Append("facility-a", "leaf 0", 0);
        _db.Append("facility-a", "leaf 1", 1);

        void Execute(string sql)
        {
            using var command = _db.Writer.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        Assert.Throws<SqliteException>(() => Execute("INSERT INTO ledger_leaves (log_id, leaf_index, data, reference) SELECT log_id, 1, x'00', 7 FROM ledger_logs"));
        Assert.Throws<SqliteException>(() => Execute("UPDATE ledger_leaves SET data = x'00'"));
        Assert.Throws<SqliteException>(() => Execute("DELETE FROM ledger_leaves"));
        Assert.Throws<SqliteException>(() => Execute("UPDATE ledger_nodes SET hash = x'00'"));
        Assert.Throws<SqliteException>(() => Execute("DELETE FROM ledger_nodes"));
        using var reader = new SqliteMerkleLogs(_db.ConnectionString);
        Assert.Equal(ReferenceTree.WithLeaves(2).Mth(0, 2), reader.Root("facility-a", 2));
    }

    [Fact]
    public void AProofBeyondTheLogIsRefused()
    {
        _db.Append("facility-a", "leaf 0", 0);
        using var reader = new SqliteMerkleLogs(_db.ConnectionString);

        Assert.Throws<ArgumentOutOfRangeException>(() => reader.InclusionProof("facility-a", 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.Root("facility-b", 1));
        Assert.Null(reader.LeafAt("facility-a", 1));
        Assert.Equal(0, reader.Size("facility-b"));
    }

    [Fact]
    public void ProofsFromCachedUpperNodesEqualTheReferenceAndStayIntactWhenACallerChangesThem()
    {
        // Large enough for nodes of level 8 and up, which the reader keeps once read.
        const int Count = 1_100;
        var reference = ReferenceTree.WithLeaves(Count);
        using (var tx = _db.Writer.BeginTransaction())
        {
            _db.Logs.Append(tx, "facility-a", [.. reference.Leaves.Select((data, i) => new PendingLeaf(data, i))]);
            tx.Commit();
        }

        using var reader = new SqliteMerkleLogs(_db.ConnectionString);
        int[] sizes = [256, 257, 700, 1024, 1025, Count];
        int[] indices = [0, 1, 255, 256, 511, 600, 699, 1023, 1024, 1099];
        for (var round = 0; round < 2; round++)
        {
            foreach (var size in sizes)
            {
                Assert.Equal(reference.Mth(0, size), reader.Root("facility-a", size));
                foreach (var index in indices.Where(i => i < size))
                {
                    var proof = reader.InclusionProof("facility-a", index, size);
                    Assert.Equal(reference.Path(index, 0, size), proof);
                    foreach (var hash in proof)
                    {
                        hash[0] ^= 0xff; // the caller's arrays: the next proofs must not see this
                    }
                }
                Assert.Equal(reference.Proof(Math.Min(300, size), size), reader.ConsistencyProof("facility-a", Math.Min(300, size), size));
            }
        }
    }

    [Fact]
    public void AnEmptyLeafIsStoredAsAnEmptyBlob()
    {
        using (var tx = _db.Writer.BeginTransaction())
        {
            _db.Logs.Append(tx, "facility-a", [], 1);
            _db.Logs.Append(tx, "facility-a", [new PendingLeaf(Array.Empty<byte>(), 2), new PendingLeaf(new byte[] { 1 }, 3)]);
            tx.Commit();
        }

        using var reader = new SqliteMerkleLogs(_db.ConnectionString);
        var tree = new ReferenceTree([[], [], [1]]);
        Assert.Equal(tree.Mth(0, 3), reader.Root("facility-a", 3));
        Assert.Empty(reader.LeafAt("facility-a", 1)!.Data);
        Assert.Equal(tree.Path(0, 0, 3), reader.InclusionProof("facility-a", 0, 3));
    }

    private sealed class LeafComparer : IEqualityComparer<LedgerLeaf?>
    {
        public static readonly LeafComparer Instance = new();

        public bool Equals(LedgerLeaf? x, LedgerLeaf? y) =>
            x is not null && y is not null && x.Index == y.Index && x.Reference == y.Reference && x.Data.AsSpan().SequenceEqual(y.Data);

        public int GetHashCode(LedgerLeaf? obj) => obj?.Index.GetHashCode() ?? 0;
    }
}
