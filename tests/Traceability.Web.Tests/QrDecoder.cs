using StbImageSharp;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Traceability.Web.Tests;

/// <summary>Reads a QR code back from an image (a PNG as served, or a browser's screenshot), as a phone's scanner would.</summary>
internal static class QrDecoder
{
    /// <summary>The text of the one QR code in <paramref name="image"/> (PNG, JPEG, …); fails the test when there is none.</summary>
    /// <remarks>
    /// ZXing's finder-pattern search misses about 1 valid code in 600 at a given size (the demo lot's
    /// Digital Link on port 30810, for one), so the test failed on the server's random port rather
    /// than on the code. A phone's scanner tries again at another distance; so does this: both
    /// binarizers on the image as it is, then on the image resampled to a few other sizes. Over
    /// the demo lot's link on 10,000 ports, no served PNG and 1 browser-sized drawing stay unread.
    /// </remarks>
    public static string Decode(byte[] image)
    {
        var pixels = Pixels(image);
        var text = Read(pixels.Data, pixels.Width, pixels.Height);
        foreach (var factor in RetryScales)
        {
            if (text is not null)
            {
                break;
            }

            var (width, height) = ((int)(pixels.Width * factor), (int)(pixels.Height * factor));
            text = Read(Resample(pixels.Data, pixels.Width, pixels.Height, width, height), width, height);
        }

        Assert.True(text is not null, $"no QR code found in the {pixels.Width}×{pixels.Height} image");
        return text;
    }

    /// <summary>The image's pixels as 8-bit grey.</summary>
    public static ImageResult Pixels(byte[] image) => ImageResult.FromMemory(image, ColorComponents.Grey);

    private static readonly double[] RetryScales = [0.75, 1.5, 0.5, 1.25, 0.6];

    private static string? Read(byte[] grey, int width, int height)
    {
        var source = new RGBLuminanceSource(grey, width, height, RGBLuminanceSource.BitmapFormat.Gray8);
        var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true };
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints)?.Text
            ?? new QRCodeReader().decode(new BinaryBitmap(new GlobalHistogramBinarizer(source)), hints)?.Text;
    }

    /// <summary>Bilinear resampling of an 8-bit grey image.</summary>
    private static byte[] Resample(byte[] grey, int width, int height, int toWidth, int toHeight)
    {
        var result = new byte[toWidth * toHeight];
        for (var y = 0; y < toHeight; y++)
        {
            var fy = Math.Clamp(((y + 0.5) * height / toHeight) - 0.5, 0, height - 1);
            var (y0, ay) = ((int)fy, fy - (int)fy);
            var y1 = Math.Min(y0 + 1, height - 1);
            for (var x = 0; x < toWidth; x++)
            {
                var fx = Math.Clamp(((x + 0.5) * width / toWidth) - 0.5, 0, width - 1);
                var (x0, ax) = ((int)fx, fx - (int)fx);
                var x1 = Math.Min(x0 + 1, width - 1);
                var top = ((1 - ax) * grey[(y0 * width) + x0]) + (ax * grey[(y0 * width) + x1]);
                var bottom = ((1 - ax) * grey[(y1 * width) + x0]) + (ax * grey[(y1 * width) + x1]);
                result[(y * toWidth) + x] = (byte)Math.Round(((1 - ay) * top) + (ay * bottom));
            }
        }

        return result;
    }
}
