namespace Traceability.Telemetry.Simulation;

/// <summary>What a simulated site is: a dryer or a storage room.</summary>
public enum SiteProfile
{
    /// <summary>A hot-air dryer running a bamboo-shoot batch (<see cref="DryingRun"/>).</summary>
    Drying,

    /// <summary>A storage room for dried products (<see cref="StorageRoom"/>).</summary>
    Storage,
}
