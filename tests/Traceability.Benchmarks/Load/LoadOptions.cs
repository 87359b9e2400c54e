using System.Globalization;

namespace Traceability.Benchmarks.Load;

/// <summary>Options of the load command.</summary>
public sealed record LoadOptions(int Seconds, int[] Clients, Uri? Server, int TraceCalls, int WarmupCalls, int WarmupSeconds, string[] Paths)
{
    /// <summary>
    /// <c>--anchoring</c>: capture over gRPC with anchoring off and on (an anvil chain, an anchor every
    /// second), against fresh servers, alternating <see cref="Rounds"/> times, instead of the usual run.
    /// </summary>
    public bool Anchoring { get; init; }

    /// <summary><c>--rounds N</c>: how many off/on pairs the anchoring comparison runs.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary><c>--anchor-gas DIR</c>: anchor a copy of the data folder DIR once on anvil and print the gas used, instead of the usual run.</summary>
    public string? AnchorGasOf { get; init; }

    /// <summary><c>--batch 1,50</c>: harvests per gRPC call (1: Batches.Harvest; more: Batches.HarvestBatch), each measured.</summary>
    public int[] Batch { get; init; } = [1];

    public const string Grpc = "grpc";
    public const string InProcess = "in-process";
    public const string Store = "store";

    public static LoadOptions Default { get; } = new(20, [1, 16], null, 5000, 2000, 10, [Grpc, InProcess, Store]);

    /// <summary>
    /// Reads <c>--seconds N --clients 1,16 --batch 1,50 --server URL --trace-calls N --warmup-calls N --warmup-seconds N --paths grpc,in-process,store
    /// --anchoring --rounds N --anchor-gas DIR</c>.
    /// </summary>
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = Default;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--anchoring")
            {
                options = options with { Anchoring = true };
                continue;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--seconds" => options with { Seconds = Positive(name, value) },
                "--clients" => options with { Clients = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => Positive(name, v))] },
                "--server" => options with { Server = Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"--server: '{value}' is not an absolute URL such as http://127.0.0.1:5081.") },
                "--trace-calls" => options with { TraceCalls = Positive(name, value) },
                "--warmup-calls" => options with { WarmupCalls = Positive(name, value) },
                "--warmup-seconds" => options with { WarmupSeconds = Positive(name, value) },
                "--paths" => options with { Paths = ParsePaths(value) },
                "--rounds" => options with { Rounds = Positive(name, value) },
                "--batch" => options with { Batch = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => Positive(name, v))] },
                "--anchor-gas" => options with { AnchorGasOf = Directory.Exists(value) ? value : throw new ArgumentException($"--anchor-gas: no folder '{value}'.") },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        if (options.Anchoring && options.Server is not null)
        {
            throw new ArgumentException("--anchoring starts its own servers (one plain, one anchoring on anvil): leave out --server.");
        }

        return options.Clients.Length == 0 ? throw new ArgumentException("--clients needs at least one number.") : options;
    }

    public bool Measures(string path) => Paths.Contains(path, StringComparer.Ordinal);

    private static string[] ParsePaths(string value)
    {
        var paths = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = paths.Except([Grpc, InProcess, Store], StringComparer.Ordinal).ToList();
        return unknown.Count == 0 && paths.Length > 0
            ? paths
            : throw new ArgumentException($"--paths: '{value}' must list some of {Grpc}, {InProcess}, {Store}.");
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name}: '{value}' is not a positive whole number.");
}
