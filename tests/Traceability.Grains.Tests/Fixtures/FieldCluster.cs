using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Traceability.Storage;

namespace Traceability.Grains.Tests.Fixtures;

/// <summary>
/// One in-process Orleans cluster (a single silo) per test class, with its event store in a
/// temporary folder deleted when the class's tests are done. Tests of one class share the
/// cluster, so each names its own cooperative (<see cref="Cooperative.Next"/>).
/// </summary>
public sealed class FieldCluster : IAsyncLifetime
{
    /// <summary>The configuration key through which the silo learns where its event store lives.</summary>
    public const string StorePathKey = "Traceability:Tests:EventStorePath";

    /// <summary>The silo's clock: midnight, 1 June 2026, Vietnam time.</summary>
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.FromHours(7));

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "traceability-grains-tests", Guid.NewGuid().ToString("N"));

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    /// <summary>The event store of the running silo (a new instance after a restart).</summary>
    public IEventStore Store => Cluster.GetSiloServiceProvider(Primary.SiloAddress).GetRequiredService<IEventStore>();

    private SiloHandle Primary => Cluster.Primary ?? throw new InvalidOperationException("The test cluster has no running primary silo.");

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.Properties[StorePathKey] = Path.Combine(_folder, "events.db");
        builder.AddSiloBuilderConfigurator<FieldSilo>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>How many events the store holds: what a refused capture must leave unchanged.</summary>
    public async Task<int> EventCountAsync()
    {
        var count = 0;
        await foreach (var _ in Store.ReadAllAsync())
        {
            count++;
        }

        return count;
    }

    /// <summary>Stops the silo and starts a new one on the same event store file.</summary>
    public async Task RestartSiloAsync()
    {
        await Cluster.RestartSiloAsync(Primary);
        await Cluster.WaitForLivenessToStabilizeAsync();
    }
}
