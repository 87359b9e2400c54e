namespace Traceability.Identifiers;

/// <summary>
/// Identifiers the field gives to areas, facilities, sites, batches and steps: 1 to 64 characters
/// from letters, digits, '.', '_' and '-', so that they sit unescaped in URLs and grain keys.
/// </summary>
public static class RecordId
{
    /// <summary>Longest identifier accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>Checks <paramref name="value"/>; on failure says which rule failed.</summary>
    public static bool IsValid(string? value, out string error)
    {
        if (string.IsNullOrEmpty(value))
        {
            error = "is required";
            return false;
        }

        if (value.Length > MaxLength)
        {
            error = $"must have at most {MaxLength} characters, not {value.Length}";
            return false;
        }

        foreach (var c in value)
        {
            if (!(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '_' or '-'))
            {
                error = $"contains '{c}'; only letters, digits, '.', '_' and '-' are allowed";
                return false;
            }
        }

        error = string.Empty;
        return true;
    }
}
