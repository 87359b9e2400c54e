using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Traceability.Persistence.Sqlite;

/// <summary>Registers the SQLite stores of the embedded mode.</summary>
public static class SqliteStorageRegistration
{
    /// <summary>
    /// The event store in <c>{dataDir}/events.db</c>, which is also the ledger (<see cref="Storage.ILedger"/>)
    /// named <paramref name="ledgerName"/>, its signing key in <c>{dataDir}/ledger-signing.key</c>.
    /// </summary>
    public static IServiceCollection AddSqliteEventStore(this IServiceCollection services, Func<IServiceProvider, string> dataDir, Func<IServiceProvider, string>? ledgerName = null)
    {
        services.AddSingleton(sp =>
        {
            var folder = dataDir(sp);
            var name = ledgerName?.Invoke(sp) ?? Storage.LedgerOrigins.DefaultName;
            return new SqliteEventStore(Path.Combine(folder, "events.db"), new LedgerSettings(name, Path.Combine(folder, LedgerSettings.DefaultKeyFile)), sp.GetService<TimeProvider>());
        });
        services.AddSingleton<Storage.IEventStore>(sp => sp.GetRequiredService<SqliteEventStore>());
        services.AddSingleton<Storage.ILedger>(sp => sp.GetRequiredService<SqliteEventStore>());
        return services;
    }

    /// <summary>Orleans grain storage named <paramref name="name"/> in <c>{dataDir}/{fileName}</c> (default <c>grains.db</c>).</summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Func<IServiceProvider, string> dataDir, string fileName = "grains.db") =>
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new SqliteGrainStorage(Path.Combine(dataDir(sp), fileName), sp.GetRequiredService<Serializer>()));
}
