namespace Traceability.Events;

/// <summary>How a lot is named in grain keys and streams: <c>{gtin14}/{lot}</c>.</summary>
public static class LotKeys
{
    public static string Of(string gtin, string lotCode) => $"{gtin}/{lotCode}";

    /// <summary>
    /// The GTIN and lot code of <paramref name="key"/>, split at its first '/' (a GTIN has no '/',
    /// a lot code may); false when there is none. Neither part is validated.
    /// </summary>
    public static bool TrySplit(string? key, out string gtin, out string lotCode)
    {
        var slash = key?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash < 0)
        {
            gtin = string.Empty;
            lotCode = string.Empty;
            return false;
        }

        gtin = key![..slash];
        lotCode = key[(slash + 1)..];
        return true;
    }
}
