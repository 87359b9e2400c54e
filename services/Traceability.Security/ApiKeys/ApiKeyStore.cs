using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Traceability.Security.Principals;
using Traceability.Security.Storage;

namespace Traceability.Security.ApiKeys;

/// <summary>
/// The API keys, in SQLite (<c>&lt;data-dir&gt;/security.db</c>, WAL, <c>synchronous=FULL</c>).
/// Only the SHA-256 of each secret is stored; a presented secret is compared with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>. Every change (issue, revoke, rotate) is
/// committed, and so fsynced, before the method returns: a revocation that has been acknowledged
/// survives a crash. Thread-safe: calls are serialised on the one connection.
/// <para>
/// Every request presents a key, so what a key stands for is kept in memory once read (its
/// secret's hash and its record, never the secret): a verification then costs one SHA-256 and no
/// database read. A revocation or rotation through this store drops its entry at once; an entry
/// is also read again after <see cref="CacheFor"/>, which bounds how long a change made by another
/// process on the same file (another instance of a cluster) takes to apply here. Unknown key ids
/// are not kept, so made-up ids cannot fill the memory.
/// </para>
/// </summary>
public sealed class ApiKeyStore : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS api_keys (
            key_id TEXT PRIMARY KEY,
            secret_sha256 BLOB NOT NULL CHECK (length(secret_sha256) = 32),
            role TEXT NOT NULL,
            subject TEXT NOT NULL,
            facility_id TEXT,
            province TEXT,
            district TEXT,
            device_id TEXT,
            site_id TEXT,
            label TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            expires_at TEXT,
            revoked_at TEXT,
            revoked_reason TEXT,
            replaced_by TEXT
        ) STRICT;
        """;

    private const string Columns = "key_id, role, subject, facility_id, province, district, device_id, site_id, label, issued_at, expires_at, revoked_at, revoked_reason, replaced_by";

    // Compared against when the key id is unknown, so that an unknown id costs what a wrong secret costs.
    private static readonly byte[] Decoy = SHA256.HashData("decoy"u8);

    /// <summary>How long a key read from the file is trusted before it is read again, by default.</summary>
    public static readonly TimeSpan DefaultCacheFor = TimeSpan.FromSeconds(5);

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, KnownKey> _known = new(StringComparer.Ordinal);

    public ApiKeyStore(string path, TimeProvider time, TimeSpan? cacheFor = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        CacheFor = cacheFor ?? DefaultCacheFor;
        ArgumentOutOfRangeException.ThrowIfLessThan(CacheFor, TimeSpan.Zero, nameof(cacheFor));
        _connection = SecurityDatabase.Open(path, Schema);
    }

    /// <summary>How long a key read from the file is used before it is read again (zero: read on every use).</summary>
    public TimeSpan CacheFor { get; }

    /// <summary>The store in <c>&lt;dataDirectory&gt;/security.db</c>.</summary>
    public static ApiKeyStore InDataDirectory(string dataDirectory, TimeProvider time, TimeSpan? cacheFor = null) =>
        new(Path.Combine(dataDirectory, SecurityDatabase.FileName), time, cacheFor);

    /// <summary>Issues a key for <paramref name="principal"/>; the plaintext is in the result and stored nowhere.</summary>
    /// <exception cref="ArgumentException">The principal's shape is invalid, or the expiry is not after now.</exception>
    public IssuedKey Issue(Principal principal, string label, DateTimeOffset? expiresAt = null)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(label);
        if (principal.ShapeProblem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(principal));
        }

        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (expiresAt is { } expiry && expiry <= now)
            {
                throw new ArgumentException("a key's expiry is after the time it is issued", nameof(expiresAt));
            }

            using var transaction = _connection.BeginTransaction();
            var issued = Insert(principal, label, now, expiresAt, transaction);
            transaction.Commit();
            return issued;
        }
    }

    /// <summary>The principal a presented key stands for, or why it stands for no one. Never throws on bad input.</summary>
    public KeyVerification Verify(string? presented)
    {
        var parsed = ApiKey.Parse(presented);
        if (parsed.Key is not { } key)
        {
            return KeyVerification.Fail(KeyRejection.Malformed, null, parsed.Problem!);
        }

        var presentedHash = key.SecretHash();
        if (Known(key.KeyId) is not { } known)
        {
            CryptographicOperations.FixedTimeEquals(Decoy, presentedHash);
            return KeyVerification.Fail(KeyRejection.Unknown, key.KeyId, "no such key");
        }

        if (!SecretMatches(known.SecretHash, presentedHash))
        {
            // The same answer as an unknown id: a wrong secret says nothing about the key.
            return KeyVerification.Fail(KeyRejection.Unknown, key.KeyId, "no such key");
        }

        var record = known.Record;
        if (record.RevokedAt is { } revokedAt)
        {
            return KeyVerification.Fail(KeyRejection.Revoked, key.KeyId, string.Create(CultureInfo.InvariantCulture, $"revoked at {revokedAt:O}: {record.RevokedReason}"));
        }

        if (record.ExpiresAt is { } expiresAt && expiresAt <= _time.GetUtcNow())
        {
            return KeyVerification.Fail(KeyRejection.Expired, key.KeyId, string.Create(CultureInfo.InvariantCulture, $"expired at {expiresAt:O}"));
        }

        return KeyVerification.Ok(record.Principal, key.KeyId);
    }

    /// <summary>Revokes a key; durable when this returns. False when there is no such key or it was already revoked.</summary>
    public bool Revoke(string keyId, string reason)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            var revoked = MarkRevoked(keyId, reason, replacedBy: null, transaction);
            transaction.Commit();
            _known.TryRemove(keyId, out _);
            return revoked;
        }
    }

    /// <summary>
    /// A new key for the same principal, label and expiry; the old one revoked ("rotated") in the
    /// same transaction. <see langword="null"/> when there is no such live key.
    /// </summary>
    public IssuedKey? Rotate(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            var old = Find(keyId, transaction);
            var now = _time.GetUtcNow();
            if (old is null || old.RevokedAt is not null || old.ExpiresAt <= now)
            {
                return null;
            }

            var issued = Insert(old.Principal, old.Label, now, old.ExpiresAt, transaction);
            MarkRevoked(keyId, "rotated", issued.Key.KeyId, transaction);
            transaction.Commit();
            _known.TryRemove(keyId, out _);
            return issued;
        }
    }

    /// <summary>What the store knows of one key (without its secret), or null when there is none.</summary>
    public ApiKeyRecord? Find(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return Known(keyId)?.Record;
    }

    /// <summary>Every key, oldest first, without secrets.</summary>
    public IReadOnlyList<ApiKeyRecord> List()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM api_keys ORDER BY issued_at, key_id";
            using var reader = command.ExecuteReader();
            var records = new List<ApiKeyRecord>();
            while (reader.Read())
            {
                records.Add(ReadRecord(reader));
            }

            return records;
        }
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>The one comparison of secrets: constant time in the hashes' contents.</summary>
    internal static bool SecretMatches(byte[] storedHash, byte[] presentedHash) =>
        CryptographicOperations.FixedTimeEquals(storedHash, presentedHash);

    /// <summary>A key as last read (read again when older than <see cref="CacheFor"/>); null when there is none.</summary>
    private KnownKey? Known(string keyId)
    {
        var now = _time.GetTimestamp();
        if (_known.TryGetValue(keyId, out var known) && _time.GetElapsedTime(known.ReadAt, now) < CacheFor)
        {
            return known;
        }

        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT {Columns}, secret_sha256 FROM api_keys WHERE key_id = $id";
            command.Parameters.AddWithValue("$id", keyId);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                _known.TryRemove(keyId, out _);
                return null;
            }

            known = new KnownKey((byte[])reader["secret_sha256"], ReadRecord(reader), now);
            // Under the lock, so a revocation (also under it) cannot be overwritten by an older read.
            _known[keyId] = known;
            return known;
        }
    }

    private IssuedKey Insert(Principal principal, string label, DateTimeOffset now, DateTimeOffset? expiresAt, SqliteTransaction transaction)
    {
        var key = ApiKey.Generate();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO api_keys (key_id, secret_sha256, role, subject, facility_id, province, district, device_id, site_id, label, issued_at, expires_at)
            VALUES ($id, $hash, $role, $subject, $facility, $province, $district, $device, $site, $label, $issued, $expires)
            """;
        command.Parameters.AddWithValue("$id", key.KeyId);
        command.Parameters.AddWithValue("$hash", key.SecretHash());
        command.Parameters.AddWithValue("$role", principal.Role.ToString());
        command.Parameters.AddWithValue("$subject", principal.Subject);
        command.Parameters.AddWithValue("$facility", (object?)principal.FacilityId ?? DBNull.Value);
        command.Parameters.AddWithValue("$province", (object?)principal.Scope?.Province ?? DBNull.Value);
        command.Parameters.AddWithValue("$district", (object?)principal.Scope?.District ?? DBNull.Value);
        command.Parameters.AddWithValue("$device", (object?)principal.DeviceId ?? DBNull.Value);
        command.Parameters.AddWithValue("$site", (object?)principal.SiteId ?? DBNull.Value);
        command.Parameters.AddWithValue("$label", label);
        command.Parameters.AddWithValue("$issued", Format(now));
        command.Parameters.AddWithValue("$expires", expiresAt is { } e ? Format(e) : DBNull.Value);
        command.ExecuteNonQuery();
        return new IssuedKey(key, new ApiKeyRecord(key.KeyId, principal, label, now, expiresAt, null, null, null));
    }

    private bool MarkRevoked(string keyId, string reason, string? replacedBy, SqliteTransaction transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE api_keys SET revoked_at = $at, revoked_reason = $reason, replaced_by = $by WHERE key_id = $id AND revoked_at IS NULL";
        command.Parameters.AddWithValue("$at", Format(_time.GetUtcNow()));
        command.Parameters.AddWithValue("$reason", reason);
        command.Parameters.AddWithValue("$by", (object?)replacedBy ?? DBNull.Value);
        command.Parameters.AddWithValue("$id", keyId);
        return command.ExecuteNonQuery() == 1;
    }

    private ApiKeyRecord? Find(string keyId, SqliteTransaction? transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM api_keys WHERE key_id = $id";
        command.Parameters.AddWithValue("$id", keyId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadRecord(reader) : null;
    }

    private static ApiKeyRecord ReadRecord(SqliteDataReader reader)
    {
        string? Text(string column) => reader[column] is string s ? s : null;
        DateTimeOffset? Time(string column) => Text(column) is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : null;

        var province = Text("province");
        var principal = new Principal(
            Enum.Parse<Role>(Text("role")!),
            Text("subject")!,
            Text("facility_id"),
            province is null ? null : new Region(province, Text("district")),
            Text("device_id"),
            Text("site_id"));
        return new ApiKeyRecord(
            Text("key_id")!, principal, Text("label")!, Time("issued_at")!.Value, Time("expires_at"), Time("revoked_at"), Text("revoked_reason"), Text("replaced_by"));
    }

    private sealed record KnownKey(byte[] SecretHash, ApiKeyRecord Record, long ReadAt);

    private static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
