using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

public sealed class StepArgumentsTests
{
    private const string Drying =
        "step HTX-XOP ST-DRY-2410-01 --site SITE-DRY-1 --kind drying "
        + "--start 2024-10-05T07:30:00+07:00 --end 2024-10-07T17:00:00+07:00 --operator \"A Lâm\" "
        + "--input B-WASH-01=38000 --input B-WASH-02=2000 "
        + "--output \"B-DRY-01=9600:sliced dried roots\" --output B-DRY-02=400";

    [Fact]
    public void WhenADryingStepIsTypedThenTheRequestCarriesEveryField()
    {
        var cli = Cli.New();

        var request = cli.Step.ToRequest(cli.ParseValid(Drying));

        Assert.Equal(new RecordStepRequest
        {
            FacilityId = "HTX-XOP",
            StepId = "ST-DRY-2410-01",
            SiteId = "SITE-DRY-1",
            Kind = StepKind.Drying,
            StartedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 10, 5, 0, 30, 0, TimeSpan.Zero)),
            EndedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 10, 7, 10, 0, 0, TimeSpan.Zero)),
            Operator = "A Lâm",
            Inputs =
            {
                new BatchPortion { BatchId = "B-WASH-01", MassG = 38000 },
                new BatchPortion { BatchId = "B-WASH-02", MassG = 2000 },
            },
            Outputs =
            {
                new BatchOutput { BatchId = "B-DRY-01", MassG = 9600, Description = "sliced dried roots" },
                new BatchOutput { BatchId = "B-DRY-02", MassG = 400 },
            },
        }, request);
    }

    [Theory]
    [InlineData("washing", StepKind.Washing)]
    [InlineData("extraction", StepKind.Extraction)]
    [InlineData("CONCENTRATING", StepKind.Concentrating)]
    [InlineData("fermenting", StepKind.Fermenting)]
    public void WhenAKindIsNamedThenItIsTheProtoValue(string word, StepKind kind)
    {
        var cli = Cli.New();

        var request = cli.Step.ToRequest(cli.ParseValid(Drying.Replace("--kind drying", $"--kind {word}", StringComparison.Ordinal)));

        Assert.Equal(kind, request.Kind);
    }

    [Fact]
    public void WhenTheKindIsUnknownThenTheErrorListsTheKinds()
    {
        var errors = Cli.New().ParseErrors(Drying.Replace("--kind drying", "--kind baking", StringComparison.Ordinal));

        var error = Assert.Single(errors);
        Assert.StartsWith("--kind: 'baking' is not one of washing, slicing, drying", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-10-05T07:30:00")]
    [InlineData("2024-10-05 07:30:00+07:00")]
    [InlineData("05/10/2024 07:30")]
    [InlineData("2024-10-05T25:30:00Z")]
    public void WhenAStartTimeIsNotIsoWithAnOffsetThenItIsRefused(string time)
    {
        var errors = Cli.New().ParseErrors(Drying.Replace("2024-10-05T07:30:00+07:00", $"\"{time}\"", StringComparison.Ordinal));

        Assert.Contains(errors, error => error.StartsWith("--start:", StringComparison.Ordinal));
    }

    [Fact]
    public void WhenAnInputIsNotBatchEqualsGramsThenTheParserNamesTheOption()
    {
        var errors = Cli.New().ParseErrors(Drying.Replace("B-WASH-02=2000", "B-WASH-02=abc", StringComparison.Ordinal));

        Assert.Equal(["--input: 'B-WASH-02=abc': 'abc' is not a whole number of grams above 0"], errors);
    }

    [Fact]
    public void WhenAnOutputHasNoGramsThenTheParserNamesTheOption()
    {
        var errors = Cli.New().ParseErrors(Drying.Replace("B-DRY-02=400", "B-DRY-02", StringComparison.Ordinal));

        Assert.Equal(["--output: 'B-DRY-02' is not BATCH=GRAMS[:description]"], errors);
    }

    [Fact]
    public void WhenNoOutputIsGivenThenTheStepIsRefused()
    {
        var errors = Cli.New().ParseErrors(Drying[..Drying.IndexOf(" --output", StringComparison.Ordinal)]);

        Assert.Contains(errors, error => error.Contains("--output", StringComparison.Ordinal));
    }

    [Fact]
    public void WhenServerAndJsonComeAfterTheCommandThenTheyAreStillRead()
    {
        var cli = Cli.New();

        var parse = cli.ParseValid($"{Drying} --json --server http://10.0.0.9:6000");

        Assert.True(parse.GetValue(cli.Global.Json));
        Assert.Equal(new Uri("http://10.0.0.9:6000"), parse.GetValue(cli.Global.Server));
    }
}
