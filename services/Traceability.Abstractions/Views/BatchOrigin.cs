namespace Traceability.Views;

/// <summary>
/// Where a batch came from: harvested from a raw-material area, or produced by a processing step.
/// Exactly one of <see cref="AreaCode"/> and <see cref="StepId"/> is set.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BatchOrigin(string? AreaCode, DateTimeOffset? HarvestedAt, string? Harvester, string? StepId);
