using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Traceability.Events;
using Traceability.Views;

namespace Traceability.Grains.Tests.Views;

/// <summary>A batch view as the view cache keeps it (Orleans serialization): its storage periods survive.</summary>
public sealed class CachedBatchViewTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static BatchView Harvested() => new(
        "SD-2026-001", "HTX-NGOCLINH", ["Codonopsis javanica"], "Codonopsis javanica, harvested", 50_000, 45_000,
        new BatchOrigin("NL-TK123-K4-L2", new DateTimeOffset(2026, 5, 20, 7, 30, 0, TimeSpan.FromHours(7)), "A Thị Bến", null),
        [new BatchUse(RecordKind.Step, "RUA-2026-001", 5_000, new DateTimeOffset(2026, 5, 21, 0, 0, 0, TimeSpan.Zero))],
        12, new DateTimeOffset(2026, 5, 21, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void WhenAStoredBatchsViewIsCachedAndReadBack_ItsStorageIdsAreKept()
    {
        var view = Harvested() with { StorageIds = ["KHO-2026-001", "KHO-2026-002"] };

        var back = Serializer.Deserialize<BatchView>(Serializer.SerializeToArray(view))!;

        Assert.Equal(["KHO-2026-001", "KHO-2026-002"], back.StorageIds);
        Assert.Equal(view.Uses, back.Uses);
        Assert.Equal(view.RemainingGrams, back.RemainingGrams);
    }

    [Fact]
    public void WhenAViewThatWasNeverStoredIsReadBack_ItHasNoStorageIdsRatherThanNull()
    {
        var back = Serializer.Deserialize<BatchView>(Serializer.SerializeToArray(Harvested()))!;

        Assert.NotNull(back.StorageIds);
        Assert.Empty(back.StorageIds);
    }
}
