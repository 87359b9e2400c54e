using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Traceability.Disclosure;

namespace Traceability.Abstractions.Tests.Disclosure;

/// <summary>The salted commitment a withheld value is replaced by: SHA-256 over salt and UTF-8 value, as an ni: URI.</summary>
public sealed class CommitmentTests
{
    private const string Salt = "AAECAwQFBgcICQoLDA0ODw"; // bytes 0..15

    [Fact]
    public void TheDigestIsSha256OfTheSaltBytesThenTheUtf8Value()
    {
        var expected = SHA256.HashData([.. Enumerable.Range(0, 16).Select(i => (byte)i), .. Encoding.UTF8.GetBytes("Y Thị Hoa")]);

        var digest = Commitment.Digest(Salt, "Y Thị Hoa");

        Assert.Equal("ni:///sha-256;" + Convert.ToBase64String(expected).TrimEnd('=').Replace('+', '-').Replace('/', '_'), digest);
    }

    [Fact]
    public void AnotherSaltOrAnotherValueGivesAnotherDigest()
    {
        var digest = Commitment.Digest(Salt, "A Nhem");

        Assert.NotEqual(digest, Commitment.Digest(Commitment.NewSalt(), "A Nhem"));
        Assert.NotEqual(digest, Commitment.Digest(Salt, "A Nhem "));
    }

    [Fact]
    public void ANewSaltIsSixteenRandomBytesInBase64Url()
    {
        var salts = Enumerable.Range(0, 50).Select(_ => Commitment.NewSalt()).ToList();

        Assert.All(salts, s => Assert.Equal(16, Base64Url.DecodeFromChars(s).Length));
        Assert.All(salts, s => Assert.True(Commitment.IsSalt(s)));
        Assert.Equal(salts.Count, salts.Distinct().Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AAECAwQFBgcICQoLDA0O")]       // 15 bytes
    [InlineData("AAECAwQFBgcICQoLDA0ODxA")]    // 17 bytes
    [InlineData("AAECAwQFBgcICQoLDA0OD+")]     // not base64url
    public void WhatIsNotSixteenBytesOfBase64UrlIsNoSalt(string? salt)
    {
        Assert.False(Commitment.IsSalt(salt));
        if (salt is not null)
        {
            Assert.Throws<ArgumentException>(() => Commitment.Digest(salt, "A Nhem"));
        }
    }
}
