using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using Spectre.Console.Rendering;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary>How condition reports, assessed periods and condition profiles look to a person.</summary>
internal static class ConditionsTables
{
    /// <summary>The report's facts, then one row per period.</summary>
    public static IRenderable Report(ConditionReport report)
    {
        var fields = Rendering.Fields(
            $"Conditions of {report.Subject}",
            ("product", string.Join(" · ", new[] { report.ProductNameVi, report.ProductNameEn }.Where(name => name.Length > 0))),
            ("verdict", Verdict(report.Verdict)),
            ("reasons", Reasons(report.Reasons)),
            ("window", report.From is null && report.To is null ? "" : Rendering.Span(report.From, report.To)),
            ("computed", Rendering.Time(report.ComputedAt)),
            ("checkpoints", string.Join(", ", report.Checkpoints.Select(Checkpoint))));
        return new Rows(fields, Periods(report.Periods, $"{report.Periods.Count} period(s)"));
    }

    /// <summary>A table of periods: what, where, when, against which profile version, the verdict and why.</summary>
    public static Table Periods(IEnumerable<PeriodConditions> periods, string title)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumns("period", "site", "window", "profile", "verdict", "excursions", "reasons");
        foreach (var period in periods)
        {
            table.AddRow(
                new Text(Period(period)),
                new Text(period.SiteId),
                new Text(Rendering.Span(period.From, period.To)),
                new Text(period.Profile is null ? "none" : $"{period.Profile.ProfileId} v{period.Profile.Version.ToString(CultureInfo.InvariantCulture)}"),
                new Text(Verdict(period.Verdict), VerdictStyle(period.Verdict)),
                new Text(period.Series.Sum(series => series.Excursions.Count).ToString(CultureInfo.InvariantCulture)),
                new Text(Reasons(period.Reasons)));
        }
        return table;
    }

    /// <summary>The latest version of each profile, one a row.</summary>
    public static IRenderable Profiles(ListProfilesResponse response)
    {
        var table = new Table().Title(Markup.Escape($"{response.Profiles.Count} condition profile(s)"))
            .AddColumns("profile", "version", "name", "judges", "limits", "changed", "by");
        foreach (var profile in response.Profiles)
        {
            table.AddRow(
                new Text(profile.ProfileId),
                new Text(profile.Version.ToString(CultureInfo.InvariantCulture)),
                new Text(profile.Name),
                new Text(Judges(profile)),
                new Text(Limits(profile.Limits)),
                new Text(Rendering.Time(profile.ChangedAt)),
                new Text(profile.ChangedBy));
        }
        return table;
    }

    /// <summary>One version of a profile, field by field.</summary>
    public static IRenderable Profile(ConditionProfile profile) => Rendering.Fields(
        $"Condition profile {profile.ProfileId} v{profile.Version.ToString(CultureInfo.InvariantCulture)}",
        ("name", profile.Name),
        ("judges", Judges(profile)),
        ("product", profile.ProductGtin),
        ("limits", Limits(profile.Limits)),
        ("minimum in range", Duration(profile.MinimumInRange)),
        ("max excursion", Duration(profile.MaxExcursion)),
        ("max gap", Duration(profile.MaxGap)),
        ("max MKT", profile.HasMaxMeanKineticTemperature ? $"{Number(profile.MaxMeanKineticTemperature)} °C" : ""),
        ("changed", Rendering.Time(profile.ChangedAt)),
        ("by", profile.ChangedBy),
        ("note", profile.Note));

    private static string Period(PeriodConditions period)
    {
        var id = period.PeriodId.Length > 0 ? period.PeriodId : period.SiteId;
        var kind = $"{Keywords<PeriodKind>.Word(period.Kind)} {id}";
        return period.StepKind == StepKind.Unspecified ? kind : $"{kind} ({Keywords<StepKind>.Word(period.StepKind)})";
    }

    private static string Judges(ConditionProfile profile) => profile.Scope switch
    {
        ProfileScope.Step => $"{Keywords<StepKind>.Word(profile.StepKind)} steps",
        ProfileScope.Storage => "storage",
        _ => Keywords<ProfileScope>.Word(profile.Scope),
    };

    private static string Limits(IEnumerable<QuantityLimit> limits) => string.Join("; ", limits.Select(limit =>
        (limit.HasMin, limit.HasMax) switch
        {
            (true, true) => $"{limit.Quantity} {Number(limit.Min)}–{Number(limit.Max)}",
            (true, false) => $"{limit.Quantity} ≥ {Number(limit.Min)}",
            (false, true) => $"{limit.Quantity} ≤ {Number(limit.Max)}",
            _ => limit.Quantity,
        }));

    private static string Verdict(Verdict verdict) => verdict == Contracts.V1.Verdict.Unspecified ? "none" : Keywords<Verdict>.Word(verdict).ToUpperInvariant();

    private static Style VerdictStyle(Verdict verdict) => verdict switch
    {
        Contracts.V1.Verdict.Pass => new Style(Color.Green),
        Contracts.V1.Verdict.Warning => new Style(Color.Yellow),
        Contracts.V1.Verdict.Fail => new Style(Color.Red),
        _ => Style.Plain,
    };

    private static string Reasons(IEnumerable<VerdictReason> reasons) =>
        string.Join("; ", reasons.Select(reason => reason.Message.Length > 0 ? $"{reason.Code}: {reason.Message}" : reason.Code));

    private static string Checkpoint(CheckpointRef checkpoint) =>
        $"{checkpoint.FacilityId} size {checkpoint.Size.ToString(CultureInfo.InvariantCulture)} root {checkpoint.Root[..Math.Min(16, checkpoint.Root.Length)]}…";

    private static string Duration(Duration? duration) => duration is null ? "" : duration.ToTimeSpan() switch
    {
        var span when span.TotalHours >= 1 && span.Minutes == 0 && span.Seconds == 0 => $"{span.TotalHours.ToString(CultureInfo.InvariantCulture)} h",
        var span when span.Seconds == 0 => $"{span.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min",
        var span => $"{span.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s",
    };

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
