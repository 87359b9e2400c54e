namespace Traceability.Events;

/// <summary>How a lot is named in grain keys and streams: <c>{gtin14}/{lot}</c>.</summary>
public static class LotKeys
{
    public static string Of(string gtin, string lotCode) => $"{gtin}/{lotCode}";
}
