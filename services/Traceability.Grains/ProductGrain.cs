using Traceability.Events;
using Traceability.Storage;

namespace Traceability.Grains;

/// <inheritdoc cref="IProductGrain" />
public sealed class ProductGrain(IEventStore store) : RecordGrain<ProductRegistered>(store, RecordKind.Product), IProductGrain;
