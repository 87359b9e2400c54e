using System.Buffers.Binary;
using System.Text;
using NSec.Cryptography;

namespace Traceability.Ledger;

/// <summary>
/// Opens C2SP signed notes (<c>c2sp.org/signed-note</c>, the format of Go's
/// <c>golang.org/x/mod/sumdb/note</c>): the text, a blank line, then signature lines
/// <c>— &lt;key name&gt; &lt;base64(4-byte key id ‖ signature)&gt;</c>. Never throws on bad input.
/// </summary>
public static class SignedNotes
{
    /// <summary>The prefix of a signature line: an em dash and a space.</summary>
    internal const string SignaturePrefix = "\u2014 ";

    private const int MaxSignatures = 100;

    /// <summary>
    /// Checks that <paramref name="note"/> is well formed and carries a valid signature by
    /// <paramref name="verifierKey"/> (signatures by other keys are ignored), and returns its text.
    /// </summary>
    public static NoteCheck Open(string note, string verifierKey)
    {
        if (!NoteVerifierKey.TryParse(verifierKey, out var key, out var keyProblem))
        {
            return NoteCheck.Invalid(keyProblem);
        }
        if (string.IsNullOrEmpty(note) || TextProblem(note) is not null)
        {
            return NoteCheck.Invalid("malformed note: it must be UTF-8 text without control characters other than newlines");
        }
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return NoteCheck.Invalid("malformed note: no blank line before the signatures");
        }
        var text = note[..(split + 1)];
        var signatures = note[(split + 2)..];
        if (signatures.Length == 0 || signatures[^1] != '\n')
        {
            return NoteCheck.Invalid("malformed note: the signatures must end with a newline");
        }
        var lines = signatures[..^1].Split('\n');
        if (lines.Length > MaxSignatures)
        {
            return NoteCheck.Invalid("malformed note: too many signatures");
        }
        var textBytes = Encoding.UTF8.GetBytes(text);
        var signed = false;
        foreach (var line in lines)
        {
            if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal))
            {
                return NoteCheck.Invalid("malformed note: a signature line does not start with '— '");
            }
            var body = line[SignaturePrefix.Length..];
            var space = body.IndexOf(' ', StringComparison.Ordinal);
            var name = space < 0 ? body : body[..space];
            var encoded = space < 0 ? "" : body[(space + 1)..];
            var signature = new byte[encoded.Length];
            if (!NoteVerifierKey.IsValidName(name) || encoded.Length == 0
                || !Convert.TryFromBase64String(encoded, signature, out var length) || length < 5)
            {
                return NoteCheck.Invalid("malformed note: a signature line is not '— <name> <base64>'");
            }
            var keyId = BinaryPrimitives.ReadUInt32BigEndian(signature);
            if (name != key.Name || keyId != key.KeyId)
            {
                continue; // another key's signature
            }
            if (!SignatureAlgorithm.Ed25519.Verify(key.PublicKey, textBytes, signature.AsSpan(4, length - 4)))
            {
                return NoteCheck.Invalid($"invalid signature for key {key.Name}+{key.KeyId:x8}");
            }
            signed = true;
        }
        return signed
            ? NoteCheck.Valid(text)
            : NoteCheck.Invalid($"the note has no signature by key {key.Name}+{key.KeyId:x8} (unknown key)");
    }

    /// <summary>
    /// Opens a signed checkpoint: the note must be signed by <paramref name="verifierKey"/> and its text
    /// must be a well-formed checkpoint.
    /// </summary>
    public static CheckpointCheck Verify(string note, string verifierKey)
    {
        var opened = Open(note, verifierKey);
        if (!opened.Ok)
        {
            return CheckpointCheck.Invalid(opened.Failure!);
        }
        return Checkpoint.TryParse(opened.Text!, out var checkpoint, out var failure)
            ? new CheckpointCheck(true, checkpoint, null)
            : CheckpointCheck.Invalid("malformed checkpoint: " + failure);
    }

    /// <summary>Why a note text is not acceptable (lone surrogates or control characters other than '\n'), or null.</summary>
    internal static string? TextProblem(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x20 && c != '\n')
            {
                return "a note has no control characters other than newlines";
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "a note is valid UTF-8 text";
            }
        }
        return null;
    }
}
