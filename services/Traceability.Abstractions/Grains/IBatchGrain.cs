using Traceability.Views;

namespace Traceability.Grains;

/// <summary>A batch of raw material or of an intermediate product, keyed by its batch id.</summary>
public interface IBatchGrain : IRecordViewGrain
{
    /// <summary>The batch, or null when no batch has this id.</summary>
    Task<BatchView?> Describe();
}
