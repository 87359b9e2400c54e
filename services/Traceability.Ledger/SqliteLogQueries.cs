using Microsoft.Data.Sqlite;

namespace Traceability.Ledger;

/// <summary>
/// The prepared read statements of one connection, and its node reader. Not thread-safe: one per
/// connection, used by one caller at a time. Reads run in <see cref="Transaction"/> when it is set,
/// so the writer sees its own uncommitted leaves.
/// </summary>
internal sealed class SqliteLogQueries : IDisposable
{
    private const int MaxBatch = 128;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _logId;
    private readonly SqliteCommand _size;
    private readonly SqliteCommand _leaf;
    private readonly Dictionary<int, SqliteCommand> _nodesByCount = [];
    private readonly Dictionary<int, SqliteCommand> _leavesByCount = [];

    public SqliteLogQueries(SqliteConnection connection)
    {
        _connection = connection;
        _logId = Command("SELECT log_id FROM ledger_logs WHERE name = $name", "$name");
        _size = Command("SELECT max(leaf_index) FROM ledger_leaves WHERE log_id = $log", "$log");
        _leaf = Command("SELECT data, reference FROM ledger_leaves WHERE log_id = $log AND leaf_index = $index", "$log", "$index");
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
        foreach (var command in _nodesByCount.Values.Concat(_leavesByCount.Values))
        {
            command.Dispose();
        }
    }

    private byte[][] ReadNodes(long logId, IReadOnlyList<MerkleNodeId> ids)
    {
        var result = new byte[ids.Count][];
        // Leaves come from ledger_leaves (hashed here), the rest from ledger_nodes; one IN query each.
        var leafSlots = new List<int>();
        var nodeSlots = new List<int>();
        for (var i = 0; i < ids.Count; i++)
        {
            (ids[i].Level == 0 ? leafSlots : nodeSlots).Add(i);
        }
        for (var from = 0; from < leafSlots.Count; from += MaxBatch)
        {
            Fetch(logId, ids, leafSlots, from, Math.Min(MaxBatch, leafSlots.Count - from), leaves: true, result);
        }
        for (var from = 0; from < nodeSlots.Count; from += MaxBatch)
        {
            Fetch(logId, ids, nodeSlots, from, Math.Min(MaxBatch, nodeSlots.Count - from), leaves: false, result);
        }
        for (var i = 0; i < result.Length; i++)
        {
            if (result[i] is null)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), $"The log has no node {ids[i]}: it is smaller than the size asked about.");
            }
        }
        return result;
    }

    private void Fetch(long logId, IReadOnlyList<MerkleNodeId> ids, List<int> slots, int from, int count, bool leaves, byte[][] result)
    {
        var cache = leaves ? _leavesByCount : _nodesByCount;
        if (!cache.TryGetValue(count, out var command))
        {
            var names = Enumerable.Range(0, count).Select(i => "$k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var sql = leaves
                ? $"SELECT leaf_index, data FROM ledger_leaves WHERE log_id = $log AND leaf_index IN ({string.Join(',', names)})"
                : $"SELECT position, hash FROM ledger_nodes WHERE log_id = $log AND position IN ({string.Join(',', names)})";
            command = Command(sql, ["$log", .. names]);
            cache[count] = command;
        }
        command.Transaction = Transaction;
        command.Parameters[0].Value = logId;
        Span<long> keys = stackalloc long[count];
        for (var i = 0; i < count; i++)
        {
            var id = ids[slots[from + i]];
            keys[i] = leaves ? id.Index : id.StoredPosition;
            command.Parameters[i + 1].Value = keys[i];
        }
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var key = reader.GetInt64(0);
            var value = (byte[])reader.GetValue(1);
            for (var i = 0; i < count; i++)
            {
                if (keys[i] == key)
                {
                    result[slots[from + i]] = leaves ? MerkleHash.Leaf(value) : value;
                }
            }
        }
    }

    private sealed class NodeReader(SqliteLogQueries queries, long logId) : IMerkleNodes
    {
        public IReadOnlyList<byte[]> Read(IReadOnlyList<MerkleNodeId> ids) => queries.ReadNodes(logId, ids);
    }
}
