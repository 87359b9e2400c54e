using System.Text.Json;

namespace Traceability.Ledger.Tests;

/// <summary>Every vector of transparency-dev/merkle's testdata, unchanged, including the malformed ones.</summary>
public sealed class MerkleVectorTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "merkle", "testdata");

    public static TheoryData<string> InclusionVectors() => Vectors("inclusion");

    public static TheoryData<string> ConsistencyVectors() => Vectors("consistency");

    [Fact]
    public void TheCorpusIsComplete()
    {
        Assert.Equal(98, InclusionVectors().Count);
        Assert.Equal(98, ConsistencyVectors().Count);
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void AnInclusionVectorIsJudgedAsTheReferenceJudgesIt(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, file)));
        var v = json.RootElement;
        // Go's indices are uint64; the one beyond long (2^64 - 1, "leafIdx - 1" of leaf 0) wraps to -1, also refused.
        var index = unchecked((long)v.GetProperty("leafIdx").GetUInt64());
        var size = unchecked((long)v.GetProperty("treeSize").GetUInt64());

        var check = MerkleProofs.VerifyInclusion(index, size, Bytes(v, "leafHash"), Proof(v), Bytes(v, "root"));

        Assert.True(check.Ok == !v.GetProperty("wantErr").GetBoolean(), $"{file}: {v.GetProperty("desc")}: {check}");
        Assert.Equal(check.Ok, check.Failure is null);
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void AConsistencyVectorIsJudgedAsTheReferenceJudgesIt(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, file)));
        var v = json.RootElement;
        var size1 = unchecked((long)v.GetProperty("size1").GetUInt64());
        var size2 = unchecked((long)v.GetProperty("size2").GetUInt64());

        var check = MerkleProofs.VerifyConsistency(size1, size2, Proof(v), Bytes(v, "root1"), Bytes(v, "root2"));

        Assert.True(check.Ok == !v.GetProperty("wantErr").GetBoolean(), $"{file}: {v.GetProperty("desc")}: {check}");
    }

    private static TheoryData<string> Vectors(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(Root, kind), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Root, path));
        }
        return data;
    }

    private static byte[] Bytes(JsonElement v, string name) => Convert.FromBase64String(v.GetProperty(name).GetString() ?? "");

    private static List<byte[]> Proof(JsonElement v)
    {
        var proof = v.GetProperty("proof");
        return proof.ValueKind == JsonValueKind.Null
            ? []
            : [.. proof.EnumerateArray().Select(e => Convert.FromBase64String(e.GetString() ?? ""))];
    }
}
