using Traceability.Profiles;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Alerts;

/// <summary>
/// Limits for alerts given in configuration (<c>Alerts:Profiles:n</c>): for one site, every site of a
/// facility, or every site (neither named).
/// </summary>
public sealed class ConfiguredAlertProfile
{
    /// <summary>The facility it applies to, or null for any.</summary>
    public string? Facility { get; set; }

    /// <summary>The site it applies to, or null for any site (of <see cref="Facility"/>).</summary>
    public string? Site { get; set; }

    /// <summary>The profile id alerts and excursions name.</summary>
    public string ProfileId { get; set; } = "configured";

    /// <summary>The profile version alerts and excursions name.</summary>
    public int Version { get; set; } = 1;

    /// <summary>The limits, one per quantity.</summary>
    public IList<ConfiguredLimit> Limits { get; } = [];

    /// <summary>This entry as a condition profile (storage scope; the fields alerts do not use at their defaults).</summary>
    public ConditionProfile ToProfile() => new(
        ProfileId,
        Version,
        ProfileId,
        ProfileScope.Storage,
        StepKind: null,
        ProductGtin: null,
        [.. Limits.Select(l => new QuantityLimit(l.Quantity, l.Min, l.Max))],
        MinimumInRange: null,
        MaxExcursion: TimeSpan.Zero,
        MaxGap: TimeSpan.FromHours(1),
        MaxMeanKineticTemperature: null,
        ChangedAt: DateTimeOffset.UnixEpoch,
        ChangedBy: "configuration",
        Note: "Alerts:Profiles");

    /// <summary>What is wrong with this entry, each message starting with <paramref name="key"/>.</summary>
    public IEnumerable<string> Problems(string key)
    {
        if (Facility is not null && !TelemetryTopics.IsId(Facility))
        {
            yield return $"{key}:Facility '{Facility}' is not an id.";
        }

        if (Site is not null && !TelemetryTopics.IsId(Site))
        {
            yield return $"{key}:Site '{Site}' is not an id.";
        }

        if (string.IsNullOrWhiteSpace(ProfileId) || Version < 1)
        {
            yield return $"{key}: needs a ProfileId and a Version of at least 1.";
        }

        for (var i = 0; i < Limits.Count; i++)
        {
            var limit = Limits[i];
            if (Quantities.Find(limit.Quantity) is null)
            {
                yield return $"{key}:Limits:{i}:Quantity '{limit.Quantity}' is not a quantity ({string.Join(", ", Quantities.All.Select(q => q.Name))}).";
            }

            if (limit.Min is null && limit.Max is null || limit.Min > limit.Max)
            {
                yield return $"{key}:Limits:{i}: needs a Min, a Max or both, Min not above Max.";
            }
        }
    }
}
