using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary>How identities, API keys, device logins and the audit log look to a person.</summary>
internal static class AccessRendering
{
    public static IRenderable Identity(Identity identity) => Rendering.Fields(
        $"Signed in as {Keywords<PrincipalRole>.Word(identity.Role)}",
        ("role", Keywords<PrincipalRole>.Word(identity.Role)),
        ("subject", identity.Subject),
        ("facility", identity.FacilityId),
        ("scope", identity.Role == PrincipalRole.Inspector ? Region(identity.Province, identity.District) : ""),
        ("credential", identity.Scheme),
        ("expires", identity.ExpiresAt is null ? "never" : Rendering.Time(identity.ExpiresAt)));

    /// <summary>One key's record; <paramref name="now"/> tells an expired key from a live one (null: not said).</summary>
    public static IRenderable Key(ApiKeyInfo key, DateTimeOffset? now) => Rendering.Fields(
        "API key",
        ("key id", key.KeyId),
        ("role", Keywords<PrincipalRole>.Word(key.Role)),
        ("subject", key.Subject),
        ("scope", Scope(key.Role, key.FacilityId, key.Province, key.District)),
        ("label", key.Label),
        ("issued", Rendering.Time(key.IssuedAt)),
        ("expires", key.ExpiresAt is null ? "never" : Rendering.Time(key.ExpiresAt)),
        ("status", Status(key, now)),
        ("replaced by", key.ReplacedBy));

    public static IRenderable Keys(ListKeysResponse response, DateTimeOffset now)
    {
        var table = new Table().Title($"{response.Keys.Count} API key(s)").AddColumns("key id", "role", "scope", "label", "issued", "expires", "status");
        foreach (var key in response.Keys)
        {
            table.AddRow(Cells(
                key.KeyId,
                Keywords<PrincipalRole>.Word(key.Role),
                Scope(key.Role, key.FacilityId, key.Province, key.District),
                key.Label,
                Rendering.Time(key.IssuedAt),
                key.ExpiresAt is null ? "never" : Rendering.Time(key.ExpiresAt),
                Status(key, now)));
        }
        return table;
    }

    /// <summary>A device's MQTT login without its password, which is printed alone on its line.</summary>
    public static IRenderable DeviceLogin(DeviceLogin login) => Rendering.Fields(
        $"MQTT login of device {login.DeviceId}",
        ("facility", login.FacilityId),
        ("site", login.SiteId),
        ("topic", login.Topic),
        ("username", login.Username));

    public static IRenderable DeviceAccount(DeviceAccount device) => Rendering.Fields(
        $"Device {device.DeviceId}",
        ("facility", device.FacilityId),
        ("site", device.SiteId),
        ("created", Rendering.Time(device.CreatedAt)),
        ("rotated", Rendering.Time(device.RotatedAt)),
        ("status", device.RevokedAt is null ? "active" : $"revoked {Rendering.Time(device.RevokedAt)}"));

    public static IRenderable Devices(ListDeviceAccountsResponse response)
    {
        var table = new Table().Title($"{response.Devices.Count} device(s)").AddColumns("device", "facility", "site", "created", "rotated", "status");
        foreach (var device in response.Devices)
        {
            table.AddRow(Cells(
                device.DeviceId,
                device.FacilityId,
                device.SiteId,
                Rendering.Time(device.CreatedAt),
                Rendering.Time(device.RotatedAt),
                device.RevokedAt is null ? "active" : $"revoked {Rendering.Time(device.RevokedAt)}"));
        }
        return table;
    }

    /// <summary>The audit entries, one a row, with the command for the next ones when there may be more (<paramref name="next"/>).</summary>
    public static IRenderable Audit(ListAuditResponse response, string? next)
    {
        var table = new Table().Title($"{response.Entries.Count} audit entr{(response.Entries.Count == 1 ? "y" : "ies")}")
            .AddColumns("#", "at", "who", "from", "operation", "target", "outcome", "reason");
        foreach (var entry in response.Entries)
        {
            table.AddRow(Cells(
                entry.Sequence.ToString(CultureInfo.InvariantCulture),
                Rendering.Time(entry.At),
                entry.Who,
                entry.From,
                entry.Operation,
                entry.Target,
                entry.Allowed ? "allowed" : "DENIED",
                entry.Reason));
        }
        return next is null ? table : table.Caption(Markup.Escape($"more: {next}"));
    }

    public static IRenderable Verification(AuditVerification verification) => Rendering.Fields(
        "Audit log",
        ("chain", verification.Intact ? "intact" : "NOT INTACT"),
        ("entries", verification.Entries.ToString(CultureInfo.InvariantCulture)),
        ("head", verification.HeadSequence == 0 && verification.HeadHash.Length == 0
            ? "none (empty log)"
            : $"#{verification.HeadSequence.ToString(CultureInfo.InvariantCulture)} {verification.HeadHash}"),
        ("problem", verification.Problem));

    /// <summary>What a key may act on: its facility, its region, or (admins) everything.</summary>
    public static string Scope(PrincipalRole role, string facilityId, string province, string district) => role switch
    {
        PrincipalRole.Operator or PrincipalRole.Device => $"facility {facilityId}",
        PrincipalRole.Inspector => Region(province, district),
        PrincipalRole.Admin => "everything",
        _ => Rendering.Place(facilityId, district, province),
    };

    /// <summary>Whether a key works: active, expired, or revoked (when, why, by what replaced).</summary>
    public static string Status(ApiKeyInfo key, DateTimeOffset? now)
    {
        if (key.RevokedAt is not null)
        {
            return key.RevokedReason.Length == 0
                ? $"revoked {Rendering.Time(key.RevokedAt)}"
                : $"revoked {Rendering.Time(key.RevokedAt)}: {key.RevokedReason}";
        }
        return now is { } at && key.ExpiresAt is { } expires && expires.ToDateTimeOffset() <= at ? "expired" : "active";
    }

    private static string Region(string province, string district) =>
        province.Length == 0 ? "the whole country" : Rendering.Place(district, province);

    private static IRenderable[] Cells(params string[] texts) => [.. texts.Select(text => new Text(text))];
}
