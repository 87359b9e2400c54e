using Traceability.Profiles;

namespace Traceability.Conditions.Analysis;

/// <summary>
/// The reasons behind a window's verdict, each a sentence naming the sensor, the times (ISO 8601
/// UTC), the durations (minutes) and the numbers. The rules are listed on <see cref="ConditionAnalysis"/>.
/// </summary>
internal static class VerdictRules
{
    /// <summary>The reasons for <paramref name="series"/> (ordered) analysed over [<paramref name="from"/>, <paramref name="until"/>).</summary>
    public static List<VerdictReason> Reasons(ConditionProfile? profile, DateTimeOffset from, DateTimeOffset until, IReadOnlyList<SeriesAnalysis> series)
    {
        var reasons = new List<VerdictReason>();
        var window = $"from {AnalysisText.Time(from)} to {AnalysisText.Time(until)}";
        if (profile is null)
        {
            reasons.Add(new(Verdict.Warning, VerdictCodes.NoProfile, $"No condition profile applies {window}: nothing is judged, the readings are only reported."));
        }

        if (series.Count == 0)
        {
            reasons.Add(new(Verdict.Fail, VerdictCodes.NoReadings, $"No readings at all {window}: nothing shows the conditions that were kept."));
        }

        if (profile is null)
        {
            return reasons;
        }

        if (series.Count > 0)
        {
            foreach (var limit in profile.Limits)
            {
                if (!HasSeries(series, limit.Quantity))
                {
                    reasons.Add(new(
                        Verdict.Fail,
                        VerdictCodes.NoReadings,
                        $"No {limit.Quantity} readings {window}, though {AnalysisText.Profile(profile)} limits {limit.Quantity} to {AnalysisText.Range(limit, AnalysisText.UnitOf(limit.Quantity))}."));
                }
            }
        }

        foreach (var analysis in series)
        {
            var key = analysis.Series;
            var limit = profile.LimitFor(key.Quantity);
            foreach (var excursion in analysis.Excursions)
            {
                reasons.Add(ForExcursion(profile, excursion));
            }

            if (limit is not null && profile.MinimumInRange is { } minimum && analysis.InRange < minimum)
            {
                reasons.Add(new(
                    Verdict.Fail,
                    VerdictCodes.TooShort,
                    $"{Capitalised(key)} was within {AnalysisText.Range(limit, key.Unit)} for only {AnalysisText.Minutes(analysis.InRange)} {window}; {AnalysisText.Profile(profile)} requires at least {AnalysisText.Minutes(minimum)}."));
            }

            if (profile.MaxMeanKineticTemperature is { } highest && analysis.MeanKineticTemperature is { } mkt && mkt > highest)
            {
                reasons.Add(new(
                    Verdict.Fail,
                    VerdictCodes.MeanKineticTemperature,
                    $"{Capitalised(key)} had a mean kinetic temperature of {AnalysisText.Value(mkt, "CEL")} {window}, above the {AnalysisText.Value(highest, "CEL")} allowed by {AnalysisText.Profile(profile)}."));
            }

            foreach (var gap in analysis.Gaps)
            {
                reasons.Add(new(
                    Verdict.Warning,
                    VerdictCodes.Gap,
                    $"{Capitalised(key)} has no readings from {AnalysisText.Time(gap.From)} to {AnalysisText.Time(gap.To)}: {AnalysisText.Minutes(gap.Duration)}, longer than the {AnalysisText.Minutes(profile.MaxGap)} allowed between readings."));
            }

            foreach (var problem in analysis.ClockProblems)
            {
                reasons.Add(new(Verdict.Warning, VerdictCodes.Clock, $"The clock of {AnalysisText.Series(key)} looks wrong: {problem.Detail}"));
            }
        }

        return reasons;
    }

    private static VerdictReason ForExcursion(ConditionProfile profile, Excursion excursion)
    {
        var key = excursion.Series;
        var fails = excursion.Duration > profile.MaxExcursion;
        var side = excursion.Direction == ExcursionDirection.Above ? "above its maximum" : "below its minimum";
        var span = excursion.Open
            ? $"from {AnalysisText.Time(excursion.Start)} and still at the window's end {AnalysisText.Time(excursion.End)}"
            : $"from {AnalysisText.Time(excursion.Start)} to {AnalysisText.Time(excursion.End)}";
        var tolerance = fails
            ? $"longer than the {AnalysisText.Minutes(profile.MaxExcursion)} {AnalysisText.Profile(profile)} tolerates"
            : $"within the {AnalysisText.Minutes(profile.MaxExcursion)} {AnalysisText.Profile(profile)} tolerates";
        var message =
            $"{Capitalised(key)} was {side} of {AnalysisText.Value(excursion.Limit, key.Unit)} {span}: {AnalysisText.Minutes(excursion.Duration)} over {AnalysisText.Readings(excursion.Readings)}, "
            + $"peak {AnalysisText.Value(excursion.Peak, key.Unit)}, area {AnalysisText.Number(excursion.Area)} {AnalysisText.Symbol(key.Unit)}·min; {tolerance}.";
        return new VerdictReason(fails ? Verdict.Fail : Verdict.Warning, VerdictCodes.Excursion, message);
    }

    private static bool HasSeries(IReadOnlyList<SeriesAnalysis> series, string quantity)
    {
        foreach (var analysis in series)
        {
            if (analysis.Series.Quantity == quantity)
            {
                return true;
            }
        }

        return false;
    }

    private static string Capitalised(SeriesKey key) => "S" + AnalysisText.Series(key)[1..];
}
