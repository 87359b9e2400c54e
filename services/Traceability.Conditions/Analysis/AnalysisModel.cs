namespace Traceability.Conditions.Analysis;

/// <summary>How bad a finding is; a period's verdict is the worst of its findings.</summary>
public enum Verdict
{
    Pass = 0,
    Warning = 1,
    Fail = 2,
}

/// <summary>Which side of its allowed range a series left.</summary>
public enum ExcursionDirection
{
    Above = 1,
    Below = 2,
}

/// <summary>What is wrong with a sensor's clock, as far as its readings show.</summary>
public enum ClockProblemKind
{
    /// <summary>A reading is timestamped after the time of the analysis.</summary>
    Future = 1,

    /// <summary>Readings come much closer together than the sensor's usual interval (a clock stepped back, or readings replayed).</summary>
    Irregular = 2,
}

/// <summary>One series: a sensor's readings of one quantity, from one device.</summary>
public sealed record SeriesKey(string Device, string Sensor, string Quantity, string Unit);

/// <summary>
/// A run of readings of one series beyond one limit. It starts at the first reading beyond the
/// limit and ends at the first reading after the run (back in range, or beyond the other limit);
/// when the run lasts to the end of the series it ends at the end of the analysed window and is
/// <see cref="Open"/>. <see cref="Area"/> is ∫|value − limit| dt over the run, each reading held
/// until the next (unit·minutes). A gap in the readings inside the run does not split it: the
/// excursion spans the gap (its <see cref="Duration"/> includes it) but its area leaves the gap out,
/// since no reading holds its value across a gap. <see cref="Peak"/> is the highest value of a run
/// above the maximum, the lowest of one below the minimum; <see cref="Readings"/> counts the run's readings.
/// </summary>
public sealed record Excursion(
    SeriesKey Series,
    ExcursionDirection Direction,
    double Limit,
    DateTimeOffset Start,
    DateTimeOffset End,
    TimeSpan Duration,
    double Peak,
    double Area,
    int Readings,
    bool Open);

/// <summary>A stretch of time without readings of a series longer than the profile's maximum gap.</summary>
public sealed record DataGap(SeriesKey? Series, DateTimeOffset From, DateTimeOffset To, TimeSpan Duration);

/// <summary>A clock problem found in a series.</summary>
public sealed record ClockProblem(SeriesKey Series, ClockProblemKind Kind, DateTimeOffset At, string Detail);

/// <summary>
/// A finding behind a verdict: its severity, a stable code (e.g. <c>excursion</c>,
/// <c>too_short</c>, <c>gap</c>, <c>clock</c>, <c>no_readings</c>, <c>mkt</c>, <c>no_profile</c>)
/// and a sentence for people.
/// </summary>
public sealed record VerdictReason(Verdict Severity, string Code, string Message);

/// <summary>What one series did over the analysed window.</summary>
/// <param name="Series">Which series.</param>
/// <param name="Count">Its readings in the window.</param>
/// <param name="First">The first reading's time, or null when there is none.</param>
/// <param name="Last">The last reading's time.</param>
/// <param name="Min">The lowest value.</param>
/// <param name="Max">The highest value.</param>
/// <param name="Mean">The time-weighted mean value (each reading held until the next, never across a gap); the plain mean when they cover no time.</param>
/// <param name="InRange">Time the series spent within its limits (each reading held until the next, never across a gap).</param>
/// <param name="Covered">Time covered by readings (the same holding rule).</param>
/// <param name="MeanKineticTemperature">For temperature series: the mean kinetic temperature (°C) over the window, else null.</param>
/// <param name="Excursions">Each run beyond a limit, in time order.</param>
/// <param name="Gaps">Each stretch without readings longer than the maximum gap, in time order.</param>
/// <param name="ClockProblems">Each clock problem, in time order.</param>
public sealed record SeriesAnalysis(
    SeriesKey Series,
    int Count,
    DateTimeOffset? First,
    DateTimeOffset? Last,
    double? Min,
    double? Max,
    double? Mean,
    TimeSpan Covered,
    TimeSpan InRange,
    double? MeanKineticTemperature,
    IReadOnlyList<Excursion> Excursions,
    IReadOnlyList<DataGap> Gaps,
    IReadOnlyList<ClockProblem> ClockProblems);

/// <summary>The verdict on one window (a step or a storage period) with its reasons and the analysis of each series.</summary>
public sealed record PeriodAssessment(
    Verdict Verdict,
    IReadOnlyList<VerdictReason> Reasons,
    IReadOnlyList<SeriesAnalysis> Series);
