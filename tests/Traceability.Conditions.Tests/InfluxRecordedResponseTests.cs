using System.Net;
using System.Text.Json;
using Traceability.Conditions;

namespace Traceability.Conditions.Tests;

/// <summary>
/// The InfluxDB 2.x store against recorded InfluxDB 2.x responses, NOT a live InfluxDB (none can be
/// installed here): <see cref="RecordedInfluxServer"/> serves <c>Fixtures/influxdb2-flux-readings.csv</c>
/// (annotated CSV in the server's format, see <c>Fixtures/README.md</c>) so that the real
/// InfluxDB.Client 5.1.0 parses it, and records the write and query requests the client sends.
/// </summary>
public sealed class InfluxRecordedResponseTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly RecordedInfluxServer _server = new(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "influxdb2-flux-readings.csv")));

    private InfluxTimeSeriesStore NewStore() => new(new InfluxEndpoint(_server.Url, "test-token", "coop-org", "readings-bucket"));

    [Fact]
    public async Task WhenReadingsAreWritten_TheClientPostsExactlyThisLineProtocolWithOrgBucketAndMillisecondPrecision()
    {
        using var store = NewStore();

        await store.WriteAsync(
        [
            new("coop-7", "drying-hall.1", "dev-1", "t-1", "temperature", "CEL", 48.5, T0.AddTicks(15_009_999)),
            new("coop-7", "drying-hall.1", "dev-2", "rh.1", "relative_humidity", "P1", 61, T0.AddSeconds(2)),
        ]);

        var write = Assert.Single(_server.Requests);
        Assert.Equal("POST", write.Method);
        Assert.Equal("/api/v2/write", write.Path);
        Assert.Equal(new Dictionary<string, string> { ["org"] = "coop-org", ["bucket"] = "readings-bucket", ["precision"] = "ms" }, write.Query);
        Assert.Equal(
            "temperature,device=dev-1,facility=coop-7,sensor=t-1,site=drying-hall.1,unit=CEL value=48.5 1772323201500\n"
            + "relative_humidity,device=dev-2,facility=coop-7,sensor=rh.1,site=drying-hall.1,unit=P1 value=61 1772323202000",
            write.Body);
    }

    [Fact]
    public async Task WhenTheServerRefusesAWrite_WriteAsyncThrows()
    {
        using var store = NewStore();
        _server.WriteError = HttpStatusCode.BadRequest;

        var e = await Assert.ThrowsAnyAsync<Exception>(() => store.WriteAsync([new("coop-7", "drying-hall.1", "dev-1", "t-1", "temperature", "CEL", 48.5, T0)]));

        Assert.Contains("missing fields", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenReading_TheClientSendsTheFluxQueryForTheSiteAndRangeToTheOrg()
    {
        using var store = NewStore();

        await store.ReadAsync("drying-hall.1", T0, T0.AddHours(1));

        var query = Assert.Single(_server.Requests);
        Assert.Equal("POST", query.Method);
        Assert.Equal("/api/v2/query", query.Path);
        Assert.Equal(new Dictionary<string, string> { ["org"] = "coop-org" }, query.Query);
        using var body = JsonDocument.Parse(query.Body);
        Assert.Equal(
            "from(bucket: \"readings-bucket\")\n"
            + "  |> range(start: 2026-03-01T00:00:00.000Z, stop: 2026-03-01T01:00:00.000Z)\n"
            + "  |> filter(fn: (r) => r.site == \"drying-hall.1\" and r._field == \"value\")",
            body.RootElement.GetProperty("query").GetString());
    }

    [Fact]
    public async Task WhenTheServerAnswersSeveralTablesInTwoBlocks_TheReadingsAreParsedOrderedByTimeDeviceSensorQuantity()
    {
        using var store = NewStore();

        var readings = await store.ReadAsync("drying-hall.1", T0, T0.AddHours(1));

        StoredReading At(double seconds, string device, string sensor, string quantity, string unit, double value) =>
            new("coop-7", "drying-hall.1", device, sensor, quantity, unit, value, T0.AddSeconds(seconds));
        Assert.Equal(
            [
                At(1, "dev-1", "m.1", "moisture", "P1", 12.5),
                At(1.5, "dev-1", "t-1", "temperature", "CEL", 48.5),
                At(1.5, "dev-2", "rh.1", "relative_humidity", "P1", 61.2),
                At(1.5, "dev-2", "t-1", "temperature", "CEL", 47.125),
                At(2.25, "dev-1", "t-1", "temperature", "CEL", 49),
                At(2.25, "dev-2", "rh.1", "relative_humidity", "P1", 60.75),
            ],
            readings);
    }

    [Fact]
    public void TheFactoryMakesInfluxDbWhenConfigured()
    {
        using var store = (InfluxTimeSeriesStore)TimeSeriesStores.Create(
            new ReadingsStoreOptions { Store = "influxdb", Url = _server.Url.ToString(), Token = "t", Org = "o", Bucket = "b" }, Path.GetTempPath());

        Assert.NotNull(store);
    }

    public void Dispose() => _server.Dispose();
}
