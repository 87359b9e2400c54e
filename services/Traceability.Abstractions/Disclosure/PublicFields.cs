using Traceability.Domain;

namespace Traceability.Disclosure;

/// <summary>
/// The field-level public marking (docs/public-fields.md): every value that is private by default,
/// and when. Everything else a facility records is public: places down to the commune, area codes,
/// species, certifications, masses, dates, sites, facility names, and the outlines of cooperatives'
/// and enterprises' areas. Pure and thread-safe.
/// </summary>
public static class PublicFields
{
    /// <summary>Every private-by-default value.</summary>
    public static IReadOnlyList<PrivateFieldRule> Private { get; } =
    [
        new(PrivateField.Harvester, "BatchHarvested", "publish_harvester", "tr:harvester", "tr:harvesterDigest", "always"),
        new(PrivateField.Operator, "StepRecorded", "publish_operator", "tr:operator", "tr:operatorDigest", "always"),
        new(PrivateField.ExactOutline, "AreaRegistered", "publish_exact_outline", "tr:boundary", "tr:exactBoundaryDigest", "the area's facility is a household"),
        new(PrivateField.AreaOwner, "AreaRegistered", "publish_owner", "tr:owner", "tr:ownerDigest", "always"),
    ];

    /// <summary>
    /// Whether <paramref name="field"/> is withheld when the producer does not say, for a facility of
    /// <paramref name="facilityKind"/> (null when unknown: then withheld).
    /// </summary>
    public static bool PrivateByDefault(PrivateField field, FacilityKind? facilityKind) => field switch
    {
        PrivateField.ExactOutline => facilityKind is null or FacilityKind.Household,
        _ => true,
    };

    /// <summary>The catalogue's entry of <paramref name="field"/>.</summary>
    public static PrivateFieldRule Rule(PrivateField field) => Private.First(r => r.Field == field);
}
