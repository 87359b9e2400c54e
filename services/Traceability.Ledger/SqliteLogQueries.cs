using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Traceability.Ledger;

/// <summary>
/// The prepared read statements of one connection, and its node reader. Not thread-safe: one per
/// connection, used by one caller at a time. Reads run in <see cref="Transaction"/> when it is set,
/// so the writer sees its own uncommitted leaves.
/// </summary>
internal sealed class SqliteLogQueries : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly UpperNodeCache? _cache;
    private readonly SqliteCommand _logId;
    private readonly SqliteCommand _size;
    private readonly SqliteCommand _leaf;
    private readonly RawStatement _node;
    private readonly RawStatement _leafData;
    private readonly RawStatement _begin;
    private readonly RawStatement _commit;

    /// <summary>
    /// The queries of <paramref name="connection"/>. A <paramref name="cache"/> of upper nodes is for
    /// connections that only ever see committed rows (the readers), never for the writer's, whose
    /// uncommitted nodes may be rolled back.
    /// </summary>
    public SqliteLogQueries(SqliteConnection connection, UpperNodeCache? cache = null)
    {
        _connection = connection;
        _cache = cache;
        _logId = Command("SELECT log_id FROM ledger_logs WHERE name = $name", "$name");
        _size = Command("SELECT max(leaf_index) FROM ledger_leaves WHERE log_id = $log", "$log");
        _leaf = Command("SELECT data, reference FROM ledger_leaves WHERE log_id = $log AND leaf_index = $index", "$log", "$index");
        _node = new RawStatement(connection, "SELECT hash FROM ledger_nodes WHERE log_id = ?1 AND position = ?2");
        _leafData = new RawStatement(connection, "SELECT data FROM ledger_leaves WHERE log_id = ?1 AND leaf_index = ?2");
        _begin = new RawStatement(connection, "BEGIN");
        _commit = new RawStatement(connection, "COMMIT");
    }

    public SqliteTransaction? Transaction { get; set; }

    public long? LogId(string name)
    {
        _logId.Transaction = Transaction;
        _logId.Parameters[0].Value = name;
        return _logId.ExecuteScalar() is long id ? id : null;
    }

    public long Size(long logId)
    {
        _size.Transaction = Transaction;
        _size.Parameters[0].Value = logId;
        return _size.ExecuteScalar() is long last ? last + 1 : 0;
    }

    public LedgerLeaf? Leaf(long logId, long index)
    {
        _leaf.Transaction = Transaction;
        _leaf.Parameters[0].Value = logId;
        _leaf.Parameters[1].Value = index;
        using var reader = _leaf.ExecuteReader();
        return reader.Read() ? new LedgerLeaf(index, (byte[])reader.GetValue(0), reader.GetInt64(1)) : null;
    }

    /// <summary>A node reader over one log of this connection.</summary>
    public IMerkleNodes Nodes(long logId) => new NodeReader(this, logId);

    public SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        return command;
    }

    public void Dispose()
    {
        _logId.Dispose();
        _size.Dispose();
        _leaf.Dispose();
        _node.Dispose();
        _leafData.Dispose();
        _begin.Dispose();
        _commit.Dispose();
    }

    /// <summary>
    /// One indexed point read per node not in the cache, on statements prepared once per connection
    /// (an <c>IN (...)</c> list costs as much in SQLite's B-tree, plus a statement per list length).
    /// Every returned array is the caller's.
    /// </summary>
    private byte[][] ReadNodes(long logId, IReadOnlyList<MerkleNodeId> ids)
    {
        // Outside a transaction, every statement would start (and end) a read transaction of its own,
        // which in WAL mode takes a lock with a system call or two: several microseconds, more than the
        // B-tree search itself. One read transaction for the whole proof, which also reads one snapshot.
        var own = raw.sqlite3_get_autocommit(_connection.Handle) != 0;
        if (own)
        {
            _begin.Start().Execute();
        }
        try
        {
            return ReadNodesInTransaction(logId, ids);
        }
        finally
        {
            if (own)
            {
                _commit.Start().Execute();
            }
        }
    }

    private byte[][] ReadNodesInTransaction(long logId, IReadOnlyList<MerkleNodeId> ids)
    {
        var result = new byte[ids.Count][];
        for (var i = 0; i < result.Length; i++)
        {
            var id = ids[i];
            if (id.Level == 0)
            {
                // Leaves come from ledger_leaves, hashed here.
                var leaf = _leafData.Start();
                try
                {
                    leaf.Bind(1, logId);
                    leaf.Bind(2, id.Index);
                    result[i] = leaf.Step() ? MerkleHash.Leaf(leaf.Blob(0)) : throw Missing(id);
                }
                finally
                {
                    leaf.Reset();
                }
                continue;
            }
            var position = id.StoredPosition;
            var cacheable = _cache is not null && UpperNodeCache.Covers(id.Level);
            if (cacheable && _cache!.TryCopy(logId, position, out var cached))
            {
                result[i] = cached;
                continue;
            }
            var node = _node.Start();
            try
            {
                node.Bind(1, logId);
                node.Bind(2, position);
                if (!node.Step())
                {
                    throw Missing(id);
                }
                var hash = node.Blob(0);
                result[i] = hash.ToArray();
                if (cacheable)
                {
                    _cache!.Add(logId, position, id.Level, hash);
                }
            }
            finally
            {
                node.Reset();
            }
        }
        return result;
    }

    private static ArgumentOutOfRangeException Missing(MerkleNodeId id) =>
        new(nameof(id), $"The log has no node {id}: it is smaller than the size asked about.");

    private sealed class NodeReader(SqliteLogQueries queries, long logId) : IMerkleNodes
    {
        public IReadOnlyList<byte[]> Read(IReadOnlyList<MerkleNodeId> ids) => queries.ReadNodes(logId, ids);
    }
}
