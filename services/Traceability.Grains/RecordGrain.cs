using Traceability.Events;
using Traceability.Storage;
using Traceability.Views;

namespace Traceability.Grains;

/// <summary>
/// A grain that shows one registered record: its state is the event that created it, read from
/// the record's stream on activation and pushed by the facility afterwards.
/// </summary>
public abstract class RecordGrain<TEvent>(IEventStore store, RecordKind kind) : Grain
    where TEvent : FacilityEvent
{
    private RecordView<TEvent>? _view;
    private long _lastSequence;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await foreach (var recorded in store.ReadStreamAsync(new RecordKey(kind, this.GetPrimaryKeyString()), 0, cancellationToken))
        {
            Fold(recorded);
        }
    }

    public Task Apply(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        Fold(recorded);
        return Task.CompletedTask;
    }

    public Task<RecordView<TEvent>?> Describe() => Task.FromResult(_view);

    private void Fold(RecordedEvent recorded)
    {
        if (recorded.Sequence <= _lastSequence)
        {
            return;
        }

        _lastSequence = recorded.Sequence;
        if (_view is null && recorded.Event is TEvent created && created.Creates().Contains(new RecordKey(kind, this.GetPrimaryKeyString())))
        {
            _view = new RecordView<TEvent>(created, recorded.Sequence, recorded.RecordedAt);
        }
    }
}
