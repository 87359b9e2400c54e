using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Traceability.Persistence.Sqlite;

/// <summary>
/// Orleans grain storage in one SQLite file, for the grains' cached state (views folded from the
/// event store). Optimistic concurrency by a counter ETag, as Orleans' ADO.NET storage does, which
/// replaces it in the cluster mode. The state is a cache of the events, written every few events
/// and on deactivation, off the capture's path: a lost write only means replaying more events at
/// the next activation. Thread-safe.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IDisposable
{
    private readonly string _connectionString;
    private readonly Serializer _serializer;

    // SQLite takes one writer at a time; queueing writes here avoids its busy-retry sleeps.
    private readonly SemaphoreSlim _writer = new(1, 1);

    public SqliteGrainStorage(string path, Serializer serializer)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        _serializer = serializer;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS grain_state(
                grain_id TEXT NOT NULL,
                state_name TEXT NOT NULL,
                etag INTEGER NOT NULL,
                data BLOB NOT NULL,
                PRIMARY KEY(grain_id, state_name)) WITHOUT ROWID;
            """;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _writer.Dispose();

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await using var connection = Open();
        await using var command = Command(connection, "SELECT etag, data FROM grain_state WHERE grain_id = $id AND state_name = $name", stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.ETag = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
        grainState.State = _serializer.Deserialize<T>((byte[])reader.GetValue(1));
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var data = _serializer.SerializeToArray(grainState.State);
        await _writer.WaitAsync();
        try
        {
            await WriteAsync(stateName, grainId, grainState, data);
        }
        finally
        {
            _writer.Release();
        }
    }

    private async Task WriteAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, byte[] data)
    {
        await using var connection = Open();
        if (grainState.ETag is null)
        {
            await using var insert = Command(connection, "INSERT OR IGNORE INTO grain_state(grain_id, state_name, etag, data) VALUES($id, $name, 1, $data)", stateName, grainId);
            insert.Parameters.AddWithValue("$data", data);
            Check(await insert.ExecuteNonQueryAsync(), stateName, grainId, "insert");
            grainState.ETag = "1";
        }
        else
        {
            var etag = long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
            await using var update = Command(connection, "UPDATE grain_state SET etag = etag + 1, data = $data WHERE grain_id = $id AND state_name = $name AND etag = $etag", stateName, grainId);
            update.Parameters.AddWithValue("$data", data);
            update.Parameters.AddWithValue("$etag", etag);
            Check(await update.ExecuteNonQueryAsync(), stateName, grainId, "update");
            grainState.ETag = (etag + 1).ToString(CultureInfo.InvariantCulture);
        }

        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await _writer.WaitAsync();
        try
        {
            await using var connection = Open();
            await using var delete = Command(connection, "DELETE FROM grain_state WHERE grain_id = $id AND state_name = $name", stateName, grainId);
            await delete.ExecuteNonQueryAsync();
        }
        finally
        {
            _writer.Release();
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static void Check(int rows, string stateName, GrainId grainId, string operation)
    {
        if (rows != 1)
        {
            throw new InconsistentStateException($"Grain state {stateName} of {grainId} changed since it was read ({operation} matched no row).");
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", grainId.ToString());
        command.Parameters.AddWithValue("$name", stateName);
        return command;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
