using Traceability.Events;
using Traceability.Events.Epcis;
using Traceability.Persistence.Sqlite;
using Traceability.Storage;
using Traceability.Testing;

namespace Traceability.Benchmarks.Fixtures;

/// <summary>
/// A capture client of the event store alone: per harvest, the store's share of one capture —
/// render the EPCIS document and append durably (group commit, fsync'd). No rules, no grains,
/// no gRPC.
/// </summary>
public sealed class StoreHarvester(SqliteEventStore store, string facilityId) : IHarvester
{
    private readonly DateTimeOffset _harvestedAt = Scenario.Day(1, 7);
    private int _next;

    public async Task HarvestAsync()
    {
        var n = ++_next;
        var harvest = new BatchHarvested(facilityId, $"{facilityId}-{n:D7}", $"{facilityId}-PLOT", "Codonopsis javanica", 10_000, _harvestedAt, "Y Nhung");
        var recordedAt = DateTimeOffset.UtcNow;
        var (epcis, eventId) = EpcisRendering.Identified(harvest, recordedAt);
        var outcome = await store.AppendAsync(new PendingEvent(harvest, recordedAt, epcis, eventId));
        if (outcome.Recorded is null)
        {
            throw new InvalidOperationException($"Harvest {harvest.BatchId} was not appended: {outcome.Conflict} exists.");
        }
    }
}
