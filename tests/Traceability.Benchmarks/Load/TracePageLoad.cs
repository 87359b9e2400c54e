using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Traceability.Benchmarks.Fixtures;
using Traceability.Testing;

namespace Traceability.Benchmarks.Load;

/// <summary>
/// The trace page command: server time of the buyer's trace page (GET /01/{gtin}/10/{lot}, HTML,
/// Brotli as a phone asks for it) for the 5-level, ~100-node lot of <see cref="TracedLot"/>, one
/// caller, one page after the other, against a real server process; with the server's check of
/// the proof bundle reused (the default) and redone on every view (ServerCheckSeconds=0). The
/// backward trace over gRPC of the same lot, in the same run, is the baseline. Also the page's
/// weight as sent (identity, gzip, Brotli) with its one script.
/// </summary>
public static partial class TracePageLoad
{
    /// <summary>Target: p99 server time of the page, in milliseconds.</summary>
    public const double P99Target = 20;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var calls = Option(args, "--calls", 5000);
        var warmup = Option(args, "--warmup-calls", 1000);
        Say($"Trace page run {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}{LoadCommand.LoadAverage()}");
        var rows = new List<(string Path, Latencies Latency, Latencies? ServerTiming, double CallsPerSecond, string Cpu)>();
        foreach (var (name, settings) in new[] { ("page, server check reused", Array.Empty<string>()), ("page, server check each view", new[] { "--DigitalLink:ServerCheckSeconds=0" }) })
        {
            await using var server = await ServerProcess.StartAsync(settings: settings);
            var lot = new TracedLot();
            await LotCapture.OverGrpcAsync(lot, server.Channel);
            using var handler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None };
            using var http = new HttpClient(handler) { BaseAddress = server.Url };
            var path = $"/01/{lot.Gtin}/10/{Uri.EscapeDataString(lot.LotCode)}";
            var process = ProcessCpu.FindServer(server.DataDir);

            if (rows.Count == 0)
            {
                await WeighAsync(http, path);
                var trace = new Contracts.V1.Trace.TraceClient(server.Channel);
                var request = lot.TraceRequest;
                var (traceLatency, _, traceRate, traceCpu) = await MeasureAsync(async () => { await trace.TraceLotAsync(request); return null; }, calls, warmup, process);
                rows.Add(("trace over gRPC (baseline)", traceLatency, null, traceRate, traceCpu));
            }

            var (latency, serverTiming, rate, cpu) = await MeasureAsync(() => GetPageAsync(http, path), calls, warmup, process);
            rows.Add((name, latency, serverTiming, rate, cpu));
        }

        Console.WriteLine();
        Say($"Trace page of a lot with depth {TracedLot.Depth} and {TracedLot.ExpectedNodes} batches + steps + areas ({TracedLot.AreaCount} areas, {TracedLot.HarvestCount} harvests), one caller, {calls} calls after {warmup} warm-up calls; latency measured by the caller on loopback, server time from the page's Server-Timing header");
        Console.WriteLine("| path | calls/s | mean ms | p50 ms | p90 ms | p99 ms | max ms | Server-Timing p50 / p99 ms | CPU load / server / other | p99 vs 20 ms |");
        Console.WriteLine("|:-----|--------:|--------:|-------:|-------:|-------:|-------:|---------------------------:|:--------------------------|-------------:|");
        var baseline = rows[0].Latency;
        foreach (var r in rows)
        {
            var timing = r.ServerTiming is { } t ? string.Create(Invariant, $"{t.P50:0.000} / {t.P99:0.000}") : "-";
            var ratio = r.ServerTiming is null ? "-" : (r.Latency.P99 / P99Target).ToString("0.00", Invariant) + "x";
            Say($"| {r.Path} | {r.CallsPerSecond:#,0} | {r.Latency.Mean:0.000} | {r.Latency.P50:0.000} | {r.Latency.P90:0.000} | {r.Latency.P99:0.000} | {r.Latency.Max:0.00} | {timing} | {r.Cpu} | {ratio} |");
        }

        Console.WriteLine();
        foreach (var r in rows.Skip(1))
        {
            Say($"{r.Path}: p99 {r.Latency.P99:0.000} ms = {r.Latency.P99 / P99Target:0.00} x the 20 ms target ({(r.Latency.P99 <= P99Target ? "met" : "missed")}); {r.Latency.P99 / baseline.P99:0.0} x the gRPC trace's p99 in the same run.");
        }

        Say($"Done {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}{LoadCommand.LoadAverage()}");
        return 0;
    }

    private static async Task<double?> GetPageAsync(HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        request.Headers.AcceptEncoding.ParseAdd("br");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        _ = await response.Content.ReadAsByteArrayAsync();
        var timing = response.Headers.TryGetValues("Server-Timing", out var values) ? values.First() : null;
        return timing is null ? null : double.Parse(DurationPattern().Match(timing).Groups[1].Value, Invariant);
    }

    private static async Task<(Latencies Latency, Latencies? ServerTiming, double CallsPerSecond, string Cpu)> MeasureAsync(Func<Task<double?>> call, int calls, int warmup, Process? server)
    {
        for (var i = 0; i < warmup; i++)
        {
            await call();
        }

        var milliseconds = new double[calls];
        var timings = new List<double>(calls);
        var cpu = new ProcessCpu(server);
        cpu.Start();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            if (await call() is { } timing)
            {
                timings.Add(timing);
            }

            milliseconds[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }

        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var (self, serverCores, machine) = cpu.Stop();
        var other = Math.Max(0, machine - self - (double.IsNaN(serverCores) ? 0 : serverCores));
        return (Latencies.Of(milliseconds), timings.Count > 0 ? Latencies.Of(timings) : null, calls / elapsed,
            string.Create(Invariant, $"{self:0.00} / {LoadCommand.Cores(serverCores)} / {other:0.00}"));
    }

    /// <summary>The first view's bytes as sent: the HTML and its one script, uncompressed, gzip and Brotli.</summary>
    private static async Task WeighAsync(HttpClient http, string path)
    {
        async Task<(long Bytes, string Body)> GetAsync(string url, string? encoding)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("text/html");
            if (encoding is not null)
            {
                request.Headers.AcceptEncoding.ParseAdd(encoding);
            }

            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var bytes = await response.Content.ReadAsByteArrayAsync();
            return (bytes.LongLength, encoding is null ? System.Text.Encoding.UTF8.GetString(bytes) : string.Empty);
        }

        var (html, body) = await GetAsync(path, null);
        var script = ScriptPattern().Match(body).Groups[1].Value;
        var (htmlGzip, _) = await GetAsync(path, "gzip");
        var (htmlBr, _) = await GetAsync(path, "br");
        var (js, _) = await GetAsync(script, null);
        var (jsGzip, _) = await GetAsync(script, "gzip");
        var (jsBr, _) = await GetAsync(script, "br");
        Console.WriteLine();
        Say($"Page weight, first view (HTML with inline styles and drawings + {script.Split('?')[0]}; nothing else is fetched):");
        Console.WriteLine("| part | identity B | gzip B | Brotli B |");
        Console.WriteLine("|:-----|-----------:|-------:|---------:|");
        Say($"| HTML | {html:#,0} | {htmlGzip:#,0} | {htmlBr:#,0} |");
        Say($"| verify.js | {js:#,0} | {jsGzip:#,0} | {jsBr:#,0} |");
        Say($"| first view | {html + js:#,0} ({(html + js) / 1024.0:0.0} KB) | {htmlGzip + jsGzip:#,0} | {htmlBr + jsBr:#,0} ({(htmlBr + jsBr) / 1024.0:0.0} KB) |");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], Invariant) : fallback;
    }

    private static void Say(FormattableString line) => Console.WriteLine(FormattableString.Invariant(line));

    [GeneratedRegex(@"dur=([0-9.]+)")]
    private static partial Regex DurationPattern();

    [GeneratedRegex("<script src=\"([^\"]+)\"")]
    private static partial Regex ScriptPattern();
}
