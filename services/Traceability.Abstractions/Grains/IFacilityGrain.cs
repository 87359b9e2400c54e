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

    /// <summary>
    /// Checks and records several harvests in one call (a day's harvests synced from the field):
    /// each is decided on its own, as <see cref="Capture"/> would, in order; the accepted ones are
    /// appended together, so they share the store's commits. One result per candidate, in order.
    /// A harvest naming a batch id an earlier one of the same call took is a repeat of it when
    /// identical, and refused otherwise.
    /// </summary>
    /// <exception cref="IOException">The store could not make some of them durable (the others are; a retry of the call repeats them).</exception>
    Task<IReadOnlyList<CaptureResult>> HarvestMany(IReadOnlyList<BatchHarvested> candidates);

    /// <summary>The facility's registration, or null when it is not registered.</summary>
    Task<RecordView<FacilityRegistered>?> Describe();
}
