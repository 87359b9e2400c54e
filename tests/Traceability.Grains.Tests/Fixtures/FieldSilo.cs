using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Traceability.Grains;
using Traceability.Persistence.Sqlite;
using Traceability.Rules;
using Traceability.Storage;

namespace Traceability.Grains.Tests.Fixtures;

/// <summary>
/// Configures each test silo as the embedded server does: the SQLite event store on the file the
/// cluster's properties name, the built-in yield policy, and a clock stopped at
/// <see cref="FieldCluster.Now"/> so that every harvest and step of the fixtures lies in the past.
/// </summary>
public sealed class FieldSilo : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        ArgumentNullException.ThrowIfNull(siloBuilder);
        var path = siloBuilder.Configuration[FieldCluster.StorePathKey]
            ?? throw new InvalidOperationException($"The test cluster sets no {FieldCluster.StorePathKey}.");
        siloBuilder.Services.AddSingleton<IEventStore>(_ => new SqliteEventStore(path));
        siloBuilder.Services.AddSqliteGrainStorage(ViewStorage.Name, _ => Path.GetDirectoryName(path)!);
        siloBuilder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(FieldCluster.Now));
        siloBuilder.Services.AddSingleton(YieldPolicy.Default);
        // As the server: the access policy again where records are written.
        siloBuilder.AddIncomingGrainCallFilter<Traceability.Grains.Access.CaptureBoundary>();
    }
}
