using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using Traceability.Benchmarks.Fixtures;
using Traceability.Persistence.Sqlite;
using Traceability.Testing;

namespace Traceability.Benchmarks.Load;

/// <summary>
/// The load command: durable capture rate for each number of concurrent clients — over gRPC
/// against a server process (the measurement with a target), and, to locate the cost, through the
/// facility grain in this process and against the event store alone — then backward-trace
/// latency of the 100-node lot over gRPC and in-process. Prints plain tables with each result
/// against its target.
/// </summary>
public static class LoadCommand
{
    /// <summary>Capture target: events per second over gRPC, each durable before it is acknowledged.</summary>
    public const double CaptureTarget = 5_000;

    /// <summary>Trace target: p99 latency over gRPC, in milliseconds.</summary>
    public const double TraceP99Target = 10;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        Say($"Load run {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}{LoadAverage()}");
        if (options.AnchorGasOf is { } folder)
        {
            await AnchorGas.RunAsync(folder);
            Say($"Done {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}{LoadAverage()}");
            return 0;
        }

        if (options.Anchoring)
        {
            await AnchoringComparison.RunAsync(options);
            Say($"Done {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}{LoadAverage()}");
            return 0;
        }

        var captures = new List<CaptureRow>();
        var traces = new List<TraceRow>();
        if (options.Measures(LoadOptions.Grpc))
        {
            await MeasureOverGrpcAsync(options, captures, traces);
        }

        if (options.Measures(LoadOptions.InProcess))
        {
            await MeasureInProcessAsync(options, captures, traces);
        }

        if (options.Measures(LoadOptions.Store))
        {
            await MeasureStoreAsync(options, captures);
        }

        Print(captures, traces);
        Say($"Done {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}{LoadAverage()}");
        return 0;
    }

    private static async Task MeasureOverGrpcAsync(LoadOptions options, List<CaptureRow> captures, List<TraceRow> traces)
    {
        ServerProcess? owned = null;
        try
        {
            Uri grpcUrl;
            string adminKey;
            Process? serverProcess = null;
            if (options.Server is { } given)
            {
                grpcUrl = given;
                adminKey = Environment.GetEnvironmentVariable("TRACE_API_KEY") ?? throw new InvalidOperationException("--server needs the server's admin key in TRACE_API_KEY.");
                Say($"Server: {grpcUrl} (given; its CPU counts as 'other')");
            }
            else
            {
                owned = await ServerProcess.StartAsync();
                grpcUrl = owned.GrpcUrl;
                adminKey = owned.Credentials.AdminKey;
                serverProcess = ProcessCpu.FindServer(owned.DataDir);
                Say($"Server: started on {grpcUrl} (pid {serverProcess?.Id.ToString(Invariant) ?? "?"}), data in {owned.DataDir}");
            }

            foreach (var perCall in options.Batch)
            {
                foreach (var clients in options.Clients)
                {
                    Say($"Capture over gRPC: {clients} client(s), {perCall} harvest(s) per call, {options.WarmupSeconds} s warm-up + {options.Seconds} s ...");
                    var harvesters = await HarvestClient.RegisterManyAsync(grpcUrl, HarvestClient.NewPrefix($"LOAD{clients}B{perCall}"), clients, adminKey, perCall);
                    try
                    {
                        captures.Add(await MeasureCaptureAsync(LoadOptions.Grpc, harvesters, options, serverProcess));
                    }
                    finally
                    {
                        foreach (var harvester in harvesters)
                        {
                            harvester.Dispose();
                        }
                    }
                }
            }

            // The test server's channel acts as each facility's operator; a given server is asked as its admin.
            using var adminChannel = owned is null ? ApiKeyHandler.Channel(grpcUrl, adminKey) : null;
            var channel = owned?.Channel ?? adminChannel!;
            var lot = new TracedLot();
            await LotCapture.OverGrpcAsync(lot, channel);
            var client = new Contracts.V1.Trace.TraceClient(channel);
            var request = lot.TraceRequest;
            var size = (await client.TraceLotAsync(request)).CalculateSize();
            Say($"Trace over gRPC: lot {lot.LotCode} ({size:#,0} bytes of protobuf per answer), {options.WarmupCalls} warm-up + {options.TraceCalls} calls ...");
            traces.Add(await MeasureTraceAsync(LoadOptions.Grpc, async () => await client.TraceLotAsync(request), options, serverProcess));
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }
        }
    }

    private static async Task MeasureInProcessAsync(LoadOptions options, List<CaptureRow> captures, List<TraceRow> traces)
    {
        await using var platform = await InProcessPlatform.StartAsync();
        foreach (var clients in options.Clients)
        {
            Say($"Capture in-process (IFacilityGrain.Capture): {clients} client(s), {options.WarmupSeconds} s warm-up + {options.Seconds} s ...");
            var harvesters = await GrainHarvester.RegisterManyAsync(platform.Grains, HarvestClient.NewPrefix($"GRAIN{clients}"), clients);
            captures.Add(await MeasureCaptureAsync(LoadOptions.InProcess, harvesters, options, null));
        }

        var lot = new TracedLot();
        await LotCapture.InProcessAsync(lot, platform.Grains, platform.Queries);
        Say($"Trace in-process: lot {lot.LotCode}, {options.WarmupCalls} warm-up + {options.TraceCalls} calls ...");
        traces.Add(await MeasureTraceAsync(LoadOptions.InProcess, () => platform.Queries.BackwardAsync(lot.Gtin, lot.LotCode), options, null));
    }

    private static async Task MeasureStoreAsync(LoadOptions options, List<CaptureRow> captures)
    {
        var dataDir = Directory.CreateTempSubdirectory("traceability-store-").FullName;
        try
        {
            await using var store = new SqliteEventStore(Path.Combine(dataDir, "events.db"));
            foreach (var clients in options.Clients)
            {
                Say($"Capture into the event store alone: {clients} client(s), {options.WarmupSeconds} s warm-up + {options.Seconds} s ...");
                var prefix = HarvestClient.NewPrefix($"STORE{clients}");
                var harvesters = Enumerable.Range(0, clients).Select(i => new StoreHarvester(store, $"{prefix}-{i:D2}")).ToArray();
                captures.Add(await MeasureCaptureAsync(LoadOptions.Store, harvesters, options, null));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>Warm-up, then the measured seconds; <paramref name="measuring"/> is called in between.</summary>
    internal static async Task<CaptureRow> MeasureCaptureAsync(string path, IHarvester[] harvesters, LoadOptions options, Process? server, Action? measuring = null)
    {
        // Warm-up: connections, the tiered JIT (which goes on for several seconds under load), the store's statements.
        await RunAsync(harvesters, TimeSpan.FromSeconds(options.WarmupSeconds), null);
        measuring?.Invoke();
        var latencies = harvesters.Select(_ => new List<double>()).ToArray();
        var cpu = new ProcessCpu(server);
        cpu.Start();
        var start = Stopwatch.GetTimestamp();
        await RunAsync(harvesters, TimeSpan.FromSeconds(options.Seconds), latencies);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var (self, serverCores, machine) = cpu.Stop();
        var all = latencies.SelectMany(l => l).ToList();
        var perCall = harvesters[0].EventsPerCall;
        var events = all.Count * perCall;
        return new CaptureRow(path, harvesters.Length, events, elapsed, events / elapsed, Latencies.Of(all), new CpuUse(self, serverCores, machine)) { PerCall = perCall };
    }

    /// <summary>Every client harvests one batch after the other until <paramref name="duration"/> is over.</summary>
    private static Task RunAsync(IHarvester[] harvesters, TimeSpan duration, List<double>[]? latencies)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return Task.WhenAll(harvesters.Select((harvester, i) => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var t0 = Stopwatch.GetTimestamp();
                await harvester.HarvestAsync();
                latencies?[i].Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
        })));
    }

    private static async Task<TraceRow> MeasureTraceAsync(string path, Func<Task> call, LoadOptions options, Process? server)
    {
        for (var i = 0; i < options.WarmupCalls; i++)
        {
            await call();
        }

        var milliseconds = new double[options.TraceCalls];
        var cpu = new ProcessCpu(server);
        cpu.Start();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < milliseconds.Length; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await call();
            milliseconds[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }

        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var (self, serverCores, machine) = cpu.Stop();
        return new TraceRow(path, milliseconds.Length / elapsed, Latencies.Of(milliseconds), new CpuUse(self, serverCores, machine));
    }

    private static void Print(List<CaptureRow> captures, List<TraceRow> traces)
    {
        Console.WriteLine();
        Say($"CPU in cores of {Environment.ProcessorCount}: load = this process (with the silo for in-process and store), server = the server process, other = the rest of the machine.");
        Console.WriteLine("CPU ms/event = (load + server) CPU time per event.");
        Console.WriteLine();
        Console.WriteLine("Capture (durable: each harvest acknowledged after the fsync'd commit holding it); target applies to gRPC; latency per call");
        Console.WriteLine("| path       | clients | per call | events | events/s | p50 ms | p90 ms | p99 ms | max ms | CPU load | CPU server | CPU other | CPU ms/event | vs 5,000/s |");
        Console.WriteLine("|:-----------|--------:|---------:|-------:|---------:|-------:|-------:|-------:|-------:|---------:|-----------:|----------:|-------------:|-----------:|");
        foreach (var c in captures)
        {
            var ratio = c.Path == LoadOptions.Grpc ? (c.EventsPerSecond / CaptureTarget).ToString("0.00", Invariant) + "x" : "-";
            var cpuPerEvent = (c.Cpu.Load + (double.IsNaN(c.Cpu.Server) ? 0 : c.Cpu.Server)) / c.EventsPerSecond * 1000;
            Say($"| {c.Path,-10} | {c.Clients,7} | {c.PerCall,8} | {c.Events,6} | {c.EventsPerSecond,8:#,0} | {c.Latency.P50,6:0.00} | {c.Latency.P90,6:0.00} | {c.Latency.P99,6:0.00} | {c.Latency.Max,6:0.0} | {c.Cpu.Load,8:0.00} | {Cores(c.Cpu.Server),10} | {Cores(c.Cpu.Other),9} | {cpuPerEvent,12:0.000} | {ratio,10} |");
        }

        Console.WriteLine();
        Say($"Backward trace of the lot (depth {TracedLot.Depth}, {TracedLot.ExpectedNodes} batches + steps + areas), one caller, one call after the other; target applies to gRPC");
        Console.WriteLine("| path       | calls | calls/s | mean ms | p50 ms | p90 ms | p99 ms | max ms | CPU load | CPU server | CPU other | p99 vs 10 ms |");
        Console.WriteLine("|:-----------|------:|--------:|--------:|-------:|-------:|-------:|-------:|---------:|-----------:|----------:|-------------:|");
        foreach (var t in traces)
        {
            var ratio = t.Path == LoadOptions.Grpc ? (t.Latency.P99 / TraceP99Target).ToString("0.00", Invariant) + "x" : "-";
            Say($"| {t.Path,-10} | {t.Latency.Count,5} | {t.CallsPerSecond,7:#,0} | {t.Latency.Mean,7:0.000} | {t.Latency.P50,6:0.000} | {t.Latency.P90,6:0.000} | {t.Latency.P99,6:0.000} | {t.Latency.Max,6:0.00} | {t.Cpu.Load,8:0.00} | {Cores(t.Cpu.Server),10} | {Cores(t.Cpu.Other),9} | {ratio,12} |");
        }

        Console.WriteLine();
        foreach (var c in captures.Where(c => c.Path == LoadOptions.Grpc))
        {
            Say($"Capture over gRPC, {c.Clients} client(s), {c.PerCall} per call: {c.EventsPerSecond:#,0} events/s = {c.EventsPerSecond / CaptureTarget:0.00} x the 5,000/s target ({(c.EventsPerSecond >= CaptureTarget ? "met" : "missed")}).");
        }

        foreach (var t in traces.Where(t => t.Path == LoadOptions.Grpc))
        {
            Say($"Trace over gRPC: p99 {t.Latency.P99:0.000} ms = {t.Latency.P99 / TraceP99Target:0.00} x the 10 ms target ({(t.Latency.P99 <= TraceP99Target ? "met" : "missed")}).");
        }
    }

    /// <summary>The machine's load average (Linux), since other processes share the two cores.</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? $", load average {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}" : string.Empty;

    private static void Say(FormattableString line) => Console.WriteLine(FormattableString.Invariant(line));

    internal static string Cores(double cores) => double.IsNaN(cores) ? "n/a" : cores.ToString("0.00", Invariant);

    internal sealed record CaptureRow(string Path, int Clients, int Events, double Seconds, double EventsPerSecond, Latencies Latency, CpuUse Cpu)
    {
        /// <summary>Harvests per call (1: one Harvest per call).</summary>
        public int PerCall { get; init; } = 1;
    }

    private sealed record TraceRow(string Path, double CallsPerSecond, Latencies Latency, CpuUse Cpu);

    /// <summary>Cores used by this process, the server (NaN when not known) and the machine (NaN off Linux).</summary>
    internal sealed record CpuUse(double Load, double Server, double Machine)
    {
        /// <summary>What the rest of the machine used: other people's builds and tests share the two cores.</summary>
        public double Other => Math.Max(0, Machine - Load - (double.IsNaN(Server) ? 0 : Server));
    }
}
