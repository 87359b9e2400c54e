namespace Traceability.Domain;

/// <summary>What a facility does at one of its sites.</summary>
[GenerateSerializer]
public enum SiteKind
{
    Unspecified = 0,
    Drying = 1,
    Processing = 2,
    Storage = 3,
    PointOfSale = 4,
}
