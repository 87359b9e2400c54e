using Traceability.Conditions;

namespace Traceability.Conditions.Tests;

/// <summary>The contract on the embedded SQLite store, each test in its own file; plus what only a file can show.</summary>
public sealed class SqliteTimeSeriesStoreTests : TimeSeriesStoreContract, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "readings-test-" + Guid.NewGuid().ToString("N"));

    protected override ITimeSeriesStore OpenStore() => new SqliteTimeSeriesStore(Path.Combine(_folder, SqliteTimeSeriesStore.DefaultFileName));

    [Fact]
    public async Task WhenTheStoreIsReopened_ItsReadingsAreStillThere()
    {
        var site = NewSite();
        var written = Enumerable.Range(0, 100).Select(i => Reading(site, T0.AddSeconds(i), i)).ToArray();
        using (var store = (SqliteTimeSeriesStore)OpenStore())
        {
            await store.WriteAsync(written);
        }

        using var reopened = (SqliteTimeSeriesStore)OpenStore();
        Assert.Equal(written, await reopened.ReadAsync(site, T0, T0.AddHours(1)));
    }

    [Fact]
    public async Task AWriteSpanningHoursIsCutIntoChunksAndAnyRangeOfItReadsExactly()
    {
        var site = NewSite();
        // 3 h 20 min of one reading every 10 s: more than one chunk by span and by count.
        var written = Enumerable.Range(0, 1200).Select(i => Reading(site, T0.AddSeconds(i * 10), i)).ToArray();
        using var store = (SqliteTimeSeriesStore)OpenStore();
        await store.WriteAsync(written);

        foreach (var (from, to) in new[] { (T0, T0.AddHours(4)), (T0.AddMinutes(59), T0.AddMinutes(61)), (T0.AddMinutes(90).AddSeconds(5), T0.AddHours(3)), (T0.AddHours(3).AddMinutes(19), T0.AddHours(5)) })
        {
            Assert.Equal(written.Where(r => r.At >= from && r.At < to), await store.ReadAsync(site, from, to));
        }

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + store.Path);
        connection.Open();
        using var chunks = connection.CreateCommand();
        chunks.CommandText = "SELECT count(*), max(to_ms - from_ms) FROM reading_chunks";
        using var reader = chunks.ExecuteReader();
        reader.Read();
        Assert.InRange(reader.GetInt64(0), 4, 5);
        Assert.True(reader.GetInt64(1) <= (long)SqliteTimeSeriesStore.MaxChunkSpan.TotalMilliseconds);
    }

    [Fact]
    public async Task TheFileIsInWalModeAndTheWriterSyncsFully()
    {
        using var store = (SqliteTimeSeriesStore)OpenStore();
        await store.WriteAsync([Reading(NewSite(), T0, 1)]);

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + store.Path);
        connection.Open();
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", mode.ExecuteScalar());
        Assert.True(File.Exists(store.Path + "-wal"));
    }

    [Fact]
    public void TheFactoryMakesSqliteInTheDataFolderByDefault()
    {
        using var store = (SqliteTimeSeriesStore)TimeSeriesStores.Create(new ReadingsStoreOptions(), _folder);

        Assert.Equal(Path.Combine(_folder, "readings.db"), store.Path);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
