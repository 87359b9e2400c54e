using BenchmarkDotNet.Attributes;
using Traceability.Benchmarks.Fixtures;
using Traceability.Testing;
using GrpcTrace = Traceability.Contracts.V1.LotTrace;
using LotTrace = Traceability.Views.LotTrace;

namespace Traceability.Benchmarks;

/// <summary>
/// Backward trace of a lot with five levels of steps and about a hundred nodes (see
/// <see cref="TracedLot"/>): in this process through <c>TraceQueries.BackwardAsync</c>, and over
/// native gRPC from a real server process through <c>TraceClient.TraceLotAsync</c>.
/// </summary>
[MemoryDiagnoser]
public class TraceBenchmarks
{
    /// <summary>Traces before BenchmarkDotNet's own warm-up, for the tiered JIT to settle.</summary>
    private const int Warmup = 2000;

    private InProcessPlatform? _platform;
    private ServerProcess? _server;
    private Contracts.V1.Trace.TraceClient? _client;
    private TracedLot _lot = new();
    private Contracts.V1.TraceLotRequest _request = new();

    [GlobalSetup(Target = nameof(InProcess))]
    public async Task SetupInProcessAsync()
    {
        _platform = await InProcessPlatform.StartAsync();
        _lot = new TracedLot();
        await LotCapture.InProcessAsync(_lot, _platform.Grains, _platform.Queries);
        for (var i = 0; i < Warmup; i++)
        {
            await InProcess();
        }
    }

    [GlobalSetup(Target = nameof(OverGrpc))]
    public async Task SetupOverGrpcAsync()
    {
        _server = await ServerProcess.StartAsync();
        _lot = new TracedLot();
        await LotCapture.OverGrpcAsync(_lot, _server.Channel);
        _client = new Contracts.V1.Trace.TraceClient(_server.Channel);
        _request = _lot.TraceRequest;
        for (var i = 0; i < Warmup; i++)
        {
            await OverGrpc();
        }
    }

    [Benchmark]
    public Task<LotTrace?> InProcess() => _platform!.Queries.BackwardAsync(_lot.Gtin, _lot.LotCode);

    [Benchmark]
    public async Task<GrpcTrace> OverGrpc() => await _client!.TraceLotAsync(_request);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
            _platform = null;
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }

        _client = null;
    }
}
