using Traceability.Api.Conditions;
using Traceability.Grains;
using Traceability.Ingestion.Alerts;
using Traceability.Profiles;

namespace Traceability.Server;

/// <summary>
/// The live excursion watch's limits come from the profile catalogue, as the inspectors' reports'
/// do: the storage profile at a storage site, the drying profile at a drying site, none elsewhere
/// (the same choice as a site's condition report without a named profile). Thread-safe.
/// </summary>
public sealed class SiteAlertProfiles(IGrainFactory grains, ConditionQueries queries) : IAlertProfiles
{
    public async ValueTask<ConditionProfile?> ForSiteAsync(string facilityId, string siteId, CancellationToken cancellationToken)
    {
        var site = await grains.GetGrain<ISiteGrain>(siteId).Describe();
        return site is null || site.Record.FacilityId != facilityId ? null : await queries.SiteProfile(site.Record, null);
    }
}
