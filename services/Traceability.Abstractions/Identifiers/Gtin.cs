namespace Traceability.Identifiers;

/// <summary>
/// A GS1 Global Trade Item Number, always held in its 14-digit form (GTIN-8, -12 and -13 are
/// left-padded with zeros, as GS1 Digital Link does). Construction validates the check digit.
/// </summary>
public static class Gtin
{
    /// <summary>Normalises <paramref name="value"/> to 14 digits or explains what is wrong with it.</summary>
    public static bool TryNormalize(string? value, out string gtin14, out string error)
    {
        gtin14 = string.Empty;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "is required";
            return false;
        }

        var digits = value.Trim();
        if (digits.Length is not (8 or 12 or 13 or 14))
        {
            error = $"must have 8, 12, 13 or 14 digits, not {digits.Length}";
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                error = "must contain digits only";
                return false;
            }
        }

        var padded = digits.PadLeft(14, '0');
        var expected = CheckDigit(padded.AsSpan(0, 13));
        if (padded[13] - '0' != expected)
        {
            error = $"has a wrong check digit: expected {expected}, got {padded[13]}";
            return false;
        }

        gtin14 = padded;
        error = string.Empty;
        return true;
    }

    /// <summary>The GS1 mod-10 check digit of the 13 leading digits of a GTIN-14.</summary>
    public static int CheckDigit(ReadOnlySpan<char> first13)
    {
        var sum = 0;
        for (var i = 0; i < first13.Length; i++)
        {
            var d = first13[i] - '0';
            // Weights alternate 3,1,3,… counted from the digit nearest the check digit.
            sum += (first13.Length - i) % 2 == 1 ? d * 3 : d;
        }

        return (10 - sum % 10) % 10;
    }
}
