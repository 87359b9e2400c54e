using System.CommandLine;
using System.IO.Compression;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console.Testing;
using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

/// <summary>
/// <c>trace conditions</c> without a server: the requests each command builds, the rules between
/// <c>--format</c> and <c>--output</c>, the profile file, and the report files written.
/// </summary>
public sealed class ConditionsCommandsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("traceability-cli-conditions-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_folder.FullName, name);

    private string File(string name, string text)
    {
        var path = PathOf(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private static ParseResult ParseValid(TraceCli cli, params string[] args)
    {
        var parse = cli.Parse(args);
        Assert.Empty(parse.Errors.Select(error => error.Message));
        return parse;
    }

    private static List<string> Errors(params string[] args) => [.. Cli.New().Parse(args).Errors.Select(error => error.Message)];

    [Fact]
    public void ConditionsLotWithAWorkbookAsksForTheLotAndWritesToTheFileNamed()
    {
        var cli = Cli.New();

        var parse = cli.ParseValid("conditions lot 08930000000015 SD-01 --format xlsx --output x.xlsx");

        Assert.Equal(new GetLotConditionsRequest { Gtin = "08930000000015", Lot = "SD-01" }, cli.Conditions.ToLotRequest(parse));
        Assert.Equal((ConditionsFormat.Xlsx, "x.xlsx"), cli.Conditions.LotDestination(parse));
    }

    [Fact]
    public void AWorkbookWithoutAnOutputFileIsRefused()
    {
        var errors = Cli.New().ParseErrors("conditions lot 08930000000015 SD-01 --format xlsx");

        Assert.Equal(["--output: an xlsx workbook is written to a file: name it with --output"], errors);
    }

    [Theory]
    [InlineData("", "Table", null)]
    [InlineData("--format csv", "Csv", null)]
    [InlineData("--format HTML", "Html", null)]
    [InlineData("--format csv --output r.csv", "Csv", "r.csv")]
    [InlineData("--output r.xlsx", "Xlsx", "r.xlsx")]
    [InlineData("--output r.htm", "Html", "r.htm")]
    [InlineData("--format html --output r.txt", "Html", "r.txt")]
    public void TheFormatIsTheOneNamedElseTheFilesElseATable(string options, string format, string? path)
    {
        var cli = Cli.New();

        var parse = cli.ParseValid($"conditions lot 08930000000015 SD-01 {options}");

        Assert.Equal((System.Enum.Parse<ConditionsFormat>(format), path), cli.Conditions.LotDestination(parse));
    }

    [Theory]
    [InlineData("--output r.txt", "--output: 'r.txt' does not say which format: add --format csv, xlsx or html")]
    [InlineData("--format table --output r.csv", "--output: a table is printed, not written: add --format csv, xlsx or html")]
    [InlineData("--format pdf --output r.pdf", "--format: 'pdf' is not one of table, csv, xlsx, html")]
    public void AFormatAndFileThatDoNotGoTogetherAreRefused(string options, string error)
    {
        var errors = Cli.New().ParseErrors($"conditions lot 08930000000015 SD-01 {options}");

        Assert.Contains(error, errors);
    }

    [Fact]
    public void ConditionsSiteAsksForTheSiteOverTheWindowAgainstTheProfileNamed()
    {
        var cli = Cli.New();

        var parse = cli.ParseValid("conditions site SITE-DRY-1 --from 2024-10-05T07:30:00+07:00 --to 2024-10-06T00:00:00Z --profile drying-strict --format html --output site.html");

        Assert.Equal(new GetSiteConditionsRequest
        {
            SiteId = "SITE-DRY-1",
            From = Timestamp.FromDateTime(new DateTime(2024, 10, 5, 0, 30, 0, DateTimeKind.Utc)),
            To = Timestamp.FromDateTime(new DateTime(2024, 10, 6, 0, 0, 0, DateTimeKind.Utc)),
            ProfileId = "drying-strict",
        }, cli.Conditions.ToSiteRequest(parse));
        Assert.Equal((ConditionsFormat.Html, "site.html"), cli.Conditions.SiteDestination(parse));
    }

    [Theory]
    [InlineData("conditions site SITE-DRY-1 --from 2024-10-05T00:00:00Z", "--to")]
    [InlineData("conditions site SITE-DRY-1 --from 2024-10-05T00:00:00 --to 2024-10-06T00:00:00Z", "--from:")]
    [InlineData("conditions site SITE-DRY-1 --from 2024-10-05T00:00:00Z --to 2024-10-06T00:00:00Z --format xlsx", "--output:")]
    public void ASiteQueryNeedsAWindowOfInstants(string line, string option)
    {
        var errors = Cli.New().ParseErrors(line);

        Assert.Contains(errors, error => error.Contains(option, StringComparison.Ordinal));
    }

    [Fact]
    public void AssessmentsCarryEveryFilter()
    {
        var cli = Cli.New();

        var request = cli.Conditions.ToAssessmentsRequest(cli.ParseValid(
            "conditions assessments --from 2024-10-01T00:00:00Z --to 2024-11-01T00:00:00Z --site SITE-DRY-1 --facility HTX-XOP --verdict fail --kind storage"));

        Assert.Equal(new ListAssessmentsRequest
        {
            From = Timestamp.FromDateTime(new DateTime(2024, 10, 1, 0, 0, 0, DateTimeKind.Utc)),
            To = Timestamp.FromDateTime(new DateTime(2024, 11, 1, 0, 0, 0, DateTimeKind.Utc)),
            SiteId = "SITE-DRY-1",
            FacilityId = "HTX-XOP",
            Verdict = Verdict.Fail,
            Kind = PeriodKind.Storage,
        }, request);
    }

    [Fact]
    public void AssessmentsWithoutFiltersAskForEverything()
    {
        var cli = Cli.New();

        Assert.Equal(new ListAssessmentsRequest(), cli.Conditions.ToAssessmentsRequest(cli.ParseValid("conditions assessments")));
    }

    [Theory]
    [InlineData("--kind site", "--kind: 'site' is not one of step, storage")]
    [InlineData("--verdict bad", "--verdict: 'bad' is not one of pass, warning, fail")]
    public void AssessmentsRefuseFiltersTheyDoNotKnow(string options, string error)
    {
        Assert.Equal([error], Cli.New().ParseErrors($"conditions assessments {options}"));
    }

    [Theory]
    [InlineData("conditions profiles show drying-default", 0)]
    [InlineData("conditions profiles show drying-default --version 2", 2)]
    public void ProfilesShowAsksForTheLatestOrTheVersionNamed(string line, int version)
    {
        var cli = Cli.New();

        var request = cli.Conditions.ToGetProfileRequest(cli.ParseValid(line));

        Assert.Equal(new GetProfileRequest { ProfileId = "drying-default", Version = version }, request);
    }

    [Fact]
    public void ProfilesSetSendsTheFilesProfileBasedOnTheExpectedVersion()
    {
        var path = File("profile.json", """
            {
              "name": "Sấy sâm dây 50–70 °C",
              "scope": "PROFILE_SCOPE_STEP",
              "stepKind": "STEP_KIND_DRYING",
              "limits": [ { "quantity": "temperature", "min": 50, "max": 70 } ],
              "minimumInRange": "21600s",
              "maxExcursion": "900s",
              "maxGap": "1800s",
              "note": "tighter after the October audit"
            }
            """);
        var cli = Cli.New();

        var request = cli.Conditions.ToPutProfileRequest(ParseValid(cli, "conditions", "profiles", "set", "drying-default", "--file", path, "--expected-version", "2"));

        Assert.Equal(new PutProfileRequest
        {
            ProfileId = "drying-default",
            ExpectedVersion = 2,
            Profile = new ConditionProfile
            {
                ProfileId = "drying-default",
                Name = "Sấy sâm dây 50–70 °C",
                Scope = ProfileScope.Step,
                StepKind = StepKind.Drying,
                Limits = { new QuantityLimit { Quantity = "temperature", Min = 50, Max = 70 } },
                MinimumInRange = Duration.FromTimeSpan(TimeSpan.FromHours(6)),
                MaxExcursion = Duration.FromTimeSpan(TimeSpan.FromMinutes(15)),
                MaxGap = Duration.FromTimeSpan(TimeSpan.FromMinutes(30)),
                Note = "tighter after the October audit",
            },
        }, request);
    }

    [Fact]
    public void ProfilesSetNeedsTheExpectedVersion()
    {
        var path = File("profile.json", """{ "name": "x" }""");

        Assert.Contains(Errors("conditions", "profiles", "set", "drying-default", "--file", path), error => error.Contains("--expected-version", StringComparison.Ordinal));
    }

    [Fact]
    public void AProfileFileWithAnUnknownFieldIsRefusedNamingTheFile()
    {
        var path = File("profile.json", """{ "name": "x", "maxTemperature": 70 }""");

        var error = Assert.Single(Errors("conditions", "profiles", "set", "drying-default", "--file", path, "--expected-version", "2"));

        Assert.StartsWith($"--file: {path} is not a condition profile:", error, StringComparison.Ordinal);
        Assert.Contains("maxTemperature", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AProfileFileThatIsNotJsonIsRefused()
    {
        var path = File("profile.json", "limits: temperature 50..70");

        var error = Assert.Single(Errors("conditions", "profiles", "set", "drying-default", "--file", path, "--expected-version", "2"));

        Assert.StartsWith($"--file: {path} is not JSON", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingProfileFileIsRefused()
    {
        var error = Assert.Single(Errors("conditions", "profiles", "set", "drying-default", "--file", PathOf("none.json"), "--expected-version", "0"));

        Assert.StartsWith($"--file: cannot read {PathOf("none.json")}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AProfileFileOfAnotherProfileIsRefused()
    {
        var path = File("profile.json", """{ "profileId": "storage-dry", "name": "x" }""");

        Assert.Equal(["--file: the file is profile 'storage-dry', not 'drying-default'"],
            Errors("conditions", "profiles", "set", "drying-default", "--file", path, "--expected-version", "1"));
    }

    private static (int Exit, string Output, string Error) Deliver(ConditionsFormat format, string? path)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = ConditionsCommands.Deliver(new Output(output, error, json: false), ConditionsFixtures.Lot(), (format, path));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void AWorkbookIsWrittenToTheFileNamed()
    {
        var path = PathOf("lot.xlsx");

        var (exit, output, error) = Deliver(ConditionsFormat.Xlsx, path);

        Assert.Equal((ExitCodes.Ok, ""), (exit, error));
        Assert.Equal($"{path}: lot 08930000000015/SD-01, fail, 3 period(s){Environment.NewLine}", output);
        using var zip = ZipFile.OpenRead(path);
        using var workbook = new StreamReader(zip.GetEntry("xl/workbook.xml")!.Open());
        var sheets = workbook.ReadToEnd();
        Assert.Contains("name=\"Summary\"", sheets, StringComparison.Ordinal);
        Assert.Contains("name=\"Excursions\"", sheets, StringComparison.Ordinal);
        Assert.Equal([Path.GetFileName(path)], _folder.GetFiles().Select(file => file.Name));
    }

    [Fact]
    public void ACsvFileHasAByteOrderMarkForExcel()
    {
        var path = PathOf("lot.csv");

        Assert.Equal(ExitCodes.Ok, Deliver(ConditionsFormat.Csv, path).Exit);

        var bytes = System.IO.File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Contains("\"Lò sấy \"\"Đăk Glei\"\", khu A\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void CsvWithoutAFileGoesToStandardOutputAsItIs()
    {
        var (exit, output, _) = Deliver(ConditionsFormat.Csv, null);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.StartsWith("row,subject,", output, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\n\r\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlIsWrittenToTheFileNamed()
    {
        var path = PathOf("lot.html");

        Assert.Equal(ExitCodes.Ok, Deliver(ConditionsFormat.Html, path).Exit);

        var html = System.IO.File.ReadAllText(path);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("Sâm dây Ngọc Linh sấy khô", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatCannotBeWrittenFailsSayingWhere()
    {
        var path = Path.Combine(_folder.FullName, "no-such-folder", "lot.xlsx");

        var (exit, output, error) = Deliver(ConditionsFormat.Xlsx, path);

        Assert.Equal((ExitCodes.Failure, ""), (exit, output));
        Assert.StartsWith($"error: cannot write {path}:", error, StringComparison.Ordinal);
        Assert.Empty(_folder.GetFiles("*", SearchOption.AllDirectories));
    }

    [Fact]
    public void AnExistingReportIsReplacedWhole()
    {
        var path = File("lot.csv", new string('x', 100_000));

        Assert.Equal(ExitCodes.Ok, Deliver(ConditionsFormat.Csv, path).Exit);

        Assert.DoesNotContain("xxx", System.IO.File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Single(_folder.GetFiles());
    }

    [Fact]
    public void TheTableNamesEachPeriodsVerdictProfileVersionAndExcursions()
    {
        var console = new TestConsole().Width(220);

        console.Write(ConditionsTables.Report(ConditionsFixtures.Lot()));

        var text = console.Output;
        Assert.Contains("Conditions of lot 08930000000015/SD-01", text, StringComparison.Ordinal);
        var row = text.Split('\n').Single(line => line.Contains("step ST-DRY-01 (drying)", StringComparison.Ordinal));
        Assert.Matches(@"SITE-DRY-1 +│ 2024-10-05 00:30:00Z → 2024-10-05 08:30:00Z │ drying-default v3 │ FAIL +│ 1 +│ excursion: temperature above 70 °C for 25 min", row);
        Assert.Contains("HTX-XOP size 42 root 3f9a0c6b1e2d4f5a…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AProfileIsShownWithItsLimitsAndTolerances()
    {
        var console = new TestConsole().Width(220);

        console.Write(ConditionsTables.Profile(new ConditionProfile
        {
            ProfileId = "drying-default",
            Version = 3,
            Scope = ProfileScope.Step,
            StepKind = StepKind.Drying,
            Limits = { new QuantityLimit { Quantity = "temperature", Min = 50, Max = 70 }, new QuantityLimit { Quantity = "moisture", Max = 12.5 } },
            MinimumInRange = Duration.FromTimeSpan(TimeSpan.FromHours(6)),
            MaxExcursion = Duration.FromTimeSpan(TimeSpan.FromMinutes(15)),
        }));

        var text = console.Output;
        Assert.Contains("Condition profile drying-default v3", text, StringComparison.Ordinal);
        Assert.Contains("drying steps", text, StringComparison.Ordinal);
        Assert.Contains("temperature 50–70; moisture ≤ 12.5", text, StringComparison.Ordinal);
        Assert.Contains("6 h", text, StringComparison.Ordinal);
        Assert.Contains("15 min", text, StringComparison.Ordinal);
    }
}
