using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Traceability.Persistence.Sqlite;

/// <summary>Registers the SQLite stores of the embedded mode.</summary>
public static class SqliteStorageRegistration
{
    /// <summary>The event store in <c>{dataDir}/events.db</c>.</summary>
    public static IServiceCollection AddSqliteEventStore(this IServiceCollection services, Func<IServiceProvider, string> dataDir) =>
        services.AddSingleton<Storage.IEventStore>(sp => new SqliteEventStore(Path.Combine(dataDir(sp), "events.db")));

    /// <summary>Orleans grain storage named <paramref name="name"/> in <c>{dataDir}/grains.db</c>.</summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Func<IServiceProvider, string> dataDir) =>
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new SqliteGrainStorage(Path.Combine(dataDir(sp), "grains.db"), sp.GetRequiredService<Serializer>()));
}
