using Traceability.Events;
using Traceability.Storage;

namespace Traceability.Grains;

/// <inheritdoc cref="ISiteGrain" />
public sealed class SiteGrain(IEventStore store) : RecordGrain<SiteRegistered>(store, RecordKind.Site), ISiteGrain;
