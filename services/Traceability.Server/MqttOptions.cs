using System.ComponentModel.DataAnnotations;

namespace Traceability.Server;

/// <summary>How readings arrive over MQTT (section <c>Mqtt</c>).</summary>
public sealed class MqttOptions
{
    public const string Section = "Mqtt";

    /// <summary>
    /// <c>embedded</c> (default): the server runs its own broker (MQTTnet) on 127.0.0.1:<see cref="Port"/>,
    /// checks each device's credentials and topics against the registry and acknowledges a message
    /// only once it is stored. <c>external</c>: the server subscribes to the broker at
    /// <see cref="Host"/>:<see cref="Port"/> (mosquitto, EMQX) with a shared subscription.
    /// </summary>
    [RegularExpression("^(embedded|external)$", ErrorMessage = "Mqtt:Mode must be 'embedded' or 'external'.")]
    public string Mode { get; set; } = "embedded";

    /// <summary>The embedded broker's port (on 127.0.0.1; 0 picks a free one), or the external broker's port. Setting <c>Mqtt__Port</c>.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 1883;

    /// <summary>The external broker's host.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The subscriber's login at the external broker; empty uses the registry's service account (its password file in the data folder).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The subscriber's client id at the external broker: stable per server instance, so its session survives restarts. Default: traceability-ingestion-{machine name}.</summary>
    public string? ClientId { get; set; }

    /// <summary>The MQTT 5 shared-subscription group the server instances split readings in; empty subscribes alone.</summary>
    public string? SharedGroup { get; set; } = "traceability";

    /// <summary>
    /// External mode: where to write mosquitto's password file (the registry's <c>$7$</c> hashes), e.g.
    /// <c>/etc/mosquitto/traceability/passwd</c>. With <see cref="AclFile"/>, both are written at start and again after
    /// every registration, rotation and revocation (<c>MosquittoFilesWriter</c>); mosquitto reads them when reloaded
    /// (SIGHUP; see <see cref="MosquittoPidFile"/>). Empty: the files are not written (an operator generates them).
    /// </summary>
    public string? PasswordFile { get; set; }

    /// <summary>External mode: where to write mosquitto's ACL (see <see cref="PasswordFile"/>; both or neither).</summary>
    public string? AclFile { get; set; }

    /// <summary>
    /// External mode: mosquitto's <c>pid_file</c>. When set, the server sends mosquitto SIGHUP after writing the files, so
    /// a revoked device is refused without an operator's step (the server must run as mosquitto's user or root). Empty:
    /// reload mosquitto yourself (<c>systemctl reload mosquitto</c> or <c>kill -HUP</c>).
    /// </summary>
    public string? MosquittoPidFile { get; set; }

    /// <summary>Whether the server writes mosquitto's files (both paths set).</summary>
    public bool WritesMosquittoFiles => !string.IsNullOrWhiteSpace(PasswordFile) && !string.IsNullOrWhiteSpace(AclFile);

    /// <summary>What is wrong with the settings beyond single values (empty when nothing).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(PasswordFile) != string.IsNullOrWhiteSpace(AclFile))
        {
            problems.Add("Mqtt:PasswordFile and Mqtt:AclFile are set together or not at all.");
        }

        if (!string.IsNullOrWhiteSpace(MosquittoPidFile) && !WritesMosquittoFiles)
        {
            problems.Add("Mqtt:MosquittoPidFile needs Mqtt:PasswordFile and Mqtt:AclFile (it reloads the files the server writes).");
        }

        if (WritesMosquittoFiles && Mode != "external")
        {
            problems.Add("Mqtt:PasswordFile and Mqtt:AclFile are for Mqtt:Mode=external (the embedded broker reads the registry itself).");
        }

        return problems;
    }
}
