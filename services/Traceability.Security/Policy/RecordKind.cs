namespace Traceability.Security.Policy;

/// <summary>The records a facility's operator captures.</summary>
public enum RecordKind
{
    Site,
    Area,
    Product,
    Harvest,
    Step,
    Storage,
    Lot,
    Recall,
}
