using Microsoft.Data.Sqlite;

namespace Traceability.Security.Storage;

/// <summary>
/// Opens the security files the way the ingestion opens its durable files
/// (Traceability.Ingestion's <c>DurableSqlite</c>, whose style this repeats rather than
/// references, so the security library does not depend on the ingestion): folder created, no
/// pooling, WAL with <c>synchronous=FULL</c> so that a completed commit (a revocation, an audit
/// entry) has been fsynced before it is acknowledged, the schema created when missing.
/// </summary>
internal static class SecurityDatabase
{
    /// <summary>The default file under a data folder: <c>&lt;data-dir&gt;/security.db</c>.</summary>
    public const string FileName = "security.db";

    public static SqliteConnection Open(string path, string schema)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
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
