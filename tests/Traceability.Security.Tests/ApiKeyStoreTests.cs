using System.Reflection;
using System.Reflection.Emit;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Traceability.Security.ApiKeys;
using Traceability.Security.Principals;

namespace Traceability.Security.Tests;

public sealed class ApiKeyStoreTests : IDisposable
{
    private static readonly Principal Operator = Principal.ForOperator("coop-dak-glei", "F-DAKGLEI");

    private readonly TestFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly ApiKeyStore _store;

    public ApiKeyStoreTests() => _store = ApiKeyStore.InDataDirectory(_folder.Path, _time);

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void AnIssuedKeyVerifiesAsItsPrincipal()
    {
        var issued = _store.Issue(Operator, "cooperative laptop");

        var verification = _store.Verify(issued.Key.ToString());

        Assert.True(verification.Succeeded);
        Assert.Equal(Operator, verification.Principal);
        Assert.Equal(issued.Key.KeyId, verification.KeyId);
    }

    [Fact]
    public void EveryRoleShapeSurvivesTheStore()
    {
        Principal[] principals =
        [
            Principal.ForAdmin("root"),
            Operator,
            Principal.ForInspector("national"),
            Principal.ForInspector("district", new Region("Kon Tum", "Đăk Glei")),
            Principal.ForInspector("province", new Region("Kon Tum")),
            Principal.ForDevice("gw", "F-DAKGLEI", "S-DRYER-1", "gw-01"),
        ];

        foreach (var principal in principals)
        {
            var issued = _store.Issue(principal, principal.Subject);
            Assert.Equal(principal, _store.Verify(issued.Key.ToString()).Principal);
        }
    }

    [Fact]
    public void TheStoreHoldsOnlyTheHashOfTheSecret()
    {
        var issued = _store.Issue(Operator, "laptop");

        var bytes = File.ReadAllBytes(_folder.File("security.db")).Concat(ReadIfExists(_folder.File("security.db-wal"))).ToArray();

        Assert.Equal(-1, bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(issued.Key.Secret)));
        Assert.NotEqual(-1, bytes.AsSpan().IndexOf(issued.Key.SecretHash()));
    }

    [Fact]
    public void ATamperedSecretIsUnknown()
    {
        var issued = _store.Issue(Operator, "laptop");
        var secret = issued.Key.Secret.ToCharArray();
        secret[10] = secret[10] == 'A' ? 'B' : 'A';

        var verification = _store.Verify(new ApiKey(issued.Key.KeyId, new string(secret)).ToString());

        Assert.Equal(KeyRejection.Unknown, verification.Rejection);
        Assert.Null(verification.Principal);
    }

    [Fact]
    public void ASecretMovedToAnotherKeyIdIsUnknown()
    {
        var first = _store.Issue(Operator, "a");
        var second = _store.Issue(Principal.ForAdmin("root"), "b");

        var verification = _store.Verify(new ApiKey(second.Key.KeyId, first.Key.Secret).ToString());

        Assert.Equal(KeyRejection.Unknown, verification.Rejection);
    }

    [Fact]
    public void ANeverIssuedKeyIsUnknown()
    {
        Assert.Equal(KeyRejection.Unknown, _store.Verify(ApiKey.Generate().ToString()).Rejection);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("trk_nope")]
    [InlineData("ApiKey trk_")]
    [InlineData("'; DROP TABLE api_keys; --")]
    public void AMalformedKeyIsRejectedAsMalformed(string? presented)
    {
        var verification = _store.Verify(presented);

        Assert.Equal(KeyRejection.Malformed, verification.Rejection);
        Assert.Null(verification.Principal);
    }

    [Fact]
    public void ARevokedKeyIsRejectedAsRevokedWithItsReason()
    {
        var issued = _store.Issue(Operator, "laptop");

        Assert.True(_store.Revoke(issued.Key.KeyId, "laptop stolen"));
        var verification = _store.Verify(issued.Key.ToString());

        Assert.Equal(KeyRejection.Revoked, verification.Rejection);
        Assert.Contains("laptop stolen", verification.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void RevokingTwiceOrAnUnknownKeySaysNothingWasRevoked()
    {
        var issued = _store.Issue(Operator, "laptop");
        _store.Revoke(issued.Key.KeyId, "first");

        Assert.False(_store.Revoke(issued.Key.KeyId, "second"));
        Assert.False(_store.Revoke("0000", "none"));
        Assert.Equal("first", _store.List().Single().RevokedReason);
    }

    [Fact]
    public void ARevokedKeyWithAWrongSecretDoesNotRevealItIsRevoked()
    {
        var issued = _store.Issue(Operator, "laptop");
        _store.Revoke(issued.Key.KeyId, "stolen");

        Assert.Equal(KeyRejection.Unknown, _store.Verify(new ApiKey(issued.Key.KeyId, ApiKey.Generate().Secret).ToString()).Rejection);
    }

    [Fact]
    public void AKeyExpiresAtItsExpiry()
    {
        var issued = _store.Issue(Operator, "contractor", _time.GetUtcNow().AddDays(30));

        _time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.True(_store.Verify(issued.Key.ToString()).Succeeded);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(KeyRejection.Expired, _store.Verify(issued.Key.ToString()).Rejection);
    }

    [Fact]
    public void AKeyCannotBeIssuedAlreadyExpiredOrForAnInvalidPrincipal()
    {
        Assert.Throws<ArgumentException>(() => _store.Issue(Operator, "x", _time.GetUtcNow()));
        Assert.Throws<ArgumentException>(() => _store.Issue(new Principal(Role.Operator, "no-facility"), "x"));
        Assert.Empty(_store.List());
    }

    [Fact]
    public void RotatingGivesTheSamePrincipalANewKeyAndRevokesTheOld()
    {
        var old = _store.Issue(Operator, "laptop", _time.GetUtcNow().AddDays(90));

        var rotated = _store.Rotate(old.Key.KeyId);

        Assert.NotNull(rotated);
        Assert.NotEqual(old.Key.KeyId, rotated.Key.KeyId);
        Assert.Equal(Operator, _store.Verify(rotated.Key.ToString()).Principal);
        Assert.Equal(KeyRejection.Revoked, _store.Verify(old.Key.ToString()).Rejection);
        var oldRecord = _store.List().Single(r => r.KeyId == old.Key.KeyId);
        Assert.Equal(rotated.Key.KeyId, oldRecord.ReplacedBy);
        Assert.Equal("rotated", oldRecord.RevokedReason);
        Assert.Equal("laptop", rotated.Record.Label);
        Assert.Equal(old.Record.ExpiresAt, rotated.Record.ExpiresAt);
    }

    [Fact]
    public void ARevokedOrUnknownKeyCannotBeRotated()
    {
        var issued = _store.Issue(Operator, "laptop");
        _store.Revoke(issued.Key.KeyId, "stolen");

        Assert.Null(_store.Rotate(issued.Key.KeyId));
        Assert.Null(_store.Rotate(ApiKey.Generate().KeyId));
        Assert.Single(_store.List());
    }

    [Fact]
    public void AnExpiredKeyCannotBeRotated()
    {
        var issued = _store.Issue(Operator, "contractor", _time.GetUtcNow().AddDays(1));
        _time.Advance(TimeSpan.FromDays(1));

        Assert.Null(_store.Rotate(issued.Key.KeyId));
    }

    [Fact]
    public void AKeyRevokedThroughThisStoreIsRefusedAtOnceThoughItWasJustVerified()
    {
        var issued = _store.Issue(Operator, "cooperative laptop");
        Assert.True(_store.Verify(issued.Key.ToString()).Succeeded);

        _store.Revoke(issued.Key.KeyId, "laptop stolen");

        Assert.Equal(KeyRejection.Revoked, _store.Verify(issued.Key.ToString()).Rejection);
        Assert.NotNull(_store.Find(issued.Key.KeyId)!.RevokedAt);
    }

    [Fact]
    public void AKeyRotatedThroughThisStoreIsRefusedAtOnceThoughItWasJustVerified()
    {
        var issued = _store.Issue(Operator, "cooperative laptop");
        Assert.True(_store.Verify(issued.Key.ToString()).Succeeded);

        var rotated = _store.Rotate(issued.Key.KeyId)!;

        Assert.Equal(KeyRejection.Revoked, _store.Verify(issued.Key.ToString()).Rejection);
        Assert.True(_store.Verify(rotated.Key.ToString()).Succeeded);
    }

    [Fact]
    public void ARevocationByAnotherProcessOnTheSameFileAppliesHereWithinTheCacheTime()
    {
        var issued = _store.Issue(Operator, "cooperative laptop");
        Assert.True(_store.Verify(issued.Key.ToString()).Succeeded);
        using (var other = ApiKeyStore.InDataDirectory(_folder.Path, _time))
        {
            Assert.True(other.Revoke(issued.Key.KeyId, "revoked on another instance"));
        }

        // Still the key as read a moment ago: the cache is what keeps a request from reading the file.
        _time.Advance(_store.CacheFor - TimeSpan.FromMilliseconds(1));
        Assert.True(_store.Verify(issued.Key.ToString()).Succeeded);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(KeyRejection.Revoked, _store.Verify(issued.Key.ToString()).Rejection);
    }

    [Fact]
    public void WithNoCacheTimeEveryVerificationReadsTheFile()
    {
        using var uncached = ApiKeyStore.InDataDirectory(_folder.Path, _time, TimeSpan.Zero);
        var issued = uncached.Issue(Operator, "cooperative laptop");
        Assert.True(uncached.Verify(issued.Key.ToString()).Succeeded);

        _store.Revoke(issued.Key.KeyId, "revoked through the other store");

        Assert.Equal(KeyRejection.Revoked, uncached.Verify(issued.Key.ToString()).Rejection);
    }

    [Fact]
    public void AWrongSecretForAKnownKeyIsUnknownEvenWhenTheKeyIsCached()
    {
        var issued = _store.Issue(Operator, "cooperative laptop");
        Assert.True(_store.Verify(issued.Key.ToString()).Succeeded);
        var text = issued.Key.ToString();
        var tampered = text[..^1] + (text[^1] == 'A' ? 'B' : 'A');

        var verification = _store.Verify(tampered);

        Assert.False(verification.Succeeded);
        Assert.Equal(KeyRejection.Unknown, verification.Rejection);
    }

    [Fact]
    public void TheStoreAnswersManyCallersAtOnce()
    {
        var issued = Enumerable.Range(0, 8).Select(i => _store.Issue(Principal.ForOperator($"op-{i}", $"F{i}"), $"k{i}")).ToList();

        var verified = issued.AsParallel().SelectMany(k => Enumerable.Range(0, 20).Select(_ => _store.Verify(k.Key.ToString()).Principal?.FacilityId)).ToList();

        Assert.Equal(160, verified.Count(f => f is not null));
    }

    [Fact]
    public void TheListShowsEveryKeyWithoutSecrets()
    {
        var a = _store.Issue(Operator, "a");
        _time.Advance(TimeSpan.FromMinutes(1));
        var b = _store.Issue(Principal.ForAdmin("root"), "b");
        _store.Revoke(a.Key.KeyId, "gone");

        var list = _store.List();

        Assert.Equal([a.Key.KeyId, b.Key.KeyId], list.Select(r => r.KeyId));
        Assert.NotNull(list[0].RevokedAt);
        Assert.Null(list[1].RevokedAt);
        Assert.DoesNotContain(typeof(ApiKeyRecord).GetProperties(), p => p.Name.Contains("Secret", StringComparison.Ordinal) || p.Name.Contains("Hash", StringComparison.Ordinal));
    }

    [Fact]
    public void KeysAndRevocationsSurviveReopeningTheStore()
    {
        var live = _store.Issue(Operator, "live");
        var revoked = _store.Issue(Principal.ForAdmin("root"), "revoked");
        _store.Revoke(revoked.Key.KeyId, "left the cooperative");
        _store.Dispose();

        using var reopened = ApiKeyStore.InDataDirectory(_folder.Path, _time);

        Assert.Equal(Operator, reopened.Verify(live.Key.ToString()).Principal);
        Assert.Equal(KeyRejection.Revoked, reopened.Verify(revoked.Key.ToString()).Rejection);
    }

    [Fact]
    public void ARevocationIsOnDiskWhenItIsAcknowledged()
    {
        var issued = _store.Issue(Operator, "laptop");

        _store.Revoke(issued.Key.KeyId, "stolen");

        // Another connection, as another process would see the file, without closing the store.
        using var other = new SqliteConnection($"Data Source={_folder.File("security.db")};Pooling=False");
        other.Open();
        using var command = other.CreateCommand();
        command.CommandText = "SELECT revoked_reason FROM api_keys WHERE key_id = $id";
        command.Parameters.AddWithValue("$id", issued.Key.KeyId);
        Assert.Equal("stolen", command.ExecuteScalar());
    }

    [Fact]
    public void TheFileIsWalWithFullSynchronousCommits()
    {
        using var other = new SqliteConnection($"Data Source={_folder.File("security.db")};Pooling=False");
        other.Open();
        using var command = other.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public void SecretsAreComparedInFixedTime()
    {
        // Verify's one comparison of secrets calls CryptographicOperations.FixedTimeEquals, read from its IL.
        var called = CalledMethods(typeof(ApiKeyStore).GetMethod(nameof(ApiKeyStore.SecretMatches), BindingFlags.NonPublic | BindingFlags.Static)!)
            .Concat(CalledMethods(typeof(ApiKeyStore).GetMethod(nameof(ApiKeyStore.Verify))!))
            .ToList();

        Assert.Contains(called, m => m.DeclaringType == typeof(CryptographicOperations) && m.Name == nameof(CryptographicOperations.FixedTimeEquals));
        Assert.DoesNotContain(called, m => m.Name is "SequenceEqual" or "Equals" && m.DeclaringType != typeof(string));
        Assert.True(ApiKeyStore.SecretMatches(SHA256.HashData("a"u8), SHA256.HashData("a"u8)));
        Assert.False(ApiKeyStore.SecretMatches(SHA256.HashData("a"u8), SHA256.HashData("b"u8)));
    }

    private static IEnumerable<MethodBase> CalledMethods(MethodInfo method)
    {
        var il = method.GetMethodBody()!.GetILAsByteArray()!;
        for (var i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] != OpCodes.Call.Value && il[i] != OpCodes.Callvirt.Value)
            {
                continue;
            }

            MethodBase? callee = null;
            try
            {
                callee = method.Module.ResolveMethod(BitConverter.ToInt32(il, i + 1));
            }
            catch (ArgumentException)
            {
                // Not a token: a byte of some other instruction's operand.
            }

            if (callee is not null)
            {
                yield return callee;
            }
        }
    }

    private static byte[] ReadIfExists(string path) => File.Exists(path) ? File.ReadAllBytes(path) : [];
}
