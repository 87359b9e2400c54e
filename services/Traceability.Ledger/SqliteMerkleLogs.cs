using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Traceability.Ledger;

/// <summary>
/// Reads the Merkle logs of a SQLite database (WAL) on connections of its own: sizes, roots, inclusion
/// and consistency proofs (O(log n) stored nodes each, in two indexed queries), leaves. Sees committed
/// leaves only. Thread-safe: each call borrows one of a pool of open connections.
/// </summary>
public sealed class SqliteMerkleLogs : IDisposable
{
    private readonly string _connectionString;
    private readonly ConcurrentBag<Session> _sessions = [];
    private readonly ConcurrentDictionary<string, long> _logIds = new(StringComparer.Ordinal);
    private readonly UpperNodeCache _upperNodes = new();

    /// <summary>Reads the logs of the database at <paramref name="connectionString"/>.</summary>
    public SqliteMerkleLogs(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _connectionString = connectionString;
    }

    /// <summary>
    /// Creates the ledger tables if they are missing and puts the database in WAL mode. Run it on the
    /// writer connection, outside a transaction.
    /// </summary>
    public static void EnsureSchema(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;" + LedgerSchema.Sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The names of the logs, in ordinal order.</summary>
    public IReadOnlyList<string> Logs() => WithSession(session =>
    {
        using var command = session.Queries.Command("SELECT name FROM ledger_logs ORDER BY name");
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    });

    /// <summary>The number of leaves of <paramref name="log"/> (0 for a log never appended to).</summary>
    public long Size(string log) => WithSession(session => LogId(session, log) is { } id ? session.Queries.Size(id) : 0);

    /// <summary>The root of the first <paramref name="size"/> leaves of <paramref name="log"/>.</summary>
    public byte[] Root(string log, long size) =>
        WithSession(session => MerkleProofBuilder.Root(Nodes(session, log, size), size));

    /// <summary>The inclusion proof of leaf <paramref name="index"/> in the first <paramref name="size"/> leaves.</summary>
    public IReadOnlyList<byte[]> InclusionProof(string log, long index, long size) =>
        WithSession(session => MerkleProofBuilder.InclusionProof(Nodes(session, log, size), index, size));

    /// <summary>The consistency proof from the first <paramref name="size1"/> to the first <paramref name="size2"/> leaves.</summary>
    public IReadOnlyList<byte[]> ConsistencyProof(string log, long size1, long size2) =>
        WithSession(session => MerkleProofBuilder.ConsistencyProof(Nodes(session, log, size2), size1, size2));

    /// <summary>The leaf at <paramref name="index"/>, or <see langword="null"/> when the log has no such leaf.</summary>
    public LedgerLeaf? LeafAt(string log, long index) =>
        WithSession(session => LogId(session, log) is { } id ? session.Queries.Leaf(id, index) : null);

    /// <summary>
    /// Streams every committed leaf of <paramref name="log"/> in index order, for an audit (re-hash the
    /// data, rebuild the roots, compare with the checkpoints). Holds one connection while enumerating.
    /// </summary>
    public IEnumerable<LedgerLeaf> Leaves(string log)
    {
        var session = Rent();
        try
        {
            if (LogId(session, log) is not { } id)
            {
                yield break;
            }
            using var command = session.Queries.Command(
                "SELECT leaf_index, data, reference FROM ledger_leaves WHERE log_id = $log ORDER BY leaf_index", "$log");
            command.Parameters[0].Value = id;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                yield return new LedgerLeaf(reader.GetInt64(0), (byte[])reader.GetValue(1), reader.GetInt64(2));
            }
        }
        finally
        {
            _sessions.Add(session);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        while (_sessions.TryTake(out var session))
        {
            session.Dispose();
        }
    }

    private IMerkleNodes Nodes(Session session, string log, long size)
    {
        if (LogId(session, log) is { } id)
        {
            return session.Queries.Nodes(id);
        }
        throw new ArgumentOutOfRangeException(nameof(size), $"The log '{log}' has no leaves, fewer than {size}.");
    }

    private long? LogId(Session session, string log)
    {
        ArgumentException.ThrowIfNullOrEmpty(log);
        if (_logIds.TryGetValue(log, out var cached))
        {
            return cached;
        }
        // A committed log row is never deleted (triggers), so its id can be cached for good.
        var id = session.Queries.LogId(log);
        if (id is { } found)
        {
            _logIds[log] = found;
        }
        return id;
    }

    private T WithSession<T>(Func<Session, T> read)
    {
        var session = Rent();
        try
        {
            return read(session);
        }
        finally
        {
            _sessions.Add(session);
        }
    }

    private Session Rent()
    {
        return _sessions.TryTake(out var session) ? session : new Session(_connectionString, _upperNodes);
    }

    private sealed class Session : IDisposable
    {
        private readonly SqliteConnection _connection;

        public Session(string connectionString, UpperNodeCache upperNodes)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            // Proofs read ~2·log2(n) random pages: map the file instead of a read() system call per page.
            using (var pragma = _connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA mmap_size = 2147418112";
                pragma.ExecuteNonQuery();
            }
            Queries = new SqliteLogQueries(_connection, upperNodes);
        }

        public SqliteLogQueries Queries { get; }

        public void Dispose()
        {
            Queries.Dispose();
            _connection.Dispose();
        }
    }
}
