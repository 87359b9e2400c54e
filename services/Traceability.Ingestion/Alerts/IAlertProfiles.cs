using Traceability.Profiles;

namespace Traceability.Ingestion.Alerts;

/// <summary>
/// Where the excursion watch learns a site's limits: the condition profile that applies to the
/// site now (its current step's, or storage's), or null when nothing is judged there. Profiles
/// change; the watch remembers an answer for <see cref="AlertOptions.ProfileCacheSeconds"/>
/// (<see cref="CachedAlertProfiles"/>). Implementations must be thread-safe.
/// </summary>
public interface IAlertProfiles
{
    /// <summary>The profile whose limits apply at <paramref name="siteId"/> of <paramref name="facilityId"/>, or null.</summary>
    ValueTask<ConditionProfile?> ForSiteAsync(string facilityId, string siteId, CancellationToken cancellationToken);
}
