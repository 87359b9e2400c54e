using Orleans.Runtime;
using Traceability.Events;
using Traceability.Storage;
using Traceability.Views;

namespace Traceability.Grains;

/// <inheritdoc cref="ISiteGrain" />
public sealed class SiteGrain(IEventStore store, [PersistentState("view", ViewStorage.Name)] IPersistentState<ViewState<RecordView<SiteRegistered>>> state)
    : RecordGrain<SiteRegistered>(store, state, RecordKind.Site), ISiteGrain;
