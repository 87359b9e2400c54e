using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Views;

namespace Traceability.Grains.Tests.Views;

/// <summary>A lot's trace as Orleans serializes it between grains and caches: its recalls survive, and a trace without them reads as none.</summary>
public sealed class CachedLotTraceTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static readonly DateTimeOffset RecordedAt = new(2026, 5, 25, 9, 0, 0, TimeSpan.FromHours(7));

    private static LotTrace Packed() => new(
        new RecordView<LotPacked>(
            new LotPacked("HTX-NGOCLINH", "08938521000013", "L2605-01", "NL-XUONG-01", 48, 200, new DateOnly(2026, 5, 25), new DateOnly(2028, 5, 25),
                [new BatchPortion("SD-2026-001-KHO", 10_000)]),
            12, RecordedAt),
        null, [], [], [], [], [], 1, []);

    [Fact]
    public void WhenARecalledLotsTraceIsSerialisedAndReadBack_ItsRecallsAreKeptInOrder()
    {
        var withdrawal = new LotRecalled("HTX-NGOCLINH", "08938521000013", "L2605-01", RecallKind.Withdrawal, "Nấm mốc", RecordedAt.AddDays(3));
        var recall = withdrawal with { Kind = RecallKind.Recall, Reason = "Aflatoxin", DecidedAt = RecordedAt.AddDays(5) };
        var trace = Packed() with { Recalls = [new(withdrawal, 20, RecordedAt.AddDays(3)), new(recall, 31, RecordedAt.AddDays(5))] };

        var back = Serializer.Deserialize<LotTrace>(Serializer.SerializeToArray(trace))!;

        Assert.Equal(trace.Recalls, back.Recalls);
        Assert.Equal(trace.Lot.Record.LotKey, back.Lot.Record.LotKey);
    }

    [Fact]
    public void WhenATraceThatWasNeverRecalledIsReadBack_ItHasNoRecallsRatherThanNull()
    {
        var back = Serializer.Deserialize<LotTrace>(Serializer.SerializeToArray(Packed()))!;

        Assert.NotNull(back.Recalls);
        Assert.Empty(back.Recalls);
    }
}
