using Orleans.Runtime;
using Traceability.Events;
using Traceability.Storage;
using Traceability.Views;

namespace Traceability.Grains;

/// <summary>
/// A batch, folded from its stream: the harvest or step that made it, and every step or lot that
/// took from it.
/// </summary>
public sealed class BatchGrain(IEventStore store, [PersistentState("view", ViewStorage.Name)] IPersistentState<ViewState<BatchView>> state)
    : ViewGrain<BatchView>(store, state, RecordKind.Batch), IBatchGrain
{
    private string BatchId => this.GetPrimaryKeyString();

    public async Task<BatchView?> Describe()
    {
        await CatchUp();
        return View;
    }

    protected override async Task<BatchView?> FoldAsync(BatchView? view, RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var species = Array.Empty<string>();
        if (recorded.Event is StepRecorded step && step.Outputs.Any(o => o.BatchId == BatchId))
        {
            // A step's output is made of its inputs' species.
            var inputs = await Task.WhenAll(step.Inputs.Select(i => GrainFactory.GetGrain<IBatchGrain>(i.BatchId).Describe()));
            species = Rules.SpeciesNames.Merge(inputs.SelectMany(i => i?.Species ?? []));
        }

        return BatchView.Fold(view, BatchId, recorded, _ => species);
    }
}
