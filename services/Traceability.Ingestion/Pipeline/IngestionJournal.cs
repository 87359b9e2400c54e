using Microsoft.Data.Sqlite;
using Traceability.Conditions;

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
/// The ingestion's own durable state, in SQLite (WAL, <c>synchronous=FULL</c>): which
/// (device, sequence) pairs are stored — so a redelivered message is recognised however late it
/// comes — and the open readings windows of each device that the <see cref="WindowSealer"/>
/// later puts in the ledger. With the SQLite time-series store the journal lives in the readings
/// file itself (<see cref="Beside"/>) and a flush's entries are written in the readings' own
/// transaction (<see cref="Record"/>): one fsynced commit keeps both or neither. With another
/// store it has its own file (<c>ingestion.db</c>) and an entry is committed (<see cref="Commit"/>)
/// only after its readings are durable in the store; a crash in between makes the broker
/// redeliver it, and the store's writes are idempotent. Single writer (the pipeline's flush loop
/// and the sealer, serialised by a lock); thread-safe.
/// </summary>
public sealed class IngestionJournal : IDisposable
{
    /// <summary>The journal's own file in a data folder, used when the time-series store is not SQLite (and by versions that kept it apart).</summary>
    public const string FormerFileName = "ingestion.db";

    private const string Schema = """
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
        """;

    private const string InsertSeen = "INSERT OR IGNORE INTO seen (device, seq) VALUES ($device, $seq)";

    private const string OpenWindow = """
        INSERT INTO windows (facility, site, device, first_seq, last_seq, from_ms, to_ms, count, opened_ms)
        VALUES ($facility, $site, $device, $seq, $last, $from, $to, $count, $now)
        ON CONFLICT (site, device) WHERE closed = 0 DO UPDATE SET
            first_seq = min(first_seq, excluded.first_seq),
            last_seq = max(last_seq, excluded.last_seq),
            from_ms = min(from_ms, excluded.from_ms),
            to_ms = max(to_ms, excluded.to_ms),
            count = count + excluded.count
        """;

    private static readonly string[] s_seenParameters = ["$device", "$seq"];
    private static readonly string[] s_windowParameters = ["$facility", "$site", "$device", "$seq", "$from", "$to", "$count", "$now", "$last"];

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _highest = new(StringComparer.Ordinal);
    private readonly SqliteCommand _seen;
    private readonly SqliteCommand _highestOf;
    private readonly SqliteCommand _insertSeen;
    private readonly SqliteCommand _openWindow;

    /// <summary>Opens (creating when missing) the journal in the SQLite file <paramref name="path"/>, which may also hold other tables (the readings').</summary>
    public IngestionJournal(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FilePath = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(FilePath)!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute(Schema);
        _seen = Prepare(_connection, "SELECT 1 FROM seen WHERE device = $device AND seq = $seq", s_seenParameters);
        _highestOf = Prepare(_connection, "SELECT max(seq) FROM seen WHERE device = $device", ["$device"]);
        _insertSeen = Prepare(_connection, InsertSeen, s_seenParameters);
        _openWindow = Prepare(_connection, OpenWindow, s_windowParameters);
    }

    /// <summary>The full path of the journal's SQLite file.</summary>
    public string FilePath { get; }

    /// <summary>
    /// The journal for <paramref name="store"/> in the data folder <paramref name="dataDir"/>: in the
    /// readings file when the store is <see cref="SqliteTimeSeriesStore"/> (so the pipeline writes
    /// both in one transaction), importing — once — the journal an earlier version kept in
    /// <see cref="FormerFileName"/>, which is then renamed <c>ingestion.db.imported</c>; in
    /// <see cref="FormerFileName"/> for any other store.
    /// </summary>
    public static IngestionJournal Beside(ITimeSeriesStore store, string dataDir)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        var former = System.IO.Path.Combine(dataDir, FormerFileName);
        if (store is not SqliteTimeSeriesStore sqlite)
        {
            return new IngestionJournal(former);
        }

        var journal = new IngestionJournal(sqlite.Path);
        try
        {
            journal.Import(former);
            return journal;
        }
        catch
        {
            journal.Dispose();
            throw;
        }
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
            try
            {
                Write(_insertSeen, _openWindow, entries, now);
                transaction.Commit();
            }
            finally
            {
                _insertSeen.Transaction = null;
                _openWindow.Transaction = null;
            }

            Remember(entries);
        }
    }

    /// <summary>
    /// Writes <paramref name="entries"/> (stored pairs, open windows) in <paramref name="transaction"/>,
    /// a transaction on another connection to this journal's own file (the readings' write): they
    /// are kept if and only if that transaction commits. Call <see cref="Recorded"/> once it has.
    /// Throws <see cref="ArgumentException"/> when the transaction is on another file.
    /// </summary>
    public void Record(SqliteTransaction transaction, IReadOnlyList<JournalEntry> entries, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(entries);
        var connection = transaction.Connection ?? throw new ArgumentException("The transaction has ended.", nameof(transaction));
        if (!string.Equals(System.IO.Path.GetFullPath(connection.DataSource), FilePath, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The transaction is on '{connection.DataSource}', not on the journal's file '{FilePath}'.", nameof(transaction));
        }

        using var insertSeen = Prepare(connection, InsertSeen, s_seenParameters);
        using var openWindow = Prepare(connection, OpenWindow, s_windowParameters);
        insertSeen.Transaction = transaction;
        openWindow.Transaction = transaction;
        Write(insertSeen, openWindow, entries, now);
    }

    /// <summary>Tells the journal that the transaction <see cref="Record"/> wrote <paramref name="entries"/> in has committed.</summary>
    public void Recorded(IReadOnlyList<JournalEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        lock (_gate)
        {
            Remember(entries);
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

    private static void Write(SqliteCommand insertSeen, SqliteCommand openWindow, IReadOnlyList<JournalEntry> entries, DateTimeOffset now)
    {
        foreach (var e in entries)
        {
            insertSeen.Parameters[0].Value = e.Device;
            insertSeen.Parameters[1].Value = e.Sequence;
            insertSeen.ExecuteNonQuery();
        }

        // One window update per device and site, however many of its messages the flush holds.
        foreach (var device in entries.GroupBy(e => (e.Facility, e.Site, e.Device)))
        {
            openWindow.Parameters[0].Value = device.Key.Facility;
            openWindow.Parameters[1].Value = device.Key.Site;
            openWindow.Parameters[2].Value = device.Key.Device;
            openWindow.Parameters[3].Value = device.Min(e => e.Sequence);
            openWindow.Parameters[4].Value = device.Min(e => e.From).ToUnixTimeMilliseconds();
            openWindow.Parameters[5].Value = device.Max(e => e.To).ToUnixTimeMilliseconds();
            openWindow.Parameters[6].Value = device.Sum(e => e.Count);
            openWindow.Parameters[7].Value = now.ToUnixTimeMilliseconds();
            openWindow.Parameters[8].Value = device.Max(e => e.Sequence);
            openWindow.ExecuteNonQuery();
        }
    }

    /// <summary>Caller holds <see cref="_gate"/>; the entries are committed.</summary>
    private void Remember(IReadOnlyList<JournalEntry> entries)
    {
        foreach (var e in entries)
        {
            if (e.Sequence > Highest(e.Device))
            {
                _highest[e.Device] = e.Sequence;
            }
        }
    }

    /// <summary>
    /// Moves the journal of an earlier version's own file into this one, exactly once even across
    /// crashes: the former file is stamped with an id (committed there first), the import and the
    /// id are committed here together, and a stamped file already imported is only renamed.
    /// </summary>
    private void Import(string formerPath)
    {
        if (!File.Exists(formerPath) || string.Equals(System.IO.Path.GetFullPath(formerPath), FilePath, StringComparison.Ordinal))
        {
            return;
        }

        string stamp;
        using (var former = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = formerPath, Pooling = false }.ToString()))
        {
            former.Open();
            using var setup = former.CreateCommand();
            setup.CommandText = "PRAGMA synchronous=FULL;" + Schema + """
                CREATE TABLE IF NOT EXISTS journal_stamp (id TEXT NOT NULL);
                INSERT INTO journal_stamp (id) SELECT lower(hex(randomblob(16))) WHERE NOT EXISTS (SELECT 1 FROM journal_stamp);
                SELECT id FROM journal_stamp;
                """;
            stamp = (string)setup.ExecuteScalar()!;
            setup.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            setup.ExecuteNonQuery();
        }

        lock (_gate)
        {
            Execute("CREATE TABLE IF NOT EXISTS imported_journals (stamp TEXT PRIMARY KEY, imported_ms INTEGER NOT NULL);");
            using var attach = _connection.CreateCommand();
            attach.CommandText = "ATTACH DATABASE $path AS former;";
            attach.Parameters.AddWithValue("$path", System.IO.Path.GetFullPath(formerPath));
            attach.ExecuteNonQuery();
            try
            {
                // Only this file is written: the attached one is read, so WAL's lack of atomicity across files does not matter.
                using var transaction = _connection.BeginTransaction();
                using var import = _connection.CreateCommand();
                import.Transaction = transaction;
                import.CommandText = """
                    INSERT INTO imported_journals (stamp, imported_ms) SELECT $stamp, $now
                    WHERE NOT EXISTS (SELECT 1 FROM imported_journals WHERE stamp = $stamp);
                    """;
                import.Parameters.AddWithValue("$stamp", stamp);
                import.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                if (import.ExecuteNonQuery() == 1)
                {
                    import.CommandText = """
                        INSERT OR IGNORE INTO seen (device, seq) SELECT device, seq FROM former.seen;
                        INSERT INTO windows (facility, site, device, first_seq, last_seq, from_ms, to_ms, count, opened_ms, closed)
                        SELECT facility, site, device, first_seq, last_seq, from_ms, to_ms, count, opened_ms, closed FROM former.windows ORDER BY id;
                        """;
                    import.ExecuteNonQuery();
                }

                transaction.Commit();
            }
            finally
            {
                Execute("DETACH DATABASE former;");
            }

            _highest.Clear();
        }

        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            File.Delete(formerPath + suffix);
        }

        File.Move(formerPath, formerPath + ".imported", overwrite: true);
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

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}
