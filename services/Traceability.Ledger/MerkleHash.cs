using System.Buffers;
using System.Security.Cryptography;

namespace Traceability.Ledger;

/// <summary>
/// The RFC 6962 §2.1 hashes with SHA-256: a leaf is <c>SHA-256(0x00 ‖ data)</c>, an interior node
/// <c>SHA-256(0x01 ‖ left ‖ right)</c>, and the empty tree <c>SHA-256("")</c>. Thread-safe and
/// stateless.
/// </summary>
public static class MerkleHash
{
    /// <summary>Length in bytes of every hash of the tree.</summary>
    public const int Size = 32;

    private const int StackLimit = 256;

    /// <summary>The root of the empty tree, <c>SHA-256("")</c>.</summary>
    public static ReadOnlySpan<byte> EmptyRoot =>
    [
        0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
        0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
    ];

    /// <summary>Returns <c>SHA-256(0x00 ‖ data)</c>.</summary>
    public static byte[] Leaf(ReadOnlySpan<byte> data)
    {
        var hash = new byte[Size];
        Leaf(data, hash);
        return hash;
    }

    /// <summary>Writes <c>SHA-256(0x00 ‖ data)</c> into <paramref name="destination"/> (32 bytes).</summary>
    public static void Leaf(ReadOnlySpan<byte> data, Span<byte> destination) =>
        HashPrefixed(0x00, data, [], destination);

    /// <summary>Returns <c>SHA-256(0x01 ‖ left ‖ right)</c>.</summary>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[Size];
        Node(left, right, hash);
        return hash;
    }

    /// <summary>
    /// Writes <c>SHA-256(0x01 ‖ left ‖ right)</c> into <paramref name="destination"/> (32 bytes), which may
    /// overlap either input.
    /// </summary>
    public static void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination) =>
        HashPrefixed(0x01, left, right, destination);

    private static void HashPrefixed(byte prefix, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        var length = 1 + first.Length + second.Length;
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            buffer[0] = prefix;
            first.CopyTo(buffer[1..]);
            second.CopyTo(buffer[(1 + first.Length)..]);
            if (!NativeSha256.TryHash(buffer[..length], destination))
            {
                SHA256.HashData(buffer[..length], destination);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
