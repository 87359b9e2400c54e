using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Traceability.Benchmarks.Fixtures;
using Traceability.Testing;

namespace Traceability.Benchmarks.Load;

/// <summary>
/// <c>load --anchoring</c>: the durable capture rate over gRPC with anchoring off and on, in the same
/// run (the issue's target: on within 5% of off). Each measurement has a fresh server; the "on" ones
/// anchor on an anvil chain started here (automine, the server deploys its own contract, an anchor
/// every second, one confirmation). Off and on alternate for <see cref="LoadOptions.Rounds"/> rounds so
/// that drift of the shared machine falls on both. The anchors confirmed while the capture was
/// measured are counted from the server's "Anchor N confirmed" lines, to show anchoring ran.
/// </summary>
internal static partial class AnchoringComparison
{
    private const int IntervalSeconds = 1;
    private const double Tolerance = 0.05;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task RunAsync(LoadOptions options)
    {
        await using var anvil = await AnvilProcess.StartAsync();
        Say($"Anvil on {anvil.RpcUrl} (chain {anvil.ChainId}, automine); anchoring on = --Anchoring:IntervalSeconds {IntervalSeconds}, 1 confirmation");
        var rows = new List<Row>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var anchoring in new[] { false, true })
            {
                rows.AddRange(await MeasureAsync(options, anvil, round, anchoring));
            }
        }

        Print(options, rows);
    }

    private static async Task<List<Row>> MeasureAsync(LoadOptions options, AnvilProcess anvil, int round, bool anchoring)
    {
        string[] settings = anchoring
            ? ["--Anchoring:Ethereum:RpcUrl", anvil.RpcUrl, "--Anchoring:Ethereum:PrivateKey", anvil.PrivateKeys[0], "--Anchoring:IntervalSeconds", IntervalSeconds.ToString(Invariant)]
            : [];
        await using var server = await ServerProcess.StartAsync(null, false, settings);
        var process = ProcessCpu.FindServer(server.DataDir);
        var mode = anchoring ? "on" : "off";
        Say($"Round {round}, anchoring {mode}: server on {server.GrpcUrl} (pid {process?.Id.ToString(Invariant) ?? "?"}), data in {server.DataDir}");
        if (anchoring)
        {
            await WaitForAsync(server, "Anchor contract deployed", TimeSpan.FromSeconds(60));
        }

        var rows = new List<Row>();
        foreach (var clients in options.Clients)
        {
            Say($"  capture over gRPC, anchoring {mode}: {clients} client(s), {options.WarmupSeconds} s warm-up + {options.Seconds} s ...");
            var harvesters = await HarvestClient.RegisterManyAsync(server.GrpcUrl, HarvestClient.NewPrefix($"ANCH{mode.ToUpperInvariant()}{round}C{clients}"), clients, server.Credentials.AdminKey);
            try
            {
                var before = 0;
                var capture = await LoadCommand.MeasureCaptureAsync(LoadOptions.Grpc, harvesters, options, process, () => before = Confirmed(server.Output));
                var during = Confirmed(server.Output) - before;
                rows.Add(new Row(round, anchoring, capture, during));
                Say($"  {capture.EventsPerSecond:#,0} events/s{(anchoring ? $", {during} anchors confirmed in the measured {capture.Seconds:0.0} s" : "")}");
            }
            finally
            {
                foreach (var harvester in harvesters)
                {
                    harvester.Dispose();
                }
            }
        }

        if (anchoring)
        {
            var output = server.Output;
            Say($"  server totals: {Confirmed(output)} anchors confirmed, {Count(output, "Anchoring step failed")} failed steps, {Count(output, "reverted")} reverted");
        }

        return rows;
    }

    private static async Task WaitForAsync(ServerProcess server, string text, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!server.Output.Contains(text, StringComparison.Ordinal))
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"The server did not log '{text}' within {timeout.TotalSeconds} s:\n{server.Output}");
            }

            await Task.Delay(100);
        }
    }

    private static int Confirmed(string output) => ConfirmedLine().Count(output);

    private static int Count(string output, string text)
    {
        var count = 0;
        for (var at = output.IndexOf(text, StringComparison.Ordinal); at >= 0; at = output.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static void Print(LoadOptions options, List<Row> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"Capture over gRPC with anchoring off and on, same run, a fresh server each; on = anvil, an anchor every {IntervalSeconds} s");
        Console.WriteLine("| round | anchoring | clients | events | events/s | p50 ms | p99 ms | CPU load | CPU server | CPU other | anchors confirmed |");
        Console.WriteLine("|------:|:----------|--------:|-------:|---------:|-------:|-------:|---------:|-----------:|----------:|------------------:|");
        foreach (var r in rows)
        {
            var c = r.Capture;
            var anchors = r.Anchoring ? r.AnchorsConfirmed.ToString(Invariant) : "-";
            Say($"| {r.Round,5} | {(r.Anchoring ? "on" : "off"),-9} | {c.Clients,7} | {c.Events,6} | {c.EventsPerSecond,8:#,0} | {c.Latency.P50,6:0.00} | {c.Latency.P99,6:0.00} | {c.Cpu.Load,8:0.00} | {LoadCommand.Cores(c.Cpu.Server),10} | {LoadCommand.Cores(c.Cpu.Other),9} | {anchors,17} |");
        }

        Console.WriteLine();
        Console.WriteLine("| clients | off events/s (mean) | on events/s (mean) | on/off | on/off per round | anchors confirmed while measuring (on) | within 5% |");
        Console.WriteLine("|--------:|--------------------:|-------------------:|-------:|:-----------------|---------------------------------------:|:---------:|");
        foreach (var clients in options.Clients)
        {
            var off = rows.Where(r => r.Capture.Clients == clients && !r.Anchoring).ToList();
            var on = rows.Where(r => r.Capture.Clients == clients && r.Anchoring).ToList();
            var offMean = off.Average(r => r.Capture.EventsPerSecond);
            var onMean = on.Average(r => r.Capture.EventsPerSecond);
            var ratio = onMean / offMean;
            var perRound = string.Join(", ", off.Zip(on).Select(p => (p.Second.Capture.EventsPerSecond / p.First.Capture.EventsPerSecond).ToString("0.000", Invariant)));
            var anchors = string.Join(" + ", on.Select(r => r.AnchorsConfirmed.ToString(Invariant)));
            Say($"| {clients,7} | {offMean,19:#,0} | {onMean,18:#,0} | {ratio,6:0.000} | {perRound,-16} | {anchors,38} | {(ratio >= 1 - Tolerance ? "yes" : "no"),9} |");
        }

        Console.WriteLine();
        foreach (var clients in options.Clients)
        {
            var offMean = rows.Where(r => r.Capture.Clients == clients && !r.Anchoring).Average(r => r.Capture.EventsPerSecond);
            var onMean = rows.Where(r => r.Capture.Clients == clients && r.Anchoring).Average(r => r.Capture.EventsPerSecond);
            var ratio = onMean / offMean;
            Say($"Capture over gRPC, {clients} client(s): anchoring on {onMean:#,0} events/s vs off {offMean:#,0} = {ratio:0.000} ({(ratio - 1) * 100:+0.0;-0.0}%; target within 5%: {(ratio >= 1 - Tolerance ? "met" : "missed")}).");
        }
    }

    private static void Say(FormattableString line) => Console.WriteLine(FormattableString.Invariant(line));

    [GeneratedRegex(@"Anchor \d+ confirmed", RegexOptions.CultureInvariant)]
    private static partial Regex ConfirmedLine();

    private sealed record Row(int Round, bool Anchoring, LoadCommand.CaptureRow Capture, int AnchorsConfirmed);
}
