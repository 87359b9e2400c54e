using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Traceability.Security.Audit;

/// <summary>
/// The chain's hashing, pure: the canonical bytes of an entry (a version tag, then each field in
/// a fixed order, strings as a 4-byte big-endian length and UTF-8, absent strings as length
/// 0xFFFFFFFF, the sequence and the time in UTC ticks as 8-byte big-endian, the outcome as one
/// byte) and <c>hash = SHA-256(previous hash ‖ canonical bytes)</c>. The first entry's previous
/// hash is 32 zero bytes.
/// </summary>
internal static class AuditChain
{
    public static readonly byte[] Genesis = new byte[32];

    private static readonly byte[] Version = "traceability-audit/v1"u8.ToArray();

    public static byte[] Hash(ReadOnlySpan<byte> previous, long sequence, DateTimeOffset at, string who, string? from, string operation, string? target, bool allowed, string reason)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previous);
        hash.AppendData(Version);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, at.UtcTicks);
        hash.AppendData(number);
        AppendString(hash, who);
        AppendString(hash, from);
        AppendString(hash, operation);
        AppendString(hash, target);
        hash.AppendData([allowed ? (byte)1 : (byte)0]);
        AppendString(hash, reason);
        return hash.GetHashAndReset();
    }

    private static void AppendString(IncrementalHash hash, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            BinaryPrimitives.WriteUInt32BigEndian(length, uint.MaxValue);
            hash.AppendData(length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
