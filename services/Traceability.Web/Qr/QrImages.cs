using System.Text;
using QRCoder;

namespace Traceability.Web.Qr;

/// <summary>
/// QR code images of a text (a Digital Link URI), drawn by QRCoder: black modules on white with
/// the 4-module quiet zone ISO/IEC 18004 asks for. Pure and thread-safe.
/// </summary>
internal static class QrImages
{
    /// <summary>
    /// A standalone SVG document: a <c>viewBox</c> of one unit per module (no width or height, so it
    /// scales to whatever holds it), a white background and every dark module in one path.
    /// </summary>
    public static string Svg(string text, QRCodeGenerator.ECCLevel ecc)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, ecc);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(1, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    /// <summary>The SVG document as UTF-8 bytes.</summary>
    public static byte[] SvgBytes(string text, QRCodeGenerator.ECCLevel ecc) => Encoding.UTF8.GetBytes(Svg(text, ecc));

    /// <summary>A 1-bit greyscale PNG with <paramref name="pixelsPerModule"/> pixels to a module's side.</summary>
    public static byte[] Png(string text, QRCodeGenerator.ECCLevel ecc, int pixelsPerModule)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, ecc);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(pixelsPerModule, drawQuietZones: true);
    }
}
