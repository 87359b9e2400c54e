using Traceability.Events;
using Traceability.Views;

namespace Traceability.Grains;

/// <summary>A site of a facility, keyed by its site id.</summary>
public interface ISiteGrain : IRecordViewGrain
{
    /// <summary>The record, or null when nothing is recorded under this key.</summary>
    Task<RecordView<SiteRegistered>?> Describe();
}
