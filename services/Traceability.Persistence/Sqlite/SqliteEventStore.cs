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
/// The group runs without a savepoint per append; when one append fails, the group is rolled back
/// and written again with one savepoint per append, so that the one that fails takes no other with it.
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
        EventRow row;
        try
        {
            // Everything that does not depend on the file is done here, on the caller's thread, so that
            // the single writer only binds and inserts.
            row = EventRow.Of(pending);
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or ArgumentException or NotSupportedException or System.Text.Json.JsonException)
        {
            return ValueTask.FromException<AppendOutcome>(Refused(exception));
        }

        // Completed by Answers, once per group on one thread-pool work item, not by the writer itself.
        var append = new Append(row, new TaskCompletionSource<AppendOutcome>());
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

    private static IOException Refused(Exception failure) => new("The event store refused the write; nothing of it was written.", failure);

    private async Task WriteLoop(SqliteConnection connection)
    {
        await using var _ = connection;
        using var logWriter = new SqliteMerkleLogWriter(connection, callerReportsRollbacks: true);
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
            var failures = new Exception?[group.Count];
            try
            {
                // Almost every group writes without a failure: run it without a savepoint per job. When
                // one job fails, the group was rolled back whole and is written again, each job in its own
                // savepoint, so that the one that fails takes nothing else in the group with it.
                if (!WriteGroup(connection, statements, group, outcomes, failures, savepoints: false))
                {
                    WriteGroup(connection, statements, group, outcomes, failures, savepoints: true);
                }

                var refusals = new Exception?[group.Count];
                for (var i = 0; i < group.Count; i++)
                {
                    refusals[i] = failures[i] is { } failure ? Refused(failure) : null;
                }

                Answer([.. group], outcomes, refusals);
            }
#pragma warning disable CA1031 // A failed transaction fails every job in it; the loop keeps serving later ones.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                var failed = new IOException("The event store could not make the write durable; nothing was written.", exception);
                Answer([.. group], new object?[group.Count], [.. group.Select(_ => (Exception?)failed)]);
            }
        }
    }

    /// <summary>
    /// Answers a group's callers on one thread-pool work item, in order: the writer goes back to the
    /// next group at once, and a group of N appends costs one thread wake-up instead of N
    /// asynchronous continuations. A caller's continuation runs there (or is posted on to its own
    /// scheduler, a grain's).
    /// </summary>
    private static void Answer(WriteJob[] jobs, object?[] outcomes, Exception?[] failures) =>
        ThreadPool.UnsafeQueueUserWorkItem(new Answers(jobs, outcomes, failures), preferLocal: false);

    private sealed class Answers(WriteJob[] jobs, object?[] outcomes, Exception?[] failures) : IThreadPoolWorkItem
    {
        public void Execute()
        {
            for (var i = 0; i < jobs.Length; i++)
            {
                if (failures[i] is { } failure)
                {
                    jobs[i].Fail(failure);
                }
                else
                {
                    jobs[i].Complete(outcomes[i]);
                }
            }
        }
    }

    /// <summary>
    /// Writes and commits <paramref name="group"/> in one transaction. Without savepoints, a job that fails
    /// rolls the whole transaction back and this returns <see langword="false"/> (nothing written); with
    /// them, a job that fails is rolled back alone and noted in <paramref name="failures"/>.
    /// </summary>
    private bool WriteGroup(SqliteConnection connection, WriteStatements statements, List<WriteJob> group, object?[] outcomes, Exception?[] failures, bool savepoints)
    {
        using var transaction = connection.BeginTransaction();
        try
        {
            statements.Enlist(transaction);
            for (var i = 0; i < group.Count; i++)
            {
                if (savepoints)
                {
                    transaction.Save("job");
                }

                try
                {
                    outcomes[i] = group[i] switch
                    {
                        Append append => statements.Write(append.Row),
                        Cut cut => CutCheckpoints(transaction, cut.FacilityId),
                        _ => throw new InvalidOperationException($"Unknown write job {group[i].GetType().Name}."),
                    };
                    if (savepoints)
                    {
                        transaction.Release("job");
                    }
                }
                catch (Exception exception) when (exception is SqliteException or FormatException or InvalidOperationException or ArgumentException)
                {
                    if (!savepoints)
                    {
                        transaction.Rollback();
                        statements.RolledBack();
                        return false;
                    }

                    transaction.Rollback("job");
                    transaction.Release("job");
                    statements.RolledBack();
                    failures[i] = exception;
                }
            }

            transaction.Commit();
            return true;
        }
        catch
        {
            // The commit (or a rollback) failed: the transaction is undone, and the writer's caches with it.
            statements.RolledBack();
            throw;
        }
    }

    /// <summary>
    /// An append as the writer stores it, computed from the pending event before it is queued: the
    /// writer's work is then only what depends on the file (conflicts, sequence, leaf index).
    /// </summary>
    private sealed class EventRow
    {
        private EventRow(PendingEvent pending, RecordKey[] creates, int repeated, string[] streams)
        {
            Pending = pending;
            Type = pending.Event.GetType().Name;
            RecordedAt = pending.RecordedAt.ToString("O", CultureInfo.InvariantCulture);
            Body = EventJson.Serialize(pending.Event);
            LeafData = EventHash.Digest(pending.EventId);
            Creates = creates;
            Repeated = repeated;
            Streams = streams;
        }

        public PendingEvent Pending { get; }

        public string FacilityId => Pending.Event.FacilityId;

        public string Type { get; }

        public string RecordedAt { get; }

        public string Body { get; }

        /// <summary>The leaf of the event in its facility's log: the digest of its hash ID.</summary>
        public byte[] LeafData { get; }

        /// <summary>The records the event creates, in its order.</summary>
        public RecordKey[] Creates { get; }

        /// <summary>The index in <see cref="Creates"/> of the first key the event names a second time, or -1.</summary>
        public int Repeated { get; }

        /// <summary>The streams the event is read in, each once.</summary>
        public string[] Streams { get; }

        public static EventRow Of(PendingEvent pending)
        {
            var e = pending.Event;
            ArgumentException.ThrowIfNullOrEmpty(e.FacilityId);
            var creates = e.Creates().ToArray();
            var seen = new HashSet<RecordKey>();
            var repeated = Array.FindIndex(creates, key => !seen.Add(key));
            return new EventRow(pending, creates, repeated, [.. e.Touches().Select(stream => stream.Stream).Distinct(StringComparer.Ordinal)]);
        }
    }

    /// <summary>Work for the writer loop, done in its group transaction.</summary>
    private abstract record WriteJob
    {
        public abstract void Complete(object? outcome);

        public abstract void Fail(Exception exception);
    }

    private sealed record Append(EventRow Row, TaskCompletionSource<AppendOutcome> Completion) : WriteJob
    {
        public override void Complete(object? outcome) => Completion.TrySetResult((AppendOutcome)outcome!);

        public override void Fail(Exception exception) => Completion.TrySetException(exception);
    }

    private sealed record Cut(string? FacilityId, TaskCompletionSource<IReadOnlyList<LedgerCheckpoint>> Completion) : WriteJob
    {
        public override void Complete(object? outcome) => Completion.TrySetResult((IReadOnlyList<LedgerCheckpoint>)outcome!);

        public override void Fail(Exception exception) => Completion.TrySetException(exception);
    }

    /// <summary>
    /// The writer's prepared statements, reused across transactions. The per-event ones run through
    /// <see cref="RawStatement"/> (bound by position), as the ledger's appends do: five or six statement
    /// executions per event are most of the writer's work otherwise.
    /// </summary>
    private sealed class WriteStatements : IDisposable
    {
        private readonly RawStatement _findRecord;
        private readonly RawStatement _insertEvent;
        private readonly RawStatement _insertStream;
        private readonly RawStatement _insertRecord;
        private readonly SqliteCommand _nextSequence;
        private readonly SqliteMerkleLogWriter _logs;
        private SqliteTransaction? _transaction;

        /// <summary>
        /// The sequence number of the next event, kept here instead of read per event (this is the only
        /// writer of the events table); <see langword="null"/> until read, and again after a rollback.
        /// </summary>
        private long? _next;

        public WriteStatements(SqliteConnection connection, SqliteMerkleLogWriter logs)
        {
            _logs = logs;
            _nextSequence = connection.CreateCommand();
            _nextSequence.CommandText = "SELECT COALESCE(MAX(seq), 0) + 1 FROM events";
            _findRecord = new RawStatement(connection, "SELECT facility FROM records WHERE kind = ?1 AND key = ?2");
            _insertEvent = new RawStatement(connection, "INSERT INTO events(seq, facility, type, recorded_at, body, epcis, event_id, leaf_index) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
            _insertStream = new RawStatement(connection, "INSERT OR IGNORE INTO streams(stream, seq) VALUES(?1, ?2)");
            _insertRecord = new RawStatement(connection, "INSERT INTO records(kind, key, facility, seq) VALUES(?1, ?2, ?3, ?4)");
        }

        public void Enlist(SqliteTransaction transaction)
        {
            _transaction = transaction;
            _nextSequence.Transaction = transaction;
        }

        /// <summary>
        /// After a rollback (of a savepoint, of the transaction, or a failed commit): the next sequence
        /// number and the logs' frontiers are read again from the file, as the transaction now sees it.
        /// </summary>
        public void RolledBack()
        {
            _next = null;
            _logs.Forget();
        }

        public AppendOutcome Write(EventRow row)
        {
            var creates = row.Creates;
            var checkedKeys = row.Repeated < 0 ? creates.Length : row.Repeated;
            for (var i = 0; i < checkedKeys; i++)
            {
                if (OwnerOf(creates[i]) is { } owner)
                {
                    return new AppendOutcome(null, creates[i], owner);
                }
            }

            if (row.Repeated >= 0)
            {
                // The event itself names one new record twice.
                return new AppendOutcome(null, creates[row.Repeated], row.FacilityId);
            }

            // The event's leaf in its facility's log, in the same transaction: both or neither become durable.
            var seq = _next ??= (long)_nextSequence.ExecuteScalar()!;
            var leaf = _logs.Append(_transaction!, row.FacilityId, row.LeafData, seq);
            var insertEvent = _insertEvent.Start();
            insertEvent.Bind(1, seq);
            insertEvent.Bind(2, row.FacilityId);
            insertEvent.Bind(3, row.Type);
            insertEvent.Bind(4, row.RecordedAt);
            insertEvent.Bind(5, row.Body);
            insertEvent.Bind(6, row.Pending.Epcis);
            insertEvent.Bind(7, row.Pending.EventId);
            insertEvent.Bind(8, leaf);
            insertEvent.Execute();

            foreach (var stream in row.Streams)
            {
                var insertStream = _insertStream.Start();
                insertStream.Bind(1, stream);
                insertStream.Bind(2, seq);
                insertStream.Execute();
            }

            foreach (var key in creates)
            {
                var insertRecord = _insertRecord.Start();
                insertRecord.Bind(1, (long)key.Kind);
                insertRecord.Bind(2, key.Key);
                insertRecord.Bind(3, row.FacilityId);
                insertRecord.Bind(4, seq);
                insertRecord.Execute();
            }

            // Only an event whose every row is written takes its number; one that failed is rolled back.
            _next = seq + 1;
            return new AppendOutcome(new RecordedEvent(seq, row.Pending.RecordedAt, row.Pending.Event), null, null);
        }

        public void Dispose()
        {
            _nextSequence.Dispose();
            _findRecord.Dispose();
            _insertEvent.Dispose();
            _insertStream.Dispose();
            _insertRecord.Dispose();
        }

        /// <summary>The facility that created <paramref name="key"/>, as the transaction sees it, or <see langword="null"/>.</summary>
        private string? OwnerOf(RecordKey key)
        {
            var find = _findRecord.Start();
            try
            {
                find.Bind(1, (long)key.Kind);
                find.Bind(2, key.Key);
                return find.Step() ? find.Text(0) : null;
            }
            finally
            {
                find.Reset();
            }
        }
    }
}
