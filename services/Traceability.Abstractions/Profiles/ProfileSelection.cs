using Traceability.Domain;

namespace Traceability.Profiles;

/// <summary>
/// Which profile judges a period: among the latest versions, the one for the period's scope (and
/// step kind) that is most specific — for the product, then for the species, then for any.
/// Pure and thread-safe.
/// </summary>
public static class ProfileSelection
{
    /// <summary>
    /// The profile for a step of <paramref name="kind"/> (or, with <paramref name="kind"/> null, for
    /// storage) of goods of <paramref name="productGtin"/> and <paramref name="species"/>; null when none applies.
    /// </summary>
    public static ConditionProfile? For(IEnumerable<ConditionProfile> latest, StepKind? kind, string? productGtin, IReadOnlyCollection<string> species)
    {
        ArgumentNullException.ThrowIfNull(latest);
        ArgumentNullException.ThrowIfNull(species);
        ConditionProfile? best = null;
        var bestRank = -1;
        foreach (var profile in latest)
        {
            if (!InScope(profile, kind))
            {
                continue;
            }

            var rank = Rank(profile, productGtin, species);
            // Ties go to the lowest id, so that the choice never depends on the catalogue's order.
            if (rank >= 0 && (best is null || rank > bestRank || (rank == bestRank && string.CompareOrdinal(profile.ProfileId, best.ProfileId) < 0)))
            {
                best = profile;
                bestRank = rank;
            }
        }

        return best;
    }

    /// <summary>Whether <paramref name="species"/> (a full name) is one of <paramref name="patterns"/> (full names or genera).</summary>
    public static bool Matches(IReadOnlyCollection<string> patterns, string species)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(species);
        var name = species.Trim();
        foreach (var pattern in patterns)
        {
            if (string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase)
                || (!pattern.Contains(' ', StringComparison.Ordinal) && name.StartsWith(pattern + " ", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InScope(ConditionProfile profile, StepKind? kind) =>
        kind is null ? profile.Scope == ProfileScope.Storage : profile.Scope == ProfileScope.Step && profile.StepKind == kind;

    /// <summary>2: for the product; 1: for the species; 0: for anything; −1: not for these goods.</summary>
    private static int Rank(ConditionProfile profile, string? productGtin, IReadOnlyCollection<string> species)
    {
        if (profile.ProductGtin is { } gtin)
        {
            return gtin == productGtin ? 2 : -1;
        }

        if (profile.Species.Length > 0)
        {
            return species.Count > 0 && species.All(s => Matches(profile.Species, s)) ? 1 : -1;
        }

        return 0;
    }
}
