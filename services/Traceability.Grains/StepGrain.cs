using Traceability.Events;
using Traceability.Storage;

namespace Traceability.Grains;

/// <inheritdoc cref="IStepGrain" />
public sealed class StepGrain(IEventStore store) : RecordGrain<StepRecorded>(store, RecordKind.Step), IStepGrain;
