using Microsoft.Data.Sqlite;

namespace Traceability.Conditions;

/// <summary>
/// The embedded time-series store: one SQLite file (by default <c>&lt;data-dir&gt;/readings.db</c>) in
/// WAL mode with <c>synchronous=FULL</c>, so a completed <see cref="WriteAsync(IReadOnlyList{StoredReading}, CancellationToken)"/> has been fsynced and
/// survives a crash of the process or the machine. Readings are kept in <b>chunks</b>: one row per
/// run of one device's readings of one write (at most <see cref="MaxChunkReadings"/> readings
/// spanning at most <see cref="MaxChunkSpan"/>), the readings packed by <see cref="ReadingChunk"/>,
/// indexed by (site, start time). One row per reading cost about 6 µs of SQLite per reading; a chunk
/// of 50–4,096 readings costs one insert. A read scans the site's chunks that can overlap the range,
/// decodes them and collapses repeated identities (the latest write wins), so a rewrite of the same
/// identity replaces the value, as the contract asks. Times are Unix milliseconds (<see cref="ReadingTime"/>).
/// </summary>
/// <remarks>
/// Thread-safe. Writes go through one connection, one at a time, each call one transaction with one
/// prepared insert reused for every chunk. Reads open their own pooled connections and, under WAL,
/// never wait for a writer.
/// </remarks>
public sealed class SqliteTimeSeriesStore : ITimeSeriesStore, IDisposable, IAsyncDisposable
{
    /// <summary>The file name in a data folder when no path is configured.</summary>
    public const string DefaultFileName = "readings.db";

    /// <summary>Most readings in one chunk.</summary>
    public const int MaxChunkReadings = 4096;

    /// <summary>Longest time a chunk spans, first to last reading; a read looks this far before its range for chunks that reach into it.</summary>
    public static readonly TimeSpan MaxChunkSpan = TimeSpan.FromHours(1);

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS reading_chunks (
            id       INTEGER PRIMARY KEY,
            site     TEXT    NOT NULL,
            device   TEXT    NOT NULL,
            facility TEXT    NOT NULL,
            from_ms  INTEGER NOT NULL,
            to_ms    INTEGER NOT NULL,
            count    INTEGER NOT NULL,
            data     BLOB    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS reading_chunks_site_time ON reading_chunks (site, from_ms);
        """;

    private const string Insert = """
        INSERT INTO reading_chunks (site, device, facility, from_ms, to_ms, count, data)
        VALUES ($site, $device, $facility, $from, $to, $count, $data)
        """;

    private const string Select = """
        SELECT facility, device, from_ms, data
        FROM reading_chunks
        WHERE site = $site AND from_ms >= $earliest AND from_ms < $until AND to_ms >= $since
        ORDER BY id
        """;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _site, _device, _facility, _from, _to, _count, _data;
    private bool _disposed;

    /// <summary>Opens (creating when missing) the store in the file <paramref name="path"/>.</summary>
    public SqliteTimeSeriesStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();

        _writer = new SqliteConnection(_connectionString);
        try
        {
            _writer.Open();
            Execute(_writer, "PRAGMA journal_mode=WAL;");
            Execute(_writer, "PRAGMA synchronous=FULL;");
            Execute(_writer, Schema);

            _insert = _writer.CreateCommand();
            _insert.CommandText = Insert;
            _site = _insert.Parameters.Add("$site", SqliteType.Text);
            _device = _insert.Parameters.Add("$device", SqliteType.Text);
            _facility = _insert.Parameters.Add("$facility", SqliteType.Text);
            _from = _insert.Parameters.Add("$from", SqliteType.Integer);
            _to = _insert.Parameters.Add("$to", SqliteType.Integer);
            _count = _insert.Parameters.Add("$count", SqliteType.Integer);
            _data = _insert.Parameters.Add("$data", SqliteType.Blob);
            _insert.Prepare();
        }
        catch
        {
            _writer.Dispose();
            throw;
        }
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public Task WriteAsync(IReadOnlyList<StoredReading> readings, CancellationToken cancellationToken = default) =>
        WriteAsync(readings, alongside: null, cancellationToken);

    /// <summary>
    /// Writes <paramref name="readings"/> and, in the same transaction on the same connection,
    /// whatever <paramref name="alongside"/> writes (it runs after the readings' inserts, before the
    /// commit): when the task completes both are durable together; when either throws, the
    /// transaction is rolled back and neither is kept. This is how a caller keeps its own rows in
    /// this file (<see cref="Path"/>) at the price of one fsynced commit. <paramref name="alongside"/>
    /// runs under the store's write lock: it must not call back into the store.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<StoredReading> readings, Action<SqliteTransaction>? alongside, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readings);
        Validate(readings);

        if (readings.Count == 0 && alongside is null)
        {
            return;
        }

        var chunks = Chunks(readings);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction();
            _insert.Transaction = transaction;
            foreach (var chunk in chunks)
            {
                var fromMs = ReadingTime.ToUnixMilliseconds(chunk[0].At);
                _site.Value = chunk[0].Site;
                _device.Value = chunk[0].Device;
                _facility.Value = chunk[0].Facility;
                _from.Value = fromMs;
                _to.Value = ReadingTime.ToUnixMilliseconds(chunk[^1].At);
                _count.Value = chunk.Count;
                _data.Value = ReadingChunk.Encode(chunk, fromMs);
                _insert.ExecuteNonQuery();
            }

            alongside?.Invoke(transaction);

            // With synchronous=FULL the commit returns after the WAL is fsynced: durable from here.
            transaction.Commit();
        }
        finally
        {
            _insert.Transaction = null;
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredReading>> ReadAsync(string site, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ReadingIdentity.ValidateSite(site);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var sinceMs = ReadingTime.BoundToUnixMilliseconds(since);
        var untilMs = ReadingTime.BoundToUnixMilliseconds(until);
        var result = new List<StoredReading>();
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Select;
        command.Parameters.AddWithValue("$site", site);
        command.Parameters.AddWithValue("$earliest", sinceMs - (long)MaxChunkSpan.TotalMilliseconds);
        command.Parameters.AddWithValue("$since", sinceMs);
        command.Parameters.AddWithValue("$until", untilMs);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ReadingChunk.Decode((byte[])reader.GetValue(3), reader.GetString(0), site, reader.GetString(1), reader.GetInt64(2), sinceMs, untilMs, result);
        }

        // Chunks come in write order: where an identity repeats, the latest write stays.
        return ReadingOrder.SortAndCollapse(result);
    }

    /// <summary>
    /// The write's readings as chunks: per (facility, site, device), in time order (stable, so a
    /// repeated identity keeps its order), cut at <see cref="MaxChunkReadings"/> readings or
    /// <see cref="MaxChunkSpan"/> of time.
    /// </summary>
    private static List<List<StoredReading>> Chunks(IReadOnlyList<StoredReading> readings)
    {
        var chunks = new List<List<StoredReading>>();
        var maxSpan = (long)MaxChunkSpan.TotalMilliseconds;
        foreach (var run in Runs(readings))
        {
            List<StoredReading>? chunk = null;
            long fromMs = 0;
            foreach (var reading in InTimeOrder(run))
            {
                var at = ReadingTime.ToUnixMilliseconds(reading.At);
                if (chunk is null || chunk.Count >= MaxChunkReadings || at - fromMs > maxSpan)
                {
                    chunk = [];
                    chunks.Add(chunk);
                    fromMs = at;
                }

                chunk.Add(reading);
            }
        }

        return chunks;
    }

    /// <summary>
    /// <see cref="ReadingIdentity.Validate"/> for every reading; a reading whose six ids are the
    /// very strings of the reading before it (the usual case: a message's readings share them) has
    /// only its value checked, since those strings have just passed.
    /// </summary>
    private static void Validate(IReadOnlyList<StoredReading> readings)
    {
        StoredReading? last = null;
        for (var i = 0; i < readings.Count; i++)
        {
            var reading = readings[i];
            if (last is null || reading is null || !double.IsFinite(reading.Value)
                || !ReferenceEquals(reading.Facility, last.Facility) || !ReferenceEquals(reading.Site, last.Site)
                || !ReferenceEquals(reading.Device, last.Device) || !ReferenceEquals(reading.Sensor, last.Sensor)
                || !ReferenceEquals(reading.Quantity, last.Quantity) || !ReferenceEquals(reading.Unit, last.Unit))
            {
                ReadingIdentity.Validate(reading!);
            }

            last = reading;
        }
    }

    /// <summary>
    /// The readings grouped by (facility, site, device), groups in order of first appearance and
    /// readings in write order within each (as <see cref="Enumerable.GroupBy{TSource, TKey}(IEnumerable{TSource}, Func{TSource, TKey})"/>).
    /// </summary>
    private static List<List<StoredReading>> Runs(IReadOnlyList<StoredReading> readings)
    {
        var runs = new List<List<StoredReading>>();
        var byDevice = new Dictionary<(string Facility, string Site, string Device), List<StoredReading>>();
        StoredReading? last = null;
        List<StoredReading>? run = null;
        for (var i = 0; i < readings.Count; i++)
        {
            var reading = readings[i];
            if (run is null || last is null || !ReferenceEquals(reading.Facility, last.Facility) || !ReferenceEquals(reading.Site, last.Site) || !ReferenceEquals(reading.Device, last.Device))
            {
                var key = (reading.Facility, reading.Site, reading.Device);
                if (!byDevice.TryGetValue(key, out run))
                {
                    run = [];
                    byDevice[key] = run;
                    runs.Add(run);
                }
            }

            run.Add(reading);
            last = reading;
        }

        return runs;
    }

    /// <summary>The run in time order, stable (a repeated identity keeps its order); the run itself when already in order.</summary>
    private static IEnumerable<StoredReading> InTimeOrder(List<StoredReading> run)
    {
        for (var i = 1; i < run.Count; i++)
        {
            if (run[i].At.UtcTicks < run[i - 1].At.UtcTicks && ReadingTime.ToUnixMilliseconds(run[i].At) < ReadingTime.ToUnixMilliseconds(run[i - 1].At))
            {
                return run.OrderBy(r => ReadingTime.ToUnixMilliseconds(r.At));
            }
        }

        return run;
    }

    /// <summary>Closes the writer connection and releases the file (pooled reader connections included).</summary>
    public void Dispose()
    {
        _writeLock.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _insert.Dispose();
            SqliteConnection.ClearPool(_writer);
            _writer.Dispose();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc cref="Dispose" />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
