using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Traceability.Ledger;

/// <summary>
/// One SQL statement prepared once on a <see cref="SqliteConnection"/>'s native handle and run through
/// SQLitePCL directly: parameters bound by position (no name lookup, no boxing), blobs read and written
/// as spans (no copy into a <c>byte[]</c>). The hot statements of the ledger (one per node of a proof,
/// two per appended leaf) spend most of their time in Microsoft.Data.Sqlite's per-execution work
/// otherwise. The statement runs in whatever transaction the connection is in, like any command of
/// that connection; it is re-prepared when the connection was closed and reopened. Not thread-safe.
/// </summary>
internal sealed class RawStatement(SqliteConnection connection, string sql) : IDisposable
{
    private sqlite3? _db;
    private sqlite3_stmt? _statement;

    /// <summary>The statement, prepared on the connection's current handle, ready to bind and step.</summary>
    public RawStatement Start()
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        if (!ReferenceEquals(db, _db))
        {
            _statement?.Dispose();
            _statement = null;
            _db = db;
            var rc = raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out var statement);
            SqliteException.ThrowExceptionForRC(rc, db);
            _statement = statement;
        }
        return this;
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds a blob (copied by SQLite); an empty one as a zero-length blob, never as NULL.</summary>
    public void Bind(int index, ReadOnlySpan<byte> value) =>
        Check(value.IsEmpty ? raw.sqlite3_bind_zeroblob(_statement, index, 0) : raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Binds a text (copied by SQLite as UTF-8).</summary>
    public void Bind(int index, string value) => Check(raw.sqlite3_bind_text(_statement, index, value));

    /// <summary>Steps once: <see langword="true"/> on a row, <see langword="false"/> when done; throws on an error.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }
        if (rc == raw.SQLITE_DONE)
        {
            return false;
        }
        // The error of a step is reported by the reset that follows it (and by the connection).
        var error = raw.sqlite3_reset(_statement);
        SqliteException.ThrowExceptionForRC(error == raw.SQLITE_OK ? rc : error, _db);
        return false;
    }

    /// <summary>Runs a statement that returns no row (an INSERT) and resets it.</summary>
    public void Execute()
    {
        try
        {
            Step();
        }
        finally
        {
            Reset();
        }
    }

    public ReadOnlySpan<byte> Blob(int column) => raw.sqlite3_column_blob(_statement, column);

    public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

    /// <summary>Ends the execution, so that the statement holds no read snapshot or lock. Always call it.</summary>
    public void Reset() => raw.sqlite3_reset(_statement);

    public void Dispose()
    {
        _statement?.Dispose();
        _statement = null;
        _db = null;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
