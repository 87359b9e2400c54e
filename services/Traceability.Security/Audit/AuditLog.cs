using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Traceability.Security.Policy;
using Traceability.Security.Principals;
using Traceability.Security.Storage;

namespace Traceability.Security.Audit;

/// <summary>
/// The append-only audit log of writes and denials, in SQLite (<c>&lt;data-dir&gt;/security.db</c>,
/// WAL, <c>synchronous=FULL</c>): an entry is on disk before <see cref="Append"/> returns. Each
/// entry is chained to the one before it (<see cref="AuditChain"/>); triggers refuse UPDATE and
/// DELETE, and <see cref="VerifyChain"/> finds the first entry changed or removed by anyone who
/// went around them. Thread-safe: appends are serialised.
/// </summary>
public sealed class AuditLog : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS audit_log (
            seq INTEGER PRIMARY KEY,
            at_ticks INTEGER NOT NULL,
            who TEXT NOT NULL,
            remote TEXT,
            operation TEXT NOT NULL,
            target TEXT,
            allowed INTEGER NOT NULL CHECK (allowed IN (0, 1)),
            reason TEXT NOT NULL,
            prev_hash BLOB NOT NULL,
            hash BLOB NOT NULL
        ) STRICT;
        CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """;

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    public AuditLog(string path, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _connection = SecurityDatabase.Open(path, Schema);
    }

    /// <summary>The log in <c>&lt;dataDirectory&gt;/security.db</c>.</summary>
    public static AuditLog InDataDirectory(string dataDirectory, TimeProvider time) =>
        new(Path.Combine(dataDirectory, SecurityDatabase.FileName), time);

    /// <summary>Records a policy decision: who (or anonymous), from where, the operation and its target, the outcome.</summary>
    public AuditEntry Record(Principal? principal, string? remoteAddress, Operation operation, string? target, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(decision);
        return Append(principal?.ToString() ?? AuditEntry.Anonymous, remoteAddress, operation.ToString(), target, decision.Allowed, decision.Reason);
    }

    /// <summary>Appends one entry, chained to the last; durable when this returns.</summary>
    public AuditEntry Append(string who, string? from, string operation, string? target, bool allowed, string reason) =>
        AppendMany([new AuditDraft(who, from, operation, target, allowed, reason)])[0];

    /// <summary>
    /// Appends entries in order, chained, in one transaction (one fsynced commit for all of
    /// them); all are durable when this returns, or none is written.
    /// </summary>
    public IReadOnlyList<AuditEntry> AppendMany(IReadOnlyList<AuditDraft> drafts)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        foreach (var draft in drafts)
        {
            ArgumentException.ThrowIfNullOrEmpty(draft.Who);
            ArgumentException.ThrowIfNullOrEmpty(draft.Operation);
            ArgumentNullException.ThrowIfNull(draft.Reason);
        }

        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            var head = ReadHead(transaction);
            var sequence = head?.Sequence ?? 0;
            var previous = head?.Hash.ToArray() ?? AuditChain.Genesis;
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO audit_log (seq, at_ticks, who, remote, operation, target, allowed, reason, prev_hash, hash)
                VALUES ($seq, $at, $who, $remote, $operation, $target, $allowed, $reason, $prev, $hash)
                """;
            var entries = new List<AuditEntry>(drafts.Count);
            foreach (var (who, from, operation, target, allowed, reason) in drafts)
            {
                sequence++;
                var at = _time.GetUtcNow();
                var hash = AuditChain.Hash(previous, sequence, at, who, from, operation, target, allowed, reason);
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$seq", sequence);
                insert.Parameters.AddWithValue("$at", at.UtcTicks);
                insert.Parameters.AddWithValue("$who", who);
                insert.Parameters.AddWithValue("$remote", (object?)from ?? DBNull.Value);
                insert.Parameters.AddWithValue("$operation", operation);
                insert.Parameters.AddWithValue("$target", (object?)target ?? DBNull.Value);
                insert.Parameters.AddWithValue("$allowed", allowed ? 1 : 0);
                insert.Parameters.AddWithValue("$reason", reason);
                insert.Parameters.AddWithValue("$prev", previous);
                insert.Parameters.AddWithValue("$hash", hash);
                insert.ExecuteNonQuery();
                entries.Add(new AuditEntry(sequence, new DateTimeOffset(at.UtcTicks, TimeSpan.Zero), who, from, operation, target, allowed, reason, previous, hash));
                previous = hash;
            }

            transaction.Commit();
            return entries;
        }
    }

    /// <summary>The latest entry's sequence and hash; null while the log is empty.</summary>
    public AuditHead? Head()
    {
        lock (_gate)
        {
            return ReadHead(null);
        }
    }

    /// <summary>Every entry from <paramref name="afterSequence"/> on, oldest first.</summary>
    public IReadOnlyList<AuditEntry> Read(long afterSequence = 0, int limit = 1000)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT seq, at_ticks, who, remote, operation, target, allowed, reason, prev_hash, hash FROM audit_log WHERE seq > $after ORDER BY seq LIMIT $limit";
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var entries = new List<AuditEntry>();
            while (reader.Read())
            {
                entries.Add(ReadEntry(reader));
            }

            return entries;
        }
    }

    /// <summary>
    /// Recomputes the chain from the first entry and names the first entry that is missing (a gap
    /// in the sequence), altered (its hash is not that of its contents) or does not follow the
    /// one before it. With <paramref name="expected"/> (a head kept elsewhere), also entries
    /// removed from the end or a rewritten tail.
    /// </summary>
    public ChainVerification VerifyChain(AuditHead? expected = null)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT seq, at_ticks, who, remote, operation, target, allowed, reason, prev_hash, hash FROM audit_log ORDER BY seq";
            using var reader = command.ExecuteReader();
            var running = AuditChain.Genesis;
            long checkedEntries = 0;
            while (reader.Read())
            {
                var entry = ReadEntry(reader);
                var expectedSequence = checkedEntries + 1;
                if (entry.Sequence != expectedSequence)
                {
                    return ChainVerification.Broken(checkedEntries, expectedSequence, $"entry {expectedSequence} is missing (the next entry is {entry.Sequence})");
                }

                if (!CryptographicOperations.FixedTimeEquals(entry.PreviousHash.Span, running))
                {
                    return ChainVerification.Broken(checkedEntries, entry.Sequence, $"entry {entry.Sequence} does not follow entry {entry.Sequence - 1}: one of them was altered");
                }

                var recomputed = AuditChain.Hash(running, entry.Sequence, entry.At, entry.Who, entry.From, entry.Operation, entry.Target, entry.Allowed, entry.Reason);
                if (!CryptographicOperations.FixedTimeEquals(entry.Hash.Span, recomputed))
                {
                    return ChainVerification.Broken(checkedEntries, entry.Sequence, $"entry {entry.Sequence} was altered: its contents do not hash to its stored hash");
                }

                running = recomputed;
                checkedEntries++;
            }

            if (expected is not null)
            {
                if (checkedEntries < expected.Sequence)
                {
                    return ChainVerification.Broken(checkedEntries, checkedEntries + 1, $"entries {checkedEntries + 1}–{expected.Sequence} are missing from the end");
                }

                // Entries after the known head are fine; the known head itself must still be there, unchanged.
                if (expected.Sequence > 0 && !HashAt(expected.Sequence).Span.SequenceEqual(expected.Hash.Span))
                {
                    return ChainVerification.Broken(checkedEntries, expected.Sequence, $"entry {expected.Sequence} is not the one the known head names: the log was rewritten from there or before");
                }
            }

            return ChainVerification.Ok(checkedEntries);
        }
    }

    public void Dispose() => _connection.Dispose();

    private ReadOnlyMemory<byte> HashAt(long sequence)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT hash FROM audit_log WHERE seq = $seq";
        command.Parameters.AddWithValue("$seq", sequence);
        return command.ExecuteScalar() as byte[] ?? [];
    }

    private AuditHead? ReadHead(SqliteTransaction? transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? new AuditHead(reader.GetInt64(0), (byte[])reader[1]) : null;
    }

    private static AuditEntry ReadEntry(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetInt64(6) == 1,
        reader.GetString(7),
        (byte[])reader[8],
        (byte[])reader[9]);
}
