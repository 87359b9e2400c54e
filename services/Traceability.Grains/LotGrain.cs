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
    private readonly List<RecordView<LotRecalled>> _recalls = [];
    private long _historyRead;

    public async Task<string[]> StorageIds()
    {
        await ReadHistory();
        return [.. _storageIds];
    }

    public async Task<RecordView<LotRecalled>[]> Recalls()
    {
        await ReadHistory();
        return [.. _recalls.OrderBy(r => r.Record.DecidedAt).ThenBy(r => r.Sequence)];
    }

    /// <remarks>
    /// A lot's stream holds its packing, its storage periods and its withdrawal and recall only,
    /// and each call reads just what was recorded since the last one (kept per activation, not in
    /// the cached view, so the view's state stays the one every record grain has).
    /// </remarks>
    private async Task ReadHistory()
    {
        await foreach (var recorded in Store.ReadStreamAsync(new RecordKey(RecordKind.Lot, this.GetPrimaryKeyString()), _historyRead))
        {
            switch (recorded.Event)
            {
                case StorageRecorded storage when !_storageIds.Contains(storage.StorageId):
                    _storageIds.Add(storage.StorageId);
                    break;
                case LotRecalled recall:
                    _recalls.Add(new RecordView<LotRecalled>(recall, recorded.Sequence, recorded.RecordedAt));
                    break;
            }

            _historyRead = recorded.Sequence;
        }
    }
}
