using Traceability.Events;
using Traceability.Views;

namespace Traceability.Grains;

/// <summary>A raw-material area, keyed by its area code.</summary>
public interface IAreaGrain : IRecordViewGrain
{
    /// <summary>The record, or null when nothing is recorded under this key.</summary>
    Task<RecordView<AreaRegistered>?> Describe();
}
