using Microsoft.Data.Sqlite;

namespace Traceability.Ingestion.Pipeline;

/// <summary>A stored message as the journal counts it: which device, which sequence, what time span and how many readings.</summary>
public readonly record struct JournalEntry(string Facility, string Site, string Device, long Sequence, DateTimeOffset From, DateTimeOffset To, int Count);

/// <summary>An open or closed readings window of one device at one site.</summary>
public sealed record ReadingsWindow(
    long Id,
    string Facility,
    string Site,
    string Device,
    long FirstSequence,
    long LastSequence,
    DateTimeOffset From,
    DateTimeOffset To,
    long Count,
    DateTimeOffset OpenedAt);

/// <summary>
/// The ingestion's own durable state, in one SQLite file (WAL, <c>synchronous=FULL</c>): which
/// (device, sequence) pairs are stored — so a redelivered message is recognised however late it
/// comes — and the open readings windows of each device that the <see cref="WindowSealer"/>
/// later puts in the ledger. A message's entry is committed only after its readings are durable
/// in the time-series store; a crash in between makes the broker redeliver it, and the store's
/// writes are idempotent. Single writer (the pipeline's flush loop and the sealer, serialised
/// by a lock); thread-safe.
/// </summary>
public sealed class IngestionJournal : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _highest = new(StringComparer.Ordinal);
    private readonly SqliteCommand _seen;
    private readonly SqliteCommand _highestOf;
    private readonly SqliteCommand _insertSeen;
    private readonly SqliteCommand _openWindow;

    public IngestionJournal(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS seen (
                device TEXT NOT NULL,
                seq INTEGER NOT NULL,
                PRIMARY KEY (device, seq)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS windows (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                facility TEXT NOT NULL,
                site TEXT NOT NULL,
                device TEXT NOT NULL,
                first_seq INTEGER NOT NULL,
                last_seq INTEGER NOT NULL,
                from_ms INTEGER NOT NULL,
                to_ms INTEGER NOT NULL,
                count INTEGER NOT NULL,
                opened_ms INTEGER NOT NULL,
                closed INTEGER NOT NULL DEFAULT 0);
            CREATE UNIQUE INDEX IF NOT EXISTS windows_open ON windows (site, device) WHERE closed = 0;
            """);
        _seen = Prepare("SELECT 1 FROM seen WHERE device = $device AND seq = $seq", "$device", "$seq");
        _highestOf = Prepare("SELECT max(seq) FROM seen WHERE device = $device", "$device");
        _insertSeen = Prepare("INSERT OR IGNORE INTO seen (device, seq) VALUES ($device, $seq)", "$device", "$seq");
        _openWindow = Prepare("""
            INSERT INTO windows (facility, site, device, first_seq, last_seq, from_ms, to_ms, count, opened_ms)
            VALUES ($facility, $site, $device, $seq, $last, $from, $to, $count, $now)
            ON CONFLICT (site, device) WHERE closed = 0 DO UPDATE SET
                first_seq = min(first_seq, excluded.first_seq),
                last_seq = max(last_seq, excluded.last_seq),
                from_ms = min(from_ms, excluded.from_ms),
                to_ms = max(to_ms, excluded.to_ms),
                count = count + excluded.count
            """, "$facility", "$site", "$device", "$seq", "$from", "$to", "$count", "$now", "$last");
    }

    /// <summary>Whether the message (device, sequence) is already stored.</summary>
    public bool IsStored(string device, long sequence)
    {
        lock (_gate)
        {
            // Devices publish in order: a sequence above the highest stored one is new without a lookup.
            if (sequence > Highest(device))
            {
                return false;
            }

            _seen.Parameters[0].Value = device;
            _seen.Parameters[1].Value = sequence;
            return _seen.ExecuteScalar() is not null;
        }
    }

    /// <summary>Records <paramref name="entries"/> as stored and adds them to their devices' open windows, in one durable transaction.</summary>
    public void Commit(IReadOnlyList<JournalEntry> entries, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            _insertSeen.Transaction = transaction;
            _openWindow.Transaction = transaction;
            foreach (var e in entries)
            {
                _insertSeen.Parameters[0].Value = e.Device;
                _insertSeen.Parameters[1].Value = e.Sequence;
                _insertSeen.ExecuteNonQuery();
            }

            // One window update per device and site, however many of its messages the flush holds.
            foreach (var device in entries.GroupBy(e => (e.Facility, e.Site, e.Device)))
            {
                _openWindow.Parameters[0].Value = device.Key.Facility;
                _openWindow.Parameters[1].Value = device.Key.Site;
                _openWindow.Parameters[2].Value = device.Key.Device;
                _openWindow.Parameters[3].Value = device.Min(e => e.Sequence);
                _openWindow.Parameters[4].Value = device.Min(e => e.From).ToUnixTimeMilliseconds();
                _openWindow.Parameters[5].Value = device.Max(e => e.To).ToUnixTimeMilliseconds();
                _openWindow.Parameters[6].Value = device.Sum(e => e.Count);
                _openWindow.Parameters[7].Value = now.ToUnixTimeMilliseconds();
                _openWindow.Parameters[8].Value = device.Max(e => e.Sequence);
                _openWindow.ExecuteNonQuery();
            }

            transaction.Commit();
            _insertSeen.Transaction = null;
            _openWindow.Transaction = null;
            foreach (var e in entries)
            {
                if (e.Sequence > Highest(e.Device))
                {
                    _highest[e.Device] = e.Sequence;
                }
            }
        }
    }

    /// <summary>
    /// Closes the open windows opened at or before <paramref name="openedBefore"/> or holding at
    /// least <paramref name="maxReadings"/> readings, and returns every closed window not yet
    /// released (including those closed before a restart).
    /// </summary>
    public IReadOnlyList<ReadingsWindow> CloseDue(DateTimeOffset openedBefore, long maxReadings)
    {
        lock (_gate)
        {
            using (var close = _connection.CreateCommand())
            {
                close.CommandText = "UPDATE windows SET closed = 1 WHERE closed = 0 AND (opened_ms <= $before OR count >= $max)";
                close.Parameters.AddWithValue("$before", openedBefore.ToUnixTimeMilliseconds());
                close.Parameters.AddWithValue("$max", maxReadings);
                close.ExecuteNonQuery();
            }

            return Windows("closed = 1");
        }
    }

    /// <summary>Every window, open or closed (for status pages and tests).</summary>
    public IReadOnlyList<ReadingsWindow> AllWindows()
    {
        lock (_gate)
        {
            return Windows("1 = 1");
        }
    }

    /// <summary>Forgets closed windows once they are in the ledger.</summary>
    public void Release(IEnumerable<long> windowIds)
    {
        ArgumentNullException.ThrowIfNull(windowIds);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var delete = _connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM windows WHERE id = $id AND closed = 1";
            var id = delete.Parameters.Add("$id", SqliteType.Integer);
            foreach (var windowId in windowIds)
            {
                id.Value = windowId;
                delete.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>How many (device, sequence) pairs are remembered.</summary>
    public long StoredMessages()
    {
        lock (_gate)
        {
            using var count = _connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM seen";
            return (long)count.ExecuteScalar()!;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _seen.Dispose();
            _highestOf.Dispose();
            _insertSeen.Dispose();
            _openWindow.Dispose();
            _connection.Dispose();
        }
    }

    private long Highest(string device)
    {
        if (_highest.TryGetValue(device, out var highest))
        {
            return highest;
        }

        _highestOf.Parameters[0].Value = device;
        highest = _highestOf.ExecuteScalar() is long value ? value : 0;
        _highest[device] = highest;
        return highest;
    }

    private List<ReadingsWindow> Windows(string where)
    {
        using var select = _connection.CreateCommand();
        select.CommandText = $"SELECT id, facility, site, device, first_seq, last_seq, from_ms, to_ms, count, opened_ms FROM windows WHERE {where} ORDER BY id";
        using var reader = select.ExecuteReader();
        var windows = new List<ReadingsWindow>();
        while (reader.Read())
        {
            windows.Add(new ReadingsWindow(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetInt64(4),
                reader.GetInt64(5),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                reader.GetInt64(8),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9))));
        }

        return windows;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}
