using Traceability.Identifiers;

namespace Traceability.Abstractions.Tests.Identifiers;

public sealed class LotCodeTests
{
    [Theory]
    [InlineData("L2605-01")]
    [InlineData("A")]
    [InlineData("SDNL.2026/05_01")]
    [InlineData("12345678901234567890")] // exactly 20 characters
    [InlineData("!\"%&'()*+,-./:;<=>?_")] // every punctuation mark of set 82
    [InlineData("abcdefghijklmnopqrst")]
    [InlineData("ABCDEFGHIJKLMNOPQRST")]
    public void WhenALotCodeUsesSet82AndFitsTwentyCharacters_ItIsValid(string lot)
    {
        Assert.True(LotCode.IsValid(lot, out var error), error);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData("L2605 01", ' ')]
    [InlineData("L#2605", '#')]
    [InlineData("L2605@HTX", '@')]
    [InlineData("$2605", '$')]
    [InlineData("L[2605]", '[')]
    [InlineData("L2605\\1", '\\')]
    [InlineData("L2605^1", '^')]
    [InlineData("L2605`1", '`')]
    [InlineData("L{2605}", '{')]
    [InlineData("L2605|1", '|')]
    [InlineData("L2605~1", '~')]
    [InlineData("SâmDây", 'â')]
    [InlineData("Lăk2605", 'ă')]
    [InlineData("ĐG-2605", 'Đ')]
    [InlineData("L2605\t1", '\t')]
    public void WhenALotCodeHasACharacterOutsideSet82_ThatCharacterIsNamed(string lot, char forbidden)
    {
        Assert.False(LotCode.IsValid(lot, out var error));
        Assert.Equal($"contains '{forbidden}', which is outside GS1 AI encodable character set 82", error);
    }

    [Fact]
    public void WhenALotCodeHasTwentyOneCharacters_ItIsTooLong()
    {
        Assert.False(LotCode.IsValid("123456789012345678901", out var error));
        Assert.Equal("must have at most 20 characters (GS1 AI 10), not 21", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void WhenNoLotCodeIsGiven_ItIsRequired(string? lot)
    {
        Assert.False(LotCode.IsValid(lot, out var error));
        Assert.Equal("is required", error);
    }

    [Fact]
    public void Set82IsExactlyTheEightyTwoCharactersGs1Lists()
    {
        var set82 = Enumerable.Range(0, 0x3000).Select(i => (char)i).Where(LotCode.IsInSet82).ToArray();

        Assert.Equal(82, set82.Length);
        Assert.All(set82, c => Assert.True(c < 0x7F && c > 0x20, $"'{c}' is not printable ASCII"));
    }
}
