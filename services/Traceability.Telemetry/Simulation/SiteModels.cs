namespace Traceability.Telemetry.Simulation;

/// <summary>Makes the condition model of a simulated site.</summary>
public static class SiteModels
{
    /// <summary>
    /// The model of a <paramref name="profile"/> site whose seed comes from <paramref name="device"/>
    /// (so each simulated device has its own noise). A drying run is placed so that
    /// <paramref name="now"/> falls a few hours into its plateau; excursions apply to storage rooms.
    /// </summary>
    public static IConditionModel Create(SiteProfile profile, string device, DateTimeOffset now, IReadOnlyList<Excursion>? excursions = null) => profile switch
    {
        SiteProfile.Drying => new DryingRun { Start = now - TimeSpan.FromHours(3), Seed = Seed(device) },
        SiteProfile.Storage => new StorageRoom { Seed = Seed(device), Excursions = excursions ?? [] },
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown site profile."),
    };

    /// <summary>A stable seed for a device id (FNV-1a; string.GetHashCode changes between runs).</summary>
    public static long Seed(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var hash = 14695981039346656037UL;
        foreach (var c in device)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return unchecked((long)hash);
    }
}
