namespace Traceability.Rules;

/// <summary>
/// Species names as the rules compare them: without regard to case, so that "Codonopsis javanica"
/// and "codonopsis javanica" are one species.
/// </summary>
public static class SpeciesNames
{
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>The distinct species of <paramref name="names"/> (first spelling kept), in order.</summary>
    public static string[] Merge(IEnumerable<string> names) =>
        [.. names.Distinct(Comparer).Order(Comparer)];
}
