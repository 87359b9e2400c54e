using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Traceability.Web.Page;

/// <summary>HTML encoding that escapes markup but leaves Vietnamese letters as they are (a smaller, readable page).</summary>
internal static class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? value) => value is null ? string.Empty : Encoder.Encode(value);
}
