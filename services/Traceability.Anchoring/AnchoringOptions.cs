using System.ComponentModel.DataAnnotations;

namespace Traceability.Anchoring;

/// <summary>
/// Settings of anchoring (section <c>Anchoring</c>; as environment variables <c>Anchoring__…</c>).
/// Anchoring is off unless <see cref="EthereumOptions.RpcUrl"/> is set.
/// </summary>
public sealed class AnchoringOptions
{
    public const string Section = "Anchoring";

    /// <summary>Seconds between anchors (one transaction per interval at most).</summary>
    [Range(1, 86_400)]
    public int IntervalSeconds { get; set; } = 600;

    /// <summary>Blocks on top of the anchoring block (itself included) before an anchor counts as confirmed.</summary>
    [Range(1, 1_000)]
    public int Confirmations { get; set; } = 1;

    /// <summary>How many blocks back a confirmed anchor is re-checked for a reorganisation.</summary>
    [Range(1, 10_000)]
    public int ReorgDepth { get; set; } = 64;

    [Required]
    public EthereumOptions Ethereum { get; set; } = new();

    /// <summary>Whether an RPC URL is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Ethereum.RpcUrl);
}

/// <summary>The chain and the platform's account (section <c>Anchoring:Ethereum</c>).</summary>
public sealed class EthereumOptions
{
    /// <summary>JSON-RPC URL of the node; empty: anchoring is off.</summary>
    public string? RpcUrl { get; set; }

    /// <summary>The platform account's private key (hex); transactions are signed locally with it.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>The anchor contract; absent: deployed on first start and remembered in the data folder.</summary>
    public string? ContractAddress { get; set; }

    /// <summary>The most the platform pays per gas (max fee, in gwei); above it, anchoring waits and says so.</summary>
    [Range(0.000001, 100_000)]
    public double MaxFeePerGasGwei { get; set; } = 200;

    /// <summary>The priority fee (tip) per gas, in gwei.</summary>
    [Range(0, 10_000)]
    public double PriorityFeePerGasGwei { get; set; } = 1;

    /// <summary>Gas limit of an anchor transaction.</summary>
    [Range(21_000, 1_000_000)]
    public long GasLimit { get; set; } = 60_000;
}
