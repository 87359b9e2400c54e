namespace Traceability.Events;

/// <summary>
/// The facility that packed a lot decides to take it back: a recall (from consumers, a safety
/// problem) or a withdrawal (off the shelves, e.g. a quality problem). An EPCIS OBSERVE
/// ObjectEvent of the lot's class, bizStep <c>holding</c>, disposition <c>recalled</c> or
/// <c>non_sellable_other</c>. It creates no record: a lot is recalled at most once per kind, and
/// a withdrawal may later be escalated to a recall.
/// </summary>
/// <param name="FacilityId">The facility that packed the lot and decides.</param>
/// <param name="Gtin">The lot's GTIN-14.</param>
/// <param name="LotCode">The lot code (GS1 AI 10).</param>
/// <param name="Kind">Recall or withdrawal.</param>
/// <param name="Reason">Why, in words a buyer reads on the lot's trace (1 to 500 characters).</param>
/// <param name="DecidedAt">When the decision was taken: not before the lot was produced, not in the future.</param>
[GenerateSerializer, Immutable]
public sealed record LotRecalled(
    string FacilityId,
    string Gtin,
    string LotCode,
    RecallKind Kind,
    string Reason,
    DateTimeOffset DecidedAt) : FacilityEvent
{
    /// <summary>The lot's key, <c>{gtin14}/{lot}</c>.</summary>
    public string LotKey => LotKeys.Of(Gtin, LotCode);

    public override IEnumerable<RecordKey> Creates() => [];

    public override IEnumerable<RecordKey> Touches() => [new(RecordKind.Facility, FacilityId), new(RecordKind.Lot, LotKey)];

    public override RecordKey Subject() => new(RecordKind.Lot, LotKey);
}
