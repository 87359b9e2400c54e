using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Traceability.Testing;

/// <summary>How <see cref="AnvilProcess"/> starts anvil.</summary>
public sealed record AnvilOptions
{
    /// <summary>The chain id (anvil's default, 31337).</summary>
    public long ChainId { get; init; } = AnvilProcess.DefaultChainId;

    /// <summary>Seconds between blocks (interval mining); null mines one block per transaction (automine).</summary>
    public int? BlockTimeSeconds { get; init; }

    /// <summary>No automine and no interval mining: blocks only on <see cref="AnvilProcess.MineAsync"/>.</summary>
    public bool NoMining { get; init; }

    /// <summary>The base fee of the genesis block, in wei (anvil's default: 1 gwei).</summary>
    public BigInteger? BaseFeePerGas { get; init; }

    /// <summary>
    /// A file anvil loads its chain from at start (when it exists) and dumps it to on a graceful stop
    /// (<see cref="AnvilProcess.StopAsync"/>), so that <see cref="AnvilProcess.RestartAsync"/> continues the same chain.
    /// </summary>
    public string? StatePath { get; init; }

    /// <summary>Further command-line arguments.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}

/// <summary>
/// A real Ethereum node (anvil 1.7.1 from the npm package <c>@foundry-rs/anvil</c>, installed by
/// <c>./test.sh</c> under <c>deploy/contracts/node_modules</c>) as a child process on a free
/// 127.0.0.1 port (anvil binds port 0 itself and prints the port: nothing can take it in between),
/// with the default test mnemonic's ten funded accounts. Killed and waited for on dispose.
/// </summary>
public sealed partial class AnvilProcess : IAsyncDisposable
{
    public const long DefaultChainId = 31337;

    /// <summary>Anvil's (and Hardhat's) well-known test mnemonic; never for a real chain.</summary>
    public const string DefaultMnemonic = "test test test test test test test test test test test junk";

    private const int OutputLimit = 256 * 1024;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly AnvilOptions _options;
    private readonly StringBuilder _output = new();
    private readonly List<string> _addresses = [];
    private readonly List<string> _privateKeys = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private Process? _process;
    private TaskCompletionSource<int> _listening = NewListening();
    private int _rpcId;

    private AnvilProcess(AnvilOptions options)
    {
        _options = options;
    }

    /// <summary>The JSON-RPC (HTTP) address, e.g. <c>http://127.0.0.1:40123</c>; the same after a restart.</summary>
    public string RpcUrl => $"http://127.0.0.1:{Port}";

    /// <summary>The port anvil listens on, chosen by anvil at the first start and kept across restarts.</summary>
    public int Port { get; private set; }

    public long ChainId => _options.ChainId;

    /// <summary>The funded accounts' addresses (checksummed, as anvil prints them), 10 000 ETH each.</summary>
    public IReadOnlyList<string> Addresses => _addresses;

    /// <summary>The funded accounts' private keys (0x-prefixed hex), in the order of <see cref="Addresses"/>.</summary>
    public IReadOnlyList<string> PrivateKeys => _privateKeys;

    /// <summary>Whether the process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What anvil printed so far (stdout and stderr; the last 256 KiB).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts anvil and waits until it answers <c>eth_chainId</c> with the expected chain id.</summary>
    public static async Task<AnvilProcess> StartAsync(AnvilOptions? options = null, CancellationToken cancellationToken = default)
    {
        var anvil = new AnvilProcess(options ?? new AnvilOptions());
        try
        {
            await anvil.LaunchAsync(port: 0, cancellationToken);
        }
        catch
        {
            await anvil.DisposeAsync();
            throw;
        }

        return anvil;
    }

    /// <summary>The anvil executable: the platform package's binary, else the npm wrapper <c>node_modules/.bin/anvil</c>.</summary>
    public static string Executable()
    {
        var modules = Path.Combine(RepositoryRoot(), "deploy", "contracts", "node_modules");
        var platform = (OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : "win32") + "-"
            + (RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64");
        var binary = Path.Combine(modules, "@foundry-rs", "anvil-" + platform, "bin", OperatingSystem.IsWindows() ? "anvil.exe" : "anvil");
        if (File.Exists(binary))
        {
            return binary;
        }

        var wrapper = Path.Combine(modules, ".bin", "anvil");
        return File.Exists(wrapper)
            ? wrapper
            : throw new FileNotFoundException("anvil is not installed: run `npm ci --prefix deploy/contracts --ignore-scripts` (./test.sh does).", wrapper);
    }

    /// <summary>The folder holding <c>Traceability.sln</c>, above the running tests.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Traceability.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Traceability.sln not found above " + AppContext.BaseDirectory);
    }

    // ---- lifecycle ----

    /// <summary>Kills anvil at once (SIGKILL, whole process tree): nothing is dumped.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }

    /// <summary>Stops anvil gracefully (SIGTERM; it dumps its state to <see cref="AnvilOptions.StatePath"/>), killing it after 10 s.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            if (term is not null)
            {
                await term.WaitForExitAsync();
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    /// <summary>
    /// Starts anvil again on the same port (so <see cref="RpcUrl"/> stays valid), after a kill or a stop
    /// (stopping it gracefully first when it runs). With <see cref="AnvilOptions.StatePath"/> the chain goes on
    /// from the last dump; without it the chain starts anew from genesis. Retries while the port is still held.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        var port = Port;
        Exception? last = null;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            try
            {
                await LaunchAsync(port, cancellationToken);
                return;
            }
            catch (InvalidOperationException e) when (e.Message.Contains("exited", StringComparison.Ordinal))
            {
                // Most likely the port is not free again yet.
                last = e;
                await Task.Delay(250, cancellationToken);
            }
        }

        throw new InvalidOperationException($"anvil did not start again on port {port}.", last);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        _http.Dispose();
    }

    // ---- JSON-RPC ----

    /// <summary>Sends one JSON-RPC request and returns its <c>result</c>; throws <see cref="AnvilRpcException"/> on an error answer.</summary>
    public async Task<JsonElement> RpcAsync(string method, params object?[] parameters)
    {
        var id = Interlocked.Increment(ref _rpcId);
        var body = JsonSerializer.Serialize(new { jsonrpc = "2.0", id, method, @params = parameters });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(RpcUrl), content);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        if (document.RootElement.TryGetProperty("error", out var error))
        {
            throw new AnvilRpcException(method, error.GetProperty("code").GetInt32(), error.GetProperty("message").GetString() ?? "", error.GetRawText());
        }

        return document.RootElement.GetProperty("result").Clone();
    }

    /// <summary><c>eth_chainId</c>.</summary>
    public async Task<long> GetChainIdAsync() => (long)ParseQuantity(await RpcAsync("eth_chainId"));

    /// <summary><c>eth_blockNumber</c>.</summary>
    public async Task<long> GetBlockNumberAsync() => (long)ParseQuantity(await RpcAsync("eth_blockNumber"));

    /// <summary>The hash of block <paramref name="number"/> (null when there is no such block).</summary>
    public async Task<string?> GetBlockHashAsync(long number)
    {
        var block = await RpcAsync("eth_getBlockByNumber", Quantity(number), false);
        return block.ValueKind == JsonValueKind.Null ? null : block.GetProperty("hash").GetString();
    }

    /// <summary>Mines <paramref name="blocks"/> blocks at once (<c>anvil_mine</c>), whatever the mining mode.</summary>
    public Task MineAsync(int blocks = 1) => RpcAsync("anvil_mine", Quantity(blocks));

    /// <summary>Mines one block (<c>evm_mine</c>).</summary>
    public Task EvmMineAsync() => RpcAsync("evm_mine");

    /// <summary>Takes a snapshot of the chain (<c>evm_snapshot</c>) and returns its id, for <see cref="RevertAsync"/>.</summary>
    public async Task<string> SnapshotAsync() => (await RpcAsync("evm_snapshot")).GetString()!;

    /// <summary>Reverts the chain to snapshot <paramref name="snapshotId"/> (<c>evm_revert</c>): the blocks since are gone. True when it existed.</summary>
    public async Task<bool> RevertAsync(string snapshotId) => (await RpcAsync("evm_revert", snapshotId)).GetBoolean();

    /// <summary>
    /// A chain reorganisation (<c>anvil_reorg</c>): the last <paramref name="depth"/> blocks are replaced by as many
    /// new blocks (other hashes, same height), without the transactions they held.
    /// </summary>
    public Task ReorgAsync(int depth) => RpcAsync("anvil_reorg", depth, Array.Empty<object>());

    /// <summary>Removes the last <paramref name="depth"/> blocks (<c>anvil_rollback</c>): the chain gets shorter.</summary>
    public Task RollbackAsync(int depth) => RpcAsync("anvil_rollback", depth);

    /// <summary>Turns automine (one block per transaction) on or off (<c>evm_setAutomine</c>).</summary>
    public Task SetAutomineAsync(bool enabled) => RpcAsync("evm_setAutomine", enabled);

    /// <summary>Mines a block every <paramref name="seconds"/> seconds, 0 for none (<c>evm_setIntervalMining</c>).</summary>
    public Task SetIntervalMiningAsync(int seconds) => RpcAsync("evm_setIntervalMining", seconds);

    /// <summary>Sets the base fee of the next block, in wei (<c>anvil_setNextBlockBaseFeePerGas</c>).</summary>
    public Task SetNextBlockBaseFeePerGasAsync(BigInteger weiPerGas) => RpcAsync("anvil_setNextBlockBaseFeePerGas", Quantity(weiPerGas));

    /// <summary>Removes a pending transaction from the pool (<c>anvil_dropTransaction</c>).</summary>
    public Task DropTransactionAsync(string transactionHash) => RpcAsync("anvil_dropTransaction", transactionHash);

    /// <summary>Empties the transaction pool (<c>anvil_dropAllTransactions</c>).</summary>
    public Task DropAllTransactionsAsync() => RpcAsync("anvil_dropAllTransactions");

    /// <summary>The hashes of the pending transactions (<c>txpool_content</c>, pending part).</summary>
    public async Task<IReadOnlyList<string>> GetPendingTransactionsAsync()
    {
        var content = await RpcAsync("txpool_content");
        var hashes = new List<string>();
        foreach (var sender in content.GetProperty("pending").EnumerateObject())
        {
            foreach (var tx in sender.Value.EnumerateObject())
            {
                hashes.Add(tx.Value.GetProperty("hash").GetString()!);
            }
        }

        return hashes;
    }

    /// <summary>A JSON-RPC quantity: 0x-prefixed hex without leading zeros.</summary>
    public static string Quantity(BigInteger value) =>
        value.Sign == 0 ? "0x0" : "0x" + value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');

    /// <summary>Parses a JSON-RPC quantity (0x-prefixed hex).</summary>
    public static BigInteger ParseQuantity(JsonElement quantity)
    {
        var text = quantity.GetString() ?? throw new FormatException("Not a quantity: " + quantity.GetRawText());
        return BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    // ---- the process ----

    private async Task LaunchAsync(int port, CancellationToken cancellationToken)
    {
        _process?.Dispose();
        _listening = NewListening();
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var arguments = new List<string>
        {
            "--host", "127.0.0.1",
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--chain-id", _options.ChainId.ToString(CultureInfo.InvariantCulture),
            "--mnemonic", DefaultMnemonic,
            "--accounts", "10",
            "--color", "never",
        };
        if (_options.NoMining)
        {
            arguments.Add("--no-mining");
        }
        else if (_options.BlockTimeSeconds is { } seconds)
        {
            arguments.AddRange(["--block-time", seconds.ToString(CultureInfo.InvariantCulture)]);
        }

        if (_options.BaseFeePerGas is { } baseFee)
        {
            arguments.AddRange(["--block-base-fee-per-gas", baseFee.ToString(CultureInfo.InvariantCulture)]);
        }

        if (_options.StatePath is { } state)
        {
            arguments.AddRange(["--state", state]);
        }

        arguments.AddRange(_options.ExtraArguments);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        lock (_output)
        {
            _addresses.Clear();
            _privateKeys.Clear();
            _output.AppendLine(CultureInfo.InvariantCulture, $"$ anvil {string.Join(' ', arguments)}");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("anvil did not start.");
        _process = process;
        process.EnableRaisingEvents = true;
        var listening = _listening;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"anvil exited with code {process.ExitCode}:\n{Output}"));
        process.OutputDataReceived += (_, e) => Append(e.Data, listening);
        process.ErrorDataReceived += (_, e) => Append(e.Data, listening);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            Port = await listening.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            await KillAsync();
            throw new TimeoutException($"anvil did not listen within {StartTimeout.TotalSeconds} s:\n{Output}");
        }

        await WaitReadyAsync(cancellationToken);
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is not { HasExited: false })
            {
                throw new InvalidOperationException($"anvil exited:\n{Output}");
            }

            try
            {
                var chainId = await GetChainIdAsync();
                if (chainId != ChainId)
                {
                    throw new InvalidOperationException($"anvil answers chain id {chainId}, not {ChainId}.");
                }

                return;
            }
            catch (HttpRequestException)
            {
                // Not answering yet.
            }

            await Task.Delay(50, cancellationToken);
        }

        await KillAsync();
        throw new TimeoutException($"anvil did not answer eth_chainId within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    private void Append(string? line, TaskCompletionSource<int> listening)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length > OutputLimit)
            {
                _output.Remove(0, _output.Length - (OutputLimit / 2));
            }

            _output.AppendLine(line);
            var numbered = NumberedHex().Match(line);
            if (numbered.Success)
            {
                (numbered.Groups[1].Value.Length == 42 ? _addresses : _privateKeys).Add(numbered.Groups[1].Value);
            }
        }

        var listen = ListeningOn().Match(line);
        if (listen.Success)
        {
            listening.TrySetResult(int.Parse(listen.Groups[1].Value, CultureInfo.InvariantCulture));
        }
    }

    private static TaskCompletionSource<int> NewListening() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [GeneratedRegex(@"^\(\d+\) (0x[0-9a-fA-F]{40}(?:[0-9a-fA-F]{24})?)\b")]
    private static partial Regex NumberedHex();

    [GeneratedRegex(@"^Listening on 127\.0\.0\.1:(\d+)\s*$")]
    private static partial Regex ListeningOn();
}

/// <summary>An error answer of anvil's JSON-RPC.</summary>
public sealed class AnvilRpcException(string method, int code, string message, string raw)
    : Exception($"{method}: {code} {message}")
{
    public string Method { get; } = method;

    public int Code { get; } = code;

    public string RpcMessage { get; } = message;

    public string Raw { get; } = raw;
}
