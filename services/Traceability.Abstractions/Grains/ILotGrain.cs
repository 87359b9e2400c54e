using Traceability.Events;
using Traceability.Views;

namespace Traceability.Grains;

/// <summary>A packaged lot, keyed by `{gtin14}/{lot}`.</summary>
public interface ILotGrain : IRecordViewGrain
{
    /// <summary>The record, or null when nothing is recorded under this key.</summary>
    Task<RecordView<LotPacked>?> Describe();

    /// <summary>The storage periods that held the lot, in the order they were recorded (empty when there is no such lot).</summary>
    Task<string[]> StorageIds();

    /// <summary>The lot's withdrawal and recall, in the order they were decided (empty when it was never taken back, or there is no such lot).</summary>
    Task<RecordView<LotRecalled>[]> Recalls();
}
