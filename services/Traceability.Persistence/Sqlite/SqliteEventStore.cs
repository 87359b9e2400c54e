using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Traceability.Events;
using Traceability.Storage;

namespace Traceability.Persistence.Sqlite;

/// <summary>
/// The event store in one SQLite file (WAL, <c>synchronous=FULL</c>): an append completes only
/// after the transaction holding it is on disk. One writer loop takes every append waiting at
/// that moment into one transaction (group commit), so concurrent captures share a disk flush.
/// Reads use their own pooled connections and never wait for the writer. Thread-safe.
/// </summary>
public sealed class SqliteEventStore : IEventStore, IAsyncDisposable
{
    private const int MaxGroup = 512;

    private readonly string _connectionString;
    private readonly Channel<Append> _appends = Channel.CreateUnbounded<Append>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>.</summary>
    public SqliteEventStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        var connection = Open();
        // The writer's connection: every commit is flushed to disk before its appends complete.
        Execute(connection, "PRAGMA synchronous=FULL;");
        Execute(connection, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS events(
                seq INTEGER PRIMARY KEY,
                facility TEXT NOT NULL,
                type TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                body TEXT NOT NULL,
                epcis TEXT NOT NULL);
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
    public async IAsyncEnumerable<StoredEvent> ReadAllAsync(long afterSequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, recorded_at, body, epcis FROM events WHERE seq > $after ORDER BY seq";
        command.Parameters.AddWithValue("$after", afterSequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new StoredEvent(ReadRecorded(reader), reader.GetString(3));
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
    }

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
        using var statements = new WriteStatements(connection);
        var group = new List<Append>(MaxGroup);
        while (await _appends.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < MaxGroup && _appends.Reader.TryRead(out var append))
            {
                group.Add(append);
            }

            var outcomes = new AppendOutcome[group.Count];
            try
            {
                var failures = new Exception?[group.Count];
                using (var transaction = connection.BeginTransaction())
                {
                    statements.Enlist(transaction);
                    for (var i = 0; i < group.Count; i++)
                    {
                        // Each append in its own savepoint: one that fails takes nothing else in the group with it.
                        transaction.Save("append");
                        try
                        {
                            outcomes[i] = statements.Write(group[i].Pending);
                            transaction.Release("append");
                        }
                        catch (SqliteException exception)
                        {
                            transaction.Rollback("append");
                            transaction.Release("append");
                            failures[i] = exception;
                        }
                    }

                    transaction.Commit();
                }

                for (var i = 0; i < group.Count; i++)
                {
                    if (failures[i] is { } failure)
                    {
                        group[i].Completion.TrySetException(new IOException("The event store refused the event; nothing of it was written.", failure));
                    }
                    else
                    {
                        group[i].Completion.TrySetResult(outcomes[i]);
                    }
                }
            }
#pragma warning disable CA1031 // A failed transaction fails every append in it; the loop keeps serving later ones.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                foreach (var append in group)
                {
                    append.Completion.TrySetException(new IOException("The event store could not make the event durable; nothing was written.", exception));
                }
            }
        }
    }

    private sealed record Append(PendingEvent Pending, TaskCompletionSource<AppendOutcome> Completion);

    /// <summary>The writer's prepared statements, reused across transactions.</summary>
    private sealed class WriteStatements : IDisposable
    {
        private readonly SqliteCommand _findRecord;
        private readonly SqliteCommand _insertEvent;
        private readonly SqliteCommand _insertStream;
        private readonly SqliteCommand _insertRecord;

        public WriteStatements(SqliteConnection connection)
        {
            _findRecord = Prepare(connection, "SELECT facility FROM records WHERE kind = $kind AND key = $key", "$kind", "$key");
            _insertEvent = Prepare(connection, "INSERT INTO events(facility, type, recorded_at, body, epcis) VALUES($facility, $type, $at, $body, $epcis) RETURNING seq", "$facility", "$type", "$at", "$body", "$epcis");
            _insertStream = Prepare(connection, "INSERT OR IGNORE INTO streams(stream, seq) VALUES($stream, $seq)", "$stream", "$seq");
            _insertRecord = Prepare(connection, "INSERT INTO records(kind, key, facility, seq) VALUES($kind, $key, $facility, $seq)", "$kind", "$key", "$facility", "$seq");
        }

        public void Enlist(SqliteTransaction transaction)
        {
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

            _insertEvent.Parameters[0].Value = e.FacilityId;
            _insertEvent.Parameters[1].Value = e.GetType().Name;
            _insertEvent.Parameters[2].Value = pending.RecordedAt.ToString("O", CultureInfo.InvariantCulture);
            _insertEvent.Parameters[3].Value = EventJson.Serialize(e);
            _insertEvent.Parameters[4].Value = pending.Epcis;
            var seq = (long)_insertEvent.ExecuteScalar()!;

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
