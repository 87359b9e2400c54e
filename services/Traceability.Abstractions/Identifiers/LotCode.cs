namespace Traceability.Identifiers;

/// <summary>
/// Batch/lot numbers as GS1 Application Identifier (10) allows them: 1 to 20 characters from
/// GS1 AI encodable character set 82.
/// </summary>
public static class LotCode
{
    /// <summary>Longest lot code GS1 AI (10) allows.</summary>
    public const int MaxLength = 20;

    private const string Set82Punctuation = "!\"%&'()*+,-./:;<=>?_";

    /// <summary>Checks <paramref name="value"/> against AI (10); on failure says which rule failed.</summary>
    public static bool IsValid(string? value, out string error)
    {
        if (string.IsNullOrEmpty(value))
        {
            error = "is required";
            return false;
        }

        if (value.Length > MaxLength)
        {
            error = $"must have at most {MaxLength} characters (GS1 AI 10), not {value.Length}";
            return false;
        }

        foreach (var c in value)
        {
            if (!IsInSet82(c))
            {
                error = $"contains '{c}', which is outside GS1 AI encodable character set 82";
                return false;
            }
        }

        error = string.Empty;
        return true;
    }

    /// <summary>True for the characters of GS1 AI encodable character set 82.</summary>
    public static bool IsInSet82(char c) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' || Set82Punctuation.Contains(c);
}
