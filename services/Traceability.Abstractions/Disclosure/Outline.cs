using System.Globalization;
using Traceability.Domain;

namespace Traceability.Disclosure;

/// <summary>
/// What the public sees of an area whose exact polygon is withheld: its bounding box snapped
/// outward to the 0.01° grid (about 1.1 km), as four corners; and the canonical text of the exact
/// polygon that the withheld digest commits to. Pure and thread-safe.
/// </summary>
public static class Outline
{
    /// <summary>The grid the generalised outline is snapped to, in degrees.</summary>
    public const decimal GridDegrees = 0.01m;

    /// <summary>How a generalised outline was made, as the EPCIS of an area whose exact polygon is withheld says (<c>tr:boundaryGeneralised</c>).</summary>
    public const string Description = "bounding-box-0.01-degree";

    /// <summary>
    /// The bounding box of <paramref name="boundary"/>, snapped outward to the grid, as four corners
    /// (south-west, south-east, north-east, north-west); empty for an empty boundary.
    /// </summary>
    public static GeoPoint[] Generalise(IReadOnlyList<GeoPoint> boundary)
    {
        ArgumentNullException.ThrowIfNull(boundary);
        if (boundary.Count == 0)
        {
            return [];
        }

        var south = Down(boundary.Min(p => p.Latitude));
        var north = Up(boundary.Max(p => p.Latitude));
        var west = Down(boundary.Min(p => p.Longitude));
        var east = Up(boundary.Max(p => p.Longitude));
        return [new(south, west), new(south, east), new(north, east), new(north, west)];
    }

    /// <summary>
    /// The text the digest of a withheld outline is computed over: each point as
    /// <c>latitude,longitude</c> in the shortest round-trip invariant form, points joined by <c>;</c>
    /// in the recorded order.
    /// </summary>
    public static string CanonicalText(IReadOnlyList<GeoPoint> boundary)
    {
        ArgumentNullException.ThrowIfNull(boundary);
        return string.Join(';', boundary.Select(p =>
            p.Latitude.ToString("R", CultureInfo.InvariantCulture) + "," + p.Longitude.ToString("R", CultureInfo.InvariantCulture)));
    }

    // In decimal, so that a snapped coordinate is the short number it looks like (15.07, not 15.069999…).
    private static double Down(double degrees) => (double)(Math.Floor((decimal)degrees / GridDegrees) * GridDegrees);

    private static double Up(double degrees) => (double)(Math.Ceiling((decimal)degrees / GridDegrees) * GridDegrees);
}
