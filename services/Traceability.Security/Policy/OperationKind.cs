namespace Traceability.Security.Policy;

/// <summary>The kinds of thing a caller can ask the platform to do, one per distinct rule of <see cref="AccessPolicy"/>.</summary>
public enum OperationKind
{
    /// <summary><c>/healthz</c>. Everyone.</summary>
    Health,

    /// <summary>The buyer's surface: Digital Link pages and their assets, a lot's trace and proof bundle, the checkpoint signing key. Everyone (public fields only).</summary>
    PublicTrace,

    /// <summary>Register a facility. Admins only.</summary>
    RegisterFacility,

    /// <summary>Record one of a facility's records (<see cref="RecordKind"/>). That facility's operator only.</summary>
    Capture,

    /// <summary>Read a facility's records. Its operator, inspectors whose scope covers it, admins.</summary>
    ReadFacility,

    /// <summary>Read across facilities (listings, ledger-wide views, ingestion). Inspectors (limited to their scope) and admins.</summary>
    ReadPlatform,

    /// <summary>Read reference data every signed-in person needs (condition profiles). Any principal but a device.</summary>
    ReadReference,

    /// <summary>Publish a new version of a condition profile. Inspectors without a regional scope (profiles apply nationwide).</summary>
    ChangeConditionProfile,

    /// <summary>Write an inspection note on a facility. Inspectors whose scope covers it.</summary>
    WriteInspectionNote,

    /// <summary>Register, rotate and revoke device credentials. Admins only.</summary>
    ManageDevices,

    /// <summary>Issue, rotate, revoke and list API keys. Admins only.</summary>
    ManageKeys,

    /// <summary>Operate the ledger (cut checkpoints now). Admins only.</summary>
    OperateLedger,

    /// <summary>Publish on an MQTT topic. A device, on its own readings and status topics only.</summary>
    PublishTelemetry,
}
