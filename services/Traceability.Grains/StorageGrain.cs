using Orleans.Runtime;
using Traceability.Events;
using Traceability.Storage;
using Traceability.Views;

namespace Traceability.Grains;

/// <inheritdoc cref="IStorageGrain" />
public sealed class StorageGrain(IEventStore store, [PersistentState("view", ViewStorage.Name)] IPersistentState<ViewState<RecordView<StorageRecorded>>> state)
    : RecordGrain<StorageRecorded>(store, state, RecordKind.Storage), IStorageGrain;
