using Traceability.Web.DigitalLinks;

namespace Traceability.Web.Tests;

public sealed class DigitalLinkPathTests
{
    private static DigitalLinkPath Parse(string path, params (string Name, string Value)[] query)
    {
        Assert.True(DigitalLinkPath.TryParse(path, query.Select(q => KeyValuePair.Create(q.Name, q.Value)), out var link, out var error), error);
        return link!;
    }

    private static string Refuse(string path, params (string Name, string Value)[] query)
    {
        Assert.False(DigitalLinkPath.TryParse(path, query.Select(q => KeyValuePair.Create(q.Name, q.Value)), out var link, out var error));
        Assert.Null(link);
        return error;
    }

    [Fact]
    public void A_lot_path_gives_the_gtin_14_and_the_decoded_lot()
    {
        var link = Parse("/01/08936093000318/10/NL%2F2026-01");
        Assert.Equal("08936093000318", link.Gtin);
        Assert.Equal("NL/2026-01", link.Lot);
        Assert.Null(link.Serial);
        Assert.Equal("/01/08936093000318/10/NL%2F2026-01", link.LotPath);
    }

    [Fact]
    public void Shorter_gtins_are_padded_and_a_prefix_serial_and_short_names_are_accepted()
    {
        var link = Parse("/qr/gtin/8936093000318/lot/A1/ser/0042");
        Assert.Equal("08936093000318", link.Gtin);
        Assert.Equal("A1", link.Lot);
        Assert.Equal("0042", link.Serial);
    }

    [Fact]
    public void Query_attributes_are_validated_and_dates_read()
    {
        var link = Parse("/01/08936093000318/10/A1", ("17", "271231"), ("11", "260900"), ("linkType", "gs1:epcis"), ("utm_source", "shop"));
        Assert.Equal(new DateOnly(2027, 12, 31), link.ExpiresOn);
        Assert.Equal(new DateOnly(2026, 9, 30), link.ProducedOn);
        Assert.Equal("gs1:epcis", link.LinkType);
        Assert.False(link.Attributes.ContainsKey("utm_source"));
    }

    [Theory]
    [InlineData("/10/A1", "names no GTIN")]
    [InlineData("/01/08936093000317/10/A1", "wrong check digit")]
    [InlineData("/01/08936093000/10/A1", "must have 8, 12, 13 or 14 digits")]
    [InlineData("/01/08936093000318", "no lot")]
    [InlineData("/01/08936093000318/10", "without a value")]
    [InlineData("/01/08936093000318/10/ABCDEFGHIJKLMNOPQRSTU", "at most 20")]
    [InlineData("/01/08936093000318/10/A%20B", "outside GS1 AI encodable character set 82")]
    [InlineData("/01/08936093000318/21/S1/10/A1", "out of place")]
    [InlineData("/01/08936093000318/17/271231/10/A1", "cannot qualify")]
    public void Malformed_paths_are_refused_with_the_reason(string path, string reason) =>
        Assert.Contains(reason, Refuse(path), StringComparison.Ordinal);

    [Theory]
    [InlineData("17", "271332", "not a date")]
    [InlineData("17", "27123", "not a date")]
    [InlineData("10", "A2", "belongs in the path")]
    [InlineData("3103", "12", "six digits")]
    [InlineData("7003", "2712312460", "YYMMDDhhmm")]
    public void Malformed_attributes_are_refused_with_the_reason(string ai, string value, string reason) =>
        Assert.Contains(reason, Refuse("/01/08936093000318/10/A1", (ai, value)), StringComparison.Ordinal);

    [Fact]
    public void A_uri_round_trips_through_the_parser()
    {
        var uri = new Uri(DigitalLinkPath.Uri("https://qr.example.vn/", "08936093000318", "L/1?2%"));
        Assert.Equal("https://qr.example.vn/01/08936093000318/10/L%2F1%3F2%25", uri.AbsoluteUri);
        Assert.Equal("L/1?2%", Parse(uri.AbsolutePath).Lot);
    }
}
