using Microsoft.Data.Sqlite;

namespace Traceability.Ledger.Tests;

/// <summary>A ledger database in a temporary file, with a writer connection like the event store's.</summary>
internal sealed class LedgerDatabase : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ledger-tests-").FullName;

    public LedgerDatabase()
    {
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "ledger.db"), Pooling = false }.ToString();
        Open();
    }

    public string ConnectionString { get; }

    public string Folder => _folder;

    public SqliteConnection Writer { get; private set; } = null!;

    public SqliteMerkleLogWriter Logs { get; private set; } = null!;

    public void Reopen()
    {
        Close();
        Open();
    }

    public long Append(string log, string data, long reference)
    {
        using var tx = Writer.BeginTransaction();
        var index = Logs.Append(tx, log, System.Text.Encoding.UTF8.GetBytes(data), reference);
        tx.Commit();
        return index;
    }

    public void Dispose()
    {
        Close();
        Directory.Delete(_folder, recursive: true);
    }

    private void Open()
    {
        Writer = new SqliteConnection(ConnectionString);
        Writer.Open();
        SqliteMerkleLogs.EnsureSchema(Writer);
        Logs = new SqliteMerkleLogWriter(Writer);
    }

    private void Close()
    {
        Logs?.Dispose();
        Writer?.Dispose();
    }
}
