using System.Net;
using Microsoft.Extensions.Options;
using Traceability.Grains;
using Traceability.Grains.Tracing;
using Traceability.Persistence.Sqlite;
using Traceability.Rules;

namespace Traceability.Server;

/// <summary>
/// The platform without its web front: options, clock, capture rules, event store, trace queries
/// and the embedded silo. The server adds Kestrel and the API on top; benchmarks host this alone.
/// </summary>
public static class PlatformHosting
{
    public static IHostApplicationBuilder AddTraceabilityPlatform(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<TraceabilityOptions>().BindConfiguration(TraceabilityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CaptureOptions>().BindConfiguration(CaptureOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new YieldPolicy(sp.GetRequiredService<IOptions<CaptureOptions>>().Value.Yields
            .ToDictionary(y => y.Key, y => new YieldRange(y.Value.Min, y.Value.Max))));
        static string DataDir(IServiceProvider sp) => sp.GetRequiredService<IOptions<TraceabilityOptions>>().Value.DataDir;
        services.AddOptions<LedgerOptions>().BindConfiguration(LedgerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSqliteEventStore(DataDir, sp => sp.GetRequiredService<IOptions<LedgerOptions>>().Value.Name);
        services.AddSqliteGrainStorage(ViewStorage.Name, DataDir);
        services.AddSqliteGrainStorage(Grains.Profiles.ProfileStorage.Name, DataDir, "profiles.db");
        services.AddSingleton<TraceQueries>();

        var settings = builder.Configuration.GetSection(TraceabilityOptions.Section).Get<TraceabilityOptions>() ?? new TraceabilityOptions();
        builder.UseOrleans(silo =>
        {
            // Embedded mode: a one-silo cluster on loopback; the cluster mode replaces this by configuration.
            silo.UseLocalhostClustering(settings.SiloPort == 0 ? Listening.FreeLoopbackPort() : settings.SiloPort, settings.GatewayPort);
            silo.Configure<Orleans.Configuration.EndpointOptions>(o => o.AdvertisedIPAddress = IPAddress.Loopback);
            // The access policy again where records are written (docs/security.md).
            silo.AddIncomingGrainCallFilter<Traceability.Grains.Access.CaptureBoundary>();
        });
        return builder;
    }
}
