namespace Traceability.Conditions.Analysis;

/// <summary>The stable codes of <see cref="VerdictReason.Code"/>, as <see cref="ConditionAnalysis.Assess"/> gives them.</summary>
public static class VerdictCodes
{
    /// <summary>No profile applies: nothing is judged (warning).</summary>
    public const string NoProfile = "no_profile";

    /// <summary>No readings at all in the window, or none of a quantity the profile limits (fail).</summary>
    public const string NoReadings = "no_readings";

    /// <summary>A run of readings beyond a limit: fail when longer than the profile tolerates, else warning.</summary>
    public const string Excursion = "excursion";

    /// <summary>A series of a limited quantity spent less time in range than the profile's minimum (fail).</summary>
    public const string TooShort = "too_short";

    /// <summary>A stretch without readings longer than the profile's maximum gap (warning).</summary>
    public const string Gap = "gap";

    /// <summary>A clock problem: readings from the future, or irregularly close together (warning).</summary>
    public const string Clock = "clock";

    /// <summary>A temperature series' mean kinetic temperature above the profile's maximum (fail).</summary>
    public const string MeanKineticTemperature = "mkt";
}
