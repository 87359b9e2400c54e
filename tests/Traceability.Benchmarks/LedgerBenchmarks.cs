using System.Diagnostics;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Traceability.Ledger;

namespace Traceability.Benchmarks;

/// <summary>
/// The ledger's Merkle log in SQLite: durable batched appends (WAL, synchronous=FULL, 1,000 leaves
/// per transaction, appended to the log of <see cref="Leaves"/> leaves), and building and verifying an
/// inclusion proof at that size. The log is built once, with the same writer (synchronous=OFF while
/// loading), and kept under the temporary folder for the next runs.
/// </summary>
[MemoryDiagnoser]
public class LedgerBenchmarks : IDisposable
{
    private const string Log = "bench";
    private const int Batch = 1_000;
    private const int Probes = 4_096;

    private SqliteConnection? _writer;
    private SqliteMerkleLogWriter? _logs;
    private SqliteMerkleLogs? _reader;
    private PendingLeaf[] _batch = [];
    private long[] _indices = [];
    private IReadOnlyList<byte[]>[] _proofs = [];
    private byte[][] _leafHashes = [];
    private byte[] _root = [];
    private int _next;

    [Params(1_000_000, 10_000_000)]
    public int Leaves { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(Path.GetTempPath(), $"traceability-ledger-bench-{Leaves}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        _writer = new SqliteConnection(connectionString);
        _writer.Open();
        SqliteMerkleLogs.EnsureSchema(_writer);
        _logs = new SqliteMerkleLogWriter(_writer);
        _reader = new SqliteMerkleLogs(connectionString);
        Load(_reader.Size(Log));
        Execute("PRAGMA synchronous = FULL; PRAGMA wal_checkpoint(TRUNCATE);");

        _batch = [.. Enumerable.Range(0, Batch).Select(i => new PendingLeaf(SHA256.HashData(BitConverter.GetBytes(i)), i))];
        var random = new Random(6962);
        _indices = [.. Enumerable.Range(0, Probes).Select(_ => random.NextInt64(Leaves))];
        _root = _reader.Root(Log, Leaves);
        _proofs = [.. _indices.Select(i => _reader.InclusionProof(Log, i, Leaves))];
        _leafHashes = [.. _indices.Select(i => _reader.LeafAt(Log, i)!.Hash)];
        Console.WriteLine($"// ledger: {Leaves:N0} leaves, proof of {_proofs[0].Count} hashes ({_proofs[0].Count * 32} bytes)");
    }

    /// <summary>One durable transaction of 1,000 leaves; reported per leaf.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long AppendDurable()
    {
        using var tx = _writer!.BeginTransaction();
        var first = _logs!.Append(tx, Log, _batch);
        tx.Commit();
        return first;
    }

    [Benchmark]
    public IReadOnlyList<byte[]> InclusionProofBuild() =>
        _reader!.InclusionProof(Log, _indices[_next++ & (Probes - 1)], Leaves);

    [Benchmark]
    public bool InclusionProofVerify()
    {
        var i = _next++ & (Probes - 1);
        return MerkleProofs.VerifyInclusion(_indices[i], Leaves, _leafHashes[i], _proofs[i], _root).Ok;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _reader?.Dispose();
        _logs?.Dispose();
        _writer?.Dispose();
        _reader = null;
        _logs = null;
        _writer = null;
    }

    public void Dispose()
    {
        Cleanup();
        GC.SuppressFinalize(this);
    }

    private void Load(long size)
    {
        if (size >= Leaves)
        {
            return;
        }
        Execute("PRAGMA synchronous = OFF;");
        var watch = Stopwatch.StartNew();
        var start = size;
        const int LoadBatch = 100_000;
        var leaves = new PendingLeaf[LoadBatch];
        while (size < Leaves)
        {
            var count = (int)Math.Min(LoadBatch, Leaves - size);
            for (var i = 0; i < count; i++)
            {
                leaves[i] = new PendingLeaf(SHA256.HashData(BitConverter.GetBytes(size + i)), size + i);
            }
            using var tx = _writer!.BeginTransaction();
            _logs!.Append(tx, Log, count == LoadBatch ? leaves : leaves[..count]);
            tx.Commit();
            size += count;
        }
        Console.WriteLine($"// ledger: loaded {size - start:N0} leaves in {watch.Elapsed.TotalSeconds:N1} s ({(size - start) / watch.Elapsed.TotalSeconds:N0}/s)");
    }

    private void Execute(string sql)
    {
        using var command = _writer!.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
