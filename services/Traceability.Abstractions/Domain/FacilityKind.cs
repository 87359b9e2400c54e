namespace Traceability.Domain;

/// <summary>The legal form of an OCOP subject (chủ thể OCOP).</summary>
[GenerateSerializer]
public enum FacilityKind
{
    Unspecified = 0,
    /// <summary>Hợp tác xã (HTX).</summary>
    Cooperative = 1,
    /// <summary>A company.</summary>
    Enterprise = 2,
    /// <summary>Hộ kinh doanh.</summary>
    Household = 3,
}
