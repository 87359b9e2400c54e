using Traceability.Domain;
using Traceability.Events;
using Traceability.Storage;

namespace Traceability.Persistence.Tests.Fixtures;

/// <summary>
/// Facts recorded by cooperatives of Đăk Glei, as the facility grains hand them to the store:
/// the Ngọc Linh cooperative (HTX-NGOCLINH) harvests vine ginseng (sâm dây, <i>Codonopsis
/// javanica</i>) from forest lots it registered; its neighbour HTX-XOP works in Xốp commune.
/// The store does not check rules, so builders only need to be well formed.
/// </summary>
internal static class DakGlei
{
    public const string NgocLinh = "HTX-NGOCLINH";
    public const string Xop = "HTX-XOP";
    public const string VineGinseng = "Codonopsis javanica";
    public const string ForestLot = "NL-TK123-K4-L2";

    /// <summary>The time the platform records facts at in these tests: 1 June 2026, Vietnam time.</summary>
    public static readonly DateTimeOffset RecordedAt = new(2026, 6, 1, 8, 15, 30, 125, TimeSpan.FromHours(7));

    public static FacilityRegistered Facility(string facilityId = NgocLinh) => new(
        facilityId, FacilityKind.Cooperative, $"Hợp tác xã {facilityId}", "Thôn Đăk Xam", "Ngọc Linh", "Đăk Glei", "Kon Tum");

    public static SiteRegistered DryingHouse(string siteId = "NL-LOSAY-01", string facilityId = NgocLinh) => new(
        facilityId, siteId, SiteKind.Drying, "Lò sấy thôn Đăk Xam", "Ngọc Linh", new GeoPoint(15.0712, 107.9688));

    public static AreaRegistered Area(string areaCode = ForestLot, string facilityId = NgocLinh) => new(
        facilityId,
        areaCode,
        $"Vùng sâm dây {areaCode}",
        "Ngọc Linh",
        "Đăk Glei",
        "Kon Tum",
        [new GeoPoint(15.0701, 107.9652), new GeoPoint(15.0701, 107.9671), new GeoPoint(15.0718, 107.9671), new GeoPoint(15.0718, 107.9652)],
        [VineGinseng],
        [Certification.VietGap],
        "A Thị Bến");

    public static BatchHarvested Harvest(string batchId, string facilityId = NgocLinh, string areaCode = ForestLot, long grams = 50_000) => new(
        facilityId, batchId, areaCode, VineGinseng, grams, new DateTimeOffset(2026, 5, 20, 7, 30, 0, TimeSpan.FromHours(7)), "A Thị Bến");

    public static StepRecorded Drying(string stepId, string inputBatchId, params string[] outputBatchIds) => new(
        NgocLinh,
        stepId,
        "NL-LOSAY-01",
        StepKind.Drying,
        new DateTimeOffset(2026, 5, 20, 14, 0, 0, TimeSpan.FromHours(7)),
        new DateTimeOffset(2026, 5, 23, 14, 0, 0, TimeSpan.FromHours(7)),
        "Y Thị Hoa",
        [new BatchPortion(inputBatchId, 50_000)],
        [.. outputBatchIds.Select(id => new BatchOutput(id, 10_000 / outputBatchIds.Length, "Sâm dây sấy khô"))]);

    /// <summary>
    /// <paramref name="fact"/> as the facility grain hands it over, with an EPCIS text whose
    /// spacing, key order and Vietnamese letters a re-serialisation would not keep.
    /// </summary>
    public static PendingEvent Pending(FacilityEvent fact) =>
        new(fact, RecordedAt, Epcis(fact), Traceability.Epcis.EventHash.Compute(System.Text.Json.Nodes.JsonNode.Parse(Epcis(fact))!.AsObject()));

    public static string Epcis(FacilityEvent fact) =>
        $$"""{ "type" : "ObjectEvent",  "recordTime":"2026-06-01T01:15:30.125Z", "ilmd": {"tr:facility": "{{fact.FacilityId}}", "tr:note": "sâm dây – Đăk Glei \u00e2" } }""";
}
