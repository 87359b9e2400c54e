using Traceability.Profiles;

namespace Traceability.Conditions.Analysis;

/// <summary>
/// Judges the readings of a window (a processing step or a storage period) against a condition
/// profile. Pure and thread-safe: no I/O, no clock (the analysis time is a parameter), no shared state.
/// </summary>
/// <remarks>
/// <para><b>Series.</b> Readings outside [from, until) are ignored; the rest are grouped by
/// (device, sensor, quantity, unit). The readings are expected in the store's order (time first);
/// only their time order within a series matters.</para>
/// <para><b>Holding.</b> A reading holds its value until the next reading of its series when that
/// comes at most the profile's <see cref="ConditionProfile.MaxGap"/> later (15 minutes without a
/// profile); otherwise it holds nothing and the interval is a gap. The last reading holds until
/// <c>until</c> on the same condition. <see cref="SeriesAnalysis.Covered"/> is the time held;
/// <see cref="SeriesAnalysis.InRange"/> the time held by values the profile's limit for the
/// quantity allows (bounds included), which is all of it for a quantity the profile does not limit;
/// <see cref="SeriesAnalysis.Mean"/> is weighted by time held (the plain mean when nothing holds).</para>
/// <para><b>Excursions</b> (only for limited quantities): a maximal run of consecutive readings
/// beyond the same bound (above the maximum or below the minimum). It starts at its first reading
/// and ends at the first reading after it (back in range, or beyond the other bound, which starts
/// the next excursion); a run lasting to the series' last reading ends at <c>until</c> and is open.
/// A gap inside a run does not split it: the excursion spans the gap (its duration includes it)
/// but its area does not (nothing holds across a gap). Peak: the highest (above) or lowest
/// (below) value; area: Σ |value − bound| × minutes held.</para>
/// <para><b>Gaps:</b> every interval between consecutive readings of a series longer than the
/// maximum gap, and from <c>from</c> to the first reading and from the last reading to
/// <c>until</c> when longer.</para>
/// <para><b>Clock problems:</b> each run of readings stamped after <c>now</c> (reported at its
/// first reading); each run of readings that came less than half the series' median positive
/// interval after the previous one (only in series of at least 5 readings).</para>
/// <para><b>Mean kinetic temperature</b> for <c>temperature</c> series, weighted by time held
/// (equal weights when nothing holds).</para>
/// <para><b>Verdict</b>: the worst severity among the reasons, <see cref="Verdict.Pass"/> when there
/// are none. Reasons come in this order: <c>no_profile</c>; <c>no_readings</c>; then series by
/// series (ordered by device, sensor, quantity and unit): each excursion, <c>too_short</c>,
/// <c>mkt</c>, each gap, each clock problem.</para>
/// <list type="bullet">
/// <item><c>no_profile</c> (warning): there is no profile; nothing else is judged (no limits, gaps or
/// clock problems become reasons), only <c>no_readings</c> when the window has no reading at all.</item>
/// <item><c>no_readings</c> (fail): the window has no reading at all (one reason), or else one per
/// quantity the profile limits that has no series.</item>
/// <item><c>excursion</c>: fail when its duration is longer than the profile's
/// <see cref="ConditionProfile.MaxExcursion"/>, else warning; one per excursion.</item>
/// <item><c>too_short</c> (fail): the profile has a <see cref="ConditionProfile.MinimumInRange"/> and a
/// series of a limited quantity spent less time in range.</item>
/// <item><c>mkt</c> (fail): the profile has a <see cref="ConditionProfile.MaxMeanKineticTemperature"/>
/// and a temperature series' mean kinetic temperature is above it.</item>
/// <item><c>gap</c> (warning): one per gap. <c>clock</c> (warning): one per clock problem.</item>
/// </list>
/// </remarks>
public static class ConditionAnalysis
{
    /// <summary>The quantity name of temperature (as <c>Traceability.Telemetry.Quantities.Temperature</c>).</summary>
    public const string TemperatureQuantity = "temperature";

    /// <summary>The longest interval a reading holds its value over when no profile says.</summary>
    public static readonly TimeSpan DefaultMaxGap = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Analyses the readings of [<paramref name="from"/>, <paramref name="until"/>) and judges them
    /// against <paramref name="profile"/> (see the remarks of <see cref="ConditionAnalysis"/> for the rules).
    /// </summary>
    /// <param name="profile">The profile to judge against, or null to report facts only.</param>
    /// <param name="from">The window's start (included).</param>
    /// <param name="until">The window's end (excluded).</param>
    /// <param name="readings">The readings as the store returns them (ordered by time, then device, sensor and quantity); others are ignored.</param>
    /// <param name="now">The time of the analysis: readings stamped later come from a clock running ahead.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="until"/> is before <paramref name="from"/>.</exception>
    public static PeriodAssessment Assess(ConditionProfile? profile, DateTimeOffset from, DateTimeOffset until, IReadOnlyList<StoredReading> readings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentOutOfRangeException.ThrowIfLessThan(until, from);

        var maxGap = profile?.MaxGap ?? DefaultMaxGap;
        var grouped = SeriesReadings.Group(readings, from.UtcTicks, until.UtcTicks);
        var series = new SeriesAnalysis[grouped.Count];
        for (var i = 0; i < series.Length; i++)
        {
            var limit = profile?.LimitFor(grouped[i].Key.Quantity);
            series[i] = SeriesAnalyzer.Analyse(grouped[i], limit, maxGap, from, until, now);
        }

        var reasons = VerdictRules.Reasons(profile, from, until, series);
        var verdict = Verdict.Pass;
        foreach (var reason in reasons)
        {
            if (reason.Severity > verdict)
            {
                verdict = reason.Severity;
            }
        }

        return new PeriodAssessment(verdict, reasons, series);
    }
}
