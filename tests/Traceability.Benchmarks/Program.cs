using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Traceability.Benchmarks;
using Traceability.Benchmarks.Load;

// dotnet run -c Release --project tests/Traceability.Benchmarks -- [bench [BenchmarkDotNet options]] | load [options]
return args switch
{
    ["load", .. var rest] => await LoadCommand.RunAsync(rest),
    ["ingest", "--broker", "embedded", .. var rest] => await Traceability.Benchmarks.Ingestion.EmbeddedIngestBenchmark.RunAsync(rest),
    ["ingest", "--broker", "mosquitto", .. var rest] => await Traceability.Benchmarks.Ingestion.IngestBenchmark.RunAsync(rest),
    ["ingest", .. var rest] => await Traceability.Benchmarks.Ingestion.IngestBenchmark.RunAsync(rest),
    [] => Bench([]),
    ["bench", .. var rest] => Bench(rest),
    ["page", .. var rest] => await TracePageLoad.RunAsync(rest),
    ["conditions", .. var rest] => BenchmarkRunner.Run<ConditionsBenchmarks>(ConditionsBenchmarks.Config(), rest).Reports.All(r => r.Success) ? 0 : 1,
    ["audit", ..] => BenchmarkRunner.Run<AuditBenchmarks>(AuditBenchmarks.Config()).Reports.All(r => r.Success) ? 0 : 1,
    ["--help" or "-h" or "help", ..] => Usage(0),
    _ => Usage(2),
};

static int Bench(string[] options)
{
    Type[] benchmarks = [typeof(CaptureBenchmarks), typeof(TraceBenchmarks), typeof(LedgerBenchmarks), typeof(EventHashBenchmarks)];
    var config = BenchConfig.Create();
    IEnumerable<Summary> summaries = options.Length == 0
        ? BenchmarkRunner.Run(benchmarks, config)
        : BenchmarkSwitcher.FromTypes(benchmarks).Run(options, config);
    return summaries.All(s => !s.HasCriticalValidationErrors && s.Reports.All(r => r.Success)) ? 0 : 1;
}

static int Usage(int code)
{
    var writer = code == 0 ? Console.Out : Console.Error;
    writer.WriteLine("""
        Usage:
          Traceability.Benchmarks [bench [BenchmarkDotNet options, e.g. --filter *Trace*]]
              Runs CaptureBenchmarks, TraceBenchmarks and LedgerBenchmarks with BenchmarkDotNet.
          Traceability.Benchmarks conditions
              The condition report of a lot over 30 days of 1-minute readings from 10 sensors
              (432,000 readings), GET /v1/lots/{gtin}/{lot}/conditions end to end, against SQLite
              and against a VictoriaMetrics server started for the run.
          Traceability.Benchmarks page [--calls 5000] [--warmup-calls 1000]
              Server time of the buyer's trace page (GET /01/{gtin}/10/{lot}, HTML, Brotli) for the
              5-level, ~100-node lot, the server's bundle check reused and redone each view, against
              the backward trace over gRPC in the same run; and the first view's weight.
          Traceability.Benchmarks audit
              Times `trace audit` over a data folder of 1,000,000 events (built once under the temp folder).
          Traceability.Benchmarks load [--seconds 20] [--clients 1,16] [--server http://127.0.0.1:5081]
                                       [--trace-calls 5000] [--warmup-calls 2000] [--warmup-seconds 10]
                                       [--paths grpc,in-process,store]
              Durable capture rate per number of concurrent clients (over gRPC; and, to locate the
              cost, through the facility grain in this process and into the event store alone),
              and backward-trace latency percentiles over gRPC and in-process.
              Without --server it starts its own server.
          Traceability.Benchmarks load --anchoring [--rounds 2] [--seconds 20] [--clients 1,16] [--warmup-seconds 10]
              Capture over gRPC with anchoring off and on in the same run: fresh servers, the "on"
              ones anchoring every second on an anvil chain started for the run, off/on alternated
              --rounds times; prints both rates, on/off per client count and the anchors confirmed.
          Traceability.Benchmarks ingest [--broker mosquitto|embedded] [--seconds 20] [--devices 20] [--batch 50] [--window 16] [--warmup-seconds 3]
              Readings/s a real mosquitto delivers to a subscriber that only counts, then readings/s
              the platform's subscriber ingests (parsed, validated, stored durably in SQLite,
              acknowledged), same run and payloads; the ratio and publish-to-stored latency; then
              the same at a paced target rate. --broker embedded: the server's own MQTTnet broker.
          Traceability.Benchmarks load --anchor-gas <data folder>
              Anchors a copy of the data folder once on anvil; prints records, logs covered and gas used.
        """);
    return code;
}
