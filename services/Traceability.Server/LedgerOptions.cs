using System.ComponentModel.DataAnnotations;
using Traceability.Storage;

namespace Traceability.Server;

/// <summary>Settings of the hash ledger (section <c>Ledger</c>).</summary>
public sealed class LedgerOptions
{
    public const string Section = "Ledger";

    /// <summary>
    /// The platform's log name: the signer name of the checkpoint key and the prefix of every
    /// facility log's origin (<c>{Name}/facility/{id}</c>). No spaces or '+'.
    /// </summary>
    [Required]
    [RegularExpression(@"^[^\s+]+$")]
    public string Name { get; set; } = LedgerOrigins.DefaultName;

    /// <summary>How often a checkpoint is cut for every log that has grown; 0 cuts only on demand.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);
}
