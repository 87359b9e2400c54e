using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Traceability.Ledger;

/// <summary>
/// A log's signed tree head in the C2SP <c>tlog-checkpoint</c> format: the note text is the origin line,
/// the tree size in decimal, the base64 root hash, then optional extension lines, each ending in "\n".
/// </summary>
/// <param name="Origin">The log's unique identity (non-empty, no newline).</param>
/// <param name="Size">The number of leaves.</param>
/// <param name="Root">The 32-byte root hash of those leaves.</param>
/// <param name="Extensions">Optional non-empty lines after the root, opaque to this library.</param>
public sealed record Checkpoint(string Origin, long Size, byte[] Root, IReadOnlyList<string> Extensions)
{
    /// <summary>A checkpoint without extension lines.</summary>
    public Checkpoint(string origin, long size, byte[] root)
        : this(origin, size, root, [])
    {
    }

    /// <summary>The note text: origin, size and root lines, then the extension lines, each ending in "\n".</summary>
    public string ToNoteText()
    {
        if (Validate() is { } problem)
        {
            throw new InvalidOperationException($"The checkpoint cannot be written: {problem}.");
        }
        var text = new StringBuilder()
            .Append(Origin).Append('\n')
            .Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Convert.ToBase64String(Root)).Append('\n');
        foreach (var line in Extensions)
        {
            text.Append(line).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// Parses a checkpoint note text strictly: at least three lines, each ending in "\n"; a non-empty origin;
    /// a decimal size without sign or leading zeros; a canonical base64 32-byte root; non-empty extension lines.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out Checkpoint? checkpoint, [NotNullWhen(false)] out string? failure)
    {
        checkpoint = null;
        if (string.IsNullOrEmpty(text) || !text.EndsWith('\n'))
        {
            failure = "a checkpoint must end with a newline";
            return false;
        }
        var lines = text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            failure = "a checkpoint has at least three lines: origin, size and root";
            return false;
        }
        if (lines.Any(line => line.Length == 0))
        {
            failure = "a checkpoint has no empty lines";
            return false;
        }
        var sizeLine = lines[1];
        if (!sizeLine.All(char.IsAsciiDigit) || (sizeLine.Length > 1 && sizeLine[0] == '0')
            || !long.TryParse(sizeLine, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            failure = $"the size line '{sizeLine}' is not a decimal number without leading zeros";
            return false;
        }
        var root = new byte[MerkleHash.Size];
        if (lines[2].Length != 44 || !Convert.TryFromBase64String(lines[2], root, out var written) || written != MerkleHash.Size
            || Convert.ToBase64String(root) != lines[2])
        {
            failure = $"the root line '{lines[2]}' is not the base64 of a 32-byte hash";
            return false;
        }
        checkpoint = new Checkpoint(lines[0], size, root, lines[3..]);
        if (checkpoint.Validate() is { } problem)
        {
            checkpoint = null;
            failure = problem;
            return false;
        }
        failure = null;
        return true;
    }

    /// <inheritdoc />
    public bool Equals(Checkpoint? other) =>
        other is not null && Origin == other.Origin && Size == other.Size
        && Root.AsSpan().SequenceEqual(other.Root) && Extensions.SequenceEqual(other.Extensions);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Origin, Size, Convert.ToBase64String(Root), Extensions.Count);

    private string? Validate()
    {
        if (string.IsNullOrEmpty(Origin) || Origin.Contains('\n', StringComparison.Ordinal))
        {
            return "the origin must be one non-empty line";
        }
        if (Size < 0)
        {
            return "the size must not be negative";
        }
        if (Root is not { Length: MerkleHash.Size })
        {
            return "the root must be a 32-byte hash";
        }
        if (Extensions.Any(line => string.IsNullOrEmpty(line) || line.Contains('\n', StringComparison.Ordinal)))
        {
            return "each extension must be one non-empty line";
        }
        return SignedNotes.TextProblem(Origin + Extensions.Aggregate("", (all, line) => all + line));
    }
}
