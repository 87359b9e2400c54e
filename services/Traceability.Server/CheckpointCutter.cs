using Microsoft.Extensions.Options;
using Traceability.Storage;

namespace Traceability.Server;

/// <summary>Cuts a signed checkpoint of every grown log on the configured interval (<see cref="LedgerOptions.CheckpointInterval"/>).</summary>
public sealed partial class CheckpointCutter(ILedger ledger, IOptions<LedgerOptions> options, TimeProvider time, ILogger<CheckpointCutter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CheckpointInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var cut = await ledger.CutAsync(null, stoppingToken).ConfigureAwait(false);
                foreach (var checkpoint in cut)
                {
                    Log.Cut(logger, checkpoint.Origin, checkpoint.Size);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed cut is retried on the next tick; the server keeps serving.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.Failed(logger, exception);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Checkpoint cut: {Origin} at size {Size}")]
        public static partial void Cut(ILogger logger, string origin, long size);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Cutting checkpoints failed; retrying on the next interval")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
