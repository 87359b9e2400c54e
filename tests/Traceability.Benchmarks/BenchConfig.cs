using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Traceability.Benchmarks;

/// <summary>
/// One short job, run in this process (the servers it measures are separate processes anyway, and
/// the in-process platform must share the benchmark's process): 3 warm-up and 10 measured
/// iterations of about 300 ms each, so both classes finish in a few minutes on two cores.
/// </summary>
public static class BenchConfig
{
    public static IConfig Create() =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(10)
                .WithIterationTime(TimeInterval.FromMilliseconds(300))
                .WithUnrollFactor(1)
                .WithId("Short"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max, StatisticColumn.OperationsPerSecond);
}
