using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Persistence.Sqlite;
using Traceability.Views;

namespace Traceability.Persistence.Tests.Sqlite;

/// <summary>The Orleans grain storage on SQLite that caches the view grains' state.</summary>
public sealed class GrainStorageTests : IDisposable
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
    private static readonly GrainId Site = GrainId.Create("site", "HTX-NGOCLINH.DRY1");

    private readonly string _folder = Directory.CreateTempSubdirectory("traceability-grain-storage-").FullName;

    private string Path => System.IO.Path.Combine(_folder, "grains.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static RecordView<SiteRegistered> DryingHouse(string name) =>
        new(new SiteRegistered("HTX-NGOCLINH", "HTX-NGOCLINH.DRY1", SiteKind.Drying, name, "Ngọc Linh", new GeoPoint(15.07, 107.96)), 7, new DateTimeOffset(2026, 5, 20, 7, 0, 0, TimeSpan.FromHours(7)));

    [Fact]
    public async Task WhenAViewIsWrittenAndTheStoreReopened_ItIsReadBackEqual()
    {
        var written = new GrainState<RecordView<SiteRegistered>> { State = DryingHouse("Nhà sấy 1") };
        await new SqliteGrainStorage(Path, Serializer).WriteStateAsync("view", Site, written);

        var read = new GrainState<RecordView<SiteRegistered>>();
        await new SqliteGrainStorage(Path, Serializer).ReadStateAsync("view", Site, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(EventJson.Serialize(written.State.Record), EventJson.Serialize(read.State!.Record));
        Assert.Equal(written.State.Sequence, read.State.Sequence);
    }

    [Fact]
    public async Task WhenNothingWasWritten_TheRecordDoesNotExist()
    {
        var read = new GrainState<RecordView<SiteRegistered>>();

        await new SqliteGrainStorage(Path, Serializer).ReadStateAsync("view", Site, read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task WhenTwoActivationsWriteFromTheSameRead_TheSecondIsRefusedAsInconsistent()
    {
        var storage = new SqliteGrainStorage(Path, Serializer);
        await storage.WriteStateAsync("view", Site, new GrainState<RecordView<SiteRegistered>> { State = DryingHouse("v1") });
        var first = new GrainState<RecordView<SiteRegistered>>();
        var second = new GrainState<RecordView<SiteRegistered>>();
        await storage.ReadStateAsync("view", Site, first);
        await storage.ReadStateAsync("view", Site, second);

        first.State = DryingHouse("v2");
        await storage.WriteStateAsync("view", Site, first);
        second.State = DryingHouse("v3");

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("view", Site, second));
        var read = new GrainState<RecordView<SiteRegistered>>();
        await storage.ReadStateAsync("view", Site, read);
        Assert.Equal("v2", read.State!.Record.Name);
    }

    [Fact]
    public async Task WhenTheStateIsCleared_ItIsGone()
    {
        var storage = new SqliteGrainStorage(Path, Serializer);
        var state = new GrainState<RecordView<SiteRegistered>> { State = DryingHouse("v1") };
        await storage.WriteStateAsync("view", Site, state);

        await storage.ClearStateAsync("view", Site, state);

        var read = new GrainState<RecordView<SiteRegistered>>();
        await storage.ReadStateAsync("view", Site, read);
        Assert.False(read.RecordExists);
    }
}
