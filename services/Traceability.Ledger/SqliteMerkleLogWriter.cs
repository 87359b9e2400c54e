using Microsoft.Data.Sqlite;

namespace Traceability.Ledger;

/// <summary>
/// Appends leaves to the Merkle logs of a database, inside transactions that the caller owns (so that
/// an event and its leaf become durable together), on the caller's writer connection.
/// </summary>
/// <remarks>
/// <para>
/// Every append stores the leaf (data and reference) and each complete subtree it closes, so proofs
/// never rebuild the tree. The writer keeps each log's right frontier (the O(log n) complete subtrees of
/// its current size) in memory.
/// </para>
/// <para>
/// Rollback contract, by default: nothing to call. Each <c>Append</c> call first checks the cached
/// frontier against the database inside the caller's transaction (one indexed read of the log's id and
/// size); when the caller rolled back a savepoint or a transaction after an earlier append, the sizes
/// differ and the writer re-reads the frontier from the stored nodes (O(log n) reads) before appending.
/// </para>
/// <para>
/// Rollback contract of a writer made with <c>callerReportsRollbacks</c> (the event store's): the caller
/// calls <see cref="Forget"/> after every rollback that may undo an append (of a savepoint, of a
/// transaction, or a commit that failed), and the writer trusts its cached frontiers without that read:
/// a busy log costs no query per append. Either way the cache relies on this writer being the only one
/// appending to these logs (one writer connection per database, as the event store has). A failed
/// append forgets the cached log.
/// </para>
/// <para>Not thread-safe, like the connection it is bound to.</para>
/// </remarks>
public sealed class SqliteMerkleLogWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteLogQueries _queries;
    private readonly SqliteCommand _createLog;
    private readonly SqliteCommand _check;
    private const int Rows = 8;

    private readonly RawStatement _insertLeaf;
    private readonly RawStatement _insertNode;
    private readonly RawStatement _insertLeaves;
    private readonly RawStatement _insertNodes;
    private readonly Dictionary<string, LogFrontier> _logs = new(StringComparer.Ordinal);
    private readonly bool _callerReportsRollbacks;

    /// <summary>Binds a writer to the writer connection (open, with the schema in place); it notices rollbacks itself.</summary>
    public SqliteMerkleLogWriter(SqliteConnection connection)
        : this(connection, callerReportsRollbacks: false)
    {
    }

    /// <summary>Binds a writer to the writer connection (open, with the schema in place).</summary>
    /// <param name="connection">The writer connection.</param>
    /// <param name="callerReportsRollbacks">
    /// <see langword="true"/> when the caller calls <see cref="Forget"/> after every rollback (see the remarks):
    /// appends then trust the cached frontier instead of checking it against the database each time.
    /// </param>
    public SqliteMerkleLogWriter(SqliteConnection connection, bool callerReportsRollbacks)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _callerReportsRollbacks = callerReportsRollbacks;
        _queries = new SqliteLogQueries(connection);
        _createLog = _queries.Command("INSERT INTO ledger_logs (name) VALUES ($name) RETURNING log_id", "$name");
        _check = _queries.Command(
            "SELECT log_id, (SELECT max(leaf_index) FROM ledger_leaves WHERE log_id = ledger_logs.log_id) FROM ledger_logs WHERE name = $name",
            "$name");
        // Two rows per leaf on average: bound by position and run through SQLitePCL (see RawStatement).
        _insertLeaf = new RawStatement(connection, "INSERT INTO ledger_leaves (log_id, leaf_index, data, reference) VALUES (?1, ?2, ?3, ?4)");
        _insertNode = new RawStatement(connection, "INSERT INTO ledger_nodes (log_id, position, hash) VALUES (?1, ?2, ?3)");
        // A batch inserts its rows eight at a time: one statement execution instead of eight.
        _insertLeaves = new RawStatement(connection, "INSERT INTO ledger_leaves (log_id, leaf_index, data, reference) VALUES "
            + string.Join(',', Enumerable.Range(0, Rows).Select(r => $"(?{(4 * r) + 1}, ?{(4 * r) + 2}, ?{(4 * r) + 3}, ?{(4 * r) + 4})")));
        _insertNodes = new RawStatement(connection, "INSERT INTO ledger_nodes (log_id, position, hash) VALUES "
            + string.Join(',', Enumerable.Range(0, Rows).Select(r => $"(?{(3 * r) + 1}, ?{(3 * r) + 2}, ?{(3 * r) + 3})")));
    }

    /// <summary>Appends one leaf to <paramref name="log"/> (created on first use) and returns its index.</summary>
    public long Append(SqliteTransaction transaction, string log, ReadOnlySpan<byte> leafData, long reference)
    {
        var frontier = Begin(transaction, log);
        try
        {
            return AppendOne(frontier, leafData, reference);
        }
        catch
        {
            _logs.Remove(log);
            throw;
        }
    }

    /// <summary>Appends leaves to <paramref name="log"/> in order and returns the index of the first one.</summary>
    public long Append(SqliteTransaction transaction, string log, IReadOnlyList<PendingLeaf> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var frontier = Begin(transaction, log);
        var first = frontier.Size;
        try
        {
            var nodes = new List<(long Position, byte[] Hash)>(2 * Rows);
            var i = 0;
            for (; i + Rows <= leaves.Count; i += Rows)
            {
                AppendRows(frontier, leaves, i, nodes);
            }
            foreach (var (position, hash) in nodes)
            {
                InsertNode(frontier.LogId, position, hash);
            }
            for (; i < leaves.Count; i++)
            {
                AppendOne(frontier, leaves[i].Data.Span, leaves[i].Reference);
            }
            return first;
        }
        catch
        {
            _logs.Remove(log);
            throw;
        }
    }

    /// <summary>
    /// Forgets every cached frontier: each log's is read again from the stored nodes on its next append.
    /// Required after every rollback when the caller reports rollbacks; otherwise it only frees memory.
    /// </summary>
    public void Forget() => _logs.Clear();

    /// <inheritdoc />
    public void Dispose()
    {
        _createLog.Dispose();
        _check.Dispose();
        _insertLeaf.Dispose();
        _insertNode.Dispose();
        _insertLeaves.Dispose();
        _insertNodes.Dispose();
        _queries.Dispose();
    }

    private LogFrontier Begin(SqliteTransaction transaction, string log)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentException.ThrowIfNullOrEmpty(log);
        if (transaction.Connection != _connection)
        {
            throw new ArgumentException("The transaction belongs to another connection than the writer's.", nameof(transaction));
        }
        if (_callerReportsRollbacks && _logs.TryGetValue(log, out var trusted))
        {
            return trusted;
        }
        _createLog.Transaction = transaction;
        _check.Transaction = transaction;

        _check.Parameters[0].Value = log;
        long? logId = null, size = 0;
        using (var reader = _check.ExecuteReader())
        {
            if (reader.Read())
            {
                logId = reader.GetInt64(0);
                size = reader.IsDBNull(1) ? 0 : reader.GetInt64(1) + 1;
            }
        }
        if (_logs.TryGetValue(log, out var cached) && cached.LogId == logId && cached.Size == size)
        {
            return cached;
        }

        // First use, or the caller rolled back appends: rebuild the frontier from the stored nodes.
        if (logId is null)
        {
            _createLog.Parameters[0].Value = log;
            logId = (long)_createLog.ExecuteScalar()!;
        }
        var frontier = new LogFrontier(logId.Value, size.Value);
        if (size > 0)
        {
            _queries.Transaction = transaction;
            var ids = MerkleProofBuilder.Frontier(size.Value);
            var hashes = _queries.Nodes(logId.Value).Read(ids);
            for (var i = 0; i < ids.Count; i++)
            {
                frontier.Push(hashes[i]);
            }
        }
        _logs[log] = frontier;
        return frontier;
    }

    private long AppendOne(LogFrontier frontier, ReadOnlySpan<byte> data, long reference)
    {
        var index = frontier.Size;
        var leaf = _insertLeaf.Start();
        leaf.Bind(1, frontier.LogId);
        leaf.Bind(2, index);
        leaf.Bind(3, data);
        leaf.Bind(4, reference);
        leaf.Execute();

        // Leaf n closes one subtree per trailing 1 bit of n: merge them into the frontier and store each.
        var hash = MerkleHash.Leaf(data);
        var level = 0;
        while (((index >> level) & 1) == 1)
        {
            hash = MerkleHash.Node(frontier.Pop(), hash);
            level++;
            InsertNode(frontier.LogId, new MerkleNodeId(level, index >> level).StoredPosition, hash);
        }
        frontier.Push(hash);
        frontier.Size = index + 1;
        return index;
    }

    /// <summary>
    /// Appends leaves [<paramref name="from"/>, <paramref name="from"/> + 8) with one leaf statement, and
    /// the nodes they close by eights; fewer than eight nodes stay in <paramref name="nodes"/> for the caller.
    /// </summary>
    private void AppendRows(LogFrontier frontier, IReadOnlyList<PendingLeaf> leaves, int from, List<(long Position, byte[] Hash)> nodes)
    {
        var rows = _insertLeaves.Start();
        for (var r = 0; r < Rows; r++)
        {
            var index = frontier.Size;
            var data = leaves[from + r].Data.Span;
            rows.Bind((4 * r) + 1, frontier.LogId);
            rows.Bind((4 * r) + 2, index);
            rows.Bind((4 * r) + 3, data);
            rows.Bind((4 * r) + 4, leaves[from + r].Reference);
            var hash = MerkleHash.Leaf(data);
            var level = 0;
            while (((index >> level) & 1) == 1)
            {
                hash = MerkleHash.Node(frontier.Pop(), hash);
                level++;
                nodes.Add((new MerkleNodeId(level, index >> level).StoredPosition, hash));
            }
            frontier.Push(hash);
            frontier.Size = index + 1;
        }
        rows.Execute();

        if (nodes.Count >= Rows)
        {
            var nodeRows = _insertNodes.Start();
            for (var r = 0; r < Rows; r++)
            {
                nodeRows.Bind((3 * r) + 1, frontier.LogId);
                nodeRows.Bind((3 * r) + 2, nodes[r].Position);
                nodeRows.Bind((3 * r) + 3, nodes[r].Hash);
            }
            nodeRows.Execute();
            nodes.RemoveRange(0, Rows);
        }
    }

    private void InsertNode(long logId, long position, byte[] hash)
    {
        var node = _insertNode.Start();
        node.Bind(1, logId);
        node.Bind(2, position);
        node.Bind(3, hash);
        node.Execute();
    }

    /// <summary>The complete subtrees of a log's current size, largest first.</summary>
    private sealed class LogFrontier(long logId, long size)
    {
        private readonly List<byte[]> _hashes = new(64);

        public long LogId { get; } = logId;

        public long Size { get; set; } = size;

        public void Push(byte[] hash) => _hashes.Add(hash);

        public byte[] Pop()
        {
            var last = _hashes[^1];
            _hashes.RemoveAt(_hashes.Count - 1);
            return last;
        }
    }
}
