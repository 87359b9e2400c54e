using Traceability.Abstractions.Tests.Fixtures;
using Traceability.Events;

namespace Traceability.Abstractions.Tests.Events;

/// <summary>Which records an event creates and which streams it belongs to.</summary>
public sealed class RecordKeyTests
{
    [Theory]
    [InlineData(RecordKind.Batch, "SD-2026-001", "batch:SD-2026-001")]
    [InlineData(RecordKind.Facility, "HTX-NGOCLINH", "facility:HTX-NGOCLINH")]
    [InlineData(RecordKind.Lot, "08938521000013/L2605-01", "lot:08938521000013/L2605-01")]
    public void AStreamIsNamedByKindInLowerCaseAndKey(RecordKind kind, string key, string stream)
    {
        var recordKey = new RecordKey(kind, key);

        Assert.Equal(stream, recordKey.Stream);
        Assert.Equal(stream, recordKey.ToString());
    }

    [Fact]
    public void ALotIsKeyedByGtinAndLotCodeAsInADigitalLinkPath() =>
        Assert.Equal("08938521000013/L2605-01", LotKeys.Of(NgocLinh.DriedVineGinsengGtin, NgocLinh.LotCodeValue));

    [Fact]
    public void AStepCreatesItselfAndEachOutput_AndTouchesItsInputsAndSite()
    {
        var step = NgocLinh.Drying();

        Assert.Equal(["step:SAY-2026-001", "batch:SD-2026-001-KHO"], step.Creates().Select(k => k.Stream));
        Assert.Equal(
            ["facility:HTX-NGOCLINH", "step:SAY-2026-001", "batch:SD-2026-001-KHO", "batch:SD-2026-001", "site:NL-LOSAY-01"],
            step.Touches().Select(k => k.Stream));
    }

    [Fact]
    public void ALotCreatesItselfAndTouchesItsInputsProductAndSite()
    {
        var lot = NgocLinh.Lot();

        Assert.Equal(["lot:08938521000013/L2605-01"], lot.Creates().Select(k => k.Stream));
        Assert.Equal(
            ["facility:HTX-NGOCLINH", "lot:08938521000013/L2605-01", "batch:SD-2026-001-KHO", "product:08938521000013", "site:NL-XUONG-01"],
            lot.Touches().Select(k => k.Stream));
    }

    [Fact]
    public void AHarvestCreatesItsBatchAndTouchesItsArea() =>
        Assert.Equal(
            ["facility:HTX-NGOCLINH", "batch:SD-2026-001", "area:NL-TK123-K4-L2"],
            NgocLinh.Harvest().Touches().Select(k => k.Stream));

    [Fact]
    public void ARegistrationCreatesOneRecordAndTouchesItsFacility()
    {
        Assert.Equal(["facility:HTX-NGOCLINH"], NgocLinh.Facility().Touches().Select(k => k.Stream));
        Assert.Equal(["facility:HTX-NGOCLINH", "site:NL-LOSAY-01"], NgocLinh.DryingSite().Touches().Select(k => k.Stream));
        Assert.Equal(["facility:HTX-NGOCLINH", "area:NL-TK123-K4-L2"], NgocLinh.Area().Touches().Select(k => k.Stream));
        Assert.Equal(["facility:HTX-NGOCLINH", "product:08938521000013"], NgocLinh.Product().Touches().Select(k => k.Stream));
    }
}
