using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Traceability.Epcis;
using Traceability.Events;
using Traceability.Ledger;
using Traceability.Storage;

namespace Traceability.Persistence.Sqlite;

/// <summary>
/// The event store in one SQLite file (WAL, <c>synchronous=FULL</c>): an append completes only
/// after the transaction holding it is on disk. One writer loop takes every append waiting at
/// that moment into one transaction (group commit), so concurrent captures share a disk flush.
/// Reads use their own pooled connections and never wait for the writer. Every event is also a
/// leaf of its facility's Merkle log (the <c>ledger_</c> tables of the same file), appended in
/// the same transaction, so an event and its leaf are durable together; the store is also the
/// <see cref="ILedger"/> that cuts and serves the logs' signed checkpoints. Thread-safe.
/// </summary>
public sealed partial class SqliteEventStore : IEventStore, IAsyncDisposable
{
    private const int MaxGroup = 512;

    private readonly string _connectionString;
    private readonly Channel<WriteJob> _appends = Channel.CreateUnbounded<WriteJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <summary>
    /// Opens (creating if needed) the store at <paramref name="path"/>, with the checkpoint signing
    /// key of <paramref name="ledger"/> (by default <c>ledger-signing.key</c> beside the store, created on first use).
    /// </summary>
    public SqliteEventStore(string path, LedgerSettings? ledger = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        ledger ??= new LedgerSettings(LedgerOrigins.DefaultName, Path.Combine(folder, LedgerSettings.DefaultKeyFile));
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        var connection = Open();
        // The writer's connection: every commit is flushed to disk before its appends complete.
        Execute(connection, "PRAGMA synchronous=FULL;");
        RefuseOlderLayout(connection, path);
        Execute(connection, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS events(
                seq INTEGER PRIMARY KEY,
                facility TEXT NOT NULL,
                type TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                body TEXT NOT NULL,
                epcis TEXT NOT NULL,
                event_id TEXT NOT NULL,
                leaf_index INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS streams(
                stream TEXT NOT NULL,
                seq INTEGER NOT NULL,
                PRIMARY KEY(stream, seq)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS records(
                kind INTEGER NOT NULL,
                key TEXT NOT NULL,
                facility TEXT NOT NULL,
                seq INTEGER NOT NULL,
                PRIMARY KEY(kind, key)) WITHOUT ROWID;
            """);
        SqliteMerkleLogs.EnsureSchema(connection);
        _ledgerName = ledger.Name;
        _signer = CheckpointSigner.LoadOrCreate(ledger.KeyFile, ledger.Name);
        _logs = new SqliteMerkleLogs(_connectionString);
        _checkpoints = new SqliteCheckpoints(_connectionString, time);
        _writer = Task.Run(() => WriteLoop(connection));
    }

    /// <inheritdoc />
    public ValueTask<AppendOutcome> AppendAsync(PendingEvent pending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var append = new Append(pending, new TaskCompletionSource<AppendOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        ObjectDisposedException.ThrowIf(!_appends.Writer.TryWrite(append), this);

        return new ValueTask<AppendOutcome>(append.Completion.Task.WaitAsync(cancellationToken));
    }

    /// <inheritdoc />
    public async Task<StoredEvent?> ReadCreatorAsync(RecordKey key, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT e.seq, e.recorded_at, e.body, e.epcis, e.event_id, e.leaf_index FROM records r JOIN events e ON e.seq = r.seq
            WHERE r.kind = $kind AND r.key = $key
            """;
        command.Parameters.AddWithValue("$kind", (int)key.Kind);
        command.Parameters.AddWithValue("$key", key.Key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadStored(reader) : null;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(RecordKey stream, long afterSequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT e.seq, e.recorded_at, e.body FROM streams s JOIN events e ON e.seq = s.seq
            WHERE s.stream = $stream AND s.seq > $after ORDER BY s.seq
            """;
        command.Parameters.AddWithValue("$stream", stream.Stream);
        command.Parameters.AddWithValue("$after", afterSequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadRecorded(reader);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredEvent> ReadStoredStreamAsync(RecordKey stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT e.seq, e.recorded_at, e.body, e.epcis, e.event_id, e.leaf_index FROM streams s JOIN events e ON e.seq = s.seq
            WHERE s.stream = $stream ORDER BY s.seq
            """;
        command.Parameters.AddWithValue("$stream", stream.Stream);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadStored(reader);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredEvent> ReadAllAsync(long afterSequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, recorded_at, body, epcis, event_id, leaf_index FROM events WHERE seq > $after ORDER BY seq";
        command.Parameters.AddWithValue("$after", afterSequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadStored(reader);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RecordKey>> ListAsync(RecordKind kind, string? afterKey, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key FROM records WHERE kind = $kind AND key > $after ORDER BY key LIMIT $limit";
        command.Parameters.AddWithValue("$kind", (int)kind);
        command.Parameters.AddWithValue("$after", afterKey ?? string.Empty);
        command.Parameters.AddWithValue("$limit", limit);
        var keys = new List<RecordKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new RecordKey(kind, reader.GetString(0)));
        }

        return keys;
    }

    /// <inheritdoc />
    public async Task<string?> OwnerOfAsync(RecordKey key, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT facility FROM records WHERE kind = $kind AND key = $key";
        command.Parameters.AddWithValue("$kind", (int)key.Kind);
        command.Parameters.AddWithValue("$key", key.Key);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Completes the appends already queued, then closes the store.</summary>
    public async ValueTask DisposeAsync()
    {
        _appends.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        _logs.Dispose();
        _signer.Dispose();
    }

    /// <summary>A store written before events carried their hash and leaf cannot be read as one that did.</summary>
    private static void RefuseOlderLayout(SqliteConnection connection, string path)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('events') WHERE name = 'event_id'";
        var hasHash = (long)command.ExecuteScalar()! > 0;
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('events')";
        var exists = (long)command.ExecuteScalar()! > 0;
        if (exists && !hasHash)
        {
            throw new InvalidDataException(
                $"The event store {path} was written by an earlier version, before events were hashed into the ledger; "
                + "start with a new data folder (--data-dir), or move this one away, and load the data again.");
        }
    }

    private static StoredEvent ReadStored(SqliteDataReader reader) =>
        new(ReadRecorded(reader), reader.GetString(3), reader.GetString(4), reader.GetInt64(5));

    private static RecordedEvent ReadRecorded(SqliteDataReader reader) =>
        new(reader.GetInt64(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), EventJson.Deserialize(reader.GetString(2)));

    /// <summary>A pooled connection for reading; in WAL mode readers never wait for the writer.</summary>
    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private async Task WriteLoop(SqliteConnection connection)
    {
        await using var _ = connection;
        using var logWriter = new SqliteMerkleLogWriter(connection);
        using var statements = new WriteStatements(connection, logWriter);
        var group = new List<WriteJob>(MaxGroup);
        while (await _appends.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < MaxGroup && _appends.Reader.TryRead(out var append))
            {
                group.Add(append);
            }

            var outcomes = new object?[group.Count];
            try
            {
                var failures = new Exception?[group.Count];
                using (var transaction = connection.BeginTransaction())
                {
                    statements.Enlist(transaction);
                    for (var i = 0; i < group.Count; i++)
                    {
                        // Each job in its own savepoint: one that fails takes nothing else in the group with it.
                        transaction.Save("job");
                        try
                        {
                            outcomes[i] = group[i] switch
                            {
                                Append append => statements.Write(append.Pending),
                                Cut cut => CutCheckpoints(transaction, cut.FacilityId),
                                _ => throw new InvalidOperationException($"Unknown write job {group[i].GetType().Name}."),
                            };
                            transaction.Release("job");
                        }
                        catch (Exception exception) when (exception is SqliteException or FormatException or InvalidOperationException or ArgumentException)
                        {
                            transaction.Rollback("job");
                            transaction.Release("job");
                            failures[i] = exception;
                        }
                    }

                    transaction.Commit();
                }

                for (var i = 0; i < group.Count; i++)
                {
                    if (failures[i] is { } failure)
                    {
                        group[i].Fail(new IOException("The event store refused the write; nothing of it was written.", failure));
                    }
                    else
                    {
                        group[i].Complete(outcomes[i]);
                    }
                }
            }
#pragma warning disable CA1031 // A failed transaction fails every job in it; the loop keeps serving later ones.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                foreach (var job in group)
                {
                    job.Fail(new IOException("The event store could not make the write durable; nothing was written.", exception));
                }
            }
        }
    }

    /// <summary>Work for the writer loop, done in its group transaction.</summary>
    private abstract record WriteJob
    {
        public abstract void Complete(object? outcome);

        public abstract void Fail(Exception exception);
    }

    private sealed record Append(PendingEvent Pending, TaskCompletionSource<AppendOutcome> Completion) : WriteJob
    {
        public override void Complete(object? outcome) => Completion.TrySetResult((AppendOutcome)outcome!);

        public override void Fail(Exception exception) => Completion.TrySetException(exception);
    }

    private sealed record Cut(string? FacilityId, TaskCompletionSource<IReadOnlyList<LedgerCheckpoint>> Completion) : WriteJob
    {
        public override void Complete(object? outcome) => Completion.TrySetResult((IReadOnlyList<LedgerCheckpoint>)outcome!);

        public override void Fail(Exception exception) => Completion.TrySetException(exception);
    }

    /// <summary>The writer's prepared statements, reused across transactions.</summary>
    private sealed class WriteStatements : IDisposable
    {
        private readonly SqliteCommand _findRecord;
        private readonly SqliteCommand _insertEvent;
        private readonly SqliteCommand _insertStream;
        private readonly SqliteCommand _insertRecord;
        private readonly SqliteCommand _nextSequence;
        private readonly SqliteMerkleLogWriter _logs;
        private SqliteTransaction? _transaction;

        public WriteStatements(SqliteConnection connection, SqliteMerkleLogWriter logs)
        {
            _logs = logs;
            _nextSequence = Prepare(connection, "SELECT COALESCE(MAX(seq), 0) + 1 FROM events");
            _findRecord = Prepare(connection, "SELECT facility FROM records WHERE kind = $kind AND key = $key", "$kind", "$key");
            _insertEvent = Prepare(connection, "INSERT INTO events(seq, facility, type, recorded_at, body, epcis, event_id, leaf_index) VALUES($seq, $facility, $type, $at, $body, $epcis, $id, $leaf)", "$seq", "$facility", "$type", "$at", "$body", "$epcis", "$id", "$leaf");
            _insertStream = Prepare(connection, "INSERT OR IGNORE INTO streams(stream, seq) VALUES($stream, $seq)", "$stream", "$seq");
            _insertRecord = Prepare(connection, "INSERT INTO records(kind, key, facility, seq) VALUES($kind, $key, $facility, $seq)", "$kind", "$key", "$facility", "$seq");
        }

        public void Enlist(SqliteTransaction transaction)
        {
            _transaction = transaction;
            _nextSequence.Transaction = transaction;
            _findRecord.Transaction = transaction;
            _insertEvent.Transaction = transaction;
            _insertStream.Transaction = transaction;
            _insertRecord.Transaction = transaction;
        }

        public AppendOutcome Write(PendingEvent pending)
        {
            var e = pending.Event;
            var creates = e.Creates().ToList();
            var seen = new HashSet<RecordKey>();
            foreach (var key in creates)
            {
                if (!seen.Add(key))
                {
                    // The event itself names one new record twice.
                    return new AppendOutcome(null, key, e.FacilityId);
                }

                _findRecord.Parameters[0].Value = (int)key.Kind;
                _findRecord.Parameters[1].Value = key.Key;
                if (_findRecord.ExecuteScalar() is string owner)
                {
                    return new AppendOutcome(null, key, owner);
                }
            }

            // The event's leaf in its facility's log, in the same transaction: both or neither become durable.
            var seq = (long)_nextSequence.ExecuteScalar()!;
            var leaf = _logs.Append(_transaction!, e.FacilityId, EventHash.Digest(pending.EventId), seq);
            _insertEvent.Parameters[0].Value = seq;
            _insertEvent.Parameters[1].Value = e.FacilityId;
            _insertEvent.Parameters[2].Value = e.GetType().Name;
            _insertEvent.Parameters[3].Value = pending.RecordedAt.ToString("O", CultureInfo.InvariantCulture);
            _insertEvent.Parameters[4].Value = EventJson.Serialize(e);
            _insertEvent.Parameters[5].Value = pending.Epcis;
            _insertEvent.Parameters[6].Value = pending.EventId;
            _insertEvent.Parameters[7].Value = leaf;
            _insertEvent.ExecuteNonQuery();

            foreach (var stream in e.Touches())
            {
                _insertStream.Parameters[0].Value = stream.Stream;
                _insertStream.Parameters[1].Value = seq;
                _insertStream.ExecuteNonQuery();
            }

            foreach (var key in creates)
            {
                _insertRecord.Parameters[0].Value = (int)key.Kind;
                _insertRecord.Parameters[1].Value = key.Key;
                _insertRecord.Parameters[2].Value = e.FacilityId;
                _insertRecord.Parameters[3].Value = seq;
                _insertRecord.ExecuteNonQuery();
            }

            return new AppendOutcome(new RecordedEvent(seq, pending.RecordedAt, e), null, null);
        }

        public void Dispose()
        {
            _nextSequence.Dispose();
            _findRecord.Dispose();
            _insertEvent.Dispose();
            _insertStream.Dispose();
            _insertRecord.Dispose();
        }

        private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            return command;
        }
    }
}
