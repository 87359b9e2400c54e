using System.ComponentModel.DataAnnotations;

namespace Traceability.Server;

/// <summary>Settings of the server process (section <c>Traceability</c>); each has an embedded-mode default.</summary>
public sealed class TraceabilityOptions
{
    public const string Section = "Traceability";

    /// <summary>Folder for the SQLite files (events). Command line: <c>--data-dir</c>.</summary>
    [Required]
    public string DataDir { get; set; } = "data";

    /// <summary>Load the Đăk Glei demo data at start (idempotent). Command line: <c>--demo</c>.</summary>
    public bool Demo { get; set; }

    /// <summary>Port of the native gRPC (HTTP/2 cleartext) endpoint, on the host of the first URL; 0 picks a free one. Command line: <c>--grpc-port</c>.</summary>
    [Range(0, 65535)]
    public int GrpcPort { get; set; } = 5081;

    /// <summary>Port of the Orleans silo-to-silo endpoint, on 127.0.0.1 in the embedded mode; 0 picks a free one. Command line: <c>--silo-port</c>.</summary>
    [Range(0, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port of the Orleans client gateway; 0 (the embedded default) opens none.</summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; }
}
