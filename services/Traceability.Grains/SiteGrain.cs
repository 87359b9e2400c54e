using Orleans.Runtime;
using Traceability.Events;
using Traceability.Rules;
using Traceability.Storage;
using Traceability.Views;

namespace Traceability.Grains;

/// <inheritdoc cref="ISiteGrain" />
public sealed class SiteGrain(IEventStore store, [PersistentState("view", ViewStorage.Name)] IPersistentState<ViewState<RecordView<SiteRegistered>>> state)
    : RecordGrain<SiteRegistered>(store, state, RecordKind.Site), ISiteGrain
{
    public async Task<CaptureResult> RecordReadings(ReadingsRecorded window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var siteId = this.GetPrimaryKeyString();
        if (window.SiteId != siteId)
        {
            return CaptureResult.Refused(RuleViolation.Invalid("site_id", $"'{window.SiteId}' is not this site ('{siteId}')"));
        }

        var site = await Describe();
        if (site is null)
        {
            return CaptureResult.Refused(RuleViolation.NotFound("site_id", $"site '{siteId}' is not registered"));
        }

        if (site.Record.FacilityId != window.FacilityId)
        {
            return CaptureResult.Refused(RuleViolation.Precondition("facility_id", $"site '{siteId}' belongs to facility '{site.Record.FacilityId}', not '{window.FacilityId}'"));
        }

        return await GrainFactory.GetGrain<IFacilityGrain>(window.FacilityId).Capture(window);
    }
}
