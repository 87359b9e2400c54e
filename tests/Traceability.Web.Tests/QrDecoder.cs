using StbImageSharp;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Traceability.Web.Tests;

/// <summary>Reads a QR code back from an image (a PNG as served, or a browser's screenshot), as a phone's scanner would.</summary>
internal static class QrDecoder
{
    /// <summary>The text of the one QR code in <paramref name="image"/> (PNG, JPEG, …); fails the test when there is none.</summary>
    public static string Decode(byte[] image)
    {
        var pixels = Pixels(image);
        var source = new RGBLuminanceSource(pixels.Data, pixels.Width, pixels.Height, RGBLuminanceSource.BitmapFormat.Gray8);
        var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true };
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints);
        Assert.True(result is not null, $"no QR code found in the {pixels.Width}×{pixels.Height} image");
        return result.Text;
    }

    /// <summary>The image's pixels as 8-bit grey.</summary>
    public static ImageResult Pixels(byte[] image) => ImageResult.FromMemory(image, ColorComponents.Grey);
}
