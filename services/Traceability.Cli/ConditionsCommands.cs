using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.V1;
using Traceability.Reports;
using ConditionsApi = Traceability.Contracts.V1.Conditions;

namespace Traceability.Cli;

/// <summary>
/// <c>trace conditions lot|site|assessments|profiles</c>: the drying and storage conditions behind a
/// lot or at a site, with their verdicts, as a table or as the inspector's report file (CSV, Excel
/// workbook, printable HTML); the assessed periods; the versioned condition profiles.
/// </summary>
internal sealed class ConditionsCommands
{
    private readonly Argument<string> lotGtin = CliOptions.Id("gtin", "The product's GTIN");
    private readonly Argument<string> lotCode = CliOptions.Id("lot", "The lot code");
    private readonly ConditionsReportOptions lotReport = new();

    private readonly Argument<string> siteId = CliOptions.Id("site-id", "The site");
    private readonly Option<Timestamp> siteFrom = CliOptions.Parsed<Timestamp>("--from", "The start of the period, ISO 8601 with a UTC offset", "time", ValueSyntax.TryParseTime);
    private readonly Option<Timestamp> siteTo = CliOptions.Parsed<Timestamp>("--to", "The end of the period (excluded), ISO 8601 with a UTC offset", "time", ValueSyntax.TryParseTime);
    private readonly Option<string> siteProfile = CliOptions.Text("--profile", "The profile to judge against (default: the storage profile of a storage site, else the site kind's step profile)", required: false);
    private readonly ConditionsReportOptions siteReport = new();

    private readonly Option<Timestamp> assessedFrom = CliOptions.Parsed<Timestamp>("--from", "Only periods that end after this time, ISO 8601 with a UTC offset", "time", ValueSyntax.TryParseTime, required: false);
    private readonly Option<Timestamp> assessedTo = CliOptions.Parsed<Timestamp>("--to", "Only periods that start before this time, ISO 8601 with a UTC offset", "time", ValueSyntax.TryParseTime, required: false);
    private readonly Option<string> assessedSite = CliOptions.Text("--site", "Only this site's periods", required: false);
    private readonly Option<string> assessedFacility = CliOptions.Text("--facility", "Only this facility's periods", required: false);
    private readonly Option<Verdict> assessedVerdict = CliOptions.Keyword<Verdict>("--verdict", "Only periods with this verdict", required: false);
    private readonly Option<PeriodKind> assessedKind = CliOptions.Parsed<PeriodKind>("--kind", "Only processing steps or only storage periods", "step|storage", TryParseAssessedKind, required: false);

    private readonly Argument<string> showProfile = CliOptions.Id("profile-id", "The profile");
    private readonly Option<int> showVersion = CliOptions.Parsed("--version", "That version of the profile (default: the latest)", "N", ValueSyntax.Range(int.MaxValue), required: false);
    private readonly Argument<string> setProfile = CliOptions.Id("profile-id", "The profile");
    private readonly Option<ConditionProfile> setFile = CliOptions.Parsed<ConditionProfile>("--file", "The profile's new content: a ConditionProfile message as protobuf JSON (limits, minimumInRange, maxExcursion, maxGap, …)", "profile.json", TryReadProfile);
    private readonly Option<int> setExpectedVersion = CliOptions.Parsed("--expected-version", "The version this change is based on, 0 for a new profile; the server refuses a stale one", "N", ValueSyntax.Range(int.MaxValue));

    public ConditionsCommands(GlobalOptions global)
    {
        var lot = new Command("lot", "The conditions of every drying, processing and storage period behind a lot, with verdicts") { lotGtin, lotCode };
        lotReport.AddTo(lot);
        lot.SetCallWriting(global, parse => (Request: ToLotRequest(parse), Destination: lotReport.Destination(parse)),
            async (channel, ask, cancellation) => (Report: await new ConditionsApi.ConditionsClient(channel).GetLotConditionsAsync(ask.Request, cancellationToken: cancellation).ResponseAsync.ConfigureAwait(false), ask.Destination),
            (output, answer) => Deliver(output, answer.Report, answer.Destination));

        var site = new Command("site", "The conditions at one site over a period, judged against its profile") { siteId, siteFrom, siteTo, siteProfile };
        siteReport.AddTo(site);
        site.SetCallWriting(global, parse => (Request: ToSiteRequest(parse), Destination: siteReport.Destination(parse)),
            async (channel, ask, cancellation) => (Report: await new ConditionsApi.ConditionsClient(channel).GetSiteConditionsAsync(ask.Request, cancellationToken: cancellation).ResponseAsync.ConfigureAwait(false), ask.Destination),
            (output, answer) => Deliver(output, answer.Report, answer.Destination));

        var assessments = new Command("assessments", "The steps and storage periods of a time span with their verdicts")
        {
            assessedFrom, assessedTo, assessedSite, assessedFacility, assessedVerdict, assessedKind,
        };
        assessments.SetCall(global, ToAssessmentsRequest,
            (channel, request, cancellation) => new ConditionsApi.ConditionsClient(channel).ListAssessmentsAsync(request, cancellationToken: cancellation).ResponseAsync,
            response => ConditionsTables.Periods(response.Periods, $"{response.Periods.Count} assessed period(s)"));

        var list = new Command("list", "List the latest version of every condition profile");
        list.SetCall(global, _ => new ListProfilesRequest(),
            (channel, request, cancellation) => new ConditionsApi.ConditionsClient(channel).ListProfilesAsync(request, cancellationToken: cancellation).ResponseAsync,
            ConditionsTables.Profiles);

        var show = new Command("show", "Show a condition profile: its latest version, or the one asked for") { showProfile, showVersion };
        show.SetCall(global, ToGetProfileRequest,
            (channel, request, cancellation) => new ConditionsApi.ConditionsClient(channel).GetProfileAsync(request, cancellationToken: cancellation).ResponseAsync,
            ConditionsTables.Profile);

        var set = new Command("set", "Make a new version of a condition profile from a JSON file (earlier versions are kept)") { setProfile, setFile, setExpectedVersion };
        set.Validators.Add(result =>
        {
            if (ConditionsReportOptions.TryGetValid(result, setFile, out var profile) && profile.ProfileId.Length > 0
                && result.GetValue(setProfile) is { } id && profile.ProfileId != id)
            {
                result.AddError($"--file: the file is profile '{profile.ProfileId}', not '{id}'");
            }
        });
        set.SetCall(global, ToPutProfileRequest,
            (channel, request, cancellation) => new ConditionsApi.ConditionsClient(channel).PutProfileAsync(request, cancellationToken: cancellation).ResponseAsync,
            ConditionsTables.Profile);

        var profiles = new Command("profiles", "Condition profiles: the limits each step kind and storage is judged against, versioned") { list, show, set };

        Command = new Command("conditions", "Drying, processing and storage conditions: verdicts per lot or site, inspector reports, profiles")
        {
            lot, site, assessments, profiles,
        };
    }

    /// <summary><c>trace conditions</c>.</summary>
    public Command Command { get; }

    public GetLotConditionsRequest ToLotRequest(ParseResult parse) => new()
    {
        Gtin = parse.GetRequiredValue(lotGtin),
        Lot = parse.GetRequiredValue(lotCode),
    };

    /// <summary>What <c>conditions lot</c> makes of the report: a table, or a file format and where to write it.</summary>
    public (ConditionsFormat Format, string? Path) LotDestination(ParseResult parse) => lotReport.Destination(parse);

    public GetSiteConditionsRequest ToSiteRequest(ParseResult parse) => new()
    {
        SiteId = parse.GetRequiredValue(siteId),
        From = parse.GetRequiredValue(siteFrom),
        To = parse.GetRequiredValue(siteTo),
        ProfileId = parse.GetValue(siteProfile) ?? "",
    };

    /// <summary>What <c>conditions site</c> makes of the report.</summary>
    public (ConditionsFormat Format, string? Path) SiteDestination(ParseResult parse) => siteReport.Destination(parse);

    public ListAssessmentsRequest ToAssessmentsRequest(ParseResult parse) => new()
    {
        From = parse.GetValue(assessedFrom),
        To = parse.GetValue(assessedTo),
        SiteId = parse.GetValue(assessedSite) ?? "",
        FacilityId = parse.GetValue(assessedFacility) ?? "",
        Verdict = parse.GetValue(assessedVerdict),
        Kind = parse.GetValue(assessedKind),
    };

    public GetProfileRequest ToGetProfileRequest(ParseResult parse) => new()
    {
        ProfileId = parse.GetRequiredValue(showProfile),
        Version = parse.GetValue(showVersion),
    };

    public PutProfileRequest ToPutProfileRequest(ParseResult parse)
    {
        var id = parse.GetRequiredValue(setProfile);
        var profile = parse.GetRequiredValue(setFile).Clone();
        profile.ProfileId = id;
        return new PutProfileRequest { ProfileId = id, Profile = profile, ExpectedVersion = parse.GetValue(setExpectedVersion) };
    }

    /// <summary>
    /// Prints the report as a table (or JSON, with <c>--json</c>), or writes it as a report file to
    /// <paramref name="destination"/>'s path, or to standard output when it names none.
    /// </summary>
    public static int Deliver(Output output, ConditionReport report, (ConditionsFormat Format, string? Path) destination)
    {
        var (format, path) = destination;
        if (format == ConditionsFormat.Table)
        {
            output.Write(report, ConditionsTables.Report);
            return ExitCodes.Ok;
        }
        var file = ConditionsReportOptions.ReportFormatOf(format);
        if (path is null)
        {
            // Text on standard output: the terminal or the pipe decides the encoding, so no byte order mark.
            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            if (file == ReportFormat.Csv)
            {
                ConditionReportCsv.Write(report, text);
            }
            else
            {
                ConditionReportHtml.Write(report, text);
            }
            output.Text(text.ToString());
            return ExitCodes.Ok;
        }
        try
        {
            WriteFile(report, file, path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            output.Error($"cannot write {path}: {exception.Message}");
            return ExitCodes.Failure;
        }
        output.Line($"{path}: {report.Subject}, {VerdictWord(report.Verdict)}, {report.Periods.Count} period(s)");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Writes the report next to <paramref name="path"/> and then moves it there, so that a failure
    /// half way leaves no truncated report under the name an inspector will open.
    /// </summary>
    private static void WriteFile(ConditionReport report, ReportFormat format, string path)
    {
        var full = Path.GetFullPath(path);
        var partial = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.partial");
        try
        {
            using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                ConditionReports.Write(report, format, stream);
            }
            File.Move(partial, full, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static string VerdictWord(Verdict verdict) => verdict == Verdict.Unspecified ? "no verdict" : Keywords<Verdict>.Word(verdict);

    private static bool TryParseAssessedKind(string text, out PeriodKind value, [NotNullWhen(false)] out string? error)
    {
        if (Keywords<PeriodKind>.TryParse(text, out value, out _) && value is PeriodKind.Step or PeriodKind.Storage)
        {
            error = null;
            return true;
        }
        error = $"'{text}' is not one of step, storage";
        return false;
    }

    /// <summary>Reads <c>--file</c>: a <see cref="ConditionProfile"/> as protobuf JSON; unknown fields are refused.</summary>
    private static bool TryReadProfile(string path, [MaybeNullWhen(false)] out ConditionProfile value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read {path}: {exception.Message}";
            return false;
        }
        try
        {
            value = JsonParser.Default.Parse<ConditionProfile>(json);
            error = null;
            return true;
        }
        catch (InvalidProtocolBufferException exception)
        {
            error = $"{path} is not a condition profile: {exception.Message}";
            return false;
        }
        catch (InvalidJsonException exception)
        {
            error = $"{path} is not JSON: {exception.Message}";
            return false;
        }
        catch (FormatException exception)
        {
            error = $"{path} is not a condition profile: {exception.Message}";
            return false;
        }
    }
}
