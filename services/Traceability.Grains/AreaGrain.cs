using Orleans.Runtime;
using Traceability.Events;
using Traceability.Storage;
using Traceability.Views;

namespace Traceability.Grains;

/// <inheritdoc cref="IAreaGrain" />
public sealed class AreaGrain(IEventStore store, [PersistentState("view", ViewStorage.Name)] IPersistentState<ViewState<RecordView<AreaRegistered>>> state)
    : RecordGrain<AreaRegistered>(store, state, RecordKind.Area), IAreaGrain;
