using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Traceability.Ingestion.Pipeline;

namespace Traceability.Ingestion.Alerts;

/// <summary>
/// The webhook deliveries of alerts, in one SQLite file (<c>alerts.db</c> in the data folder; WAL,
/// <c>synchronous=FULL</c>): an alert is put in for every webhook before anything is sent, so a
/// restart loses no pending delivery. Delivered and failed deliveries are kept (an operator's record).
/// Each delivery's id is derived from the excursion, the alert's type and the webhook, so putting the
/// same alert in twice keeps one delivery. Thread-safe.
/// </summary>
public sealed class WebhookOutbox : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    public WebhookOutbox(string path)
    {
        _connection = DurableSqlite.Open(path, """
            CREATE TABLE IF NOT EXISTS webhook_deliveries (
                id TEXT PRIMARY KEY,
                url TEXT NOT NULL,
                body BLOB NOT NULL,
                created_ms INTEGER NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_ms INTEGER NOT NULL,
                state TEXT NOT NULL,
                last_error TEXT);
            CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (state, next_ms);
            """);
    }

    /// <summary>The delivery id of the alert <paramref name="type"/> of <paramref name="excursionId"/> to <paramref name="url"/>: <c>d-</c> and 32 hex digits.</summary>
    public static string DeliveryId(string excursionId, string type, string url) =>
        "d-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{excursionId}|{type}|{url}")), 0, 16);

    /// <summary>Puts one delivery per URL in, due at once (durable when this returns); returns how many were new.</summary>
    public int Add(string excursionId, string type, IEnumerable<string> urls, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var bytes = body.ToArray();
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR IGNORE INTO webhook_deliveries (id, url, body, created_ms, next_ms, state) VALUES ($id, $url, $body, $now, $now, 'Pending')";
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var url = insert.Parameters.Add("$url", SqliteType.Text);
            insert.Parameters.AddWithValue("$body", bytes);
            insert.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            var added = 0;
            foreach (var u in urls)
            {
                id.Value = DeliveryId(excursionId, type, u);
                url.Value = u;
                added += insert.ExecuteNonQuery();
            }

            transaction.Commit();
            return added;
        }
    }

    /// <summary>The pending deliveries due at <paramref name="now"/>, the longest waiting first.</summary>
    public IReadOnlyList<WebhookDelivery> Due(DateTimeOffset now, int limit) =>
        Query("WHERE state = 'Pending' AND next_ms <= $now ORDER BY next_ms, id LIMIT $limit", ("$now", now.ToUnixTimeMilliseconds()), ("$limit", limit));

    /// <summary>When the next pending delivery is due, or null when none is pending.</summary>
    public DateTimeOffset? NextDue()
    {
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT min(next_ms) FROM webhook_deliveries WHERE state = 'Pending'";
            return select.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        }
    }

    /// <summary>Every delivery, oldest first (for status pages and tests).</summary>
    public IReadOnlyList<WebhookDelivery> List(int limit = 1000) => Query("ORDER BY created_ms, id LIMIT $limit", ("$limit", limit));

    /// <summary>Records an attempt's outcome: the state after it, the attempts so far, when it is due again (while pending), and the error.</summary>
    public void Record(string id, WebhookDeliveryState state, int attempts, DateTimeOffset nextAttemptAt, string? error)
    {
        lock (_gate)
        {
            using var update = _connection.CreateCommand();
            update.CommandText = "UPDATE webhook_deliveries SET state = $state, attempts = $attempts, next_ms = $next, last_error = $error WHERE id = $id";
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$state", state.ToString());
            update.Parameters.AddWithValue("$attempts", attempts);
            update.Parameters.AddWithValue("$next", nextAttemptAt.ToUnixTimeMilliseconds());
            update.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
            update.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private List<WebhookDelivery> Query(string where, params (string Name, object Value)[] parameters)
    {
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT id, url, body, created_ms, attempts, next_ms, state, last_error FROM webhook_deliveries " + where;
            foreach (var (name, value) in parameters)
            {
                select.Parameters.AddWithValue(name, value);
            }

            using var reader = select.ExecuteReader();
            var deliveries = new List<WebhookDelivery>();
            while (reader.Read())
            {
                deliveries.Add(new WebhookDelivery(
                    reader.GetString(0),
                    reader.GetString(1),
                    (byte[])reader.GetValue(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                    reader.GetInt32(4),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                    Enum.Parse<WebhookDeliveryState>(reader.GetString(6)),
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
            }

            return deliveries;
        }
    }
}
