using System.Xml.Linq;
using QRCoder;
using Traceability.Web.DigitalLinks;
using Traceability.Web.Qr;

namespace Traceability.Web.Tests;

public sealed class QrImagesTests
{
    [Fact]
    public void ALotCodeThatNeedsPercentEncodingIsScannedBackAsTheEscapedUri()
    {
        // Set 82 allows '/', '%', '&' and '?'; GS1 Digital Link escapes them in the path.
        var uri = DigitalLinkPath.Uri("https://qr.example.vn", "08936204000114", "NL/26?&%1", "S/1");

        var text = QrDecoder.Decode(QrImages.Png(uri, QRCodeGenerator.ECCLevel.M, 4));

        Assert.Equal("https://qr.example.vn/01/08936204000114/10/NL%2F26%3F%26%251/21/S%2F1", text);
        Assert.True(DigitalLinkPath.TryParse(new Uri(text).AbsolutePath, [], out var link, out var error), error);
        Assert.Equal(("NL/26?&%1", "S/1"), (link!.Lot, link.Serial));
    }

    [Fact]
    public void TheSvgDrawsTheSameModulesAsThePngInOnePath()
    {
        const string uri = "https://qr.example.vn/01/08936204000114/10/NL-2026-031";
        var svg = XDocument.Parse(QrImages.Svg(uri, QRCodeGenerator.ECCLevel.M)).Root!;
        var png = QrDecoder.Pixels(QrImages.Png(uri, QRCodeGenerator.ECCLevel.M, 1));

        Assert.Equal($"0 0 {png.Width} {png.Height}", svg.Attribute("viewBox")?.Value);
        Assert.Single(svg.Elements(svg.Name.Namespace + "path"));
    }
}
