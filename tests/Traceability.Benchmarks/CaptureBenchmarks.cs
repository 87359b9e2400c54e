using BenchmarkDotNet.Attributes;
using Traceability.Benchmarks.Fixtures;
using Traceability.Testing;

namespace Traceability.Benchmarks;

/// <summary>
/// Durable capture over native gRPC: harvests against a real server process, each acknowledged
/// after the server's fsync'd commit. Results read per event (<c>OperationsPerInvoke</c>).
/// </summary>
[MemoryDiagnoser]
public class CaptureBenchmarks
{
    public const int SequentialEvents = 32;
    public const int Clients = 16;
    public const int EventsPerClient = 16;

    /// <summary>Harvesting before BenchmarkDotNet's own warm-up, for the server's tiered JIT to settle.</summary>
    private static readonly TimeSpan ServerWarmup = TimeSpan.FromSeconds(8);

    private ServerProcess? _server;
    private HarvestClient? _one;
    private HarvestClient[] _many = [];

    [GlobalSetup(Target = nameof(OneClient))]
    public async Task SetupOneClientAsync()
    {
        _server = await ServerProcess.StartAsync();
        _one = await HarvestClient.RegisterAsync(_server.GrpcUrl, HarvestClient.NewPrefix("CAP1"), _server.Credentials.AdminKey);
        await _one.HarvestForAsync(ServerWarmup);
    }

    [GlobalSetup(Target = nameof(SixteenClients))]
    public async Task SetupSixteenClientsAsync()
    {
        _server = await ServerProcess.StartAsync();
        _many = await HarvestClient.RegisterManyAsync(_server.GrpcUrl, HarvestClient.NewPrefix("CAP16"), Clients, _server.Credentials.AdminKey);
        await Task.WhenAll(_many.Select(c => c.HarvestForAsync(ServerWarmup)));
    }

    /// <summary>One client, one call at a time.</summary>
    [Benchmark(OperationsPerInvoke = SequentialEvents)]
    public Task OneClient() => _one!.HarvestManyAsync(SequentialEvents);

    /// <summary>16 clients at once, each with its own connection and facility, each one call at a time.</summary>
    [Benchmark(OperationsPerInvoke = Clients * EventsPerClient)]
    public Task SixteenClients() => Task.WhenAll(_many.Select(c => c.HarvestManyAsync(EventsPerClient)));

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _one?.Dispose();
        foreach (var client in _many)
        {
            client.Dispose();
        }

        _one = null;
        _many = [];
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }
}
