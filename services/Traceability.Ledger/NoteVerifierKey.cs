using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Traceability.Ledger;

/// <summary>
/// An Ed25519 note verifier key in the Go <c>golang.org/x/mod/sumdb/note</c> (C2SP signed-note) format
/// <c>&lt;name&gt;+&lt;hex key id&gt;+&lt;base64(0x01 ‖ public key)&gt;</c>, where the key id is the first 4
/// bytes of <c>SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)</c>.
/// </summary>
public sealed class NoteVerifierKey
{
    /// <summary>The signature algorithm byte of Ed25519 in the note formats.</summary>
    internal const byte Ed25519Algorithm = 0x01;

    private NoteVerifierKey(string name, uint keyId, PublicKey publicKey, string text)
    {
        Name = name;
        KeyId = keyId;
        PublicKey = publicKey;
        Text = text;
    }

    /// <summary>The key name.</summary>
    public string Name { get; }

    /// <summary>The 32-bit key id.</summary>
    public uint KeyId { get; }

    /// <summary>The verifier key string.</summary>
    public string Text { get; }

    internal PublicKey PublicKey { get; }

    /// <summary>The raw 32-byte Ed25519 public key.</summary>
    public byte[] RawPublicKey => PublicKey.Export(KeyBlobFormat.RawPublicKey);

    /// <summary>Parses a verifier key string; refuses a wrong format, algorithm, length or key id.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out NoteVerifierKey? key, [NotNullWhen(false)] out string? failure)
    {
        key = null;
        var parts = (text ?? "").Split('+', 3);
        if (parts.Length != 3 || !IsValidName(parts[0]) || parts[1].Length != 8
            || !parts[1].All(char.IsAsciiHexDigit)
            || !uint.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var keyId))
        {
            failure = "the verifier key is not of the form name+hexid+base64key";
            return false;
        }
        byte[] encoded;
        try
        {
            encoded = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            failure = "the verifier key's public key is not base64";
            return false;
        }
        if (encoded.Length != 33 || encoded[0] != Ed25519Algorithm)
        {
            failure = "the verifier key is not an Ed25519 key (0x01 followed by 32 bytes)";
            return false;
        }
        if (ComputeKeyId(parts[0], encoded.AsSpan(1)) != keyId)
        {
            failure = "the verifier key's id does not match its name and public key";
            return false;
        }
        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, encoded.AsSpan(1), KeyBlobFormat.RawPublicKey, out var publicKey) || publicKey is null)
        {
            failure = "the verifier key's public key is not a valid Ed25519 key";
            return false;
        }
        key = new NoteVerifierKey(parts[0], keyId, publicKey, text!);
        failure = null;
        return true;
    }

    /// <summary>The verifier key string of an Ed25519 public key under <paramref name="name"/>.</summary>
    internal static string Format(string name, ReadOnlySpan<byte> publicKey) =>
        $"{name}+{ComputeKeyId(name, publicKey):x8}+{Convert.ToBase64String([Ed25519Algorithm, .. publicKey])}";

    internal static uint ComputeKeyId(string name, ReadOnlySpan<byte> publicKey)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        byte[] input = [.. nameBytes, (byte)'\n', Ed25519Algorithm, .. publicKey];
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }

    /// <summary>A key name is non-empty, with no '+' and no whitespace (Unicode spaces included).</summary>
    internal static bool IsValidName(string name) =>
        !string.IsNullOrEmpty(name) && !name.Any(c => c == '+' || char.IsWhiteSpace(c));
}
