namespace Traceability.Disclosure;

/// <summary>A value the platform keeps out of its public views unless the producer publishes it.</summary>
public enum PrivateField
{
    /// <summary>The person who harvested a batch (<c>BatchHarvested.Harvester</c>).</summary>
    Harvester,

    /// <summary>The person who ran a processing step (<c>StepRecorded.Operator</c>).</summary>
    Operator,

    /// <summary>The exact polygon of a household's raw-material area (<c>AreaRegistered.Boundary</c>).</summary>
    ExactOutline,

    /// <summary>The household or person an area belongs to (<c>AreaRegistered.Owner</c>).</summary>
    AreaOwner,
}
