using Orleans.Runtime;
using Traceability.Events;
using Traceability.Storage;

namespace Traceability.Grains;

/// <summary>
/// A grain whose state is a view folded from one record's stream. It starts from its cached state
/// (Orleans grain storage) and folds the events recorded since, before it answers; afterwards the
/// facility pushes each new event. The cache is written every <see cref="SaveEvery"/> events and
/// on deactivation, never on the capture's path to acknowledgement.
/// </summary>
public abstract class ViewGrain<TView>(IEventStore store, IPersistentState<ViewState<TView>> state, RecordKind kind) : Grain
    where TView : class
{
    /// <summary>How many folded events may wait before the cached state is written.</summary>
    protected const int SaveEvery = 16;

    private int _unsaved;
    private bool _caughtUp;

    private RecordKey Key => new(kind, this.GetPrimaryKeyString());

    /// <summary>The view, or null while nothing is recorded under this key (call <see cref="CatchUp"/> first).</summary>
    protected TView? View => state.State.View;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The replay waits for the first call: a record's creating event is always the first of
        // its stream (every reference must exist before it is made), so a grain activated by the
        // push of that event has nothing to replay and skips the read.
        return Task.CompletedTask;
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
        if (!_caughtUp && !(state.State.LastSequence == 0 && recorded.Event.Creates().Contains(Key)))
        {
            await CatchUp();
        }

        _caughtUp = true;
        await FoldOne(recorded);
        if (_unsaved >= SaveEvery)
        {
            await state.WriteStateAsync();
            _unsaved = 0;
        }
    }

    /// <summary>Folds the events recorded since the cached state, once per activation.</summary>
    protected async Task CatchUp()
    {
        if (_caughtUp)
        {
            return;
        }

        await foreach (var recorded in store.ReadStreamAsync(Key, state.State.LastSequence))
        {
            await FoldOne(recorded);
        }

        _caughtUp = true;
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
