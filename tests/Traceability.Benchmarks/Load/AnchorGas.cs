using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nethereum.Web3;
using Traceability.Anchoring;
using Traceability.Persistence.Sqlite;
using Traceability.Testing;

namespace Traceability.Benchmarks.Load;

/// <summary>
/// <c>load --anchor-gas DIR</c>: the gas of one anchor over a data folder as big as one likes (the
/// 1,000,000-event folder of <c>audit</c>), which a test cannot build in reasonable time. A copy of
/// the folder (the original is never opened for writing) is anchored once on a fresh anvil by the
/// anchoring service itself (<see cref="AnchorService.StepAsync"/>), and the anchor transaction's
/// receipt gives the gas used.
/// </summary>
internal static class AnchorGas
{
    public static async Task RunAsync(string folder)
    {
        var copy = Directory.CreateTempSubdirectory("traceability-anchor-gas-").FullName;
        try
        {
            var watch = Stopwatch.StartNew();
            foreach (var file in Directory.GetFiles(folder))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            Say($"Copied {folder} to {copy} in {watch.Elapsed.TotalSeconds:0.0} s");
            await using var anvil = await AnvilProcess.StartAsync();
            var anchors = new AnchorStore(Path.Combine(copy, "anchors.db"));
            await using (var events = new SqliteEventStore(Path.Combine(copy, "events.db")))
            {
                var options = new AnchoringOptions
                {
                    IntervalSeconds = 60,
                    Confirmations = 1,
                    Ethereum = new EthereumOptions { RpcUrl = anvil.RpcUrl, PrivateKey = anvil.PrivateKeys[0] },
                };
                using var service = new AnchorService(events, anchors, Options.Create(options), TimeProvider.System, NullLogger<AnchorService>.Instance);
                watch.Restart();
                for (var step = 0; step < 10 && anchors.LatestConfirmed() is null; step++)
                {
                    await service.StepAsync();
                }

                Say($"Anchored in {watch.Elapsed.TotalSeconds:0.0} s (deployment, checkpoints cut, anchor sent and confirmed)");
            }

            var anchor = anchors.LatestConfirmed() ?? throw new InvalidOperationException("No anchor was confirmed.");
            var receipt = await new Web3(anvil.RpcUrl).Eth.Transactions.GetTransactionReceipt.SendRequestAsync(anchor.OnChain!.TransactionHash);
            var records = anchor.Checkpoints.Sum(c => c.Size);
            Console.WriteLine();
            Console.WriteLine("| records | logs covered | gas used | transaction |");
            Console.WriteLine("|--------:|-------------:|---------:|:------------|");
            Say($"| {records:#,0} | {anchor.Checkpoints.Count} | {(long)receipt.GasUsed.Value:#,0} | {receipt.TransactionHash} (block {(long)receipt.BlockNumber.Value}) |");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void Say(FormattableString line) => Console.WriteLine(FormattableString.Invariant(line));
}
