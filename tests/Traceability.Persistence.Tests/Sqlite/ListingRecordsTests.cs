using Traceability.Events;
using Traceability.Persistence.Sqlite;
using Traceability.Persistence.Tests.Fixtures;

namespace Traceability.Persistence.Tests.Sqlite;

public sealed class ListingRecordsTests : IDisposable
{
    /// <summary>Forest lots of the district, registered in the order field staff reached them.</summary>
    private static readonly string[] ForestLots =
    [
        "NL-TK123-K4-L2", "XOP-TK7-K2-L5", "DC-TK45-K1-L3", "NL-TK12-K1-L1", "ml-tk9-k3-l1", "MH-TK88-K2-L4", "NL-TK123-K4-L10",
    ];

    private readonly StoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<SqliteEventStore> DistrictAsync()
    {
        var store = new SqliteEventStore(_folder.StoreFile);
        await store.AppendAsync(DakGlei.Pending(DakGlei.DryingHouse("AA-LOSAY-01")));
        foreach (var code in ForestLots)
        {
            await store.AppendAsync(DakGlei.Pending(DakGlei.Area(code)));
        }

        await store.AppendAsync(DakGlei.Pending(DakGlei.Harvest("SD-2026-001")));
        return store;
    }

    [Fact]
    public async Task WhenAreasAreListedPageByPage_TheyComeInKeyOrderWithNoneMissedOrRepeated()
    {
        await using var store = await DistrictAsync();

        var pages = new List<IReadOnlyList<RecordKey>>();
        string? after = null;
        do
        {
            pages.Add(await store.ListAsync(RecordKind.Area, after, limit: 3));
            after = pages[^1].Count > 0 ? pages[^1][^1].Key : null;
        }
        while (after is not null);

        Assert.Equal([3, 3, 1, 0], pages.Select(p => p.Count));
        Assert.Equal(ForestLots.Order(StringComparer.Ordinal), pages.SelectMany(p => p).Select(k => k.Key));
        Assert.All(pages.SelectMany(p => p), k => Assert.Equal(RecordKind.Area, k.Kind));
    }

    [Fact]
    public async Task WhenListingFromTheMiddle_OnlyKeysAfterTheGivenOneComeBack()
    {
        await using var store = await DistrictAsync();

        var page = await store.ListAsync(RecordKind.Area, "NL-TK123-K4-L2", limit: 10);

        Assert.Equal(ForestLots.Where(k => string.CompareOrdinal(k, "NL-TK123-K4-L2") > 0).Order(StringComparer.Ordinal), page.Select(k => k.Key));
    }

    [Fact]
    public async Task WhenAskedWhoRegisteredAForestLot_TheRegisteringCooperativeIsNamedEvenAfterOthersHarvestFromIt()
    {
        await using var store = await DistrictAsync();
        await store.AppendAsync(DakGlei.Pending(DakGlei.Harvest("XOP-2026-001", DakGlei.Xop, "NL-TK123-K4-L2")));

        var owner = await store.OwnerOfAsync(new RecordKey(RecordKind.Area, "NL-TK123-K4-L2"));

        Assert.Equal(DakGlei.NgocLinh, owner);
    }

    [Fact]
    public async Task WhenAskedAboutAKeyOnlyReferredToButNeverCreated_NoOwnerIsNamed()
    {
        await using var store = await DistrictAsync();
        await store.AppendAsync(DakGlei.Pending(DakGlei.Harvest("SD-2026-002", areaCode: "KT-UNREGISTERED")));

        var owner = await store.OwnerOfAsync(new RecordKey(RecordKind.Area, "KT-UNREGISTERED"));

        Assert.Null(owner);
    }
}
