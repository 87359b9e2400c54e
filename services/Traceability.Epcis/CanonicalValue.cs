using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Traceability.Epcis;

/// <summary>
/// The value rules of the CBV 2.0 event hash: trimmed, timestamps in UTC at millisecond
/// precision, numbers without trailing zeros, standard vocabulary as GS1 Web URIs, GS1 keys as
/// constrained canonical Digital Link URIs. Pure functions.
/// </summary>
internal static partial class CanonicalValue
{
    private const string CbvWebPrefix = "https://ref.gs1.org/cbv/";

    // urn:epcglobal:cbv:<kind>: values and the CBV 2.0 Web URI term prefix each becomes.
    private static readonly (string Urn, string Web)[] CbvUrns =
    [
        ("urn:epcglobal:cbv:bizstep:", "BizStep-"),
        ("urn:epcglobal:cbv:disp:", "Disp-"),
        ("urn:epcglobal:cbv:btt:", "BTT-"),
        ("urn:epcglobal:cbv:sdt:", "SDT-"),
        ("urn:epcglobal:cbv:er:", "ER-"),
        ("urn:epcglobal:cbv:comp:", "Comp-"),
    ];

    /// <summary>
    /// The canonical form of a standard field's value or of an extension's value
    /// (<see cref="CbvVocabulary.None"/>): empty when nothing but whitespace was given.
    /// </summary>
    public static string Of(string raw, CbvVocabulary vocabulary, JsonLdPrefixes prefixes)
    {
        var text = raw.Trim();
        if (text.Length == 0)
        {
            return text;
        }
        text = prefixes.ExpandValue(BareTerm(text, vocabulary));
        text = WebVocabulary(text);
        text = Number(text);
        return DigitalLink.Normalise(text) ?? text;
    }

    /// <summary>A bare standard term (<c>departing</c>) as the CURIE the EPCIS context makes of it.</summary>
    public static string BareTerm(string text, CbvVocabulary vocabulary)
    {
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return text;
        }
        var (terms, curiePrefix) = vocabulary switch
        {
            CbvVocabulary.BizStep => (CbvTerms.BizSteps, "cbv:BizStep-"),
            CbvVocabulary.Disposition => (CbvTerms.Dispositions, "cbv:Disp-"),
            CbvVocabulary.SourceDestinationType => (CbvTerms.SourceDestinationTypes, "cbv:SDT-"),
            CbvVocabulary.BizTransactionType => (CbvTerms.BizTransactionTypes, "cbv:BTT-"),
            CbvVocabulary.MeasurementType => (CbvTerms.MeasurementTypes, "gs1:"),
            CbvVocabulary.SensorAlarmType => (CbvTerms.SensorAlarmTypes, "gs1:"),
            CbvVocabulary.Component => (CbvTerms.Components, "cbv:Comp-"),
            CbvVocabulary.ErrorReason => (CbvTerms.ErrorReasons, "cbv:ER-"),
            _ => (null, ""),
        };
        return terms is not null && terms.Contains(text) ? curiePrefix + text : text;
    }

    /// <summary><c>urn:epcglobal:cbv:bizstep:receiving</c> → <c>https://ref.gs1.org/cbv/BizStep-receiving</c>.</summary>
    public static string WebVocabulary(string text)
    {
        foreach (var (urn, web) in CbvUrns)
        {
            if (text.StartsWith(urn, StringComparison.Ordinal))
            {
                return CbvWebPrefix + web + text[urn.Length..];
            }
        }
        return text;
    }

    /// <summary>
    /// A decimal number without trailing zeros (<c>1.0</c> → <c>1</c>, <c>0.50</c> → <c>0.5</c>);
    /// anything else unchanged. As in the reference, the number goes through an IEEE double: an
    /// integral value is written in full, a fraction in its shortest round-trip form.
    /// </summary>
    public static string Number(string text)
    {
        if (IsShortPlainNumber(text))
        {
            return text;
        }
        if (!NumberSyntax().IsMatch(text)
            || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || !double.IsFinite(number))
        {
            return text;
        }
        if (Math.Floor(number) == number)
        {
            return new BigInteger(number).ToString(CultureInfo.InvariantCulture);
        }
        return number.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
    }

    /// <summary>
    /// Whether <paramref name="text"/> is a number the rules of <see cref="Number"/> leave as it is:
    /// ASCII digits without sign, exponent or leading zero (<c>0</c> alone aside), optionally a
    /// fraction that does not end in 0 (after <c>0.</c>, one that starts with a non-zero digit), and
    /// at most 15 significant digits. Such a number is exact as a double if integral; otherwise its
    /// shortest round-trip form is its own digits (a double tells any two 15-digit decimals apart),
    /// written without exponent (its decimal exponent is between -1 and 13).
    /// </summary>
    private static bool IsShortPlainNumber(string text)
    {
        const int MaxDigits = 15;
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var integer = point < 0 ? text.AsSpan() : text.AsSpan(0, point);
        if (integer.IsEmpty || integer.ContainsAnyExceptInRange('0', '9') || (integer[0] == '0' && integer.Length > 1))
        {
            return false;
        }
        var digits = integer[0] == '0' ? 0 : integer.Length;
        if (point >= 0)
        {
            var fraction = text.AsSpan(point + 1);
            if (fraction.IsEmpty || fraction.ContainsAnyExceptInRange('0', '9') || fraction[^1] == '0' || (digits == 0 && fraction[0] == '0'))
            {
                return false;
            }
            digits += fraction.Length;
        }
        return digits <= MaxDigits;
    }

    /// <summary>
    /// An <c>xsd:dateTimeStamp</c> in UTC at millisecond precision with <c>Z</c>; the third decimal
    /// is rounded up when the fourth is 5–9. A value that is not such a timestamp is unchanged; one
    /// without an offset is taken as UTC.
    /// </summary>
    public static string Timestamp(string raw)
    {
        var text = raw.Trim();
        if (IsCanonicalTimestamp(text))
        {
            // What the rules below make of this form is the text itself (or, for a date that does not
            // exist, the text left as written): no need to take it apart.
            return text;
        }
        var match = TimestampSyntax().Match(text);
        if (!match.Success)
        {
            return text;
        }
        int Part(string name) => int.Parse(match.Groups[name].ValueSpan, CultureInfo.InvariantCulture);
        DateTime local;
        try
        {
            local = new DateTime(Part("y"), Part("mo"), Part("d"), Part("h"), Part("mi"), Part("s"), DateTimeKind.Unspecified);
        }
        catch (ArgumentOutOfRangeException)
        {
            return text;
        }
        var fraction = match.Groups["f"].Value.PadRight(4, '0');
        var milliseconds = int.Parse(fraction.AsSpan(0, 3), CultureInfo.InvariantCulture) + (fraction[3] >= '5' ? 1 : 0);
        var utc = local.AddMilliseconds(milliseconds) - Offset(match.Groups["z"].Value);
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <paramref name="text"/> is <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> in ASCII digits, the form <see cref="Timestamp"/> writes.</summary>
    private static bool IsCanonicalTimestamp(string text)
    {
        const string Shape = "0000-00-00T00:00:00.000Z";
        if (text.Length != Shape.Length)
        {
            return false;
        }
        for (var i = 0; i < Shape.Length; i++)
        {
            if (Shape[i] == '0' ? !char.IsAsciiDigit(text[i]) : text[i] != Shape[i])
            {
                return false;
            }
        }
        return true;
    }

    private static TimeSpan Offset(string zone)
    {
        if (zone.Length == 0 || zone is "Z" or "z")
        {
            return TimeSpan.Zero;
        }
        var digits = zone.Replace(":", "", StringComparison.Ordinal);
        var offset = new TimeSpan(
            int.Parse(digits.AsSpan(1, 2), CultureInfo.InvariantCulture),
            int.Parse(digits.AsSpan(3, 2), CultureInfo.InvariantCulture),
            0);
        return zone[0] == '-' ? -offset : offset;
    }

    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberSyntax();

    [GeneratedRegex(@"^(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})[Tt](?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2})(\.(?<f>\d+))?(?<z>[Zz]|[+-]\d{2}:?\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampSyntax();
}
