using Traceability.Identifiers;

namespace Traceability.Abstractions.Tests.Identifiers;

public sealed class GtinTests
{
    [Theory]
    [InlineData("96385074", "00000096385074")] // GTIN-8
    [InlineData("036000291452", "00036000291452")] // GTIN-12 (UPC-A)
    [InlineData("8934567890120", "08934567890120")] // GTIN-13, Vietnam prefix 893
    [InlineData("8938521000013", "08938521000013")] // GTIN-13 of the dried vine ginseng
    [InlineData("4006381333931", "04006381333931")] // GTIN-13 printed on a European product
    [InlineData("18934567890127", "18934567890127")] // GTIN-14 of a case (indicator 1)
    [InlineData("08938521000013", "08938521000013")] // already 14 digits
    public void WhenAGtinOfAnyLengthHasItsCheckDigit_ItIsHeldAsFourteenDigits(string given, string expected)
    {
        var valid = Gtin.TryNormalize(given, out var gtin14, out var error);

        Assert.True(valid, error);
        Assert.Equal(expected, gtin14);
        Assert.Empty(error);
    }

    [Fact]
    public void WhenAGtinIsSurroundedBySpaces_ItIsTrimmedBeforeChecking()
    {
        Assert.True(Gtin.TryNormalize(" 8938521000013 ", out var gtin14, out _));
        Assert.Equal("08938521000013", gtin14);
    }

    [Theory]
    [InlineData("96385075", 4, '5')]
    [InlineData("036000291453", 2, '3')]
    [InlineData("8934567890121", 0, '1')]
    [InlineData("8938521000010", 3, '0')]
    [InlineData("18934567890120", 7, '0')]
    public void WhenTheCheckDigitIsWrong_TheExpectedDigitIsNamed(string given, int expected, char got)
    {
        var valid = Gtin.TryNormalize(given, out var gtin14, out var error);

        Assert.False(valid);
        Assert.Empty(gtin14);
        Assert.Equal($"has a wrong check digit: expected {expected}, got {got}", error);
    }

    [Fact]
    public void WhenTwoAdjacentDigitsAreSwapped_TheCheckDigitCatchesIt()
    {
        // 8938521000013 with "52" keyed as "25": the commonest slip when copying a barcode by hand.
        Assert.False(Gtin.TryNormalize("8938251000013", out _, out var error));
        Assert.StartsWith("has a wrong check digit", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("893852100001A")]
    [InlineData("8938521-00013")]
    [InlineData("893852100 013")]
    [InlineData("８９３８５２１００００１３")] // full-width digits, as some phone keyboards type them
    [InlineData("٨٩٣٨٥٢١٠٠٠٠١٣")] // Arabic-Indic digits: char.IsDigit says yes, GS1 says no
    public void WhenAGtinContainsAnythingButAsciiDigits_ItIsRefused(string given)
    {
        Assert.False(Gtin.TryNormalize(given, out var gtin14, out var error));
        Assert.Empty(gtin14);
        Assert.Equal("must contain digits only", error);
    }

    [Theory]
    [InlineData("1234567", 7)]
    [InlineData("963850749", 9)]
    [InlineData("89385210000", 11)]
    [InlineData("189345678901270", 15)]
    [InlineData("1", 1)]
    public void WhenAGtinHasALengthGs1DoesNotDefine_ItIsRefusedWithItsLength(string given, int length)
    {
        Assert.False(Gtin.TryNormalize(given, out var gtin14, out var error));
        Assert.Empty(gtin14);
        Assert.Equal($"must have 8, 12, 13 or 14 digits, not {length}", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void WhenNoGtinIsGiven_ItIsRequired(string? given)
    {
        Assert.False(Gtin.TryNormalize(given, out var gtin14, out var error));
        Assert.Empty(gtin14);
        Assert.Equal("is required", error);
    }

    [Theory]
    [InlineData("0893852100001", 3)]
    [InlineData("0893456789012", 0)]
    [InlineData("0003600029145", 2)]
    [InlineData("0000009638507", 4)]
    [InlineData("1893456789012", 7)]
    [InlineData("0000000000000", 0)]
    public void CheckDigitIsTheGs1Modulo10OfTheThirteenLeadingDigits(string first13, int expected) =>
        Assert.Equal(expected, Gtin.CheckDigit(first13));
}
