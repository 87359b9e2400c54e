using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Traceability.Grains.Tracing;
using Traceability.Server;

namespace Traceability.Benchmarks.Fixtures;

/// <summary>
/// The platform without Kestrel, in this process: silo, SQLite event store (in its own temporary
/// folder) and trace queries, as <see cref="PlatformHosting.AddTraceabilityPlatform"/> sets them up.
/// </summary>
public sealed class InProcessPlatform : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessPlatform(IHost host, string dataDir)
    {
        _host = host;
        DataDir = dataDir;
    }

    public string DataDir { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public TraceQueries Queries => _host.Services.GetRequiredService<TraceQueries>();

    public static async Task<InProcessPlatform> StartAsync()
    {
        var dataDir = Directory.CreateTempSubdirectory("traceability-bench-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = dataDir });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Traceability:DataDir"] = dataDir,
            ["Traceability:SiloPort"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Warning",
        });
        builder.AddTraceabilityPlatform();
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessPlatform(host, dataDir);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(DataDir, recursive: true);
    }
}
