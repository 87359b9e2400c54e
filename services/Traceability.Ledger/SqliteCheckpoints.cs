using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Traceability.Ledger;

/// <summary>
/// The signed checkpoints of the logs (table <c>ledger_checkpoints</c>, append-only). Reads open a
/// connection of their own; <see cref="Cut"/> runs in the caller's transaction on the writer connection.
/// Successive checkpoints of a log are linked by consistency proofs
/// (<see cref="SqliteMerkleLogs.ConsistencyProof"/>). Thread-safe for reads.
/// </summary>
public sealed class SqliteCheckpoints(string connectionString, TimeProvider? timeProvider = null)
{
    private const string Columns = "c.size, c.root, c.note, c.cut_at";
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>
    /// Signs and records a checkpoint of <paramref name="log"/> at its size in <paramref name="transaction"/>,
    /// only when the log has grown since its latest checkpoint (otherwise a no-op). Returns the latest
    /// checkpoint afterwards (new or not), or <see langword="null"/> for a log without leaves.
    /// </summary>
    public StoredCheckpoint? Cut(SqliteTransaction transaction, string log, string origin, CheckpointSigner signer)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(signer);
        var connection = transaction.Connection ?? throw new ArgumentException("The transaction is complete.", nameof(transaction));
        using var queries = new SqliteLogQueries(connection) { Transaction = transaction };
        if (queries.LogId(log) is not { } logId)
        {
            return null;
        }
        var latest = Query(connection, transaction, log, "c.log_id = $log ORDER BY c.size DESC LIMIT 1", logId, 0).FirstOrDefault();
        var size = queries.Size(logId);
        if (size == 0 || (latest is not null && latest.Size >= size))
        {
            return latest;
        }
        var root = MerkleProofBuilder.Root(queries.Nodes(logId), size);
        var note = signer.Sign(new Checkpoint(origin, size, root));
        var cutAt = _time.GetUtcNow();
        using var insert = queries.Command(
            "INSERT INTO ledger_checkpoints (log_id, size, root, note, cut_at) VALUES ($log, $size, $root, $note, $cut)",
            "$log", "$size", "$root", "$note", "$cut");
        insert.Transaction = transaction;
        insert.Parameters[0].Value = logId;
        insert.Parameters[1].Value = size;
        insert.Parameters[2].Value = root;
        insert.Parameters[3].Value = note;
        insert.Parameters[4].Value = cutAt.ToString("O", CultureInfo.InvariantCulture);
        insert.ExecuteNonQuery();
        return new StoredCheckpoint(log, size, root, note, cutAt);
    }

    /// <summary>The latest checkpoint of <paramref name="log"/>, or <see langword="null"/>.</summary>
    public StoredCheckpoint? Latest(string log) => Read(log, "ORDER BY c.size DESC LIMIT 1", 0).FirstOrDefault();

    /// <summary>
    /// The earliest checkpoint whose size is at least <paramref name="size"/>, or <see langword="null"/>.
    /// To prove leaf i, ask for size i + 1.
    /// </summary>
    public StoredCheckpoint? AtOrAfter(string log, long size) => Read(log, "AND c.size >= $size ORDER BY c.size LIMIT 1", size).FirstOrDefault();

    /// <summary>Every checkpoint of <paramref name="log"/>, oldest first.</summary>
    public IReadOnlyList<StoredCheckpoint> All(string log) => Read(log, "ORDER BY c.size", 0);

    private List<StoredCheckpoint> Read(string log, string condition, long size)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        return Query(connection, null, log, $"g.name = $name {condition}", null, size, byName: true);
    }

    private static List<StoredCheckpoint> Query(SqliteConnection connection, SqliteTransaction? transaction, string log, string where, long? logId, long size, bool byName = false)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM ledger_checkpoints c JOIN ledger_logs g ON g.log_id = c.log_id WHERE {where}";
        if (byName)
        {
            command.Parameters.AddWithValue("$name", log);
            command.Parameters.AddWithValue("$size", size);
        }
        else
        {
            command.Parameters.AddWithValue("$log", logId);
        }
        using var reader = command.ExecuteReader();
        var result = new List<StoredCheckpoint>();
        while (reader.Read())
        {
            result.Add(new StoredCheckpoint(
                log,
                reader.GetInt64(0),
                (byte[])reader.GetValue(1),
                reader.GetString(2),
                DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
        }
        return result;
    }
}
