using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Google.Protobuf.WellKnownTypes;
using Traceability.Benchmarks.Fixtures;
using Traceability.Conditions;
using Traceability.Contracts.V1;
using Traceability.Telemetry;
using Traceability.Telemetry.Simulation;
using Traceability.Testing;

namespace Traceability.Benchmarks;

/// <summary>
/// The inspector's condition report of one lot, end to end: <c>GET /v1/lots/{gtin}/{lot}/conditions</c>
/// on a real server process, whose answer takes the lot's backward trace (five levels of steps,
/// see <see cref="TracedLot"/>), the readings of each step and of a 30-day storage period read
/// from the time-series store — 10 sensors (5 gateways × temperature and humidity) at one reading
/// a minute: 432,000 readings —, the analysis of every series, the thinned charts and the JSON.
/// Once against SQLite (the embedded store) and once against a VictoriaMetrics server started
/// for the run. Target: at most 1 s.
/// </summary>
public class ConditionsBenchmarks
{
    public const int Gateways = 5;
    public static readonly TimeSpan Span = TimeSpan.FromDays(30);
    public static readonly DateTimeOffset StoredFrom = new(2026, 10, 10, 0, 0, 0, TimeSpan.Zero);

    private ServerProcess? _server;
    private VictoriaMetricsProcess? _victoriaMetrics;
    private string? _dataDir;
    private HttpClient? _http;
    private Uri? _route;

    /// <summary>The time-series store the server reads: <c>sqlite</c> or <c>victoriametrics</c>.</summary>
    [Params("sqlite", "victoriametrics")]
    public string Store { get; set; } = "sqlite";

    public static IConfig Config() =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(15)
                .WithId("Report"))
            .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max, StatisticColumn.P95);

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _dataDir = Directory.CreateTempSubdirectory("conditions-bench-").FullName;
        var lot = new TracedLot();
        var storeSite = $"{lot.FacilityId}.KHO";
        var settings = new List<string>();
        ITimeSeriesStore store;
        if (Store == "victoriametrics")
        {
            _victoriaMetrics = await VictoriaMetricsProcess.StartAsync();
            store = new VictoriaMetricsTimeSeriesStore(new InfluxEndpoint(_victoriaMetrics.Url, null, "traceability", "readings"));
            settings.AddRange(["--Readings:Store", "victoriametrics", "--Readings:Url", _victoriaMetrics.Url.ToString()]);
        }
        else
        {
            store = new SqliteTimeSeriesStore(Path.Combine(_dataDir, SqliteTimeSeriesStore.DefaultFileName));
        }

        var written = 0;
        foreach (var batch in History(lot.FacilityId, storeSite).Chunk(20_000))
        {
            await store.WriteAsync(batch);
            written += batch.Length;
        }

        (store as IDisposable)?.Dispose();
        if (_victoriaMetrics is not null)
        {
            await _victoriaMetrics.FlushAsync();
        }

        _server = await ServerProcess.StartAsync(_dataDir, false, [.. settings]);
        await LotCapture.OverGrpcAsync(lot, _server.Channel);
        await new Registry.RegistryClient(_server.Channel).RegisterSiteAsync(new RegisterSiteRequest
        {
            FacilityId = lot.FacilityId, SiteId = storeSite, Kind = SiteKind.Storage, Name = "Kho thành phẩm", Commune = "Ngọc Linh",
        });
        await new Processing.ProcessingClient(_server.Channel).RecordStorageAsync(new RecordStorageRequest
        {
            FacilityId = lot.FacilityId,
            StorageId = $"{lot.FacilityId}.KHO-1",
            SiteId = storeSite,
            StartedAt = Timestamp.FromDateTimeOffset(StoredFrom),
            EndedAt = Timestamp.FromDateTimeOffset(StoredFrom + Span),
            LotKeys = { $"{lot.Gtin}/{lot.LotCode}" },
        });
        _http = _server.Http;
        _route = new Uri($"/v1/lots/{lot.Gtin}/{lot.LotCode}/conditions", UriKind.Relative);
        var report = await new Contracts.V1.Conditions.ConditionsClient(_server.Channel).GetLotConditionsAsync(new GetLotConditionsRequest { Gtin = lot.Gtin, Lot = lot.LotCode });
        var storage = report.Periods.Single(p => p.Kind == PeriodKind.Storage);
        var counted = storage.Series.Sum(s => s.Count);
        if (storage.Series.Count != 2 * Gateways || counted != written)
        {
            throw new InvalidOperationException($"The report's storage period has {storage.Series.Count} series and {counted} readings; {2 * Gateways} and {written} were written.");
        }

        Console.WriteLine($"// {Store}: {written:N0} readings over {Span.TotalDays} days; the report is {(await _http.GetByteArrayAsync(_route)).Length:N0} bytes of JSON");
    }

    [Benchmark]
    public async Task<int> LotConditionReport() => (await _http!.GetByteArrayAsync(_route)).Length;

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_victoriaMetrics is not null)
        {
            await _victoriaMetrics.DisposeAsync();
        }

        if (_dataDir is not null)
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    /// <summary>A storage room's 30 days, one reading a minute from each sensor of each gateway.</summary>
    private static IEnumerable<StoredReading> History(string facility, string site)
    {
        var rooms = Enumerable.Range(1, Gateways).Select(g => (Device: $"{site}.GW{g}", Model: new StorageRoom { Seed = g, MinCelsius = 20, MaxCelsius = 27, MinHumidity = 50, MaxHumidity = 62 })).ToArray();
        for (var at = StoredFrom; at < StoredFrom + Span; at += TimeSpan.FromMinutes(1))
        {
            foreach (var (device, model) in rooms)
            {
                foreach (var value in model.At(at))
                {
                    yield return new StoredReading(facility, site, device, value.Sensor, value.Quantity.Name, value.Quantity.Unit, Math.Round(value.Value, 2), at);
                }
            }
        }
    }
}
