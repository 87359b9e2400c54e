using Traceability.Events;
using Traceability.Views;

namespace Traceability.Grains;

/// <summary>A storage period of batches and lots at a site, keyed by its storage id.</summary>
public interface IStorageGrain : IRecordViewGrain
{
    /// <summary>The record, or null when nothing is recorded under this key.</summary>
    Task<RecordView<StorageRecorded>?> Describe();
}
