using Orleans.Runtime;
using Traceability.Events;
using Traceability.Storage;
using Traceability.Views;

namespace Traceability.Grains;

/// <summary>A grain that shows one registered record: the event that created it.</summary>
public abstract class RecordGrain<TEvent>(IEventStore store, IPersistentState<ViewState<RecordView<TEvent>>> state, RecordKind kind)
    : ViewGrain<RecordView<TEvent>>(store, state, kind)
    where TEvent : FacilityEvent
{
    private readonly RecordKind _kind = kind;

    public async Task<RecordView<TEvent>?> Describe()
    {
        await CatchUp();
        return View;
    }

    protected override Task<RecordView<TEvent>?> FoldAsync(RecordView<TEvent>? view, RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return Task.FromResult(view is null && recorded.Event is TEvent created && created.Creates().Contains(new RecordKey(_kind, this.GetPrimaryKeyString()))
            ? new RecordView<TEvent>(created, recorded.Sequence, recorded.RecordedAt)
            : view);
    }
}
