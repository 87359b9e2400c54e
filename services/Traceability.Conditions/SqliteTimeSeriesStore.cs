using Microsoft.Data.Sqlite;

namespace Traceability.Conditions;

/// <summary>
/// The embedded time-series store: one SQLite file (by default <c>&lt;data-dir&gt;/readings.db</c>) in
/// WAL mode with <c>synchronous=FULL</c>, so a completed <see cref="WriteAsync"/> has been fsynced and
/// survives a crash of the process or the machine. Table <c>readings</c>, keyed by
/// (site, at, device, sensor, quantity) — the identity, ordered as "site + time range" reads want
/// them, so a read is one range scan of the key in the order it returns — and stored
/// <c>WITHOUT ROWID</c>, so the key is the table (one B-tree per insert, not a table and an index).
/// <c>at</c> is Unix milliseconds (see <see cref="ReadingTime"/>).
/// </summary>
/// <remarks>
/// Thread-safe. Writes go through one connection, one at a time, each call one transaction with one
/// prepared insert command reused for every reading (an upsert: the same identity again replaces
/// facility, unit and value). Reads open their own pooled connections and, under WAL, never wait for
/// a writer.
/// </remarks>
public sealed class SqliteTimeSeriesStore : ITimeSeriesStore, IDisposable, IAsyncDisposable
{
    /// <summary>The file name in a data folder when no path is configured.</summary>
    public const string DefaultFileName = "readings.db";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS readings (
            site     TEXT    NOT NULL,
            at       INTEGER NOT NULL,
            device   TEXT    NOT NULL,
            sensor   TEXT    NOT NULL,
            quantity TEXT    NOT NULL,
            facility TEXT    NOT NULL,
            unit     TEXT    NOT NULL,
            value    REAL    NOT NULL,
            PRIMARY KEY (site, at, device, sensor, quantity)
        ) WITHOUT ROWID;
        """;

    private const string Upsert = """
        INSERT INTO readings (site, at, device, sensor, quantity, facility, unit, value)
        VALUES ($site, $at, $device, $sensor, $quantity, $facility, $unit, $value)
        ON CONFLICT (site, at, device, sensor, quantity)
        DO UPDATE SET facility = excluded.facility, unit = excluded.unit, value = excluded.value
        """;

    private const string Select = """
        SELECT facility, site, device, sensor, quantity, unit, value, at
        FROM readings
        WHERE site = $site AND at >= $since AND at < $until
        ORDER BY at, device, sensor, quantity
        """;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _site, _at, _device, _sensor, _quantity, _facility, _unit, _value;
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
            _insert.CommandText = Upsert;
            _site = _insert.Parameters.Add("$site", SqliteType.Text);
            _at = _insert.Parameters.Add("$at", SqliteType.Integer);
            _device = _insert.Parameters.Add("$device", SqliteType.Text);
            _sensor = _insert.Parameters.Add("$sensor", SqliteType.Text);
            _quantity = _insert.Parameters.Add("$quantity", SqliteType.Text);
            _facility = _insert.Parameters.Add("$facility", SqliteType.Text);
            _unit = _insert.Parameters.Add("$unit", SqliteType.Text);
            _value = _insert.Parameters.Add("$value", SqliteType.Real);
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
    public async Task WriteAsync(IReadOnlyList<StoredReading> readings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readings);
        foreach (var reading in readings)
        {
            ReadingIdentity.Validate(reading);
        }

        if (readings.Count == 0)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction();
            _insert.Transaction = transaction;
            foreach (var r in readings)
            {
                _site.Value = r.Site;
                _at.Value = ReadingTime.ToUnixMilliseconds(r.At);
                _device.Value = r.Device;
                _sensor.Value = r.Sensor;
                _quantity.Value = r.Quantity;
                _facility.Value = r.Facility;
                _unit.Value = r.Unit;
                _value.Value = r.Value;
                _insert.ExecuteNonQuery();
            }

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
        var result = new List<StoredReading>();
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Select;
        command.Parameters.AddWithValue("$site", site);
        command.Parameters.AddWithValue("$since", ReadingTime.BoundToUnixMilliseconds(since));
        command.Parameters.AddWithValue("$until", ReadingTime.BoundToUnixMilliseconds(until));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new StoredReading(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetDouble(6),
                ReadingTime.FromUnixMilliseconds(reader.GetInt64(7))));
        }

        return result;
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
