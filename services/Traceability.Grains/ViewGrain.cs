using Orleans.Runtime;
using Traceability.Events;
using Traceability.Storage;

namespace Traceability.Grains;

/// <summary>
/// A grain whose state is a view folded from one record's stream. Before it first answers, it
/// starts from its cached state (Orleans grain storage) and folds the events recorded since;
/// afterwards the facility pushes each event that changes it. The cache is written a few seconds
/// after a change and on deactivation, never on the capture's path to acknowledgement.
/// </summary>
public abstract class ViewGrain<TView>(IEventStore store, IPersistentState<ViewState<TView>> state, RecordKind kind) : Grain
    where TView : class
{
    /// <summary>How long folded events may wait before the cached state is written.</summary>
    private static readonly TimeSpan SaveDelay = TimeSpan.FromSeconds(5);

    private int _unsaved;
    private IGrainTimer? _saving;
    private bool _caughtUp;

    private RecordKey Key => new(kind, this.GetPrimaryKeyString());

    /// <summary>The event store the view is folded from.</summary>
    protected IEventStore Store => store;

    /// <summary>The view, or null while nothing is recorded under this key (call <see cref="CatchUp"/> first).</summary>
    protected TView? View => state.State.View;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsaved == 0)
        {
            return;
        }

        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
#pragma warning disable CA1031 // The cache is optional: the next activation replays what a failed write leaves out.
        catch (Exception)
#pragma warning restore CA1031
        {
            // Orleans may refuse storage calls from an activation it is already tearing down.
        }
    }

    /// <summary>Folds a newly recorded event in; an event already folded is ignored.</summary>
    public async Task Apply(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        // Catching up reads the pushed event too (it is durable before it is pushed).
        await CatchUp();
        await FoldOne(recorded);
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

        // While nothing is recorded under this key, every call looks again: the record may be
        // created at any moment, and its creation is not pushed to this grain.
        _caughtUp = state.State.View is not null;
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
        // The cache is written by a timer, so that no capture waits for it.
        _saving ??= this.RegisterGrainTimer(SaveAsync, new GrainTimerCreationOptions(SaveDelay, Timeout.InfiniteTimeSpan));
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        _saving?.Dispose();
        _saving = null;
        if (_unsaved > 0)
        {
            _unsaved = 0;
            await state.WriteStateAsync(cancellationToken);
        }
    }
}
