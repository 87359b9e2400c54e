using Orleans.Runtime;
using Traceability.Events;
using Traceability.Storage;
using Traceability.Views;

namespace Traceability.Grains;

/// <inheritdoc cref="IStepGrain" />
public sealed class StepGrain(IEventStore store, [PersistentState("view", ViewStorage.Name)] IPersistentState<ViewState<RecordView<StepRecorded>>> state)
    : RecordGrain<StepRecorded>(store, state, RecordKind.Step), IStepGrain;
