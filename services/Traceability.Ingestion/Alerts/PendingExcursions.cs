using Microsoft.Data.Sqlite;
using Traceability.Ingestion.Pipeline;
using Traceability.Events;

namespace Traceability.Ingestion.Alerts;

/// <summary>
/// The closed excursions not yet in the ledger, in one SQLite table (in <c>alerts.db</c>; WAL,
/// <c>synchronous=FULL</c>): an excursion is put in before its ledger call is queued and taken out
/// once the ledger has answered, so one that closed before a stop or a crash is recorded after the
/// restart. Thread-safe.
/// </summary>
public sealed class PendingExcursions : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    public PendingExcursions(string path)
    {
        _connection = DurableSqlite.Open(path, """
            CREATE TABLE IF NOT EXISTS pending_excursions (
                position INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                body TEXT NOT NULL);
            """);
    }

    /// <summary>Keeps <paramref name="excursion"/> until <see cref="Remove"/> (durable when this returns; a second put of the same id keeps one).</summary>
    public void Add(ExcursionRecorded excursion)
    {
        ArgumentNullException.ThrowIfNull(excursion);
        lock (_gate)
        {
            using var insert = _connection.CreateCommand();
            insert.CommandText = "INSERT OR IGNORE INTO pending_excursions (id, body) VALUES ($id, $body)";
            insert.Parameters.AddWithValue("$id", excursion.ExcursionId);
            insert.Parameters.AddWithValue("$body", EventJson.Serialize(excursion));
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>Every waiting excursion, in the order they were put in.</summary>
    public IReadOnlyList<ExcursionRecorded> All()
    {
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT body FROM pending_excursions ORDER BY position";
            using var reader = select.ExecuteReader();
            var all = new List<ExcursionRecorded>();
            while (reader.Read())
            {
                all.Add((ExcursionRecorded)EventJson.Deserialize(reader.GetString(0)));
            }

            return all;
        }
    }

    /// <summary>Takes the excursion <paramref name="excursionId"/> out: the ledger has answered for it.</summary>
    public void Remove(string excursionId)
    {
        lock (_gate)
        {
            using var delete = _connection.CreateCommand();
            delete.CommandText = "DELETE FROM pending_excursions WHERE id = $id";
            delete.Parameters.AddWithValue("$id", excursionId);
            delete.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();
}
