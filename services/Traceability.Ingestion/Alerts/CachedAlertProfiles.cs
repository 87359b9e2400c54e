using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Traceability.Profiles;

namespace Traceability.Ingestion.Alerts;

/// <summary>
/// Remembers each site's answer of another <see cref="IAlertProfiles"/> for a while, so the watch asks
/// once per site and period rather than once per reading; a profile changed meanwhile applies from the
/// next period. A failing lookup counts as "no profile" for the period (logged), so a store that is
/// down is not asked once per reading either. Thread-safe.
/// </summary>
public sealed partial class CachedAlertProfiles(IAlertProfiles inner, TimeSpan period, TimeProvider time, ILogger logger) : IAlertProfiles
{
    private readonly ConcurrentDictionary<(string Facility, string Site), (ConditionProfile? Profile, DateTimeOffset Until)> _answers = new();

    public async ValueTask<ConditionProfile?> ForSiteAsync(string facilityId, string siteId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_answers.TryGetValue((facilityId, siteId), out var known) && now < known.Until)
        {
            return known.Profile;
        }

        ConditionProfile? profile;
        try
        {
            profile = await inner.ForSiteAsync(facilityId, siteId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.LookupFailed(logger, e, facilityId, siteId, period.TotalSeconds);
            profile = null;
        }

        _answers[(facilityId, siteId)] = (profile, now + period);
        return profile;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5301, Level = LogLevel.Warning, Message = "The condition profile of site {Site} of {Facility} could not be looked up; no alerts there for {Seconds} s")]
        public static partial void LookupFailed(ILogger logger, Exception exception, string facility, string site, double seconds);
    }
}
