using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using QRCoder;
using Traceability.Events;

namespace Traceability.Web.Qr;

/// <summary>
/// A lot's printable label sheet: one self-contained HTML page (print CSS and SVG QR codes inline,
/// no script, nothing fetched) laid out on A4 sticker sheets of 3 × 8 labels of 70 × 37 mm, a
/// common sheet of 24 labels without margins. Each label carries the QR code of the lot's
/// Digital Link URI and what a buyer and an inspector read on a package: the product's Vietnamese
/// name, OCOP stars, GTIN, lot, production and expiry dates, net mass, and the package's serial.
/// Pure and thread-safe.
/// </summary>
internal static class LabelSheet
{
    /// <summary>Labels across an A4 sheet.</summary>
    public const int Columns = 3;

    /// <summary>Labels down an A4 sheet.</summary>
    public const int Rows = 8;

    /// <summary>Labels on one A4 sheet.</summary>
    public const int PerPage = Columns * Rows;

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    // 3 × 70 mm fill the width; 8 × 37 mm = 296 mm leave 0.5 mm above the first row (and a sheet
    // a hair shorter than A4, so that a rounding never pushes an empty page out of the printer).
    private const string Style = """
        @page { size: A4 portrait; margin: 0; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0; background: #d9d9d9; color: #000; font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
        .screen { max-width: 210mm; margin: 0 auto; padding: 6mm 0 4mm; font-size: 11pt; line-height: 1.4; }
        .screen h1 { font-size: 14pt; margin: 0 0 2mm; }
        .screen p { margin: 0 0 1mm; }
        .sheet { width: 210mm; height: 296.5mm; margin: 0 auto 6mm; padding-top: 0.5mm; background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, .3);
          display: grid; grid-template-columns: repeat(3, 70mm); grid-template-rows: repeat(8, 37mm); overflow: hidden; break-after: page; }
        .sheet:last-child { break-after: auto; }
        .label { width: 70mm; height: 37mm; padding: 2mm; display: flex; align-items: center; gap: 1.5mm; overflow: hidden; outline: 1px dashed #bbb; outline-offset: -1px; }
        .qr { flex: none; width: 30mm; height: 30mm; }
        .qr svg { display: block; width: 100%; height: 100%; }
        .text { flex: 1; min-width: 0; font-size: 6.5pt; line-height: 1.25; }
        .name { margin: 0 0 .6mm; font-size: 8pt; font-weight: 700; line-height: 1.15; max-height: 2.3em; overflow: hidden; }
        .ocop { margin: 0 0 .6mm; font-weight: 700; }
        .stars { color: #b8860b; letter-spacing: .05em; }
        dl { margin: 0; display: grid; grid-template-columns: auto 1fr; column-gap: 1mm; }
        dt { white-space: nowrap; }
        dd { margin: 0; font-weight: 700; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-variant-numeric: tabular-nums; }
        @media print {
          body { background: none; }
          .screen { display: none; }
          .sheet { margin: 0; box-shadow: none; }
          .label { outline: none; }
        }
        """;

    /// <summary>
    /// The sheet for <paramref name="labels"/> of <paramref name="lot"/>; <paramref name="product"/>
    /// names it (when the product is not registered, the labels carry the GTIN alone).
    /// </summary>
    public static string Render(LotPacked lot, ProductRegistered? product, IReadOnlyList<PrintedLabel> labels, QRCodeGenerator.ECCLevel ecc = QRCodeGenerator.ECCLevel.M)
    {
        ArgumentNullException.ThrowIfNull(lot);
        ArgumentNullException.ThrowIfNull(labels);
        var pages = (labels.Count + PerPage - 1) / PerPage;
        var name = product?.NameVi is { Length: > 0 } vi ? vi : null;
        var html = new StringBuilder(4096 + (labels.Count * 4096));
        html.Append("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light\">\n")
            .Append("<title>Nhãn lô ").Append(Encode(lot.LotCode)).Append(name is null ? "" : " · " + Encode(name)).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");

        html.Append("<header class=\"screen\">\n<h1>Nhãn lô ").Append(Encode(lot.LotCode)).Append(" · ").Append(Encode(name ?? lot.Gtin)).Append("</h1>\n")
            .Append(Invariant($"<p><strong>In trang này</strong> (Ctrl+P) trên giấy decal A4 {Columns} × {Rows} nhãn 70 × 37 mm: khổ A4, tỉ lệ 100 %, không lề, không đầu trang và chân trang. {labels.Count} nhãn, {pages} trang.</p>\n"))
            .Append(Invariant($"<p lang=\"en\">Print this page on A4 sheets of {Columns} × {Rows} labels of 70 × 37 mm: A4, 100 % scale, no margins, no headers and footers. {labels.Count} labels, {pages} page(s).</p>\n"))
            .Append("</header>\n<main>\n");

        // Labels without serials all carry the same code: draw it once.
        string? shared = null;
        for (var i = 0; i < labels.Count; i++)
        {
            if (i % PerPage == 0)
            {
                html.Append(i == 0 ? "<section class=\"sheet\">\n" : "</section>\n<section class=\"sheet\">\n");
            }

            var label = labels[i];
            var svg = label.Serial is null ? shared ??= QrImages.Svg(label.DigitalLink, ecc) : QrImages.Svg(label.DigitalLink, ecc);
            AppendLabel(html, lot, product, name, label, svg);
        }

        if (labels.Count > 0)
        {
            html.Append("</section>\n");
        }

        return html.Append("</main>\n</body>\n</html>\n").ToString();
    }

    private static void AppendLabel(StringBuilder html, LotPacked lot, ProductRegistered? product, string? name, PrintedLabel label, string svg)
    {
        html.Append("<article class=\"label\"");
        if (label.Serial is not null)
        {
            html.Append(" data-serial=\"").Append(Encode(label.Serial)).Append('"');
        }

        html.Append(">\n<div class=\"qr\" role=\"img\" aria-label=\"QR ").Append(Encode(label.DigitalLink)).Append("\" data-uri=\"").Append(Encode(label.DigitalLink)).Append("\">")
            .Append(svg.Trim()).Append("</div>\n<div class=\"text\">\n");
        if (name is not null)
        {
            html.Append("<p class=\"name\">").Append(Encode(name)).Append("</p>\n");
        }

        if (product is { OcopStars: > 0 } rated)
        {
            html.Append(Invariant($"<p class=\"ocop\" title=\"OCOP {rated.OcopStars} sao / {rated.OcopStars} stars\" data-stars=\"{rated.OcopStars}\">OCOP <span class=\"stars\">"))
                .Append('★', rated.OcopStars).Append("</span></p>\n");
        }

        html.Append("<dl>\n");
        Field(html, "GTIN", "gtin", lot.Gtin);
        Field(html, "Lô/Lot", "lot", lot.LotCode);
        DateField(html, "NSX/MFG", "produced", lot.ProducedOn);
        DateField(html, "HSD/EXP", "expires", lot.ExpiresOn);
        Field(html, "KL/Net", "net", Invariant($"{lot.NetMassPerUnitGrams} g"));
        if (label.Serial is not null)
        {
            Field(html, "Số/SN", "serial", label.Serial);
        }

        html.Append("</dl>\n</div>\n</article>\n");
    }

    private static void Field(StringBuilder html, string term, string kind, string value) =>
        html.Append("<dt>").Append(Encode(term)).Append("</dt><dd class=\"").Append(kind).Append("\">").Append(Encode(value)).Append("</dd>\n");

    private static void DateField(StringBuilder html, string term, string kind, DateOnly date) =>
        html.Append("<dt>").Append(Encode(term)).Append("</dt><dd class=\"").Append(kind).Append("\"><time datetime=\"")
            .Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("\">")
            .Append(date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)).Append("</time></dd>\n");

    private static string Encode(string text) => Encoder.Encode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
