using Traceability.Ingestion.Alerts;
using Traceability.Profiles;

namespace Traceability.Ingestion.Tests.Alerts;

/// <summary>The limits a test gives one site, in place of the server's profile catalogue: <paramref name="profile"/> at that site, none elsewhere.</summary>
internal sealed class OneSiteAlertProfiles(string facility, string site, ConditionProfile profile) : IAlertProfiles
{
    public ValueTask<ConditionProfile?> ForSiteAsync(string facilityId, string siteId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(facilityId == facility && siteId == site ? profile : null);
}
