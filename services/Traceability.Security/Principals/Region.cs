namespace Traceability.Security.Principals;

/// <summary>
/// An administrative place: a province and, within it, optionally a district. As an inspector's
/// scope it covers the province, or only the district when one is named; as a facility's
/// location it names where the facility is.
/// </summary>
public sealed record Region(string Province, string? District = null)
{
    /// <summary>Whether <paramref name="place"/> lies inside this region (same province, and same district when this region names one).</summary>
    public bool Covers(Region? place) =>
        place is not null
        && string.Equals(Province, place.Province, StringComparison.Ordinal)
        && (District is null || string.Equals(District, place.District, StringComparison.Ordinal));

    public override string ToString() => District is null ? Province : $"{Province}/{District}";
}
