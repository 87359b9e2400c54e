namespace Traceability.Domain;

/// <summary>Certifications a raw-material area can hold.</summary>
[GenerateSerializer]
public enum Certification
{
    Unspecified = 0,
    /// <summary>Vietnamese Good Agricultural Practices (TCVN 11892).</summary>
    VietGap = 1,
    Organic = 2,
    /// <summary>A registered geographical indication (chỉ dẫn địa lý).</summary>
    GeographicIndication = 3,
    GlobalGap = 4,
    /// <summary>Good Agricultural and Collection Practices for medicinal plants (GACP-WHO).</summary>
    GacpWho = 5,
}
