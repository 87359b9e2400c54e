using Traceability.Events;
using Traceability.Views;

namespace Traceability.Grains;

/// <summary>
/// A processing facility (an OCOP subject), keyed by its facility id. It is the only writer of
/// its records: every fact it captures is checked against its records, made durable in the event
/// store, then passed to the grains that show it. Captures of one facility are serialised.
/// </summary>
public interface IFacilityGrain : IGrainWithStringKey
{
    /// <summary>Checks and records <paramref name="candidate"/>; a repeat of an earlier capture returns the earlier record.</summary>
    Task<CaptureResult> Capture(FacilityEvent candidate);

    /// <summary>The facility's registration, or null when it is not registered.</summary>
    Task<RecordView<FacilityRegistered>?> Describe();
}
