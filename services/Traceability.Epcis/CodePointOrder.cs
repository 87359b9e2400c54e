namespace Traceability.Epcis;

/// <summary>
/// Orders strings by Unicode code point, which is the order of their UTF-8 bytes that the CBV
/// rules ask for. Ordinal UTF-16 comparison differs only where a surrogate pair (a code point
/// above U+FFFF) meets a character in U+E000..U+FFFF; that case is put right here.
/// </summary>
internal sealed class CodePointOrder : IComparer<string>
{
    public static readonly CodePointOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null)
        {
            return -1;
        }
        if (y is null)
        {
            return 1;
        }
        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a == b)
            {
                continue;
            }
            var surrogateA = char.IsSurrogate(a);
            if (surrogateA != char.IsSurrogate(b))
            {
                return surrogateA ? 1 : -1;
            }
            return a.CompareTo(b);
        }
        return x.Length.CompareTo(y.Length);
    }
}
