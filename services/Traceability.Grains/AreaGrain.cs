using Traceability.Events;
using Traceability.Storage;

namespace Traceability.Grains;

/// <inheritdoc cref="IAreaGrain" />
public sealed class AreaGrain(IEventStore store) : RecordGrain<AreaRegistered>(store, RecordKind.Area), IAreaGrain;
