using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Traceability.Telemetry;

namespace Traceability.Devices.Agent.Buffering;

/// <summary>
/// The agent's on-disk outbox: one SQLite file (WAL, <c>synchronous=FULL</c>) in the agent's
/// data folder holding every message not yet acknowledged by the broker, so readings survive
/// power cuts and network outages of any length.
/// </summary>
/// <remarks>
/// <para><b>Sequence numbers.</b> <see cref="Append"/> gives each message the next number
/// (+1 per message) and commits it with the message before returning. The counter lives in the
/// file, not in the messages table, so a number is never handed out twice: not after the message
/// was acknowledged and removed, not after it was dropped, not after a restart or a crash. A new
/// file starts at <see cref="Sequences.First"/>.</para>
/// <para><b>When full: drop the oldest.</b> When holding a new message would exceed
/// <see cref="BufferLimits"/>, the oldest messages are deleted in the same transaction until it
/// fits (the new one is always kept). For a running drying step the latest conditions matter
/// most: they decide whether the step is still within its limits, while the oldest readings of a
/// long outage are the ones the platform can best do without. Every dropped message is counted in
/// <see cref="Dropped"/> (persisted, reported in the device's status message) and logged.</para>
/// <para>Thread-safe: one connection, one lock.</para>
/// </remarks>
public sealed class DiskBuffer : IOutbox
{
    /// <summary>The file name in the data folder.</summary>
    public const string FileName = "outbox.db";

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly BufferLimits _limits;
    private readonly ILogger _logger;
    private long _next;
    private long _dropped;
    private long _count;
    private long _bytes;
    private bool _disposed;

    private DiskBuffer(SqliteConnection connection, string device, BufferLimits limits, ILogger logger)
    {
        _connection = connection;
        _limits = limits;
        _logger = logger;
        Device = device;
    }

    /// <inheritdoc />
    public string Device { get; }

    /// <summary>The SQLite file.</summary>
    public required string Path { get; init; }

    /// <inheritdoc />
    public AsyncPulse Changed { get; } = new();

    /// <inheritdoc />
    public long Count { get { lock (_gate) { return _count; } } }

    /// <summary>Payload bytes held.</summary>
    public long Bytes { get { lock (_gate) { return _bytes; } } }

    /// <inheritdoc />
    public long Dropped { get { lock (_gate) { return _dropped; } } }

    /// <inheritdoc />
    public long NextSequence { get { lock (_gate) { return _next; } } }

    /// <summary>
    /// Opens (or creates) the outbox of <paramref name="device"/> in <paramref name="folder"/>.
    /// A file that belongs to another device is refused: its numbers are not this device's.
    /// </summary>
    public static DiskBuffer Open(string folder, string device, BufferLimits? limits = null, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentException.ThrowIfNullOrEmpty(device);
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, FileName);
        // No pooling: a disposed buffer really closes its file, and a reopened one reads it afresh.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY, readings INTEGER NOT NULL, payload BLOB NOT NULL);
                """);
            var buffer = new DiskBuffer(connection, device, limits ?? BufferLimits.Default, logger ?? NullLogger.Instance) { Path = path };
            buffer.Load(Sequences.First((time ?? TimeProvider.System).GetUtcNow()));
            return buffer;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void Load(long firstSequence)
    {
        using var transaction = _connection.BeginTransaction();
        var owner = Meta(transaction, "device");
        if (owner is null)
        {
            SetMeta(transaction, "device", Device);
            SetMeta(transaction, "next_seq", firstSequence);
            SetMeta(transaction, "dropped", 0);
        }
        else if (owner != Device)
        {
            throw new InvalidOperationException($"The outbox {Path} belongs to device '{owner}', not '{Device}'.");
        }

        _next = long.Parse(Meta(transaction, "next_seq")!, System.Globalization.CultureInfo.InvariantCulture);
        _dropped = long.Parse(Meta(transaction, "dropped")!, System.Globalization.CultureInfo.InvariantCulture);
        using (var command = _connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT count(*), coalesce(sum(length(payload)), 0), coalesce(max(seq), 0) FROM messages";
            using var reader = command.ExecuteReader();
            reader.Read();
            _count = reader.GetInt64(0);
            _bytes = reader.GetInt64(1);
            // Belt and braces: never hand out a number at or below one still held.
            _next = Math.Max(_next, reader.GetInt64(2) + 1);
        }

        transaction.Commit();
    }

    /// <inheritdoc />
    public AppendResult Append(IReadOnlyList<SensorReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (readings.Count == 0)
        {
            throw new ArgumentException("A message holds at least one reading.", nameof(readings));
        }

        AppendResult result;
        long droppedTotal;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var sequence = _next;
            var payload = ReadingsPayload.Serialize(new ReadingBatch(Device, sequence, readings));
            using var transaction = _connection.BeginTransaction();
            using (var insert = _connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO messages (seq, readings, payload) VALUES ($seq, $readings, $payload)";
                insert.Parameters.AddWithValue("$seq", sequence);
                insert.Parameters.AddWithValue("$readings", readings.Count);
                insert.Parameters.AddWithValue("$payload", payload);
                insert.ExecuteNonQuery();
            }

            var count = _count + 1;
            var bytes = _bytes + payload.Length;
            var dropped = 0;
            while (count > 1 && (count > _limits.MaxMessages || bytes > _limits.MaxBytes))
            {
                var (oldest, length) = Oldest(transaction);
                Delete(transaction, oldest);
                count--;
                bytes -= length;
                dropped++;
            }

            SetMeta(transaction, "next_seq", sequence + 1);
            if (dropped > 0)
            {
                SetMeta(transaction, "dropped", _dropped + dropped);
            }

            transaction.Commit();
            _next = sequence + 1;
            _count = count;
            _bytes = bytes;
            _dropped += dropped;
            droppedTotal = _dropped;
            result = new AppendResult(sequence, dropped);
        }

        if (result.DroppedOldest > 0)
        {
            AgentLog.DroppedOldest(_logger, Device, result.DroppedOldest, droppedTotal, _limits.MaxBytes, _limits.MaxMessages);
        }

        Changed.Pulse();
        return result;
    }

    /// <inheritdoc />
    public IReadOnlyList<OutboxMessage> Peek(int count, long afterSequence = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT seq, readings, payload FROM messages WHERE seq > $after ORDER BY seq LIMIT $count";
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$count", count);
            using var reader = command.ExecuteReader();
            var messages = new List<OutboxMessage>(Math.Min(count, 256));
            while (reader.Read())
            {
                messages.Add(new OutboxMessage(reader.GetInt64(0), reader.GetInt32(1), (byte[])reader.GetValue(2)));
            }

            return messages;
        }
    }

    /// <inheritdoc />
    public void Remove(long sequence) => Remove([sequence]);

    /// <inheritdoc />
    public void Remove(IReadOnlyCollection<long> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _connection.BeginTransaction();
            var removed = 0L;
            var bytes = 0L;
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM messages WHERE seq = $seq RETURNING length(payload)";
            var parameter = command.Parameters.Add("$seq", SqliteType.Integer);
            foreach (var sequence in sequences)
            {
                parameter.Value = sequence;
                if (command.ExecuteScalar() is long length)
                {
                    removed++;
                    bytes += length;
                }
            }

            transaction.Commit();
            _count -= removed;
            _bytes -= bytes;
        }

        Changed.Pulse();
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
    }

    private (long Sequence, long Length) Oldest(SqliteTransaction transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT seq, length(payload) FROM messages ORDER BY seq LIMIT 1";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private void Delete(SqliteTransaction transaction, long sequence)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM messages WHERE seq = $seq";
        command.Parameters.AddWithValue("$seq", sequence);
        command.ExecuteNonQuery();
    }

    private string? Meta(SqliteTransaction transaction, string key)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM meta WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    private void SetMeta(SqliteTransaction transaction, string key, object value)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
