using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Traceability.Grains;
using Traceability.Ingestion.Devices;

namespace Traceability.Server.Demo;

/// <summary>
/// Loads the Đăk Glei demo data through the facilities' own capture path (so every rule applies)
/// when <see cref="TraceabilityOptions.Demo"/> is set, then marks the server ready. Loading into a
/// folder that already has it adds nothing: each demo record repeats itself exactly.
/// </summary>
public sealed partial class DemoLoader(
    IGrainFactory grains,
    IOptions<TraceabilityOptions> options,
    Readiness readiness,
    IServer server,
    IHostApplicationLifetime lifetime,
    DeviceRegistry devices,
    Conditions.ITimeSeriesStore readings,
    ILogger<DemoLoader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Demo)
        {
            int added = 0, repeated = 0;
            foreach (var candidate in DakGleiDemo.Events)
            {
                stoppingToken.ThrowIfCancellationRequested();
                var result = await grains.GetGrain<IFacilityGrain>(candidate.FacilityId).Capture(candidate);
                if (result.Violation is { } violation)
                {
                    throw new InvalidOperationException($"Demo record {candidate.GetType().Name} of {candidate.FacilityId} was refused: {violation}");
                }

                if (result.Repeated)
                {
                    repeated++;
                }
                else
                {
                    added++;
                }
            }

            Log.DemoLoaded(logger, added, repeated);
            var written = await DemoReadings.WriteAsync(readings, DakGleiDemo.Events, stoppingToken);
            Log.DemoReadings(logger, written);
            var gateways = DemoDevices.Ensure(devices, options.Value.DataDir, DakGleiDemo.Events);
            Log.DemoDevices(logger, gateways.Count, options.Value.DataDir);
        }

        readiness.MarkReady();
        await WhenListening(stoppingToken);
        if (options.Value.Demo)
        {
            var url = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
            var (gtin, lot) = DakGleiDemo.LotToTry;
            Console.WriteLine($"""

                Demo data for Đăk Glei is loaded. One lot to try:
                  trace lot trace {gtin} {lot} --server {url}
                  curl {url}/v1/lots/{gtin}/{Uri.EscapeDataString(lot)}/trace

                """);
        }
    }

    private Task WhenListening(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Demo data loaded: {Added} records added, {Repeated} already present")]
        public static partial void DemoLoaded(ILogger logger, int added, int repeated);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Demo sensor history: {Count} readings in the time-series store")]
        public static partial void DemoReadings(ILogger logger, int count);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Demo sensor gateways: {Count} devices, logins in {DataDir}/demo-devices.json")]
        public static partial void DemoDevices(ILogger logger, int count, string dataDir);
    }
}
