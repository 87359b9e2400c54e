using Traceability.Conditions;

namespace Traceability.Ingestion.Pipeline;

/// <summary>
/// Told about readings once they are durable, after their messages were answered (the excursion
/// watch is one). <see cref="Stored"/> is called on the pipeline's flush loop: it must return at
/// once (hand the list on, never wait) and must not throw. The list is the observer's to keep.
/// </summary>
public interface IStoredReadingsObserver
{
    /// <summary>The readings of one durable write, in the order their messages were taken.</summary>
    void Stored(IReadOnlyList<StoredReading> readings);
}
