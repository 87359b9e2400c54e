using System.Buffers.Text;
using System.Security.Cryptography;
using Traceability.Security.ApiKeys;

namespace Traceability.Security.Tests;

public sealed class ApiKeyFormatTests
{
    private static readonly string Valid = ApiKey.Generate().ToString();

    [Fact]
    public void AGeneratedKeyHasTheDocumentedShape()
    {
        var key = ApiKey.Generate();
        var text = key.ToString();

        Assert.Matches("^trk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$", text);
        Assert.Equal(32, Base64Url.DecodeFromChars(key.Secret).Length);
        Assert.Equal(16, Convert.FromHexString(key.KeyId).Length);
    }

    [Fact]
    public void GeneratedKeysDoNotRepeat()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => ApiKey.Generate()).ToList();

        Assert.Equal(1000, keys.Select(k => k.KeyId).Distinct().Count());
        Assert.Equal(1000, keys.Select(k => k.Secret).Distinct().Count());
    }

    [Fact]
    public void AKeyParsesBackToItself()
    {
        var key = ApiKey.Generate();

        var parsed = ApiKey.Parse(key.ToString());

        Assert.True(parsed.Succeeded);
        Assert.Equal(key, parsed.Key);
    }

    [Fact]
    public void ASecretHoldingUnderscoresStillParses()
    {
        // base64url uses '_': the secret is everything after the key id's separator.
        var secret = Base64Url.EncodeToString(Enumerable.Repeat((byte)0xFF, 32).ToArray());
        Assert.Contains("_", secret, StringComparison.Ordinal);
        var text = $"trk_{new string('a', 32)}_{secret}";

        var parsed = ApiKey.Parse(text);

        Assert.True(parsed.Succeeded, parsed.Problem);
        Assert.Equal(secret, parsed.Key!.Secret);
    }

    public static TheoryData<string?> Malformed()
    {
        var valid = Valid;
        var id = valid[4..36];
        var secret = valid[37..];
        return new TheoryData<string?>
        {
            null,
            "",
            " ",
            "trk_",
            "trk__",
            valid[4..],
            "TRK_" + valid[4..],
            "trx_" + valid[4..],
            $"trk_{id.ToUpperInvariant()}_{secret}",
            $"trk_{id[..31]}_{secret}",
            $"trk_{id}a_{secret}",
            $"trk_{id[..31]}g_{secret}",
            $"trk_{id}-{secret}",
            $"trk_{id}_{secret[..42]}",
            $"trk_{id}_{secret}A",
            $"trk_{id}_{secret[..42]}=",
            $"trk_{id}_{secret[..42]}+",
            $"trk_{id}_{secret[..42]}/",
            $"trk_{id}_{secret} ",
            $" trk_{id}_{secret}",
            $"trk_{id}_{secret[..42]}é",
            $"trk_{id}_",
            new string('x', 100_000),
        };
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void AMalformedKeyIsAResultNeverAnException(string? presented)
    {
        var parsed = ApiKey.Parse(presented);

        Assert.False(parsed.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Problem));
    }

    [Fact]
    public void OnlyTheSha256OfTheSecretIsItsStoredForm()
    {
        var key = ApiKey.Generate();

        Assert.Equal(SHA256.HashData(Base64Url.DecodeFromChars(key.Secret)), key.SecretHash());
    }

    [Fact]
    public void TheHeaderCarriesTheKeyAfterTheApiKeyScheme()
    {
        var key = ApiKey.Generate();

        Assert.Equal($"ApiKey {key}", ApiKeyHeader.Format(key));
        Assert.Equal(key, ApiKeyHeader.Parse($"ApiKey {key}").Key);
        Assert.Equal(key, ApiKeyHeader.Parse($"apikey {key}").Key);
        Assert.Equal(key, ApiKeyHeader.Parse($"APIKEY  {key} ").Key);
    }

    [Theory]
    [InlineData(null, "no Authorization header")]
    [InlineData("", "no Authorization header")]
    [InlineData("Bearer eyJhbGciOi", "does not use the ApiKey scheme")]
    [InlineData("ApiKey", "does not use the ApiKey scheme")]
    [InlineData("ApiKeytrk_", "does not use the ApiKey scheme")]
    [InlineData("Basic dXNlcjpwYXNz", "does not use the ApiKey scheme")]
    [InlineData("ApiKey ", "no key was presented")]
    [InlineData("ApiKey trk_abc", "lowercase hex")]
    public void AMalformedHeaderIsAResultNamingTheProblem(string? header, string expected)
    {
        var parsed = ApiKeyHeader.Parse(header);

        Assert.False(parsed.Succeeded);
        Assert.Contains(expected, parsed.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ABearerHeaderIsNotTheApiKeyHandlers()
    {
        Assert.False(ApiKeyHeader.IsApiKeyScheme("Bearer abc"));
        Assert.True(ApiKeyHeader.IsApiKeyScheme("ApiKey abc"));
    }
}
