using Orleans.Runtime;
using Traceability.Events;
using Traceability.Storage;

namespace Traceability.Grains;

/// <summary>
/// A grain whose state is a view folded from one record's stream. On activation it starts from
/// its cached state (Orleans grain storage) and folds the events recorded since; afterwards the
/// facility pushes each new event. The cache is written every <see cref="SaveEvery"/> events and
/// on deactivation, never on the capture's path to acknowledgement.
/// </summary>
public abstract class ViewGrain<TView>(IEventStore store, IPersistentState<ViewState<TView>> state, RecordKind kind) : Grain
    where TView : class
{
    /// <summary>How many folded events may wait before the cached state is written.</summary>
    protected const int SaveEvery = 16;

    private int _unsaved;

    /// <summary>The view, or null while nothing is recorded under this key.</summary>
    protected TView? View => state.State.View;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await foreach (var recorded in store.ReadStreamAsync(new RecordKey(kind, this.GetPrimaryKeyString()), state.State.LastSequence, cancellationToken))
        {
            await FoldOne(recorded);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsaved > 0)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    /// <summary>Folds a newly recorded event in; an event already folded is ignored.</summary>
    public async Task Apply(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        await FoldOne(recorded);
        if (_unsaved >= SaveEvery)
        {
            await state.WriteStateAsync();
            _unsaved = 0;
        }
    }

    /// <summary>The view after <paramref name="recorded"/>.</summary>
    protected abstract Task<TView?> FoldAsync(TView? view, RecordedEvent recorded);

    private async Task FoldOne(RecordedEvent recorded)
    {
        if (recorded.Sequence <= state.State.LastSequence)
        {
            return;
        }

        state.State.View = await FoldAsync(state.State.View, recorded);
        state.State.LastSequence = recorded.Sequence;
        _unsaved++;
    }
}
