using Orleans.Runtime;
using Traceability.Events;
using Traceability.Storage;
using Traceability.Views;

namespace Traceability.Grains;

/// <inheritdoc cref="ILotGrain" />
public sealed class LotGrain(IEventStore store, [PersistentState("view", ViewStorage.Name)] IPersistentState<ViewState<RecordView<LotPacked>>> state)
    : RecordGrain<LotPacked>(store, state, RecordKind.Lot), ILotGrain
{
    private readonly List<string> _storageIds = [];
    private long _storageRead;

    /// <remarks>
    /// A lot's stream holds its packing and its storage periods only, and each call reads just
    /// what was recorded since the last one (kept per activation, not in the cached view, so the
    /// view's state stays the one every record grain has).
    /// </remarks>
    public async Task<string[]> StorageIds()
    {
        await foreach (var recorded in Store.ReadStreamAsync(new RecordKey(RecordKind.Lot, this.GetPrimaryKeyString()), _storageRead))
        {
            if (recorded.Event is StorageRecorded storage && !_storageIds.Contains(storage.StorageId))
            {
                _storageIds.Add(storage.StorageId);
            }

            _storageRead = recorded.Sequence;
        }

        return [.. _storageIds];
    }
}
