using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using QRCoder;
using Traceability.Web.Qr;

namespace Traceability.Web.Tests;

public sealed class QrQueryTests
{
    private static QueryCollection Query(params (string Name, string Value)[] pairs) =>
        new(pairs.ToDictionary(p => p.Name, p => new StringValues(p.Value)));

    [Fact]
    public void WithoutParametersTheCodeHasNoSerialMediumCorrectionAndTenPixelsAModule()
    {
        Assert.True(QrQuery.TryParse(Query(), out var query, out _));
        Assert.Equal(new QrQuery(null, 10, QRCodeGenerator.ECCLevel.M), query);
    }

    [Theory]
    [InlineData("L", QRCodeGenerator.ECCLevel.L)]
    [InlineData("q", QRCodeGenerator.ECCLevel.Q)]
    [InlineData("H", QRCodeGenerator.ECCLevel.H)]
    public void EveryCorrectionLevelIsAccepted(string ecc, QRCodeGenerator.ECCLevel level)
    {
        Assert.True(QrQuery.TryParse(Query(("ecc", ecc), ("size", "40"), ("serial", "A-01/7")), out var query, out _));
        Assert.Equal(new QrQuery("A-01/7", 40, level), query);
    }

    [Theory]
    [InlineData("size", "0")]
    [InlineData("size", "41")]
    [InlineData("size", "+5")]
    [InlineData("ecc", "")]
    [InlineData("ecc", "MEDIUM")]
    [InlineData("serial", "")]
    [InlineData("serial", "123456789012345678901")]
    [InlineData("serial", "số-1")]
    public void AValueOutsideTheRulesIsRefusedNamingItsParameter(string name, string value)
    {
        Assert.False(QrQuery.TryParse(Query((name, value)), out _, out var violation));
        Assert.Equal(name, violation.Field);
        Assert.DoesNotContain("AI 10", violation.Message, StringComparison.Ordinal);
    }
}
