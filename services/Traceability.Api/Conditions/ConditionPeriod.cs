using Traceability.Domain;
using Traceability.Profiles;

namespace Traceability.Api.Conditions;

/// <summary>
/// A window of a site's readings that some goods went through: a processing step, a storage
/// period, or a window an inspector asks about. <paramref name="StepKind"/> is null for storage
/// and site windows; <paramref name="Species"/> and <paramref name="ProductGtin"/> pick the profile.
/// </summary>
public sealed record ConditionPeriod(
    Contracts.V1.PeriodKind Kind,
    string PeriodId,
    string FacilityId,
    string SiteId,
    string SiteName,
    StepKind? StepKind,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<string> Subjects,
    IReadOnlyList<string> Species,
    string? ProductGtin)
{
    /// <summary>The profile that judges this period among <paramref name="latest"/>, or null.</summary>
    public ConditionProfile? ProfileFrom(IEnumerable<ConditionProfile> latest) =>
        Kind == Contracts.V1.PeriodKind.Site ? null : ProfileSelection.For(latest, StepKind, ProductGtin, [.. Species]);
}
