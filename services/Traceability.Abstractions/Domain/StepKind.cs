namespace Traceability.Domain;

/// <summary>The kinds of processing step the district's products go through.</summary>
[GenerateSerializer]
public enum StepKind
{
    Unspecified = 0,
    Washing = 1,
    Slicing = 2,
    Drying = 3,
    Grinding = 4,
    Extraction = 5,
    Infusion = 6,
    Cooking = 7,
    Roasting = 8,
    Packing = 9,
    Boiling = 10,
    Hulling = 11,
    Concentrating = 12,
    Sorting = 13,
    Fermenting = 14,
}
