using Traceability.Events;
using Traceability.Storage;

namespace Traceability.Grains;

/// <inheritdoc cref="ILotGrain" />
public sealed class LotGrain(IEventStore store) : RecordGrain<LotPacked>(store, RecordKind.Lot), ILotGrain;
