using System.Diagnostics.Metrics;
using System.Numerics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Traceability.Proofs;
using Traceability.Storage;

namespace Traceability.Anchoring;

/// <summary>
/// Anchors the ledger on an Ethereum chain: every interval, cut a checkpoint of every grown log,
/// build the anchor tree over the newest checkpoint of every log, record the anchor, sign one
/// transaction (recorded before it is broadcast), and follow it until it has the configured
/// confirmations. Failures lose nothing and never anchor twice:
/// <list type="bullet">
/// <item>RPC unreachable: the step fails, is retried with back-off; the recorded anchor waits.</item>
/// <item>A transaction dropped from the node: the recorded one is broadcast again (same nonce).</item>
/// <item>Its nonce taken by another transaction (replaced, or a nonce gap after a restart): signed again with a new nonce.</item>
/// <item>The anchoring block reorganised away: the anchor goes back to "sent" and is found again or resent.</item>
/// <item>Gas above the cap: the transaction waits, and the logs and metrics say so.</item>
/// <item>A restart mid-anchor resumes from the recorded anchor and transaction.</item>
/// </list>
/// The contract refuses a sequence that is not above the last one, so a second transaction of
/// the same anchor can never land twice.
/// </summary>
public sealed partial class AnchorService : BackgroundService, IAnchorReader
{
    private const string ContractSetting = "contract";
    private readonly Meter _meter = new("Traceability.Anchoring");
    private readonly Counter<long> _sent;
    private readonly Counter<long> _confirmed;
    private readonly Counter<long> _reorganised;
    private readonly Counter<long> _rpcFailures;
    private readonly Counter<long> _gasWaits;

    private readonly ILedger _ledger;
    private readonly AnchorStore _store;
    private readonly AnchoringOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AnchorService> _logger;
    private EthereumAnchorClient? _client;
    private long _chainId;
    private string? _contract;

    public AnchorService(ILedger ledger, AnchorStore store, IOptions<AnchoringOptions> options, TimeProvider time, ILogger<AnchorService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ledger = ledger;
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _sent = _meter.CreateCounter<long>("traceability.anchoring.transactions_sent");
        _confirmed = _meter.CreateCounter<long>("traceability.anchoring.anchors_confirmed");
        _reorganised = _meter.CreateCounter<long>("traceability.anchoring.reorgs_detected");
        _rpcFailures = _meter.CreateCounter<long>("traceability.anchoring.rpc_failures");
        _gasWaits = _meter.CreateCounter<long>("traceability.anchoring.gas_above_cap");
        _meter.CreateObservableGauge("traceability.anchoring.unconfirmed", () => (long)_store.Unsettled().Count);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    public bool Enabled => _options.Enabled;

    /// <summary>Whether the last step found the gas price above the cap.</summary>
    public bool WaitingForGas { get; private set; }

    /// <inheritdoc />
    public Task<ChainAnchor?> LatestConfirmedAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_store.LatestConfirmed()?.OnChain);

    /// <inheritdoc />
    public Task<IReadOnlyList<AnchorSummary>> RecentAsync(int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AnchorSummary>>([.. _store.All().AsEnumerable().Reverse().Take(limit)
            .Select(a => new AnchorSummary(a.Sequence, a.State.ToString(), a.Root, a.Checkpoints.Count, a.CreatedAt, a.OnChain, a.Failure))]);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            Log.Off(_logger);
            return;
        }

        var interval = TimeSpan.FromSeconds(_options.IntervalSeconds);
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                await StepAsync(stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromSeconds(1);
                // While a transaction waits for its confirmations, look again sooner than a whole interval.
                wait = _store.Unsettled().Count > 0 ? Min(interval, TimeSpan.FromSeconds(1)) : interval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failure of a step (RPC down, node refusing) is retried with back-off; nothing recorded is lost.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                _rpcFailures.Add(1);
                Log.StepFailed(_logger, backoff.TotalSeconds, exception);
                _client = null;
                wait = backoff;
                backoff = Min(backoff * 2, interval);
            }

            await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One step: when an interval has passed since the last anchor and the logs have grown, cut
    /// their checkpoints and record a new anchor (this needs no chain: while the node is
    /// unreachable, anchors queue up); then connect, re-check recent anchors for a
    /// reorganisation, and follow the oldest unsettled anchor.
    /// </summary>
    public async Task StepAsync(CancellationToken cancellationToken = default)
    {
        await BuildIfDueAsync(cancellationToken).ConfigureAwait(false);
        var client = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await CheckReorganisationsAsync(client).ConfigureAwait(false);
        var unsettled = _store.Unsettled();
        if (unsettled.Count > 0)
        {
            await FollowAsync(client, unsettled[0]).ConfigureAwait(false);
        }
    }

    private async Task BuildIfDueAsync(CancellationToken cancellationToken)
    {
        var last = _store.Latest();
        if (last is not null && _time.GetUtcNow() - last.CreatedAt < TimeSpan.FromSeconds(_options.IntervalSeconds))
        {
            return;
        }

        await _ledger.CutAsync(null, cancellationToken).ConfigureAwait(false);
        var logs = await _ledger.LogsAsync(cancellationToken).ConfigureAwait(false);
        var checkpoints = logs.Where(l => l.Latest is not null)
            .Select(l => new AnchoredCheckpoint(l.FacilityId, l.Origin, l.Latest!.Size, l.Latest.Root)).ToList();
        var lastCovering = _store.All().LastOrDefault(a => a.State != AnchorState.Failed);
        if (checkpoints.Count == 0 || (lastCovering is not null && SameCheckpoints(lastCovering.Checkpoints, checkpoints)))
        {
            return;
        }

        var (leaves, tree) = AnchorTree.Build(checkpoints);
        var record = _store.Add((last?.Sequence ?? 0) + 1, tree.Root, leaves, _time.GetUtcNow());
        Log.Built(_logger, record.Sequence, leaves.Count);
    }

    private async Task<EthereumAnchorClient> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_client is not null)
        {
            return _client;
        }

        var ethereum = _options.Ethereum;
        if (string.IsNullOrWhiteSpace(ethereum.PrivateKey))
        {
            throw new InvalidOperationException("Anchoring:Ethereum:PrivateKey is required when Anchoring:Ethereum:RpcUrl is set.");
        }

        var probe = new EthereumAnchorClient(ethereum.RpcUrl!);
        var chainId = await probe.ChainIdAsync().ConfigureAwait(false);
        var client = new EthereumAnchorClient(ethereum.RpcUrl!, ethereum.PrivateKey, chainId);
        var contract = ethereum.ContractAddress is { Length: > 0 } configured ? configured : _store.Setting(ContractSetting);
        if (contract is null || !await client.HasCodeAsync(contract).ConfigureAwait(false))
        {
            if (ethereum.ContractAddress is { Length: > 0 })
            {
                throw new InvalidOperationException($"No contract at the configured Anchoring:Ethereum:ContractAddress {contract} on chain {chainId}.");
            }

            contract = await client.DeployAsync(cancellationToken).ConfigureAwait(false);
            _store.Remember(ContractSetting, contract);
            Log.Deployed(_logger, contract, chainId);
        }

        (_client, _chainId, _contract) = (client, chainId, contract);
        return client;
    }

    /// <summary>Follows an anchor's transactions: confirmed, waiting, dropped (resend), replaced (sign again) or not yet sent.</summary>
    private async Task FollowAsync(EthereumAnchorClient client, AnchorRecord anchor)
    {
        var attempts = _store.Attempts(anchor.Sequence);
        foreach (var attempt in attempts)
        {
            if (await client.ReceiptAsync(attempt.TransactionHash).ConfigureAwait(false) is not { } receipt)
            {
                continue;
            }

            if (receipt.Status?.Value != 1)
            {
                _store.Fail(anchor.Sequence, $"transaction {attempt.TransactionHash} reverted");
                Log.Reverted(_logger, anchor.Sequence, attempt.TransactionHash);
                return;
            }

            var head = await client.BlockNumberAsync().ConfigureAwait(false);
            var block = (long)receipt.BlockNumber.Value;
            if (head - block + 1 < _options.Confirmations)
            {
                return;
            }

            var found = EthereumAnchorClient.AnchorIn(receipt, _contract!)
                ?? throw new InvalidOperationException($"Transaction {attempt.TransactionHash} carries no Anchored event of {_contract}.");
            var time = (await client.BlockAsync(block).ConfigureAwait(false))?.Time ?? _time.GetUtcNow();
            _store.Confirm(anchor.Sequence, new ChainAnchor(anchor.Sequence, anchor.Root, anchor.Checkpoints, _chainId, _contract!,
                receipt.TransactionHash, block, receipt.BlockHash, found.LogIndex, time));
            _confirmed.Add(1);
            Log.Anchored(_logger, anchor.Sequence, receipt.TransactionHash, block, head - block + 1);
            return;
        }

        if (attempts.Count == 0)
        {
            await SendAsync(client, anchor, await client.NonceAsync(pending: true).ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }

        var newest = attempts[0];
        var mined = await client.NonceAsync(pending: false).ConfigureAwait(false);
        if (mined > newest.Nonce)
        {
            // The nonce went to a transaction that is none of ours for this anchor: sign it again with the next one.
            Log.Replaced(_logger, anchor.Sequence, newest.Nonce);
            await SendAsync(client, anchor, await client.NonceAsync(pending: true).ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }

        if (!await client.KnowsAsync(newest.TransactionHash).ConfigureAwait(false))
        {
            Log.Rebroadcast(_logger, anchor.Sequence, newest.TransactionHash);
            await client.BroadcastAsync(newest.RawTransaction).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(EthereumAnchorClient client, AnchorRecord anchor, long nonce)
    {
        var ethereum = _options.Ethereum;
        var head = await client.BlockNumberAsync().ConfigureAwait(false);
        var baseFee = (await client.BlockAsync(head).ConfigureAwait(false))?.BaseFee ?? BigInteger.Zero;
        var tip = Wei(ethereum.PriorityFeePerGasGwei);
        var cap = Wei(ethereum.MaxFeePerGasGwei);
        var maxFee = (baseFee * 2) + tip;
        if (baseFee + tip > cap)
        {
            WaitingForGas = true;
            _gasWaits.Add(1);
            Log.GasAboveCap(_logger, anchor.Sequence, (double)baseFee / 1e9, ethereum.MaxFeePerGasGwei);
            return;
        }

        WaitingForGas = false;
        maxFee = BigInteger.Min(maxFee, cap);
        var (raw, hash) = await client.SignAnchorAsync(_contract!, anchor.Root, anchor.Checkpoints.Count, anchor.Sequence, nonce, maxFee, tip, ethereum.GasLimit, _chainId).ConfigureAwait(false);
        // Durable before it leaves: after a crash the same transaction is sent again, never a second one.
        _store.AddAttempt(new AnchorAttempt(anchor.Sequence, nonce, hash, raw, _time.GetUtcNow()));
        await client.BroadcastAsync(raw).ConfigureAwait(false);
        _sent.Add(1);
        Log.SentTransaction(_logger, anchor.Sequence, hash, nonce);
    }

    /// <summary>A confirmed anchor whose block hash changed (or whose block is gone) is no longer confirmed.</summary>
    private async Task CheckReorganisationsAsync(EthereumAnchorClient client)
    {
        var head = await client.BlockNumberAsync().ConfigureAwait(false);
        foreach (var anchor in _store.ConfirmedSince(Math.Max(0, head - _options.ReorgDepth)))
        {
            var onChain = anchor.OnChain!;
            var block = await client.BlockAsync(onChain.BlockNumber).ConfigureAwait(false);
            if (block is { } b && string.Equals(b.Hash, onChain.BlockHash, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            _reorganised.Add(1);
            Log.Reorganised(_logger, anchor.Sequence, onChain.BlockNumber, onChain.TransactionHash);
            _store.Unconfirm(anchor.Sequence, $"block {onChain.BlockNumber} ({onChain.BlockHash}) left the chain");
        }
    }

    private static bool SameCheckpoints(IReadOnlyList<AnchoredCheckpoint> a, List<AnchoredCheckpoint> b) =>
        a.Count == b.Count && a.OrderBy(c => c.Origin, StringComparer.Ordinal).Zip(b.OrderBy(c => c.Origin, StringComparer.Ordinal))
            .All(p => p.First.Origin == p.Second.Origin && p.First.Size == p.Second.Size);

    private static BigInteger Wei(double gwei) => new(gwei * 1e9);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Anchoring is off (no Anchoring:Ethereum:RpcUrl): proofs say \"signed, not anchored\"")]
        public static partial void Off(ILogger logger);

        [LoggerMessage(Level = LogLevel.Information, Message = "Anchor contract deployed at {Contract} on chain {ChainId}")]
        public static partial void Deployed(ILogger logger, string contract, long chainId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Anchor {Sequence} built over {Logs} log checkpoints")]
        public static partial void Built(ILogger logger, long sequence, int logs);

        [LoggerMessage(Level = LogLevel.Information, Message = "Anchor {Sequence} sent: transaction {Hash}, nonce {Nonce}")]
        public static partial void SentTransaction(ILogger logger, long sequence, string hash, long nonce);

        [LoggerMessage(Level = LogLevel.Information, Message = "Anchor {Sequence} confirmed: transaction {Hash} in block {Block} ({Confirmations} confirmations)")]
        public static partial void Anchored(ILogger logger, long sequence, string hash, long block, long confirmations);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Anchor {Sequence} waits: base fee {BaseFeeGwei} gwei is above the cap of {CapGwei} gwei (Anchoring:Ethereum:MaxFeePerGasGwei)")]
        public static partial void GasAboveCap(ILogger logger, long sequence, double baseFeeGwei, double capGwei);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Anchor {Sequence}: transaction {Hash} is unknown to the node (dropped); broadcasting it again")]
        public static partial void Rebroadcast(ILogger logger, long sequence, string hash);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Anchor {Sequence}: nonce {Nonce} was taken by another transaction; signing again with the next nonce")]
        public static partial void Replaced(ILogger logger, long sequence, long nonce);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Anchor {Sequence}: block {Block} holding transaction {Hash} left the chain (reorganisation); following it again")]
        public static partial void Reorganised(ILogger logger, long sequence, long block, string hash);

        [LoggerMessage(Level = LogLevel.Error, Message = "Anchor {Sequence}: transaction {Hash} reverted; the next interval anchors anew")]
        public static partial void Reverted(ILogger logger, long sequence, string hash);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Anchoring step failed; retrying in {Seconds} s")]
        public static partial void StepFailed(ILogger logger, double seconds, Exception exception);
    }
}
