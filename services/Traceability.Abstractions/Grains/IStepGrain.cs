using Traceability.Events;
using Traceability.Views;

namespace Traceability.Grains;

/// <summary>A processing step, keyed by its step id.</summary>
public interface IStepGrain : IRecordViewGrain
{
    /// <summary>The record, or null when nothing is recorded under this key.</summary>
    Task<RecordView<StepRecorded>?> Describe();
}
