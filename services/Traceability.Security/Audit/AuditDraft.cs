namespace Traceability.Security.Audit;

/// <summary>An audit entry before the log gives it its sequence, time and place in the chain.</summary>
public sealed record AuditDraft(string Who, string? From, string Operation, string? Target, bool Allowed, string Reason);
