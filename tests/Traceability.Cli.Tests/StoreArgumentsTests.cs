using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

public sealed class StoreArgumentsTests
{
    private const string Stored =
        "store --facility HTX-XOP --storage-id KHO-2410-01 --site SITE-KHO-1 "
        + "--from 2024-10-08T08:00:00+07:00 --to 2024-10-15T17:30:00+07:00 "
        + "--batch B-DRY-01 --batch B-DRY-02 --lot 08935049500017/L2410-01 --lot 08935049500017/L2410/02";

    [Fact]
    public void WhenAStoragePeriodIsTypedThenTheRequestCarriesEveryField()
    {
        var cli = Cli.New();

        var request = cli.Store.ToRequest(cli.ParseValid(Stored));

        Assert.Equal(new RecordStorageRequest
        {
            FacilityId = "HTX-XOP",
            StorageId = "KHO-2410-01",
            SiteId = "SITE-KHO-1",
            StartedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 10, 8, 1, 0, 0, TimeSpan.Zero)),
            EndedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 10, 15, 10, 30, 0, TimeSpan.Zero)),
            BatchIds = { "B-DRY-01", "B-DRY-02" },
            LotKeys = { "08935049500017/L2410-01", "08935049500017/L2410/02" },
        }, request);
    }

    [Fact]
    public void WhenOnlyLotsAreStoredThenTheRequestHasNoBatch()
    {
        var cli = Cli.New();

        var request = cli.Store.ToRequest(cli.ParseValid(
            "store --facility HTX-XOP --storage-id KHO-2410-02 --site SITE-KHO-1 --from 2024-10-08T08:00:00Z --to 2024-10-09T08:00:00Z --lot 08935049500017/L2410-01"));

        Assert.Empty(request.BatchIds);
        Assert.Equal(["08935049500017/L2410-01"], request.LotKeys);
    }

    [Fact]
    public void WhenNothingIsStoredThenTheCommandAsksForABatchOrALot()
    {
        var errors = Cli.New().ParseErrors(
            "store --facility HTX-XOP --storage-id KHO-2410-01 --site SITE-KHO-1 --from 2024-10-08T08:00:00Z --to 2024-10-09T08:00:00Z");

        Assert.Equal(["Name at least one --batch or --lot."], errors);
    }

    [Theory]
    [InlineData("08935049500017")]
    [InlineData("/L2410-01")]
    [InlineData("08935049500017/")]
    public void WhenALotIsNotGtinSlashLotThenTheParserNamesTheOption(string lot)
    {
        var errors = Cli.New().ParseErrors(Stored.Replace("--lot 08935049500017/L2410-01", $"--lot {lot}", StringComparison.Ordinal));

        Assert.Contains(errors, error => error.StartsWith("--lot:", StringComparison.Ordinal) && error.Contains("GTIN/LOT", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--from")]
    [InlineData("--to")]
    public void WhenATimeHasNoOffsetThenItIsRefused(string option)
    {
        var time = option == "--from" ? "2024-10-08T08:00:00+07:00" : "2024-10-15T17:30:00+07:00";

        var errors = Cli.New().ParseErrors(Stored.Replace(time, "2024-10-08T08:00:00", StringComparison.Ordinal));

        Assert.Contains(errors, error => error.StartsWith($"{option}:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--facility HTX-XOP ")]
    [InlineData("--storage-id KHO-2410-01 ")]
    [InlineData("--site SITE-KHO-1 ")]
    public void WhenARequiredOptionIsMissingThenTheCommandLineIsRefused(string option) =>
        Assert.NotEmpty(Cli.New().ParseErrors(Stored.Replace(option, "", StringComparison.Ordinal)));

    [Fact]
    public void WhenAStoragePeriodIsAskedForThenTheRequestNamesIt()
    {
        var cli = Cli.New();

        Assert.Equal(new GetStorageRequest { StorageId = "KHO-2410-01" }, cli.Storage.ToGetRequest(cli.ParseValid("storage get KHO-2410-01")));
    }
}
