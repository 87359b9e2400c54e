using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

public sealed class HarvestAndPackArgumentsTests
{
    [Fact]
    public void WhenAHarvestIsTypedThenTheRequestCarriesTheInstantInUtc()
    {
        var cli = Cli.New();

        var request = cli.Harvest.ToRequest(cli.ParseValid(
            "harvest HTX-XOP B-RAW-2410-01 --area TK123-K2-L5 --species \"Codonopsis javanica\" --mass-g 40000 "
            + "--at 2024-10-01T06:15:00+07:00 --harvester \"Y Hoa\""));

        Assert.Equal(new HarvestRequest
        {
            FacilityId = "HTX-XOP",
            BatchId = "B-RAW-2410-01",
            AreaCode = "TK123-K2-L5",
            Species = "Codonopsis javanica",
            MassG = 40000,
            HarvestedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 9, 30, 23, 15, 0, TimeSpan.Zero)),
            Harvester = "Y Hoa",
        }, request);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-40000")]
    [InlineData("40kg")]
    [InlineData("4.5")]
    public void WhenTheHarvestedMassIsNotWholePositiveGramsThenItIsRefused(string mass)
    {
        var errors = Cli.New().ParseErrors(
            $"harvest F B --area A --species S --mass-g {mass} --at 2024-10-01T06:15:00Z --harvester H");

        Assert.Equal([$"--mass-g: '{mass}' is not a whole number above 0"], errors);
    }

    [Fact]
    public void WhenALotIsPackedThenTheRequestCarriesDatesAndInputs()
    {
        var cli = Cli.New();

        var request = cli.Pack.ToRequest(cli.ParseValid(
            "pack HTX-XOP 08935049500017 L2410-01 --site PACK-1 --units 96 --net-g 100 "
            + "--produced 2024-10-10 --expires 2026-10-10 --input B-DRY-01=9600"));

        Assert.Equal(new PackLotRequest
        {
            FacilityId = "HTX-XOP",
            Gtin = "08935049500017",
            Lot = "L2410-01",
            SiteId = "PACK-1",
            UnitCount = 96,
            NetMassPerUnitG = 100,
            ProducedOn = "2024-10-10",
            ExpiresOn = "2026-10-10",
            Inputs = { new BatchPortion { BatchId = "B-DRY-01", MassG = 9600 } },
        }, request);
    }

    [Theory]
    [InlineData("2024-02-30")]
    [InlineData("10/10/2024")]
    [InlineData("2024-10-10T00:00:00Z")]
    public void WhenAProductionDateIsNotACalendarDateThenItIsRefused(string date)
    {
        var errors = Cli.New().ParseErrors(
            $"pack F G L --site S --units 1 --net-g 1 --produced {date} --expires 2026-10-10 --input B=1");

        Assert.Equal([$"--produced: '{date}' is not a date YYYY-MM-DD"], errors);
    }

    [Fact]
    public void WhenLotsAreListedThenThePageOptionsAreRead()
    {
        var cli = Cli.New();

        var request = cli.Lot.ToListRequest(cli.ParseValid("lot list --page-size 50 --page-token abc"));

        Assert.Equal(new ListLotsRequest { PageSize = 50, PageToken = "abc" }, request);
    }

    [Fact]
    public void WhenALotIsTracedThenTheRequestNamesGtinAndLot()
    {
        var cli = Cli.New();

        var request = cli.Lot.ToTraceRequest(cli.ParseValid("lot trace 08935049500017 L2410-01"));

        Assert.Equal(new TraceLotRequest { Gtin = "08935049500017", Lot = "L2410-01" }, request);
    }

    [Fact]
    public void WhenABatchIsRecalledThenTheRequestNamesIt()
    {
        var cli = Cli.New();

        var request = cli.Batch.ToRecallRequest(cli.ParseValid("batch recall B-RAW-2410-01"));

        Assert.Equal(new RecallBatchRequest { BatchId = "B-RAW-2410-01" }, request);
    }
}
