namespace Traceability.Events.Epcis;

/// <summary>
/// The URIs the platform uses in EPCIS events: GS1 Digital Link for lots, CBV 2.0 business
/// steps where one fits, and the platform's own namespace for the rest (drying, extraction …).
/// </summary>
public static class EpcisVocabulary
{
    /// <summary>The platform's namespace for identifiers and vocabulary.</summary>
    public const string Base = "https://id.traceability.vn/";

    /// <summary>The JSON-LD prefix bound to <see cref="Base"/>voc/.</summary>
    public const string Prefix = "tr";

    public const string EpcisContext = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";

    public static string Facility(string id) => $"{Base}facility/{Uri.EscapeDataString(id)}";

    public static string Site(string id) => $"{Base}site/{Uri.EscapeDataString(id)}";

    public static string Area(string code) => $"{Base}area/{Uri.EscapeDataString(code)}";

    public static string Batch(string id) => $"{Base}batch/{Uri.EscapeDataString(id)}";

    public static string Device(string id) => $"{Base}device/{Uri.EscapeDataString(id)}";

    public static string ReadingsWindow(string id) => $"{Base}readings/{Uri.EscapeDataString(id)}";

    public static string Step(string id) => $"{Base}step/{Uri.EscapeDataString(id)}";

    /// <summary>A storage period of batches and lots at a site.</summary>
    public static string Storage(string id) => $"{Base}storage/{Uri.EscapeDataString(id)}";

    /// <summary>An excursion seen live at a site.</summary>
    public static string Excursion(string id) => $"{Base}excursion/{Uri.EscapeDataString(id)}";

    /// <summary>A condition profile (its version is given beside it).</summary>
    public static string Profile(string id) => $"{Base}profile/{Uri.EscapeDataString(id)}";

    /// <summary>The canonical GS1 Digital Link URI of a product class.</summary>
    public static string Product(string gtin) => $"https://id.gs1.org/01/{gtin}";

    /// <summary>The canonical GS1 Digital Link URI of a lot.</summary>
    public static string Lot(string gtin, string lot) => $"https://id.gs1.org/01/{gtin}/10/{Uri.EscapeDataString(lot)}";

    /// <summary>A business step of the platform's vocabulary, e.g. <c>tr:bizStep-drying</c>.</summary>
    public static string BizStep(string name) => $"{Base}voc/bizStep-{name}";
}
