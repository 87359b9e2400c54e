using System.Text;
using Traceability.Domain;
using Traceability.Events;

namespace Traceability.Epcis.Tests;

/// <summary>
/// Facility events of every kind for the rendering tests: a fixed, named set (the platform's own
/// shapes, with Vietnamese text, characters JSON and URIs escape, whole and fractional kilograms)
/// and a seeded generator of odd ones (whitespace, empty strings, surrogate pairs, GTINs of every
/// length, time zones either side of UTC, sub-millisecond times).
/// </summary>
internal static class RenderedEvents
{
    public static readonly DateTimeOffset RecordedAt = new(2026, 11, 28, 14, 3, 27, 412, TimeSpan.Zero);

    public static IReadOnlyDictionary<string, FacilityEvent> Named { get; } = new Dictionary<string, FacilityEvent>(StringComparer.Ordinal)
    {
        ["facility"] = new FacilityRegistered("HTX-NGOCLINH-DG", FacilityKind.Cooperative, "Hợp tác xã Nông nghiệp Dược liệu Ngọc Linh",
            "Thôn Lê Văng, xã Ngọc Linh, huyện Đăk Glei, tỉnh Kon Tum", "Ngọc Linh", "Đăk Glei", "Kon Tum"),
        ["site"] = new SiteRegistered("HTX-NGOCLINH-DG", "HTX-NGOCLINH-DG.PROC1", SiteKind.Processing, "Xưởng sơ chế \"Lê Văng\" <1>",
            "Ngọc Linh", new GeoPoint(15.0712, 107.9873)),
        ["site-unlocated"] = new SiteRegistered("HTX-NGOCLINH-DG", "HTX NGOCLINH/DRY 1", SiteKind.Drying, "Nhà sấy", "Ngọc Linh", null),
        ["area"] = new AreaRegistered("HTX-DAKCHOONG-DG", "DG-DC-TK127-K1-L7", "Vườn cà phê Arabica hữu cơ thôn Đăk Book",
            "Đăk Choong", "Đăk Glei", "Kon Tum",
            [new(15.13980, 107.80610), new(15.14040, 107.80720), new(15.13960, 107.80790)],
            ["Coffea arabica", "Codonopsis javanica"], [Certification.VietGap, Certification.Organic],
            "Hộ bà Nguyễn Thị Hạnh, thôn Đăk Book, xã Đăk Choong"),
        ["product"] = new ProductRegistered("HTX-NGOCLINH-DG", "08936204000114", "Rượu sâm dây Ngọc Linh", "Ngọc Linh vine-ginseng wine", 4),
        ["product-gtin13"] = new ProductRegistered("HTX-NGOCLINH-DG", "8936204000114", "Rượu sâm dây", "Vine-ginseng wine", 3),
        ["harvest"] = new BatchHarvested("HTX-NGOCLINH-DG", "NL-H-2026-001", "DG-NL-TK249-K3-L2", "Codonopsis javanica", 120_000,
            new DateTimeOffset(2026, 2, 10, 7, 30, 0, TimeSpan.FromHours(7)), "A Nhem"),
        ["harvest-grams"] = new BatchHarvested("HKD-THANHPHAT-DG", "TP-H-2026-017", "DG-MH-TK171-K2-L5", "Codonopsis pilosula", 1_234_567,
            new DateTimeOffset(2026, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(-5)).AddTicks(9_999), "Y Thương"),
        ["step"] = new StepRecorded("HTX-NGOCLINH-DG", "NL-S-2026-001", "HTX-NGOCLINH-DG.PROC1", StepKind.Washing,
            new DateTimeOffset(2026, 2, 12, 7, 0, 0, TimeSpan.FromHours(7)), new DateTimeOffset(2026, 2, 12, 11, 30, 0, TimeSpan.FromHours(7)), "Y Hoa",
            [new("NL-H-2026-001", 120_000), new("NL-H-2026-002", 85_000), new("NL-H-2026-003", 42_500)],
            [
                new("NL-B-2026-001", 196_800, "Fresh vine-ginseng roots, washed, rootlets trimmed / Sâm dây tươi đã rửa, cắt rễ con"),
                new("NL-B-2026-002", 43_250, "Rootlets, for extraction / Rễ con để chiết"),
            ]),
        ["step-packing"] = new StepRecorded("CT-VINNATE-DG", "VN-S-2026-009", "CT-VINNATE-DG.PROC1", StepKind.Packing,
            new DateTimeOffset(2026, 5, 2, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 5, 2, 9, 15, 0, 5, TimeSpan.Zero), "Trần Văn Bình",
            [new("VN-B-2026-004", 1)], [new("VN-B-2026-005", 1_000, "")]),
        ["step-empty"] = new StepRecorded("CT-VINNATE-DG", "VN-S-2026-010", "CT-VINNATE-DG.PROC1", StepKind.Unspecified,
            new DateTimeOffset(2026, 5, 3, 8, 0, 0, TimeSpan.FromHours(7)), new DateTimeOffset(2026, 5, 3, 8, 0, 0, TimeSpan.FromHours(7)), " ",
            [], []),
        ["lot"] = new LotPacked("HTX-NGOCLINH-DG", "08936204000114", "NL-2026-031", "HTX-NGOCLINH-DG.PROC1", 240, 500,
            new DateOnly(2026, 6, 1), new DateOnly(2028, 6, 1), [new("NL-B-2026-010", 96_000), new("NL-B-2026-011", 24_000)]),
        ["lot-escaped"] = new LotPacked("HTX-DAKCHOONG-DG", "08938742000410", "DC 2026/007+A", "HTX-DAKCHOONG-DG.PROC1", 100, 250,
            new DateOnly(2026, 3, 4), new DateOnly(2027, 3, 4), [new("DC-B-2026-005", 25_500)]),
        ["storage"] = new StorageRecorded("HTX-NGOCLINH-DG", "NL-K-2026-004", "HTX-NGOCLINH-DG.STORE1",
            new DateTimeOffset(2026, 6, 1, 16, 0, 0, TimeSpan.FromHours(7)), new DateTimeOffset(2026, 6, 9, 7, 45, 0, TimeSpan.FromHours(7)),
            ["NL-B-2026-012"], ["08936204000114/NL-2026-031", "08938742000410/DC 2026/007+A"]),
        ["storage-lots"] = new StorageRecorded("HTX-DAKCHOONG-DG", "DC-K-2026-001", "HTX-DAKCHOONG-DG.STORE1",
            new DateTimeOffset(2026, 3, 4, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 20, 0, 0, 0, 1, TimeSpan.Zero),
            [], ["08938742000410/DC-2026-007"]),
        ["excursion"] = new ExcursionRecorded("HTX-NGOCLINH-DG", "HTX-NGOCLINH-DG.STORE1", "STORE1-GW1.T1.temperature.20260605T0612Z", "STORE1-GW1", "T1",
            "temperature", "CEL", "above", 25, new DateTimeOffset(2026, 6, 5, 13, 12, 0, TimeSpan.FromHours(7)), new DateTimeOffset(2026, 6, 5, 14, 3, 30, TimeSpan.FromHours(7)),
            27.4, 61.25, "storage-dry", 3),
        ["excursion-below"] = new ExcursionRecorded("HTX-NGOCLINH-DG", "HTX-NGOCLINH-DG.DRY1", "DRY1-GW1.M2.moisture.20260212T0100Z", "DRY1-GW1", "M2",
            "moisture", "P1", "below", 8, new DateTimeOffset(2026, 2, 12, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 12, 1, 20, 0, TimeSpan.Zero),
            6.5, 0, "drying-codonopsis", 1),
        ["withdrawal"] = new LotRecalled("HKD-THANHPHAT-DG", "08938517000225", "TP-2026-021", RecallKind.Withdrawal,
            "Mẻ sấy TP-S-2026-007 quá nhiệt (68 °C, 25 phút) ngày 19/07/2026; thu hồi khỏi quầy để kiểm tra lại",
            new DateTimeOffset(2026, 7, 29, 14, 0, 0, TimeSpan.FromHours(7))),
        ["recall-escaped"] = new LotRecalled("HTX-DAKCHOONG-DG", "08938742000410", "DC 2026/007+A", RecallKind.Recall,
            "Ochratoxin A > 5 µg/kg: \"thu hồi\" <toàn bộ> lô & báo cơ quan\u00a0quản lý",
            new DateTimeOffset(2026, 3, 20, 23, 59, 59, 999, TimeSpan.FromHours(-3))),
    };

    /// <summary><paramref name="count"/> random events of every kind, the same ones for the same seed.</summary>
    public static IEnumerable<FacilityEvent> Random(int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return (i % 7) switch
            {
                0 => new FacilityRegistered(Text(random), (FacilityKind)random.Next(4), Text(random), Text(random), Text(random), Text(random), Text(random)),
                1 => new SiteRegistered(Text(random), Text(random), (SiteKind)random.Next(5), Text(random), Text(random),
                    random.Next(3) == 0 ? null : Point(random)),
                2 => new AreaRegistered(Text(random), Text(random), Text(random), Text(random), Text(random), Text(random),
                    [.. Enumerable.Range(0, random.Next(5)).Select(_ => Point(random))],
                    [.. Enumerable.Range(0, random.Next(4)).Select(_ => Text(random))],
                    [.. Enumerable.Range(0, random.Next(4)).Select(_ => (Certification)random.Next(6))],
                    Text(random)),
                3 => new ProductRegistered(Text(random), Gtin(random), Text(random), Text(random), random.Next(-1, 6)),
                4 => new BatchHarvested(Text(random), Text(random), Text(random), Text(random), Grams(random), Time(random), Text(random)),
                5 => new StepRecorded(Text(random), Text(random), Text(random), (StepKind)random.Next(15), Time(random), Time(random), Text(random),
                    [.. Enumerable.Range(0, random.Next(5)).Select(_ => new BatchPortion(Text(random), Grams(random)))],
                    [.. Enumerable.Range(0, random.Next(4)).Select(_ => new BatchOutput(Text(random), Grams(random), Text(random)))]),
                _ => new LotPacked(Text(random), Gtin(random), Text(random), Text(random), random.Next(-1, 100_000), Grams(random),
                    Date(random), Date(random), [.. Enumerable.Range(0, random.Next(5)).Select(_ => new BatchPortion(Text(random), Grams(random)))]),
            };
        }
    }

    private static readonly string[] Pieces =
    [
        "NL-H-2026-001", "a", "Z", "0", "9", " ", "  ", "\t", "/", ".", "-", "_", "~", "%", "%20", "+", ",", ":", "!", "*", "(", ")", "'", "\"",
        "\\", "<", ">", "&", "?", "#", "Đăk Glei", "Ngọc Linh", "ệ", "\u00a0", "\ue000", "\uffff", "😀", "𝔸", "urn:", "https://", "tr:",
        "cbv:", "gs1:", "1.0", "1e3", "2026-02-10T07:30:00Z", "active", "packing", "01", "10", "https://id.gs1.org/01/08936204000114",
    ];

    private static string Text(Random random)
    {
        var text = new StringBuilder();
        var pieces = random.Next(4);
        for (var i = 0; i < pieces; i++)
        {
            text.Append(Pieces[random.Next(Pieces.Length)]);
        }
        return text.ToString();
    }

    private static readonly int[] GtinLengths = [8, 12, 13, 14];

    private static string Gtin(Random random) => random.Next(4) switch
    {
        0 => "08936204000114",
        1 => string.Concat(Enumerable.Range(0, GtinLengths[random.Next(GtinLengths.Length)]).Select(_ => (char)('0' + random.Next(10)))),
        2 => "8936204000114",
        _ => Text(random),
    };

    private static long Grams(Random random) => random.Next(5) switch
    {
        0 => random.Next(1_000),
        1 => random.Next(1, 1_000) * 1_000L,
        2 => random.NextInt64(1_000_000_000_000),
        3 => random.Next(1, 100_000) * 10L,
        _ => random.NextInt64(long.MinValue, long.MaxValue),
    };

    private static DateTimeOffset Time(Random random) =>
        new DateTimeOffset(new DateTime(2020, 1, 1).AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 3650)), TimeSpan.FromMinutes(random.Next(-14 * 4, 14 * 4 + 1) * 15));

    private static DateOnly Date(Random random) => DateOnly.FromDayNumber(random.Next(700_000, 800_000));

    private static GeoPoint Point(Random random) => random.Next(3) switch
    {
        0 => new(Math.Round(random.NextDouble() * 180 - 90, 5), Math.Round(random.NextDouble() * 360 - 180, 5)),
        1 => new(random.Next(-90, 91), random.Next(-180, 181)),
        _ => new(random.NextDouble() * 1e-7, random.NextDouble() * 1e20),
    };
}
