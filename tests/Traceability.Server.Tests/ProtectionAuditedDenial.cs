namespace Traceability.Server.Tests;

/// <summary>One denial of the audit log, as the admin reads it.</summary>
public sealed record AuditedDenial(string Who, string From, string Operation, string Target, string Reason);
