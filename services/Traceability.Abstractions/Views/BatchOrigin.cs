using Traceability.Disclosure;

namespace Traceability.Views;

/// <summary>
/// Where a batch came from: harvested from a raw-material area, or produced by a processing step.
/// Exactly one of <see cref="AreaCode"/> and <see cref="StepId"/> is set.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BatchOrigin(string? AreaCode, DateTimeOffset? HarvestedAt, string? Harvester, string? StepId)
{
    /// <summary>
    /// Whether the harvester's name is published or withheld, as the harvest recorded it (null for
    /// a step's output, a harvest recorded before the choice existed, or a view cached before it).
    /// </summary>
    [Id(4)]
    public FieldDisclosure? HarvesterDisclosure { get; init; }
}
