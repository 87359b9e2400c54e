using Microsoft.Data.Sqlite;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Pipeline;

/// <summary>
/// The dead-letter store in one SQLite file (WAL, <c>synchronous=FULL</c>): every rejected
/// message with its topic, publisher, reason, detail and the payload bytes exactly as received.
/// Append-only. Thread-safe.
/// </summary>
public sealed class SqliteDeadLetterStore : IDeadLetterStore, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly string _connectionString;
    private readonly Lock _gate = new();

    public SqliteDeadLetterStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        _connection = new SqliteConnection(_connectionString);
        _connection.Open();
        using var setup = _connection.CreateCommand();
        setup.CommandText = """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            CREATE TABLE IF NOT EXISTS dead_letters (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                received_ms INTEGER NOT NULL,
                topic TEXT NOT NULL,
                client_id TEXT,
                reason TEXT NOT NULL,
                detail TEXT NOT NULL,
                payload BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS dead_letters_reason ON dead_letters (reason);
            """;
        setup.ExecuteNonQuery();
    }

    public ValueTask AddAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letter);
        lock (_gate)
        {
            using var insert = _connection.CreateCommand();
            insert.CommandText = "INSERT INTO dead_letters (received_ms, topic, client_id, reason, detail, payload) VALUES ($at, $topic, $client, $reason, $detail, $payload)";
            insert.Parameters.AddWithValue("$at", letter.ReceivedAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$topic", letter.Topic);
            insert.Parameters.AddWithValue("$client", (object?)letter.ClientId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$reason", letter.Reason.ToString());
            insert.Parameters.AddWithValue("$detail", letter.Detail);
            insert.Parameters.AddWithValue("$payload", letter.Payload.ToArray());
            insert.ExecuteNonQuery();
        }

        return ValueTask.CompletedTask;
    }

    public Task<IReadOnlyList<StoredDeadLetter>> ListAsync(long afterId, int limit, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, received_ms, topic, client_id, reason, detail, payload FROM dead_letters WHERE id > $after ORDER BY id LIMIT $limit";
        select.Parameters.AddWithValue("$after", afterId);
        select.Parameters.AddWithValue("$limit", Math.Clamp(limit, 1, 10_000));
        using var reader = select.ExecuteReader();
        var letters = new List<StoredDeadLetter>();
        while (reader.Read())
        {
            letters.Add(new StoredDeadLetter(reader.GetInt64(0), new DeadLetter(
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                Enum.Parse<RejectionReason>(reader.GetString(4)),
                reader.GetString(5),
                (byte[])reader.GetValue(6))));
        }

        return Task.FromResult<IReadOnlyList<StoredDeadLetter>>(letters);
    }

    public Task<IReadOnlyDictionary<RejectionReason, long>> CountAsync(CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT reason, count(*) FROM dead_letters GROUP BY reason";
        using var reader = select.ExecuteReader();
        var counts = new Dictionary<RejectionReason, long>();
        while (reader.Read())
        {
            counts[Enum.Parse<RejectionReason>(reader.GetString(0))] = reader.GetInt64(1);
        }

        return Task.FromResult<IReadOnlyDictionary<RejectionReason, long>>(counts);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
