using Traceability.Events;
using Traceability.Views;

namespace Traceability.Grains;

/// <summary>A OCOP product, keyed by its GTIN-14.</summary>
public interface IProductGrain : IRecordViewGrain
{
    /// <summary>The record, or null when nothing is recorded under this key.</summary>
    Task<RecordView<ProductRegistered>?> Describe();
}
