using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Traceability.Storage;

namespace Traceability.Anchoring;

/// <summary>The state of an anchor in its life: built, transaction sent, confirmed on chain, or given up (reverted).</summary>
public enum AnchorState
{
    Pending,
    Sent,
    Confirmed,
    Failed,
}

/// <summary>One signed transaction of an anchor (there is more than one after a fee bump or a lost nonce).</summary>
public sealed record AnchorAttempt(long Sequence, long Nonce, string TransactionHash, string RawTransaction, DateTimeOffset SentAt);

/// <summary>An anchor as recorded: what it covers, its state, and once confirmed where it is on chain.</summary>
public sealed record AnchorRecord(
    long Sequence,
    byte[] Root,
    IReadOnlyList<AnchoredCheckpoint> Checkpoints,
    AnchorState State,
    DateTimeOffset CreatedAt,
    ChainAnchor? OnChain,
    string? Failure);

/// <summary>
/// Anchors, their transactions and the deployed contract address, in <c>{dataDir}/anchors.db</c>
/// (SQLite, WAL, <c>synchronous=FULL</c>): a signed transaction is durable before it is broadcast, so
/// a restart resends the same transaction (same nonce) rather than a second one. Thread-safe.
/// </summary>
public sealed class AnchorStore
{
    private readonly string _connectionString;
    private readonly Lock _write = new();

    public AnchorStore(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS anchors(
                sequence INTEGER PRIMARY KEY,
                root BLOB NOT NULL,
                checkpoints TEXT NOT NULL,
                state TEXT NOT NULL,
                created_at TEXT NOT NULL,
                chain_id INTEGER, contract TEXT, tx_hash TEXT, block_number INTEGER, block_hash TEXT, log_index INTEGER, anchored_at TEXT,
                failure TEXT);
            CREATE TABLE IF NOT EXISTS attempts(
                tx_hash TEXT PRIMARY KEY,
                sequence INTEGER NOT NULL,
                nonce INTEGER NOT NULL,
                raw TEXT NOT NULL,
                sent_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            """);
    }

    /// <summary>A setting remembered in the data folder (the deployed contract address), or null.</summary>
    public string? Setting(string key)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM settings WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    public void Remember(string key, string value) => Write(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO settings(key, value) VALUES($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    });

    /// <summary>Every anchor, oldest first.</summary>
    public IReadOnlyList<AnchorRecord> All() => Read("SELECT * FROM anchors ORDER BY sequence");

    /// <summary>The newest anchor, or null.</summary>
    public AnchorRecord? Latest() => Read("SELECT * FROM anchors ORDER BY sequence DESC LIMIT 1").FirstOrDefault();

    /// <summary>The newest confirmed anchor, or null.</summary>
    public AnchorRecord? LatestConfirmed() => Read("SELECT * FROM anchors WHERE state = 'Confirmed' ORDER BY sequence DESC LIMIT 1").FirstOrDefault();

    /// <summary>The anchors not yet confirmed nor failed, oldest first.</summary>
    public IReadOnlyList<AnchorRecord> Unsettled() => Read("SELECT * FROM anchors WHERE state IN ('Pending', 'Sent') ORDER BY sequence");

    /// <summary>Confirmed anchors whose block is at or after <paramref name="fromBlock"/>, to re-check for a reorganisation.</summary>
    public IReadOnlyList<AnchorRecord> ConfirmedSince(long fromBlock) =>
        Read("SELECT * FROM anchors WHERE state = 'Confirmed' AND block_number >= $from ORDER BY sequence", ("$from", fromBlock));

    /// <summary>Records a new anchor to send.</summary>
    public AnchorRecord Add(long sequence, byte[] root, IReadOnlyList<AnchoredCheckpoint> checkpoints, DateTimeOffset now)
    {
        Write(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO anchors(sequence, root, checkpoints, state, created_at) VALUES($seq, $root, $cps, 'Pending', $at)";
            command.Parameters.AddWithValue("$seq", sequence);
            command.Parameters.AddWithValue("$root", root);
            command.Parameters.AddWithValue("$cps", JsonSerializer.Serialize(checkpoints.Select(c => new StoredCheckpoint(c.FacilityId, c.Origin, c.Size, Convert.ToBase64String(c.Root)))));
            command.Parameters.AddWithValue("$at", now.ToString("O", CultureInfo.InvariantCulture));
            command.ExecuteNonQuery();
        });
        return Read("SELECT * FROM anchors WHERE sequence = $seq", ("$seq", sequence)).Single();
    }

    /// <summary>Records a signed transaction of an anchor, before it is broadcast.</summary>
    public void AddAttempt(AnchorAttempt attempt) => Write(connection =>
    {
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO attempts(tx_hash, sequence, nonce, raw, sent_at) VALUES($hash, $seq, $nonce, $raw, $at)";
        insert.Parameters.AddWithValue("$hash", attempt.TransactionHash);
        insert.Parameters.AddWithValue("$seq", attempt.Sequence);
        insert.Parameters.AddWithValue("$nonce", attempt.Nonce);
        insert.Parameters.AddWithValue("$raw", attempt.RawTransaction);
        insert.Parameters.AddWithValue("$at", attempt.SentAt.ToString("O", CultureInfo.InvariantCulture));
        insert.ExecuteNonQuery();
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE anchors SET state = 'Sent' WHERE sequence = $seq AND state = 'Pending'";
        update.Parameters.AddWithValue("$seq", attempt.Sequence);
        update.ExecuteNonQuery();
        transaction.Commit();
    });

    /// <summary>The signed transactions of an anchor, newest first.</summary>
    public IReadOnlyList<AnchorAttempt> Attempts(long sequence)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT tx_hash, nonce, raw, sent_at FROM attempts WHERE sequence = $seq ORDER BY sent_at DESC, nonce DESC";
        command.Parameters.AddWithValue("$seq", sequence);
        using var reader = command.ExecuteReader();
        var attempts = new List<AnchorAttempt>();
        while (reader.Read())
        {
            attempts.Add(new AnchorAttempt(sequence, reader.GetInt64(1), reader.GetString(0), reader.GetString(2), Time(reader.GetString(3))));
        }

        return attempts;
    }

    /// <summary>Records where an anchor is on chain.</summary>
    public void Confirm(long sequence, ChainAnchor onChain) => Write(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE anchors SET state = 'Confirmed', chain_id = $chain, contract = $contract, tx_hash = $tx, block_number = $block,
                block_hash = $blockHash, log_index = $log, anchored_at = $at, failure = NULL
            WHERE sequence = $seq
            """;
        command.Parameters.AddWithValue("$seq", sequence);
        command.Parameters.AddWithValue("$chain", onChain.ChainId);
        command.Parameters.AddWithValue("$contract", onChain.Contract);
        command.Parameters.AddWithValue("$tx", onChain.TransactionHash);
        command.Parameters.AddWithValue("$block", onChain.BlockNumber);
        command.Parameters.AddWithValue("$blockHash", onChain.BlockHash);
        command.Parameters.AddWithValue("$log", onChain.LogIndex);
        command.Parameters.AddWithValue("$at", onChain.AnchoredAt.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    });

    /// <summary>A confirmed anchor whose block left the chain: back to sent, to be found again or resent.</summary>
    public void Unconfirm(long sequence, string reason) => SetState(sequence, AnchorState.Sent, reason);

    /// <summary>Gives an anchor up (its transaction reverted); the next interval anchors anew.</summary>
    public void Fail(long sequence, string reason) => SetState(sequence, AnchorState.Failed, reason);

    private void SetState(long sequence, AnchorState state, string reason) => Write(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE anchors SET state = $state, failure = $reason, block_number = NULL, block_hash = NULL, log_index = NULL WHERE sequence = $seq";
        command.Parameters.AddWithValue("$seq", sequence);
        command.Parameters.AddWithValue("$state", state.ToString());
        command.Parameters.AddWithValue("$reason", reason);
        command.ExecuteNonQuery();
    });

    private List<AnchorRecord> Read(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        var records = new List<AnchorRecord>();
        while (reader.Read())
        {
            var sequence = reader.GetInt64(reader.GetOrdinal("sequence"));
            var root = (byte[])reader["root"];
            var checkpoints = JsonSerializer.Deserialize<List<StoredCheckpoint>>(reader.GetString(reader.GetOrdinal("checkpoints")))!
                .Select(c => new AnchoredCheckpoint(c.FacilityId, c.Origin, c.Size, Convert.FromBase64String(c.Root))).ToList();
            var state = Enum.Parse<AnchorState>(reader.GetString(reader.GetOrdinal("state")));
            ChainAnchor? onChain = state == AnchorState.Confirmed
                ? new ChainAnchor(sequence, root, checkpoints, reader.GetInt64(reader.GetOrdinal("chain_id")), reader.GetString(reader.GetOrdinal("contract")),
                    reader.GetString(reader.GetOrdinal("tx_hash")), reader.GetInt64(reader.GetOrdinal("block_number")), reader.GetString(reader.GetOrdinal("block_hash")),
                    reader.GetInt64(reader.GetOrdinal("log_index")), Time(reader.GetString(reader.GetOrdinal("anchored_at"))))
                : null;
            var failure = reader["failure"] as string;
            records.Add(new AnchorRecord(sequence, root, checkpoints, state, Time(reader.GetString(reader.GetOrdinal("created_at"))), onChain, failure));
        }

        return records;
    }

    private void Write(Action<SqliteConnection> write)
    {
        lock (_write)
        {
            using var connection = Open();
            write(connection);
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous=FULL;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private sealed record StoredCheckpoint(string FacilityId, string Origin, long Size, string Root);
}
