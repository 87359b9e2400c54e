using Microsoft.Data.Sqlite;

namespace Traceability.Ingestion.Pipeline;

/// <summary>
/// Opens the ingestion's own SQLite files the one way they are all kept: the folder created, no
/// pooling, WAL with <c>synchronous=FULL</c> (a completed commit has been fsynced), the schema
/// created when missing.
/// </summary>
public static class DurableSqlite
{
    /// <summary>An open connection to <paramref name="path"/> whose <paramref name="schema"/> (idempotent DDL) has run.</summary>
    public static SqliteConnection Open(string path, string schema)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(schema);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            using var setup = connection.CreateCommand();
            setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; " + schema;
            setup.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
