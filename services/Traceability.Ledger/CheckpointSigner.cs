using System.Buffers.Binary;
using System.Text;
using NSec.Cryptography;

namespace Traceability.Ledger;

/// <summary>
/// Signs checkpoints as C2SP signed notes with an Ed25519 key. Thread-safe.
/// </summary>
/// <remarks>
/// The key file holds one line in the Go note signer-key format,
/// <c>PRIVATE+KEY+&lt;name&gt;+&lt;hex key id&gt;+&lt;base64(0x01 ‖ 32-byte seed)&gt;</c>, so Go tools can read it.
/// <see cref="LoadOrCreate"/> creates it with mode 0600 (written to a temporary file in the same folder,
/// flushed to disk, then moved into place, so a crash never leaves half a key), and on Unix it refuses an
/// existing key file that the group or others can read or write: such a key may already have leaked, and
/// fixing the mode silently would hide that. Run <c>chmod 600</c> on it after checking.
/// </remarks>
public sealed class CheckpointSigner : IDisposable
{
    private const string PrivateKeyPrefix = "PRIVATE+KEY+";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly Key _key;
    private readonly byte[] _keyId = new byte[4];

    private CheckpointSigner(string keyName, Key key)
    {
        KeyName = keyName;
        _key = key;
        var publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        VerifierKey = NoteVerifierKey.Format(keyName, publicKey);
        BinaryPrimitives.WriteUInt32BigEndian(_keyId, NoteVerifierKey.ComputeKeyId(keyName, publicKey));
    }

    /// <summary>The key name that appears in signature lines.</summary>
    public string KeyName { get; }

    /// <summary>The verifier key string, <c>&lt;name&gt;+&lt;hex key id&gt;+&lt;base64(0x01 ‖ public key)&gt;</c>, to publish.</summary>
    public string VerifierKey { get; }

    /// <summary>
    /// Loads the signer key from <paramref name="keyFile"/>, or creates a new Ed25519 key there on first use.
    /// Throws when the file holds a key of another name, is malformed, or (on Unix) is readable or writable
    /// by the group or others.
    /// </summary>
    public static CheckpointSigner LoadOrCreate(string keyFile, string keyName)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyFile);
        if (!NoteVerifierKey.IsValidName(keyName))
        {
            throw new ArgumentException("A key name is non-empty, without '+' or whitespace.", nameof(keyName));
        }
        if (!File.Exists(keyFile))
        {
            using var created = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
            var seed = created.Export(KeyBlobFormat.RawPrivateKey);
            var line = FormatPrivateKey(keyName, seed, created.PublicKey.Export(KeyBlobFormat.RawPublicKey));
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
            WriteAtomically(keyFile, line);
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(keyFile) & GroupOrOthers) != 0)
        {
            throw new InvalidOperationException(
                $"The checkpoint key file {keyFile} can be read or written by others ({File.GetUnixFileMode(keyFile)}); check it has not leaked, then chmod 600 it.");
        }
        var signer = FromPrivateKey(File.ReadAllText(keyFile).TrimEnd('\n'));
        if (signer.KeyName != keyName)
        {
            signer.Dispose();
            throw new InvalidOperationException($"The checkpoint key file {keyFile} holds the key '{signer.KeyName}', not '{keyName}'.");
        }
        return signer;
    }

    /// <summary>A signer from a Go note signer key, <c>PRIVATE+KEY+&lt;name&gt;+&lt;hex id&gt;+&lt;base64(0x01 ‖ seed)&gt;</c>.</summary>
    public static CheckpointSigner FromPrivateKey(string signerKey)
    {
        ArgumentNullException.ThrowIfNull(signerKey);
        var parts = signerKey.Split('+', 5);
        if (parts.Length != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY" || !NoteVerifierKey.IsValidName(parts[2]))
        {
            throw new FormatException("A signer key has the form PRIVATE+KEY+name+hexid+base64key.");
        }
        var encoded = Convert.FromBase64String(parts[4]);
        if (encoded.Length != 33 || encoded[0] != NoteVerifierKey.Ed25519Algorithm)
        {
            throw new FormatException("The signer key is not an Ed25519 key (0x01 followed by a 32-byte seed).");
        }
        var key = Key.Import(SignatureAlgorithm.Ed25519, encoded.AsSpan(1), KeyBlobFormat.RawPrivateKey);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(encoded);
        var signer = new CheckpointSigner(parts[2], key);
        if (!string.Equals(parts[3], signer.VerifierKey.Split('+', 3)[1], StringComparison.OrdinalIgnoreCase))
        {
            signer.Dispose();
            throw new FormatException("The signer key's id does not match its name and key.");
        }
        return signer;
    }

    /// <summary>Signs a checkpoint and returns the whole signed note.</summary>
    public string Sign(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return SignNote(checkpoint.ToNoteText());
    }

    /// <summary>
    /// Signs a note text (non-empty, ending in a newline, no control characters but newlines) and returns
    /// the signed note: the text, a blank line, one signature line.
    /// </summary>
    public string SignNote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || !text.EndsWith('\n') || SignedNotes.TextProblem(text) is not null)
        {
            throw new ArgumentException("malformed note: the text must end with a newline and have no control characters but newlines.", nameof(text));
        }
        var signature = SignatureAlgorithm.Ed25519.Sign(_key, Encoding.UTF8.GetBytes(text));
        return $"{text}\n{SignedNotes.SignaturePrefix}{KeyName} {Convert.ToBase64String([.. _keyId, .. signature])}\n";
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    private static string FormatPrivateKey(string name, byte[] seed, byte[] publicKey) =>
        $"{PrivateKeyPrefix}{name}+{NoteVerifierKey.ComputeKeyId(name, publicKey):x8}+{Convert.ToBase64String([NoteVerifierKey.Ed25519Algorithm, .. seed])}\n";

    private static void WriteAtomically(string path, string content)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }
            // Another process may have created the key meanwhile: keep theirs (the move then fails).
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
