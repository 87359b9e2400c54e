using Traceability.Identifiers;

namespace Traceability.Abstractions.Tests.Identifiers;

public sealed class RecordIdTests
{
    [Theory]
    [InlineData("HTX-NGOCLINH")]
    [InlineData("NL-TK123-K4-L2")]
    [InlineData("SD-2026-001")]
    [InlineData("site_01.drying")]
    [InlineData("a")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")] // 64 characters
    public void WhenAnIdentifierUsesLettersDigitsDotsUnderscoresAndHyphens_ItIsValid(string id)
    {
        Assert.True(RecordId.IsValid(id, out var error), error);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData("SD 2026", ' ')]
    [InlineData("SD/2026", '/')]
    [InlineData("SD:2026", ':')]
    [InlineData("SD#1", '#')]
    [InlineData("HTX?x=1", '?')]
    [InlineData("Ngọc-Linh", 'ọ')]
    [InlineData("Đăk-Glei", 'Đ')]
    [InlineData("SD%201", '%')]
    public void WhenAnIdentifierHasACharacterThatNeedsEscapingInAUrl_ThatCharacterIsNamed(string id, char forbidden)
    {
        Assert.False(RecordId.IsValid(id, out var error));
        Assert.Equal($"contains '{forbidden}'; only letters, digits, '.', '_' and '-' are allowed", error);
    }

    [Fact]
    public void WhenAnIdentifierHasSixtyFiveCharacters_ItIsTooLong()
    {
        Assert.False(RecordId.IsValid(new string('A', 65), out var error));
        Assert.Equal("must have at most 64 characters, not 65", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void WhenNoIdentifierIsGiven_ItIsRequired(string? id)
    {
        Assert.False(RecordId.IsValid(id, out var error));
        Assert.Equal("is required", error);
    }
}
