using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using Spectre.Console.Rendering;
using Spectre.Console.Testing;
using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

public sealed class TraceTreeTests
{
    private static readonly string[] BackwardPath =
        ["Lot 08935049500017 / L2410-01", "Batch B-EXT-01", "Step ST-EXT-01", "Batch B-WASH-01", "Step ST-WASH-01", "Batch B-RAW-01", "Area TK123-K2-L5"];

    private static readonly string[] ForwardPath =
        ["Batch B-RAW-01", "Step ST-WASH-01", "Batch B-WASH-01", "Step ST-EXT-01", "Batch B-EXT-01", "Lot 08935049500017 / L2410-01"];

    private static string[] Render(IRenderable renderable)
    {
        var console = new TestConsole().Width(220);
        console.Write(renderable);
        return console.Output.Split('\n');
    }

    /// <summary>The column where <paramref name="text"/> starts in the first line that has it.</summary>
    private static (int Line, int Column) Find(string[] lines, string text)
    {
        var line = Array.FindIndex(lines, candidate => candidate.Contains(text, StringComparison.Ordinal));
        Assert.True(line >= 0, $"'{text}' is not in:\n{string.Join('\n', lines)}");
        return (line, lines[line].IndexOf(text, StringComparison.Ordinal));
    }

    [Fact]
    public void WhenALotIsTracedBackThenEachLevelNestsUnderTheOneItCameFrom()
    {
        var lines = Render(TraceTrees.Backward(Fixtures.Trace()));

        var path = BackwardPath
            .Select(text => Find(lines, text))
            .ToList();
        foreach (var (parent, child) in path.Zip(path.Skip(1)))
        {
            Assert.True(child.Line > parent.Line && child.Column > parent.Column, $"not nested:\n{string.Join('\n', lines)}");
        }
    }

    [Fact]
    public void WhenALotIsTracedBackThenTheAreaShowsItsCommuneAndCertifications()
    {
        var lines = Render(TraceTrees.Backward(Fixtures.Trace()));

        var area = lines[Find(lines, "Area TK123-K2-L5").Line];
        Assert.Contains("Xốp, Đăk Glei, Kon Tum", area, StringComparison.Ordinal);
        Assert.Contains("vietgap, organic", area, StringComparison.Ordinal);
        Assert.Contains("by Y Hoa", area, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenALotIsTracedBackThenTheHeaderNamesProductStarsAndFacility()
    {
        var output = string.Join('\n', Render(TraceTrees.Backward(Fixtures.Trace())));

        Assert.Contains("Cao sâm dây Ngọc Linh / Vine ginseng extract", output, StringComparison.Ordinal);
        Assert.Contains("★★★ (3 stars)", output, StringComparison.Ordinal);
        Assert.Contains("HTX Sâm dây Ngọc Linh Xốp (cooperative), Xốp, Đăk Glei, Kon Tum", output, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenAStepRanAtAKnownSiteThenTheStepLineNamesKindSiteAndOperator()
    {
        var lines = Render(TraceTrees.Backward(Fixtures.Trace()));

        var step = lines[Find(lines, "Step ST-EXT-01").Line];
        Assert.Contains("extraction · at Xưởng chế biến Xốp (PROC-1)", step, StringComparison.Ordinal);
        Assert.Contains("by A Lâm", step, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenTheLotAndABatchWereStoredThenEachStorageNestsUnderWhatItHeld()
    {
        var trace = Fixtures.Trace();
        trace.Sites.Add(new Site { SiteId = "KHO-1", FacilityId = "HTX-XOP", Kind = SiteKind.Storage, Name = "Kho Xốp", Commune = "Xốp" });
        trace.Storages.Add(new Contracts.V1.Storage
        {
            StorageId = "KHO-2410-01",
            SiteId = "KHO-1",
            BatchIds = { "B-WASH-01" },
            StartedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 10, 3, 0, 0, 0, TimeSpan.Zero)),
            EndedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 10, 4, 0, 0, 0, TimeSpan.Zero)),
        });
        trace.Storages.Add(new Contracts.V1.Storage { StorageId = "KHO-2410-02", SiteId = "KHO-9", LotKeys = { $"{trace.Lot.Gtin}/{trace.Lot.Lot_}" } });

        var lines = Render(TraceTrees.Backward(trace));

        var lot = Find(lines, "Lot 08935049500017 / L2410-01");
        var lotStorage = Find(lines, "Stored KHO-2410-02");
        var washed = Find(lines, "Batch B-WASH-01");
        var batchStorage = Find(lines, "Stored KHO-2410-01");
        Assert.True(lotStorage.Line > lot.Line && lotStorage.Column > lot.Column, string.Join('\n', lines));
        Assert.True(batchStorage.Line > washed.Line && batchStorage.Column > washed.Column, string.Join('\n', lines));
        Assert.Contains("at Kho Xốp (KHO-1)", lines[batchStorage.Line], StringComparison.Ordinal);
        Assert.Contains("at KHO-9", lines[lotStorage.Line], StringComparison.Ordinal);
        Assert.Single(lines, line => line.Contains("Stored KHO-2410-01", StringComparison.Ordinal));
    }

    [Fact]
    public void WhenTheTraceLacksARecordThenTheTreeSaysSoInsteadOfDroppingIt()
    {
        var trace = Fixtures.Trace();
        trace.Areas.Clear();
        trace.Steps.Remove(trace.Steps.Single(step => step.StepId == "ST-WASH-01"));

        var lines = Render(TraceTrees.Backward(trace));

        Assert.Contains("not in the trace", lines[Find(lines, "Step ST-WASH-01").Line], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, line => line.Contains("Area", StringComparison.Ordinal));
    }

    [Fact]
    public void WhenATraceHasACycleThenItRendersOnceAndStops()
    {
        var trace = Fixtures.Trace();
        // A corrupt record: the washing step claims the extract as its input.
        trace.Steps.Single(step => step.StepId == "ST-WASH-01").Inputs.Add(new BatchPortion { BatchId = "B-EXT-01", MassG = 1 });

        var lines = Render(TraceTrees.Backward(trace));

        Assert.Contains(lines, line => line.Contains("(already shown above)", StringComparison.Ordinal));
    }

    [Fact]
    public void WhenABatchIsRecalledThenTheTreeLeadsThroughStepsToTheLot()
    {
        var lines = Render(TraceTrees.Forward(Fixtures.Recall()));

        var path = ForwardPath
            .Select(text => Find(lines, text))
            .ToList();
        foreach (var (parent, child) in path.Zip(path.Skip(1)))
        {
            Assert.True(child.Line > parent.Line && child.Column > parent.Column, $"not nested:\n{string.Join('\n', lines)}");
        }
    }

    [Fact]
    public void WhenABatchIsRecalledThenTheAffectedLotsAreTabulated()
    {
        var lines = Render(TraceTrees.Forward(Fixtures.Recall()));

        var rows = lines.Skip(Find(lines, "Affected lots: 1").Line)
            .Select(row => string.Join(' ', row.Split('│', '|').Select(cell => cell.Trim()).Where(cell => cell.Length > 0)));
        Assert.Contains("08935049500017 L2410-01 HTX-XOP 96 100 g 2024-10-10 2026-10-10", rows);
    }

    [Fact]
    public void WhenNoLotContainsTheBatchThenTheRecallSaysSo()
    {
        var recall = new BatchRecall { Batch = Fixtures.Washed() };
        recall.Batch.Uses.Clear();

        var output = string.Join('\n', Render(TraceTrees.Forward(recall)));

        Assert.Contains("No lot contains any of this batch.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenANameHoldsMarkupCharactersThenItIsPrintedAsTyped()
    {
        var trace = Fixtures.Trace();
        trace.Steps[0].Operator = "[bold]A Lâm[/]";

        var lines = Render(TraceTrees.Backward(trace));

        Assert.Contains(lines, line => line.Contains("by [bold]A Lâm[/]", StringComparison.Ordinal));
    }
}
