using Traceability.Profiles;

namespace Traceability.Ingestion.Alerts;

/// <summary>
/// The profiles of <see cref="AlertOptions.Profiles"/>: for a site, the first entry naming it, else the
/// first naming its facility and no site, else the first naming neither; null when none applies.
/// The default when no profile store is wired (and none configured: no alerts). Thread-safe.
/// </summary>
public sealed class ConfiguredAlertProfiles(AlertOptions options) : IAlertProfiles
{
    private readonly (ConfiguredAlertProfile Entry, ConditionProfile Profile)[] _profiles = [.. options.Profiles.Select(p => (p, p.ToProfile()))];

    public ValueTask<ConditionProfile?> ForSiteAsync(string facilityId, string siteId, CancellationToken cancellationToken)
    {
        ConditionProfile? found = null;
        var rank = int.MaxValue;
        foreach (var (entry, profile) in _profiles)
        {
            var applies = (entry.Facility is null || entry.Facility == facilityId) && (entry.Site is null || entry.Site == siteId);
            var thisRank = entry.Site is not null ? 0 : entry.Facility is not null ? 1 : 2;
            if (applies && thisRank < rank)
            {
                (found, rank) = (profile, thisRank);
            }
        }

        return ValueTask.FromResult(found);
    }
}
