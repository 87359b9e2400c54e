namespace Traceability.Events;

/// <summary>How far back a lot is taken: off the shelves, or from the consumers too.</summary>
[GenerateSerializer]
public enum RecallKind
{
    /// <summary>
    /// A recall: the lot is taken back from consumers as well as from the shelves, for a problem
    /// of safety (EPCIS disposition <c>recalled</c>).
    /// </summary>
    Recall = 1,

    /// <summary>
    /// A withdrawal: the lot is taken off the shelves before it reaches consumers, e.g. for a
    /// problem of quality (EPCIS disposition <c>non_sellable_other</c>). It may later be escalated
    /// to a <see cref="Recall"/>.
    /// </summary>
    Withdrawal = 2,
}
