namespace Traceability.Events;

/// <summary>The kinds of record the platform keeps.</summary>
[GenerateSerializer]
public enum RecordKind
{
    Facility = 1,
    Site = 2,
    Area = 3,
    Product = 4,
    Batch = 5,
    Step = 6,
    Lot = 7,

    /// <summary>A closed window of a site's sensor readings.</summary>
    Readings = 8,

    /// <summary>A storage period of batches and lots at a site.</summary>
    Storage = 9,

    /// <summary>A closed excursion of a site's readings beyond a condition profile's limit.</summary>
    Excursion = 10,
}
