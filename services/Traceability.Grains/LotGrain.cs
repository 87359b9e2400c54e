using Orleans.Runtime;
using Traceability.Events;
using Traceability.Storage;
using Traceability.Views;

namespace Traceability.Grains;

/// <inheritdoc cref="ILotGrain" />
public sealed class LotGrain(IEventStore store, [PersistentState("view", ViewStorage.Name)] IPersistentState<ViewState<RecordView<LotPacked>>> state)
    : RecordGrain<LotPacked>(store, state, RecordKind.Lot), ILotGrain;
