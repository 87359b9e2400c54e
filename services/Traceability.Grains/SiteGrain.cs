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
    public Task<CaptureResult> RecordReadings(ReadingsRecorded window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return CaptureAtSite(window, window.SiteId);
    }

    public Task<CaptureResult> RecordExcursion(ExcursionRecorded excursion)
    {
        ArgumentNullException.ThrowIfNull(excursion);
        return CaptureAtSite(excursion, excursion.SiteId);
    }

    /// <summary>Passes a fact observed at this site to the site's facility, once it is sure the site is this one and that facility's.</summary>
    private async Task<CaptureResult> CaptureAtSite(FacilityEvent observed, string claimedSiteId)
    {
        var siteId = this.GetPrimaryKeyString();
        if (claimedSiteId != siteId)
        {
            return CaptureResult.Refused(RuleViolation.Invalid("site_id", $"'{claimedSiteId}' is not this site ('{siteId}')"));
        }

        var site = await Describe();
        if (site is null)
        {
            return CaptureResult.Refused(RuleViolation.NotFound("site_id", $"site '{siteId}' is not registered"));
        }

        if (site.Record.FacilityId != observed.FacilityId)
        {
            return CaptureResult.Refused(RuleViolation.Precondition("facility_id", $"site '{siteId}' belongs to facility '{site.Record.FacilityId}', not '{observed.FacilityId}'"));
        }

        return await GrainFactory.GetGrain<IFacilityGrain>(observed.FacilityId).Capture(observed);
    }
}
