using Traceability.Events;
using Traceability.Storage;
using Traceability.Views;

namespace Traceability.Grains;

/// <summary>
/// A batch, folded from its stream: the harvest or step that made it, and every step or lot that
/// took from it.
/// </summary>
public sealed class BatchGrain(IEventStore store) : Grain, IBatchGrain
{
    private BatchView? _view;
    private long _lastSequence;

    private string BatchId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await foreach (var recorded in store.ReadStreamAsync(new RecordKey(RecordKind.Batch, BatchId), 0, cancellationToken))
        {
            await Fold(recorded);
        }
    }

    public Task Apply(RecordedEvent recorded) => Fold(recorded);

    public Task<BatchView?> Describe() => Task.FromResult(_view);

    private async Task Fold(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        if (recorded.Sequence <= _lastSequence)
        {
            return;
        }

        var species = Array.Empty<string>();
        if (recorded.Event is StepRecorded step && step.Outputs.Any(o => o.BatchId == BatchId))
        {
            var inputs = await Task.WhenAll(step.Inputs.Select(i => GrainFactory.GetGrain<IBatchGrain>(i.BatchId).Describe()));
            species = Rules.SpeciesNames.Merge(inputs.SelectMany(i => i?.Species ?? []));
        }

        _view = BatchView.Fold(_view, BatchId, recorded, _ => species);
        _lastSequence = recorded.Sequence;
    }
}
