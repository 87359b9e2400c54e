using Traceability.Events;

namespace Traceability.Grains;

/// <summary>A grain whose state is folded from the events of its stream.</summary>
public interface IRecordViewGrain : IGrainWithStringKey
{
    /// <summary>Folds a newly recorded event in. Idempotent: an event already seen is ignored.</summary>
    Task Apply(RecordedEvent recorded);
}
