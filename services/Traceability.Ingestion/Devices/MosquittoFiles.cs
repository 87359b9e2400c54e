using System.Text;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Devices;

/// <summary>
/// mosquitto's <c>password_file</c> and <c>acl_file</c> for cluster mode, made from the registry: the stored
/// <c>$7$</c> hashes (<c>username:hash</c> lines) and, per account, the topics of <see cref="TopicAccess"/>
/// (a device writes its own readings and status topics; a service account reads every device's, and reads and
/// writes the sites' alerts, <c>ocop/+/+/alerts</c>, which the server publishes through its connection). Revoked
/// devices are left out of both. Nothing is granted to anonymous clients. See <c>deploy/mosquitto/README.md</c>.
/// </summary>
public static class MosquittoFiles
{
    public const string PasswordFileName = "passwd";
    public const string AclFileName = "acl";

    /// <summary>The password file's text for <paramref name="accounts"/>.</summary>
    public static string Passwd(IEnumerable<RegisteredAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var text = new StringBuilder();
        foreach (var account in Active(accounts))
        {
            text.Append(account.Identity.Username).Append(':').Append(account.PasswordHash).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The ACL file's text for <paramref name="accounts"/>.</summary>
    public static string Acl(IEnumerable<RegisteredAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var text = new StringBuilder("# Generated from the device registry (Traceability.Ingestion.Devices.MosquittoFiles); do not edit.\n");
        foreach (var account in Active(accounts))
        {
            var who = account.Identity;
            text.Append('\n').Append("user ").Append(who.Username).Append('\n');
            if (who.Kind == MqttAccountKind.Device)
            {
                text.Append("topic write ").Append(who.ReadingsTopic).Append('\n');
                text.Append("topic write ").Append(who.StatusTopic).Append('\n');
            }
            else
            {
                text.Append("topic read ").Append(TelemetryTopics.ReadingsFilter).Append('\n');
                text.Append("topic read ").Append(TelemetryTopics.StatusFilter).Append('\n');
                text.Append("topic readwrite ").Append(TelemetryTopics.AlertsFilter).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Writes <c>passwd</c> and <c>acl</c> for the registry's accounts into <paramref name="folder"/> (each written to a
    /// temporary file readable by the owner only, then moved into place, so mosquitto never reads half a file).
    /// Send mosquitto SIGHUP afterwards to make it reload them.
    /// </summary>
    public static void Write(DeviceRegistry registry, string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Write(registry, Path.Combine(folder, PasswordFileName), Path.Combine(folder, AclFileName));
    }

    /// <summary>
    /// Writes the password file to <paramref name="passwordFile"/> and the ACL to <paramref name="aclFile"/> (creating their
    /// folders), each through a temporary file moved into place; the ACL first, so a device registered since the last
    /// write can never log in before its topics are known. Send mosquitto SIGHUP afterwards.
    /// </summary>
    public static void Write(DeviceRegistry registry, string passwordFile, string aclFile)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrEmpty(passwordFile);
        ArgumentException.ThrowIfNullOrEmpty(aclFile);
        var accounts = registry.List();
        foreach (var path in new[] { passwordFile, aclFile })
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }
        }

        WritePrivate(aclFile, Acl(accounts));
        WritePrivate(passwordFile, Passwd(accounts));
    }

    private static IEnumerable<RegisteredAccount> Active(IEnumerable<RegisteredAccount> accounts) =>
        accounts.Where(a => !a.IsRevoked).OrderBy(a => a.Identity.Kind).ThenBy(a => a.Identity.Username, StringComparer.Ordinal);

    private static void WritePrivate(string path, string text)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
