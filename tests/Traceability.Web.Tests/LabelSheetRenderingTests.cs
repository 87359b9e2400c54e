using AngleSharp.Html.Parser;
using Traceability.Events;
using Traceability.Web.Qr;

namespace Traceability.Web.Tests;

public sealed class LabelSheetRenderingTests
{
    // Set 82 lets a lot code hold '<', '&', '"' and '\''; a product name can hold anything.
    private const string Lot = "M<&\"'>1";

    private static readonly LotPacked Packed = new("HTX-NL", "08936204000138", Lot, "PACK-1", 130, 200, new(2026, 2, 18), new(2027, 2, 18), []);

    private static readonly ProductRegistered Product = new("HTX-NL", "08936204000138", "Mứt <b>sâm</b> & \"ngon\"", "Jam", 3);

    private static IReadOnlyList<PrintedLabel> Labels(int count, bool serials = false) =>
        [.. Enumerable.Range(1, count).Select(n => new PrintedLabel($"https://qr.example.vn/01/08936204000138/10/M1{(serials ? $"/21/{n:000}" : "")}", serials ? $"{n:000}" : null))];

    [Fact]
    public void EveryTextIsHtmlEncoded()
    {
        var html = LabelSheet.Render(Packed, Product, Labels(2));

        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("M<&", html, StringComparison.Ordinal);
        var sheet = new HtmlParser().ParseDocument(html);
        Assert.Equal(["Mứt <b>sâm</b> & \"ngon\"", "Mứt <b>sâm</b> & \"ngon\""], sheet.QuerySelectorAll(".name").Select(n => n.TextContent));
        Assert.Equal([Lot, Lot], sheet.QuerySelectorAll("dd.lot").Select(n => n.TextContent));
        Assert.Equal($"Nhãn lô {Lot} · Mứt <b>sâm</b> & \"ngon\"", sheet.Title);
    }

    [Fact]
    public void VietnameseLettersStayReadableInTheUtf8Source()
    {
        var html = LabelSheet.Render(Packed, Product with { NameVi = "Mứt sâm dây Ngọc Linh" }, Labels(1));

        Assert.Contains("Mứt sâm dây Ngọc Linh", html, StringComparison.Ordinal);
        Assert.Contains("<meta charset=\"utf-8\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(24, 1)]
    [InlineData(25, 2)]
    [InlineData(500, 21)]
    public void LabelsFillA4SheetsOf24(int count, int sheets)
    {
        var sheet = new HtmlParser().ParseDocument(LabelSheet.Render(Packed, Product, Labels(count)));

        Assert.Equal(sheets, sheet.QuerySelectorAll("section.sheet").Length);
        Assert.Equal(count, sheet.QuerySelectorAll("section.sheet > .label").Length);
        Assert.Equal(count, sheet.QuerySelectorAll(".label .qr > svg").Length);
    }

    [Fact]
    public void AnUnregisteredProductLeavesTheLabelWithItsGtinAndNoStars()
    {
        var sheet = new HtmlParser().ParseDocument(LabelSheet.Render(Packed, null, Labels(1)));

        Assert.Null(sheet.QuerySelector(".name"));
        Assert.Null(sheet.QuerySelector(".ocop"));
        Assert.Equal("08936204000138", sheet.QuerySelector("dd.gtin")?.TextContent);
    }
}
