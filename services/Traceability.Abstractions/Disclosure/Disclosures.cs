using Traceability.Domain;
using Traceability.Events;

namespace Traceability.Disclosure;

/// <summary>
/// How the public marking applies to events: settling the producer's choices at capture, comparing
/// a repeated request with its record, and what a public view shows of a value. Pure (the salts
/// come from the caller) and thread-safe.
/// </summary>
public static class Disclosures
{
    /// <summary>
    /// <paramref name="candidate"/> with every private-by-default value's choice settled: the
    /// producer's when given, else the catalogue's default for a facility of
    /// <paramref name="facilityKind"/>; a withheld value without a salt gets one from
    /// <paramref name="newSalt"/>. Events without such values are returned as they are.
    /// </summary>
    public static FacilityEvent Resolve(FacilityEvent candidate, FacilityKind? facilityKind, Func<string> newSalt)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(newSalt);
        return candidate switch
        {
            BatchHarvested h => h with { HarvesterDisclosure = Settle(h.HarvesterDisclosure, PrivateField.Harvester, facilityKind, newSalt) },
            StepRecorded s => s with { OperatorDisclosure = Settle(s.OperatorDisclosure, PrivateField.Operator, facilityKind, newSalt) },
            AreaRegistered a => a with
            {
                OutlineDisclosure = Settle(a.OutlineDisclosure, PrivateField.ExactOutline, facilityKind, newSalt),
                OwnerDisclosure = Settle(a.OwnerDisclosure, PrivateField.AreaOwner, facilityKind, newSalt),
            },
            _ => candidate,
        };
    }

    /// <summary>
    /// <paramref name="candidate"/> as it would read if it repeated <paramref name="original"/>:
    /// where both made the same choice about a value, the original's salt (a repeat draws a new
    /// one, which changes nothing the producer said); where the original predates the marking (no
    /// choice recorded), none. A different choice is left as it is, so it is not the same fact.
    /// </summary>
    public static FacilityEvent AsRepeatOf(FacilityEvent candidate, FacilityEvent original)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(original);
        return (candidate, original) switch
        {
            (BatchHarvested c, BatchHarvested o) => c with { HarvesterDisclosure = Same(c.HarvesterDisclosure, o.HarvesterDisclosure) },
            (StepRecorded c, StepRecorded o) => c with { OperatorDisclosure = Same(c.OperatorDisclosure, o.OperatorDisclosure) },
            (AreaRegistered c, AreaRegistered o) => c with
            {
                OutlineDisclosure = Same(c.OutlineDisclosure, o.OutlineDisclosure),
                OwnerDisclosure = Same(c.OwnerDisclosure, o.OwnerDisclosure),
            },
            _ => candidate,
        };
    }

    /// <summary>True when the value under <paramref name="disclosure"/> is withheld from the public.</summary>
    public static bool IsWithheld(FieldDisclosure? disclosure) => disclosure is { Published: false };

    /// <summary>The digest of a withheld <paramref name="value"/>; null when it is published (or its salt is missing).</summary>
    public static string? DigestOf(string value, FieldDisclosure? disclosure) =>
        disclosure is { Published: false, Salt: { } salt } && Commitment.IsSalt(salt) ? Commitment.Digest(salt, value) : null;

    /// <summary>The digest of a withheld exact outline; null when it is published.</summary>
    public static string? DigestOf(IReadOnlyList<GeoPoint> boundary, FieldDisclosure? disclosure) =>
        IsWithheld(disclosure) ? DigestOf(Outline.CanonicalText(boundary), disclosure) : null;

    /// <summary>The outline of <paramref name="area"/> the public sees: the generalised one when the exact one is withheld.</summary>
    public static GeoPoint[] PublicBoundary(AreaRegistered area)
    {
        ArgumentNullException.ThrowIfNull(area);
        return IsWithheld(area.OutlineDisclosure) ? Outline.Generalise(area.Boundary ?? []) : area.Boundary;
    }

    private static FieldDisclosure Settle(FieldDisclosure? asked, PrivateField field, FacilityKind? facilityKind, Func<string> newSalt)
    {
        var published = asked?.Published ?? !PublicFields.PrivateByDefault(field, facilityKind);
        if (published)
        {
            return FieldDisclosure.Publish;
        }

        return asked?.Salt is { } salt && Commitment.IsSalt(salt) ? asked : new FieldDisclosure(false, newSalt());
    }

    private static FieldDisclosure? Same(FieldDisclosure? candidate, FieldDisclosure? original) =>
        original is null ? null : candidate?.Published == original.Published ? original : candidate;
}
