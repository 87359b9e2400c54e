using System.Globalization;
using Traceability.Disclosure;
using Traceability.Domain;

namespace Traceability.Abstractions.Tests.Disclosure;

/// <summary>The generalised outline the public sees of a withheld polygon, and the text its digest covers.</summary>
public sealed class OutlineTests
{
    /// <summary>The Xốp Dùi household plot of the demo.</summary>
    private static readonly GeoPoint[] Plot =
        [new(15.02550, 107.86400), new(15.02610, 107.86530), new(15.02540, 107.86620), new(15.02460, 107.86560), new(15.02470, 107.86430)];

    [Fact]
    public void TheGeneralisedOutlineIsTheBoundingBoxSnappedOutwardToTheHundredthOfADegree()
    {
        var outline = Outline.Generalise(Plot);

        Assert.Equal([new(15.02, 107.86), new(15.02, 107.87), new(15.03, 107.87), new(15.03, 107.86)], outline);
    }

    [Fact]
    public void TheGeneralisedOutlineContainsEveryPointAndNoneOfItsCoordinates()
    {
        var outline = Outline.Generalise(Plot);
        var coordinates = outline.SelectMany(p => new[] { p.Latitude, p.Longitude }).ToHashSet();

        Assert.All(Plot, p => Assert.InRange(p.Latitude, outline.Min(o => o.Latitude), outline.Max(o => o.Latitude)));
        Assert.All(Plot, p => Assert.InRange(p.Longitude, outline.Min(o => o.Longitude), outline.Max(o => o.Longitude)));
        Assert.DoesNotContain(Plot, p => coordinates.Contains(p.Latitude) || coordinates.Contains(p.Longitude));
    }

    [Theory]
    [InlineData(-33.8671, 151.2071)]
    [InlineData(0.004, -0.004)]
    [InlineData(15.0799999, 107.9)]
    public void EveryCornerIsOnTheGridAndPrintsShort(double latitude, double longitude)
    {
        var outline = Outline.Generalise([new(latitude, longitude), new(latitude + 0.0031, longitude + 0.0042), new(latitude - 0.001, longitude + 0.001)]);

        Assert.All(outline.SelectMany(p => new[] { p.Latitude, p.Longitude }), c =>
            Assert.True(c.ToString("R", CultureInfo.InvariantCulture).Split('.').ElementAtOrDefault(1) is null or { Length: <= 2 }, c.ToString("R", CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void TheCanonicalTextIsEachPointAsLatitudeCommaLongitudeJoinedBySemicolons() =>
        Assert.Equal("15.0255,107.864;15.0261,107.8653;15.0254,107.8662;15.0246,107.8656;15.0247,107.8643", Outline.CanonicalText(Plot));

    [Fact]
    public void AnEmptyBoundaryHasNoOutline() => Assert.Empty(Outline.Generalise([]));
}
