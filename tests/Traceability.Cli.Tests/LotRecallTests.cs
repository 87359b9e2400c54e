using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using Spectre.Console.Rendering;
using Spectre.Console.Testing;
using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

/// <summary>
/// <c>trace lot recall</c> builds the request a facility means, and a withdrawn or recalled lot
/// says so wherever the CLI shows it: the lot's table, the banner above its trace, the forward trace.
/// </summary>
public sealed class LotRecallTests
{
    private const string Reason = "Mẻ sấy quá nhiệt; thu hồi khỏi quầy để kiểm tra lại";

    private static readonly LotRecall Withdrawal = new()
    {
        Gtin = Fixtures.Gtin,
        Lot = Fixtures.LotCode,
        FacilityId = "HTX-XOP",
        Kind = RecallKind.Withdrawal,
        Reason = Reason,
        DecidedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 10, 20, 3, 0, 0, TimeSpan.Zero)),
        RecordedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 10, 20, 3, 5, 0, TimeSpan.Zero)),
    };

    private static readonly LotRecall Recall = new(Withdrawal)
    {
        Kind = RecallKind.Recall,
        Reason = "Aflatoxin vượt ngưỡng",
        DecidedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 10, 22, 9, 0, 0, TimeSpan.Zero)),
    };

    private static string Render(IRenderable renderable)
    {
        var console = new TestConsole().Width(220);
        console.Write(renderable);
        return console.Output;
    }

    [Fact]
    public void WhenARecallIsTypedThenTheRequestCarriesEveryFieldAndIsARecall()
    {
        var cli = Cli.New();

        var request = cli.Lot.Recall.ToRequest(cli.ParseValid(
            $"lot recall {Fixtures.Gtin} {Fixtures.LotCode} --facility HTX-XOP --reason \"{Reason}\" --at 2024-10-20T10:00:00+07:00"));

        Assert.Equal(new RecallLotRequest
        {
            FacilityId = "HTX-XOP",
            Gtin = Fixtures.Gtin,
            Lot = Fixtures.LotCode,
            Kind = RecallKind.Recall,
            Reason = Reason,
            DecidedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 10, 20, 3, 0, 0, TimeSpan.Zero)),
        }, request);
    }

    [Fact]
    public void WhenWithdrawalIsAskedWithoutATimeThenTheKindIsWithdrawalAndTheServerChoosesTheTime()
    {
        var cli = Cli.New();

        var request = cli.Lot.Recall.ToRequest(cli.ParseValid($"lot recall {Fixtures.Gtin} {Fixtures.LotCode} --facility HTX-XOP --reason Mốc --withdrawal"));

        Assert.Equal(RecallKind.Withdrawal, request.Kind);
        Assert.Null(request.DecidedAt);
    }

    [Theory]
    [InlineData("--facility HTX-XOP", "--reason")]
    [InlineData("--reason Mốc", "--facility")]
    public void WhenTheFacilityOrTheReasonIsMissingThenTheParserNamesIt(string given, string missing)
    {
        var errors = Cli.New().ParseErrors($"lot recall {Fixtures.Gtin} {Fixtures.LotCode} {given}");

        Assert.Contains(errors, error => error.Contains(missing, StringComparison.Ordinal));
    }

    [Fact]
    public void WhenTheTimeHasNoOffsetThenTheParserNamesTheOption()
    {
        var errors = Cli.New().ParseErrors($"lot recall {Fixtures.Gtin} {Fixtures.LotCode} --facility HTX-XOP --reason Mốc --at 2024-10-20T10:00:00");

        Assert.Contains(errors, error => error.StartsWith("--at:", StringComparison.Ordinal));
    }

    [Fact]
    public void WhenTheServerAnswersThenTheRecallIsATableSayingWhatWhenWhoAndWhy()
    {
        var output = Render(Rendering.LotRecall(Withdrawal));

        Assert.Contains("Withdrawal of lot 08935049500017 / L2410-01", output, StringComparison.Ordinal);
        Assert.Contains("withdrawal", output, StringComparison.Ordinal);
        Assert.Contains(Reason, output, StringComparison.Ordinal);
        Assert.Contains("2024-10-20 03:00:00Z", output, StringComparison.Ordinal);
        Assert.Contains("HTX-XOP", output, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenAWithdrawnAndRecalledLotIsShownThenItsTableSaysBothFirst()
    {
        var lot = Fixtures.Lot();
        lot.Recalls.Add([Withdrawal, Recall]);

        var lines = Render(Rendering.Lot(lot)).Split('\n');

        var withdrawn = Array.FindIndex(lines, line => line.Contains("withdrawn", StringComparison.Ordinal));
        var recalled = Array.FindIndex(lines, line => line.Contains("recalled", StringComparison.Ordinal));
        var facility = Array.FindIndex(lines, line => line.Contains("facility", StringComparison.Ordinal));
        Assert.True(withdrawn >= 0 && withdrawn < recalled && recalled < facility, string.Join('\n', lines));
        Assert.Contains($"2024-10-20 03:00:00Z by HTX-XOP: {Reason}", lines[withdrawn], StringComparison.Ordinal);
    }

    [Fact]
    public void WhenALotWasNeverTakenBackThenItsTableSaysNothingAboutIt()
    {
        var output = Render(Rendering.Lot(Fixtures.Lot()));

        Assert.DoesNotContain("withdrawn", output, StringComparison.Ordinal);
        Assert.DoesNotContain("recalled", output, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenAWithdrawnLotIsTracedBackThenABannerStandsAboveTheHeaderAndTheTree()
    {
        var trace = Fixtures.Trace();
        trace.Recalls.Add(Withdrawal);

        var lines = Render(TraceTrees.Backward(trace)).Split('\n');

        var banner = Array.FindIndex(lines, line => line.Contains("WITHDRAWN from sale", StringComparison.Ordinal));
        var product = Array.FindIndex(lines, line => line.Contains("Cao sâm dây Ngọc Linh", StringComparison.Ordinal));
        var tree = Array.FindIndex(lines, line => line.Contains("Lot 08935049500017 / L2410-01", StringComparison.Ordinal));
        Assert.True(banner >= 0 && banner < product && product < tree, string.Join('\n', lines));
        Assert.Contains($"by HTX-XOP: {Reason}", lines[banner], StringComparison.Ordinal);
    }

    [Fact]
    public void WhenTheWithdrawalIsEscalatedThenTheTraceHasABannerForEach()
    {
        var trace = Fixtures.Trace();
        trace.Recalls.Add([Withdrawal, Recall]);

        var output = Render(TraceTrees.Backward(trace));

        Assert.True(output.IndexOf("WITHDRAWN from sale", StringComparison.Ordinal) < output.IndexOf("RECALLED from consumers", StringComparison.Ordinal), output);
    }

    [Fact]
    public void WhenAnUntouchedLotIsTracedBackThenThereIsNoBanner()
    {
        var output = Render(TraceTrees.Backward(Fixtures.Trace()));

        Assert.DoesNotContain("WITHDRAWN", output, StringComparison.Ordinal);
        Assert.DoesNotContain("RECALLED", output, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenABatchIsTracedForwardThenALotAlreadyRecalledSaysSo()
    {
        var recall = Fixtures.Recall();
        recall.Lots[0].Recalls.Add(Recall);

        var lines = Render(TraceTrees.Forward(recall)).Split('\n');

        Assert.Contains(lines, line => line.Contains("Lot 08935049500017 / L2410-01", StringComparison.Ordinal) && line.Contains("recalled", StringComparison.Ordinal));
    }

    [Fact]
    public void WhenATraceWithRecallsIsWrittenAsJsonThenItReadsBackTheSame()
    {
        var trace = Fixtures.Trace();
        trace.Recalls.Add(Withdrawal);
        trace.Lot.Recalls.Add(Withdrawal);

        var json = ProtoJson.Format(trace);

        Assert.Equal("RECALL_KIND_WITHDRAWAL", System.Text.Json.Nodes.JsonNode.Parse(json)!["recalls"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal(trace, JsonParser.Default.Parse<LotTrace>(json));
    }
}
