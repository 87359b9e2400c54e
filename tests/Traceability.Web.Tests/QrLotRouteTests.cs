using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Traceability.Web.Qr;

namespace Traceability.Web.Tests;

public sealed class QrLotRouteTests
{
    private static DefaultHttpContext Request(string rawTarget)
    {
        var context = new DefaultHttpContext();
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget;
        return context;
    }

    [Theory]
    [InlineData("/v1/lots/08936204000114/NL%2F26/qr.svg", "NL/26")]
    [InlineData("/v1/lots/08936204000114/NL%252F26/qr.png?size=4", "NL%2F26")]
    [InlineData("/prefix/v1/lots/08936204000114/A%3F1/labels/?count=1", "A?1")]
    public void TheLotIsReadFromThePathAsSentAndDecodedOnce(string rawTarget, string lot)
    {
        // The route value would show both of the first two as "NL%2F26".
        Assert.True(LotRoute.TryRead(Request(rawTarget), "8936204000114", "NL%2F26", out var gtin, out var read, out var violation), violation?.ToString());
        Assert.Equal(("08936204000114", lot), (gtin, read));
    }

    [Fact]
    public void WithoutARawTargetTheRouteValueIsTaken()
    {
        var context = new DefaultHttpContext();
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "";

        Assert.True(LotRoute.TryRead(context, "08936204000114", "NL-1", out _, out var lot, out _));
        Assert.Equal("NL-1", lot);
    }

    [Theory]
    [InlineData("08936204000115", "NL-1", "gtin")]
    [InlineData("0893620400011x", "NL-1", "gtin")]
    [InlineData("08936204000114", "NL 1", "lot")]
    public void AMalformedGtinOrLotIsRefusedNamingIt(string gtin, string lot, string field)
    {
        Assert.False(LotRoute.TryRead(Request($"/v1/lots/{gtin}/{Uri.EscapeDataString(lot)}/qr.svg"), gtin, lot, out _, out _, out var violation));
        Assert.Equal(field, violation.Field);
    }
}
