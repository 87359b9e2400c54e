using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Traceability.Benchmarks.Fixtures;
using Traceability.Persistence.Sqlite;

namespace Traceability.Benchmarks;

/// <summary>
/// <c>trace audit</c>'s work on a data folder of <see cref="Events"/> events (harvests of 8
/// facilities, each event with its EPCIS text, hash ID and log leaf, one checkpoint per log):
/// re-read everything, recompute both hashes of every event, every leaf, node and checkpoint root
/// and signature. The folder is built once through the event store and kept under the temporary
/// folder for the next runs. Each iteration is one whole audit, so the job is a short monitoring run.
/// </summary>
public class AuditBenchmarks
{
    private const int Facilities = 8;

    private string _folder = "";

    [Params(1_000_000)]
    public int Events { get; set; }

    /// <summary>A few whole audits, each measured once: the time is seconds, not microseconds.</summary>
    public static IConfig Config() =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(0)
                .WithIterationCount(3)
                .WithId("Audit"));

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"traceability-audit-bench-{Events}");
        if (File.Exists(Path.Combine(_folder, "complete")))
        {
            return;
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        Directory.CreateDirectory(_folder);
        Build().GetAwaiter().GetResult();
        File.WriteAllText(Path.Combine(_folder, "complete"), "");
    }

    [Benchmark]
    public long Audit()
    {
        var report = LedgerAudit.RunAsync(_folder).GetAwaiter().GetResult();
        if (report.Divergences.Count > 0 || report.Events != Events)
        {
            throw new InvalidOperationException($"The audit found {report.Divergences.Count} divergences in {report.Events} events.");
        }

        return report.Events;
    }

    private async Task Build()
    {
        var watch = Stopwatch.StartNew();
        await using var store = new SqliteEventStore(Path.Combine(_folder, "events.db"));
        var harvesters = Enumerable.Range(1, Facilities).Select(f => new StoreHarvester(store, $"AUDIT-{f}")).ToList();
        var perFacility = Events / Facilities;
        // Many appends in flight per facility, so the store's group commit fills its transactions.
        await Task.WhenAll(harvesters.Select(h => Task.Run(async () =>
        {
            for (var done = 0; done < perFacility; done += 64)
            {
                await Task.WhenAll(Enumerable.Range(0, Math.Min(64, perFacility - done)).Select(_ => h.HarvestAsync()));
            }
        })));
        await store.CutAsync();
        Console.WriteLine($"// audit: stored {Events:N0} events in {watch.Elapsed.TotalSeconds:N1} s");
    }
}
