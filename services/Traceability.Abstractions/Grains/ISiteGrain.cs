using Traceability.Events;
using Traceability.Views;

namespace Traceability.Grains;

/// <summary>A site of a facility, keyed by its site id.</summary>
public interface ISiteGrain : IRecordViewGrain
{
    /// <summary>The record, or null when nothing is recorded under this key.</summary>
    Task<RecordView<SiteRegistered>?> Describe();

    /// <summary>
    /// Records a closed window of the site's sensor readings (one call per window, never per
    /// reading) through the site's facility, which puts it in its ledger. Refused when the site is
    /// not registered or belongs to another facility than the window says.
    /// </summary>
    Task<CaptureResult> RecordReadings(ReadingsRecorded window);

    /// <summary>
    /// Records a closed excursion seen live at the site through the site's facility, with the same
    /// checks as <see cref="RecordReadings"/>.
    /// </summary>
    Task<CaptureResult> RecordExcursion(ExcursionRecorded excursion);
}
