using Microsoft.Data.Sqlite;
using Traceability.Ledger;

namespace Traceability.Persistence.Tests.Ledger;

/// <summary>
/// What an attacker with write access to <c>events.db</c> can do once the store is closed: edit
/// rows directly. The ledger tables refuse UPDATE and DELETE through triggers, so every change
/// first drops them, as an attacker would.
/// </summary>
internal static class StoreTampering
{
    private static readonly string[] Triggers =
    [
        "ledger_logs_no_update", "ledger_logs_no_delete", "ledger_leaves_no_update", "ledger_leaves_no_delete",
        "ledger_nodes_no_update", "ledger_nodes_no_delete", "ledger_checkpoints_no_update", "ledger_checkpoints_no_delete",
    ];

    /// <summary>Replaces the first <paramref name="from"/> in the EPCIS text of event <paramref name="seq"/> (one byte, say).</summary>
    public static void AlterEpcis(string storeFile, long seq, string from, string to) => AlterColumn(storeFile, seq, "epcis", from, to);

    /// <summary>Replaces the first <paramref name="from"/> in the stored fact (domain JSON) of event <paramref name="seq"/>.</summary>
    public static void AlterBody(string storeFile, long seq, string from, string to) => AlterColumn(storeFile, seq, "body", from, to);

    /// <summary>Deletes event <paramref name="seq"/> with its stream and record rows, covering the tracks.</summary>
    public static void DeleteEvent(string storeFile, long seq) => Change(storeFile, connection =>
    {
        Run(connection, "DELETE FROM events WHERE seq = $seq", ("$seq", seq));
        Run(connection, "DELETE FROM streams WHERE seq = $seq", ("$seq", seq));
        Run(connection, "DELETE FROM records WHERE seq = $seq", ("$seq", seq));
    });

    /// <summary>Swaps everything two events hold but their place: fact, EPCIS text, hash ID and time.</summary>
    public static void SwapContents(string storeFile, long first, long second) => Change(storeFile, connection =>
    {
        var a = Content(connection, first);
        var b = Content(connection, second);
        SetContent(connection, first, b);
        SetContent(connection, second, a);
    });

    private static (string Body, string Epcis, string EventId, string RecordedAt) Content(SqliteConnection connection, long seq)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT body, epcis, event_id, recorded_at FROM events WHERE seq = $seq";
        command.Parameters.AddWithValue("$seq", seq);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3))
            : throw new InvalidOperationException($"no event seq {seq}");
    }

    private static void SetContent(SqliteConnection connection, long seq, (string Body, string Epcis, string EventId, string RecordedAt) content) =>
        Run(connection, "UPDATE events SET body = $body, epcis = $epcis, event_id = $id, recorded_at = $at WHERE seq = $seq",
            ("$body", content.Body), ("$epcis", content.Epcis), ("$id", content.EventId), ("$at", content.RecordedAt), ("$seq", seq));

    /// <summary>
    /// Cuts the log of <paramref name="facility"/> back to its first <paramref name="keep"/> leaves:
    /// its later leaves, the nodes they completed and, when asked, the checkpoints past it.
    /// </summary>
    public static void TruncateLog(string storeFile, string facility, long keep, bool checkpointsToo = false) => Change(storeFile, connection =>
    {
        var log = LogId(connection, facility);
        Run(connection, "DELETE FROM ledger_leaves WHERE log_id = $log AND leaf_index >= $keep", ("$log", log), ("$keep", keep));
        // Appending leaf `keep` would have completed its leaf and then every later node: all stored after this position.
        Run(connection, "DELETE FROM ledger_nodes WHERE log_id = $log AND position >= $from", ("$log", log), ("$from", new MerkleNodeId(0, keep).StoredPosition));
        if (checkpointsToo)
        {
            Run(connection, "DELETE FROM ledger_checkpoints WHERE log_id = $log AND size > $keep", ("$log", log), ("$keep", keep));
        }
    });

    /// <summary>Deletes the events of <paramref name="facility"/> from seq <paramref name="fromSeq"/> on, with their stream and record rows.</summary>
    public static void DeleteEventsFrom(string storeFile, string facility, long fromSeq) => Change(storeFile, connection =>
    {
        Run(connection, "DELETE FROM streams WHERE seq IN (SELECT seq FROM events WHERE facility = $f AND seq >= $s)", ("$f", facility), ("$s", fromSeq));
        Run(connection, "DELETE FROM records WHERE seq IN (SELECT seq FROM events WHERE facility = $f AND seq >= $s)", ("$f", facility), ("$s", fromSeq));
        Run(connection, "DELETE FROM events WHERE facility = $f AND seq >= $s", ("$f", facility), ("$s", fromSeq));
    });

    /// <summary>Flips the lowest bit of the first byte of the stored hash of <paramref name="node"/> in <paramref name="facility"/>'s log.</summary>
    public static void AlterNode(string storeFile, string facility, MerkleNodeId node)
    {
        var hash = NodeHash(storeFile, facility, node);
        hash[0] ^= 1;
        Change(storeFile, connection => Run(connection, "UPDATE ledger_nodes SET hash = $hash WHERE log_id = $log AND position = $position",
            ("$hash", hash), ("$log", LogId(connection, facility)), ("$position", node.StoredPosition)));
    }

    /// <summary>The stored hash of <paramref name="node"/> in <paramref name="facility"/>'s log.</summary>
    public static byte[] NodeHash(string storeFile, string facility, MerkleNodeId node)
    {
        using var connection = Open(storeFile);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT hash FROM ledger_nodes WHERE log_id = $log AND position = $position";
        command.Parameters.AddWithValue("$log", LogId(connection, facility));
        command.Parameters.AddWithValue("$position", node.StoredPosition);
        return (byte[])command.ExecuteScalar()!;
    }

    private static void AlterColumn(string storeFile, long seq, string column, string from, string to) => Change(storeFile, connection =>
    {
        using var read = connection.CreateCommand();
        read.CommandText = $"SELECT {column} FROM events WHERE seq = $seq";
        read.Parameters.AddWithValue("$seq", seq);
        var text = (string)read.ExecuteScalar()!;
        var at = text.IndexOf(from, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"the {column} of event seq {seq} holds no '{from}': {text}");
        }

        Run(connection, $"UPDATE events SET {column} = $text WHERE seq = $seq", ("$text", string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length))), ("$seq", seq));
    });

    private static void Change(string storeFile, Action<SqliteConnection> change)
    {
        using var connection = Open(storeFile);
        foreach (var trigger in Triggers)
        {
            Run(connection, $"DROP TRIGGER IF EXISTS {trigger}");
        }

        Run(connection, "BEGIN");
        change(connection);
        Run(connection, "COMMIT");
    }

    private static SqliteConnection Open(string storeFile)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = storeFile, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static long LogId(SqliteConnection connection, string facility)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT log_id FROM ledger_logs WHERE name = $name";
        command.Parameters.AddWithValue("$name", facility);
        return (long)command.ExecuteScalar()!;
    }

    private static int Run(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }
}
