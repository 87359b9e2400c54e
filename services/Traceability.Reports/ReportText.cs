using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.V1;

namespace Traceability.Reports;

/// <summary>
/// How the values of a report are written in every format, so that a CSV cell, a spreadsheet
/// cell and an HTML table say the same: times in ISO 8601 UTC, numbers in the invariant culture,
/// durations in minutes, verdicts and kinds as the command line's words.
/// </summary>
internal static class ReportText
{
    /// <summary>How many hex digits of a checkpoint's root hash name it in a row.</summary>
    public const int RootPrefixLength = 16;

    public static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary><c>2024-10-05T00:30:00Z</c>, with a fraction of a second only when there is one; empty for no time.</summary>
    public static string Time(Timestamp? time) =>
        time is null ? "" : time.ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", Invariant);

    /// <summary>The time as a UTC <see cref="DateTime"/>, for a spreadsheet's date cell.</summary>
    public static DateTime? UtcDateTime(Timestamp? time) => time?.ToDateTime();

    /// <summary>The shortest text that reads back as the same double, in the invariant culture.</summary>
    public static string Number(double value) => value.ToString("R", Invariant);

    public static string Number(double? value) => value is { } number ? Number(number) : "";

    public static string Number(long value) => value.ToString(Invariant);

    /// <summary>A duration in minutes, to the millisecond's worth (three decimals); null for no duration.</summary>
    public static double? Minutes(Duration? duration) =>
        duration is null ? null : Math.Round(duration.ToTimeSpan().TotalMinutes, 3, MidpointRounding.AwayFromZero);

    public static string Verdict(Verdict verdict) => ProtoWords.Word(verdict);

    public static string Kind(PeriodKind kind) => ProtoWords.Word(kind);

    public static string Kind(StepKind kind) => ProtoWords.Word(kind);

    /// <summary><c>fail excursion: temperature above 70 °C for 25 min</c>.</summary>
    public static string Reason(VerdictReason reason) =>
        reason.Message.Length == 0 ? $"{Verdict(reason.Severity)} {reason.Code}" : $"{Verdict(reason.Severity)} {reason.Code}: {reason.Message}";

    /// <summary>Every reason, one after another, separated by <c>; </c>.</summary>
    public static string Reasons(IEnumerable<VerdictReason> reasons) => string.Join("; ", reasons.Select(Reason));

    /// <summary><c>HTX-XOP:42:3f9a0c…</c>: the facility log, its size and the start of its root hash.</summary>
    public static string Checkpoint(CheckpointRef checkpoint) =>
        $"{checkpoint.FacilityId}:{Number(checkpoint.Size)}:{checkpoint.Root[..Math.Min(RootPrefixLength, checkpoint.Root.Length)]}";

    /// <summary>
    /// The checkpoints a period's records were judged against: that of the period's facility log, or
    /// every checkpoint of the report when none is of that facility (a site query across facilities).
    /// </summary>
    public static IReadOnlyList<CheckpointRef> CheckpointsOf(ConditionReport report, PeriodConditions period)
    {
        var own = report.Checkpoints.Where(checkpoint => checkpoint.FacilityId == period.FacilityId).ToList();
        return own.Count > 0 ? own : report.Checkpoints;
    }

    /// <summary>The checkpoints of a period, written as in <see cref="Checkpoint"/> and separated by spaces.</summary>
    public static string CheckpointLabel(ConditionReport report, PeriodConditions period) =>
        string.Join(' ', CheckpointsOf(report, period).Select(Checkpoint));

    /// <summary><c>drying-default v3</c>, or <c>no profile</c>.</summary>
    public static string Profile(ProfileRef? profile) =>
        profile is null ? "no profile" : $"{profile.ProfileId} v{profile.Version.ToString(Invariant)}";

    /// <summary>What a period is, in a few words: <c>step ST-DRY-01 (drying)</c>, <c>storage STO-7</c>, <c>site SITE-DRY-1</c>.</summary>
    public static string PeriodTitle(PeriodConditions period)
    {
        var id = period.PeriodId.Length > 0 ? period.PeriodId : period.SiteId;
        var kind = Kind(period.Kind);
        var title = kind.Length == 0 ? id : $"{kind} {id}";
        return period.StepKind == StepKind.Unspecified ? title : $"{title} ({Kind(period.StepKind)})";
    }

    /// <summary>The unit as a person writes it: <c>CEL</c> is °C, <c>P1</c> is %; other UN/CEFACT codes as they are.</summary>
    public static string Unit(string code) => code switch
    {
        "CEL" => "°C",
        "P1" => "%",
        _ => code,
    };

    /// <summary>
    /// Writes a text format to <paramref name="stream"/> in <paramref name="encoding"/> (its byte order
    /// mark, if any, included) through <paramref name="write"/>; the stream is left open.
    /// </summary>
    public static void WriteTo(Stream stream, Encoding encoding, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new StreamWriter(stream, encoding, bufferSize: 16 * 1024, leaveOpen: true);
        write(writer);
    }
}
