using Orleans.Runtime;
using Traceability.Events;
using Traceability.Storage;
using Traceability.Views;

namespace Traceability.Grains;

/// <inheritdoc cref="IProductGrain" />
public sealed class ProductGrain(IEventStore store, [PersistentState("view", ViewStorage.Name)] IPersistentState<ViewState<RecordView<ProductRegistered>>> state)
    : RecordGrain<ProductRegistered>(store, state, RecordKind.Product), IProductGrain;
