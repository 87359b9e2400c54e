using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

public sealed class BatchQuantitySyntaxTests
{
    [Theory]
    [InlineData("B-1=12500", "B-1", 12500)]
    [InlineData(" B-1 =7", "B-1", 7)]
    [InlineData("TK123:K2=100", "TK123:K2", 100)]
    public void WhenAPortionIsWellFormedThenItIsRead(string text, string batchId, long grams)
    {
        Assert.True(BatchQuantitySyntax.TryParsePortion(text, out var portion, out var error), error);

        Assert.Equal(new BatchPortion { BatchId = batchId, MassG = grams }, portion);
    }

    [Theory]
    [InlineData("X=abc", "'X=abc': 'abc' is not a whole number of grams above 0")]
    [InlineData("X=1.5", "'X=1.5': '1.5' is not a whole number of grams above 0")]
    [InlineData("X=-3", "'X=-3': '-3' is not a whole number of grams above 0")]
    [InlineData("X=0", "'X=0': '0' is not a whole number of grams above 0")]
    [InlineData("X=1,000", "'X=1,000': '1,000' is not a whole number of grams above 0")]
    [InlineData("X=12kg", "'X=12kg': '12kg' is not a whole number of grams above 0")]
    [InlineData("X=", "'X=': '' is not a whole number of grams above 0")]
    [InlineData("X=99999999999999999999", "'X=99999999999999999999': '99999999999999999999' is not a whole number of grams above 0")]
    [InlineData("X", "'X' is not BATCH=GRAMS")]
    [InlineData("=100", "'=100' is not BATCH=GRAMS")]
    [InlineData("", "'' is not BATCH=GRAMS")]
    public void WhenAPortionIsMalformedThenTheErrorSaysWhy(string text, string expected)
    {
        Assert.False(BatchQuantitySyntax.TryParsePortion(text, out _, out var error));

        Assert.Equal(expected, error);
    }

    [Fact]
    public void WhenAPortionCarriesADescriptionThenItIsRefused()
    {
        Assert.False(BatchQuantitySyntax.TryParsePortion("X=100:dried", out _, out var error));

        Assert.Equal("'X=100:dried': '100:dried' is not a whole number of grams above 0", error);
    }

    [Theory]
    [InlineData("B-DRY=9600:sliced dried roots", "B-DRY", 9600, "sliced dried roots")]
    [InlineData("B-DRY=9600", "B-DRY", 9600, "")]
    [InlineData("B-DRY=9600:", "B-DRY", 9600, "")]
    [InlineData("B-DRY=9600:roots: grade A", "B-DRY", 9600, "roots: grade A")]
    public void WhenAnOutputIsWellFormedThenItIsRead(string text, string batchId, long grams, string description)
    {
        Assert.True(BatchQuantitySyntax.TryParseOutput(text, out var output, out var error), error);

        Assert.Equal(new BatchOutput { BatchId = batchId, MassG = grams, Description = description }, output);
    }

    [Theory]
    [InlineData("B-DRY=abc:dried", "'B-DRY=abc:dried': 'abc' is not a whole number of grams above 0")]
    [InlineData("B-DRY=:dried", "'B-DRY=:dried': '' is not a whole number of grams above 0")]
    [InlineData("B-DRY:dried", "'B-DRY:dried' is not BATCH=GRAMS[:description]")]
    public void WhenAnOutputIsMalformedThenTheErrorSaysWhy(string text, string expected)
    {
        Assert.False(BatchQuantitySyntax.TryParseOutput(text, out _, out var error));

        Assert.Equal(expected, error);
    }

    [Fact]
    public void WhenPackIsGivenABadInputThenTheParserNamesTheOption()
    {
        var errors = Cli.New().ParseErrors(
            "pack HTX-XOP 08935049500017 L2410-01 --site S --units 120 --net-g 100 --produced 2024-10-10 --expires 2026-10-10 --input B-1=lots");

        Assert.Equal(["--input: 'B-1=lots': 'lots' is not a whole number of grams above 0"], errors);
    }
}
