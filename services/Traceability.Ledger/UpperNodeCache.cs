using System.Collections.Concurrent;

namespace Traceability.Ledger;

/// <summary>
/// Committed hashes of the upper levels of the logs, shared by the reader connections of a
/// <see cref="SqliteMerkleLogs"/>. A stored node never changes once committed (the log is append-only:
/// triggers refuse UPDATE and DELETE), so a cached copy stays right for good; and every proof needs
/// one node per level, so the few upper nodes serve every proof while the many lower ones rarely
/// repeat. Proofs still come from stored nodes: this only saves re-reading the same rows.
/// </summary>
/// <remarks>
/// Admission instead of eviction keeps it bounded without bookkeeping on every read: nodes of level
/// <see cref="MinLevel"/> or more (each covering at least 256 leaves, so at most 1/128 of a log's
/// leaf count) while fewer than <see cref="Capacity"/> are cached (about 6 MB), and nodes of level
/// <see cref="AlwaysLevel"/> or more always (at most one per 32,768 leaves). Thread-safe.
/// </remarks>
internal sealed class UpperNodeCache
{
    public const int MinLevel = 8;
    public const int AlwaysLevel = 16;
    public const int Capacity = 65_536;

    private readonly ConcurrentDictionary<(long LogId, long Position), byte[]> _hashes = new();
    private int _count; // ConcurrentDictionary.Count takes every lock: count the additions instead

    public static bool Covers(int level) => level >= MinLevel;

    public bool TryCopy(long logId, long position, out byte[] hash)
    {
        if (_hashes.TryGetValue((logId, position), out var cached))
        {
            hash = (byte[])cached.Clone();
            return true;
        }
        hash = null!;
        return false;
    }

    /// <summary>Keeps a copy of a committed node's hash (never the caller's array, which it may change).</summary>
    public void Add(long logId, long position, int level, ReadOnlySpan<byte> hash)
    {
        if ((level >= AlwaysLevel || (level >= MinLevel && Volatile.Read(ref _count) < Capacity))
            && _hashes.TryAdd((logId, position), hash.ToArray()))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
