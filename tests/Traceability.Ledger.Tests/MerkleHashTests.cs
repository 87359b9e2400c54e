using System.Security.Cryptography;

namespace Traceability.Ledger.Tests;

public sealed class MerkleHashTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(54)]
    [InlineData(55)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(10_000)]
    public void LeafAndNodeHashesEqualSha256OfTheRfc6962Input(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);

        Assert.Equal(SHA256.HashData([0x00, .. data]), MerkleHash.Leaf(data));
        Assert.Equal(SHA256.HashData([0x01, .. data, .. data]), MerkleHash.Node(data, data));
        if (NativeSha256.Available)
        {
            var native = new byte[32];
            Assert.True(NativeSha256.TryHash(data, native));
            Assert.Equal(SHA256.HashData(data), native);
        }
    }

    [Fact]
    public void ANodeHashMayOverwriteItsInputs()
    {
        var left = SHA256.HashData("left"u8);
        var right = SHA256.HashData("right"u8);
        var expected = SHA256.HashData([0x01, .. left, .. right]);

        MerkleHash.Node(left, right, left);

        Assert.Equal(expected, left);
    }

    [Fact]
    public void TheNativeHashIsUsedOnLinux()
    {
        // OpenSSL's low-level SHA-256 ships with every libcrypto .NET supports on Linux; elsewhere
        // (or if a build lacks it) the ledger falls back to SHA256.HashData.
        Assert.Equal(OperatingSystem.IsLinux(), NativeSha256.Available);
    }
}
