using Microsoft.Extensions.Options;
using Traceability.Conditions;
using Traceability.Ingestion;
using Traceability.Ingestion.Alerts;
using Traceability.Ingestion.Devices;
using Traceability.Ingestion.External;
using Traceability.Ingestion.Pipeline;

namespace Traceability.Server;

/// <summary>
/// Sensor ingestion in the server: the time-series store (section <c>Readings</c>), the device
/// registry, the dead-letter store, the journal and the pipeline in the data folder, the sealer
/// that puts readings windows in the ledger, the excursion watch with its alerts (section
/// <c>Alerts</c>: MQTT alerts topic, webhooks through <c>alerts.db</c>, closed excursions into the
/// ledger), and either the embedded broker or the subscriber to an external one (section <c>Mqtt</c>).
/// Site limits come from the host's <see cref="IAlertProfiles"/> (the server's <see cref="SiteAlertProfiles"/>,
/// from the profile catalogue); without one the host fails at start.
/// </summary>
public static class IngestionHosting
{
    public static IHostApplicationBuilder AddTraceabilityIngestion(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<MqttOptions>().BindConfiguration(MqttOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Problems().Count == 0, "Mqtt settings are not valid: PasswordFile and AclFile go together, for Mode=external; MosquittoPidFile needs both.")
            .ValidateOnStart();
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReadingsStoreOptions>().BindConfiguration(ReadingsStoreOptions.SectionName)
            .Validate(o => o.Problems().Count == 0, "Readings settings are not valid: see the Readings section (Store, Url, Token, Org, Bucket).")
            .ValidateOnStart();
        static string DataDir(IServiceProvider sp) => sp.GetRequiredService<IOptions<TraceabilityOptions>>().Value.DataDir;

        services.AddSingleton(sp => TimeSeriesStores.Create(sp.GetRequiredService<IOptions<ReadingsStoreOptions>>().Value, DataDir(sp)));
        services.AddSingleton(sp => IngestionJournal.Beside(sp.GetRequiredService<ITimeSeriesStore>(), DataDir(sp)));
        services.AddSingleton<IDeadLetterStore>(sp => new SqliteDeadLetterStore(Path.Combine(DataDir(sp), "dead-letters.db")));
        services.AddSingleton(sp => new DeviceRegistry(DataDir(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<IngestionOptions>>().Value);
        services.AddSingleton<IngestionMetrics>();
        services.AddSingleton<DeviceLiveness>();
        services.AddSingleton<IngestionPipeline>();
        services.AddSingleton<IReadingsSink>(sp => sp.GetRequiredService<IngestionPipeline>());
        services.AddSingleton(sp => new IngestionRuntime(
            sp.GetRequiredService<IOptions<MqttOptions>>().Value.Mode,
            sp.GetRequiredService<IOptions<ReadingsStoreOptions>>().Value.Store.Trim().ToLowerInvariant()));
        services.AddSingleton<WindowSealer>();
        services.AddHostedService(sp => sp.GetRequiredService<WindowSealer>());
        AddAlerts(services);

        var mqtt = builder.Configuration.GetSection(MqttOptions.Section).Get<MqttOptions>() ?? new MqttOptions();
        if (mqtt.Mode == "external")
        {
            // mosquitto's files first: the subscriber's login is in them, and hosted services start in this order.
            if (mqtt.WritesMosquittoFiles)
            {
                services.AddSingleton(sp =>
                {
                    var options = sp.GetRequiredService<IOptions<MqttOptions>>().Value;
                    return new MosquittoFilesWriter(
                        sp.GetRequiredService<DeviceRegistry>(),
                        options.PasswordFile!,
                        options.AclFile!,
                        options.MosquittoPidFile,
                        sp.GetRequiredService<ILogger<MosquittoFilesWriter>>());
                });
                services.AddHostedService(sp => new MosquittoFilesAtStart(
                    sp.GetRequiredService<MosquittoFilesWriter>(),
                    sp.GetRequiredService<DeviceRegistry>(),
                    sp.GetRequiredService<IOptions<MqttOptions>>().Value));
            }

            services.AddSingleton(sp => ExternalOptions(sp.GetRequiredService<IOptions<MqttOptions>>().Value, sp.GetRequiredService<DeviceRegistry>()));
            services.AddSingleton<ExternalBrokerSubscriber>();
            services.AddSingleton<IMqttAlertPublisher>(sp => sp.GetRequiredService<ExternalBrokerSubscriber>());
            services.AddHostedService(sp => sp.GetRequiredService<ExternalBrokerSubscriber>());
        }
        else
        {
            services.AddSingleton<EmbeddedBrokerHost>();
            services.AddSingleton<IMqttAlertPublisher>(sp => sp.GetRequiredService<EmbeddedBrokerHost>());
            services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBrokerHost>());
        }

        return builder;
    }

    /// <summary>Excursion alerts: the feed the pipeline hands durable readings to, the watch, the webhook outbox and dispatcher, the ledger recorder.</summary>
    private static void AddAlerts(IServiceCollection services)
    {
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Problems().Count == 0, "Alerts settings are not valid: see the Alerts section (Webhooks: absolute http(s) Url, a Secret each, no Url twice).")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AlertOptions>>().Value);
        services.AddSingleton<StoredReadingsFeed>();
        services.AddSingleton<IStoredReadingsObserver>(sp => sp.GetRequiredService<StoredReadingsFeed>());
        services.AddSingleton(sp => new WebhookOutbox(Path.Combine(sp.GetRequiredService<IOptions<TraceabilityOptions>>().Value.DataDir, "alerts.db")));
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton(sp => new PendingExcursions(Path.Combine(sp.GetRequiredService<IOptions<TraceabilityOptions>>().Value.DataDir, "alerts.db")));
        services.AddSingleton(sp => new ExcursionLedger(
            ExcursionLedger.Through(sp.GetRequiredService<IGrainFactory>()),
            sp.GetRequiredService<IngestionMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ExcursionLedger>>(),
            sp.GetRequiredService<PendingExcursions>()));
        services.AddHostedService(sp => sp.GetRequiredService<ExcursionLedger>());
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ExcursionWatch>(sp, AlertProfiles(sp)));
        services.AddHostedService(sp => sp.GetRequiredService<ExcursionWatch>());
    }

    /// <summary>The host's site limits; limits have one source, so a host without one does not start.</summary>
    private static IAlertProfiles AlertProfiles(IServiceProvider services) =>
        services.GetService<IAlertProfiles>()
        ?? throw new InvalidOperationException(
            $"No {nameof(IAlertProfiles)} is registered: the host of the ingestion must register where live alerts find a site's limits " +
            $"(the server registers {nameof(SiteAlertProfiles)}, from the condition-profile catalogue) before it starts.");

    /// <summary>The subscriber's settings: its login from configuration, or else the registry's own service account.</summary>
    private static ExternalBrokerOptions ExternalOptions(MqttOptions mqtt, DeviceRegistry registry)
    {
        var (username, password) = mqtt.Username is { Length: > 0 }
            ? (mqtt.Username, mqtt.Password)
            : registry.EnsureServiceAccount() is var account ? (account.Username, account.Password) : default;
        return new ExternalBrokerOptions
        {
            Host = mqtt.Host,
            Port = mqtt.Port,
            Username = username,
            Password = password,
            ClientId = mqtt.ClientId is { Length: > 0 } id ? id : $"traceability-ingestion-{Environment.MachineName}",
            SharedGroup = mqtt.SharedGroup is { Length: > 0 } group ? group : null,
        };
    }

    /// <summary>
    /// Writes mosquitto's files once at start (with the registry's service account in them when the subscriber uses it),
    /// so mosquitto's logins match the registry even after changes made while the server was down; from then on the
    /// <see cref="MosquittoFilesWriter"/> follows the registry.
    /// </summary>
    private sealed class MosquittoFilesAtStart(MosquittoFilesWriter writer, DeviceRegistry registry, MqttOptions mqtt) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(mqtt.Username))
            {
                registry.EnsureServiceAccount();
            }

            writer.Write();
            Console.WriteLine($"mosquitto logins written from the device registry: {writer.PasswordFile}, {writer.AclFile}" +
                (writer.PidFile is null ? " (reload mosquitto after device changes: SIGHUP)" : $" (mosquitto reloaded through {writer.PidFile} after each change)"));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
