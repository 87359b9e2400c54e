namespace Traceability.Epcis;

/// <summary>The GS1 modulo-10 check digit of the digits of a key without it.</summary>
internal static class Gs1CheckDigit
{
    /// <summary>Appends the check digit to <paramref name="digits"/> (all ASCII digits).</summary>
    public static string Append(string digits)
    {
        var sum = 0;
        var weight = 3;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            sum += (digits[i] - '0') * weight;
            weight = 4 - weight;
        }
        return digits + (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
