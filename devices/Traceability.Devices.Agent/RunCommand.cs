using System.CommandLine;
using Microsoft.Extensions.Logging;
using Traceability.Devices.Agent.Buffering;
using Traceability.Devices.Agent.Publishing;
using Traceability.Telemetry.Simulation;

namespace Traceability.Devices.Agent;

/// <summary>
/// <c>agent run --broker host:port --username --password --facility --site --device --data-dir
/// [--interval 10s] [--batch 50] [--max-buffer-mb 64] [--profile drying|storage]</c>: runs the
/// agent of one device with a simulated driver until Ctrl+C (or SIGTERM).
/// </summary>
public sealed class RunCommand
{
    private readonly Option<BrokerAddress> _broker = AgentOptionSyntax.Broker();
    private readonly Option<string> _username = new("--username") { Description = "The device's MQTT user name", Required = true };
    private readonly Option<string> _password = new("--password") { Description = "The device's MQTT password", Required = true };
    private readonly Option<string> _facility = new("--facility") { Description = "The facility id (topic level)", Required = true };
    private readonly Option<string> _site = new("--site") { Description = "The site id (topic level)", Required = true };
    private readonly Option<string> _device = new("--device") { Description = "The device id (topic level and MQTT client id)", Required = true };
    private readonly Option<string> _dataDir = new("--data-dir") { Description = "Folder of the on-disk outbox", Required = true, HelpName = "path" };
    private readonly Option<TimeSpan> _interval = AgentOptionSyntax.Duration("--interval", "Time between two readings of the sensors", TimeSpan.FromSeconds(10));
    private readonly Option<int> _batch = new("--batch") { Description = "Most readings in one message", DefaultValueFactory = _ => 50 };
    private readonly Option<double> _maxBufferMb = new("--max-buffer-mb") { Description = "Most payload MiB the outbox holds before it drops its oldest messages", DefaultValueFactory = _ => 64 };
    private readonly Option<SiteProfile> _profile = AgentOptionSyntax.Profile(SiteProfile.Storage);
    private readonly Option<Excursion[]> _excursions = AgentOptionSyntax.Excursions();

    public RunCommand(ILoggerFactory loggers)
    {
        Command = new Command("run", "Sample the (simulated) sensors of one device, buffer on disk and publish to the broker until stopped")
        {
            _broker, _username, _password, _facility, _site, _device, _dataDir, _interval, _batch, _maxBufferMb, _profile, _excursions,
        };
        _batch.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                result.AddError("--batch: a message holds 1 to 1000 readings");
            }
        });
        _maxBufferMb.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() <= 0)
            {
                result.AddError("--max-buffer-mb: must be positive");
            }
        });
        Command.SetAction(async (parse, cancellation) =>
        {
            var broker = parse.GetRequiredValue(_broker);
            var device = parse.GetRequiredValue(_device);
            var time = TimeProvider.System;
            using var outbox = DiskBuffer.Open(parse.GetRequiredValue(_dataDir), device, BufferLimits.OfMegabytes(parse.GetValue(_maxBufferMb)), time, loggers.CreateLogger<DiskBuffer>());
            var publisher = new Publisher(
                new PublisherOptions
                {
                    Host = broker.Host,
                    Port = broker.Port,
                    Facility = parse.GetRequiredValue(_facility),
                    Site = parse.GetRequiredValue(_site),
                    Device = device,
                    Username = parse.GetRequiredValue(_username),
                    Password = parse.GetRequiredValue(_password),
                },
                outbox,
                time,
                loggers.CreateLogger<Publisher>());
            var model = SiteModels.Create(parse.GetValue(_profile), device, time.GetUtcNow(), parse.GetValue(_excursions));
            var agent = new Agent(
                new AgentOptions { Interval = parse.GetValue(_interval), BatchSize = parse.GetValue(_batch) },
                new SimulatedSensorDriver(model, time),
                outbox,
                publisher,
                time,
                loggers.CreateLogger<Agent>());
            await agent.RunAsync(cancellation).ConfigureAwait(false);
            return 0;
        });
    }

    public Command Command { get; }
}
