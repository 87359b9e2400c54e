using System.Globalization;
using Traceability.Domain;

namespace Traceability.Web.Page;

/// <summary>
/// The trace page's words in Vietnamese (the default: the buyers are Vietnamese) and English. One
/// instance per language; every text the page shows comes from here.
/// </summary>
public sealed class PageText
{
    public static readonly PageText Vietnamese = new(
        "vi", new CultureInfo("vi-VN"),
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["title"] = "Truy xuất nguồn gốc",
            ["lot"] = "Lô",
            ["gtin"] = "Mã GTIN",
            ["produced"] = "Ngày sản xuất",
            ["expires"] = "Hạn sử dụng",
            ["units"] = "Số đơn vị",
            ["net"] = "Khối lượng tịnh",
            ["producer"] = "Nhà sản xuất",
            ["ocop"] = "Sản phẩm OCOP",
            ["stars"] = "sao",
            ["origin"] = "Vùng nguyên liệu",
            ["species"] = "Loài",
            ["certifications"] = "Chứng nhận",
            ["map"] = "Bản đồ vùng nguyên liệu",
            ["timeline"] = "Hành trình của sản phẩm",
            ["harvest"] = "Thu hoạch",
            ["storage"] = "Lưu kho",
            ["packing"] = "Đóng gói",
            ["at"] = "tại",
            ["from-area"] = "từ vùng",
            ["harvester"] = "Người thu hái",
            ["operator"] = "Người thực hiện",
            ["withheld"] = "không công khai",
            ["outline-generalised"] = "Ranh giới chính xác không công khai; hình vẽ là ô lưới 0,01° bao quanh vùng",
            ["in"] = "vào",
            ["out"] = "ra",
            ["conditions"] = "Điều kiện",
            ["no-profile"] = "Không có tiêu chuẩn để đánh giá",
            ["pass"] = "Đạt",
            ["warning"] = "Cảnh báo",
            ["fail"] = "Không đạt",
            ["no-data"] = "Không có số liệu",
            ["limits"] = "Giới hạn",
            ["verification"] = "Kiểm chứng hồ sơ",
            ["verification-intro"] = "Mỗi sự kiện của lô hàng được băm và ghi vào sổ cái chỉ được thêm, không được sửa. Trình duyệt của bạn tự kiểm tra lại bằng chứng này.",
            ["verification-pending"] = "Đang kiểm tra trên thiết bị này… (cần bật JavaScript)",
            ["verification-details"] = "Chi tiết kiểm tra",
            ["server-verdict"] = "Kết quả kiểm tra của máy chủ",
            ["server-verified"] = "Máy chủ đã kiểm tra: mọi sự kiện khớp với sổ cái đã ký",
            ["server-failed"] = "Máy chủ đã kiểm tra: có sự kiện không khớp với sổ cái",
            ["server-checked-at"] = "kiểm tra lúc",
            ["anchored"] = "Đã neo trên chuỗi khối",
            ["not-anchored"] = "Đã ký, chưa neo trên chuỗi khối",
            ["chain"] = "chuỗi",
            ["block"] = "khối",
            ["proof"] = "Tải bằng chứng (JSON)",
            ["data"] = "Dữ liệu cho máy",
            ["recall"] = "THU HỒI: lô hàng này đang bị thu hồi. Không sử dụng sản phẩm; liên hệ nơi bán hoặc nhà sản xuất.",
            ["withdrawal"] = "NGỪNG BÁN: lô hàng này đã được rút khỏi thị trường.",
            ["reason"] = "Lý do",
            ["decided"] = "Quyết định ngày",
            ["expiry-mismatch"] = "Hạn sử dụng in trên mã ({0}) không khớp với hồ sơ của lô ({1}). Hãy kiểm tra kỹ bao bì.",
            ["not-found-title"] = "Không tìm thấy lô hàng",
            ["not-found"] = "Không có lô {1} của sản phẩm {0} trên nền tảng. Mã có thể bị in sai hoặc sản phẩm không được đăng ký truy xuất.",
            ["malformed-title"] = "Mã không hợp lệ",
            ["malformed"] = "Mã QR này không phải là một liên kết GS1 Digital Link hợp lệ của một lô hàng",
            ["switch"] = "English",
            ["footer"] = "Nền tảng truy xuất nguồn gốc sản phẩm OCOP vùng núi",
            ["serial"] = "Số sê-ri",
            ["depth"] = "cấp chế biến",
        },
        new Dictionary<StepKind, string>
        {
            [StepKind.Washing] = "Rửa", [StepKind.Slicing] = "Thái lát", [StepKind.Drying] = "Sấy",
            [StepKind.Grinding] = "Xay", [StepKind.Extraction] = "Chiết xuất", [StepKind.Infusion] = "Ngâm",
            [StepKind.Cooking] = "Nấu", [StepKind.Roasting] = "Rang", [StepKind.Packing] = "Đóng gói",
            [StepKind.Boiling] = "Luộc", [StepKind.Hulling] = "Xát vỏ", [StepKind.Concentrating] = "Cô đặc",
            [StepKind.Sorting] = "Phân loại", [StepKind.Fermenting] = "Lên men",
        },
        new Dictionary<Domain.Certification, string>
        {
            [Domain.Certification.VietGap] = "VietGAP", [Domain.Certification.Organic] = "Hữu cơ", [Domain.Certification.GeographicIndication] = "Chỉ dẫn địa lý",
            [Domain.Certification.GlobalGap] = "GlobalG.A.P.", [Domain.Certification.GacpWho] = "GACP-WHO",
        });

    public static readonly PageText English = new(
        "en", new CultureInfo("en-GB"),
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["title"] = "Product trace",
            ["lot"] = "Lot",
            ["gtin"] = "GTIN",
            ["produced"] = "Produced",
            ["expires"] = "Best before",
            ["units"] = "Units",
            ["net"] = "Net mass",
            ["producer"] = "Producer",
            ["ocop"] = "OCOP product",
            ["stars"] = "stars",
            ["origin"] = "Raw-material areas",
            ["species"] = "Species",
            ["certifications"] = "Certifications",
            ["map"] = "Map of the raw-material areas",
            ["timeline"] = "The product's journey",
            ["harvest"] = "Harvest",
            ["storage"] = "Storage",
            ["packing"] = "Packing",
            ["at"] = "at",
            ["from-area"] = "from area",
            ["harvester"] = "Harvested by",
            ["operator"] = "Operator",
            ["withheld"] = "withheld by the producer",
            ["outline-generalised"] = "Exact boundary withheld by the producer; the drawing is the 0.01° grid box around the area",
            ["in"] = "in",
            ["out"] = "out",
            ["conditions"] = "Conditions",
            ["no-profile"] = "No standard to judge against",
            ["pass"] = "Passed",
            ["warning"] = "Warning",
            ["fail"] = "Failed",
            ["no-data"] = "No readings",
            ["limits"] = "Limits",
            ["verification"] = "Record verification",
            ["verification-intro"] = "Every event of this lot is hashed into an append-only ledger that cannot be edited. Your browser re-checks that proof itself.",
            ["verification-pending"] = "Checking on this device… (needs JavaScript)",
            ["verification-details"] = "What was checked",
            ["server-verdict"] = "The server's own check",
            ["server-verified"] = "Checked by the server: every event matches the signed ledger",
            ["server-failed"] = "Checked by the server: some events do not match the ledger",
            ["server-checked-at"] = "checked at",
            ["anchored"] = "Anchored on a blockchain",
            ["not-anchored"] = "Signed, not anchored on a blockchain",
            ["chain"] = "chain",
            ["block"] = "block",
            ["proof"] = "Download the proof (JSON)",
            ["data"] = "Data for machines",
            ["recall"] = "RECALL: this lot is being recalled. Do not use the product; contact the shop or the producer.",
            ["withdrawal"] = "WITHDRAWN: this lot has been taken off the market.",
            ["reason"] = "Reason",
            ["decided"] = "Decided on",
            ["expiry-mismatch"] = "The date in the code ({0}) does not match the lot's record ({1}). Check the package carefully.",
            ["not-found-title"] = "Lot not found",
            ["not-found"] = "There is no lot {1} of product {0} on the platform. The code may be misprinted, or the product is not registered for tracing.",
            ["malformed-title"] = "Invalid code",
            ["malformed"] = "This QR code is not a valid GS1 Digital Link of a lot",
            ["switch"] = "Tiếng Việt",
            ["footer"] = "Traceability platform for mountain OCOP products",
            ["serial"] = "Serial",
            ["depth"] = "processing levels",
        },
        new Dictionary<StepKind, string>
        {
            [StepKind.Washing] = "Washing", [StepKind.Slicing] = "Slicing", [StepKind.Drying] = "Drying",
            [StepKind.Grinding] = "Grinding", [StepKind.Extraction] = "Extraction", [StepKind.Infusion] = "Infusion",
            [StepKind.Cooking] = "Cooking", [StepKind.Roasting] = "Roasting", [StepKind.Packing] = "Packing",
            [StepKind.Boiling] = "Boiling", [StepKind.Hulling] = "Hulling", [StepKind.Concentrating] = "Concentrating",
            [StepKind.Sorting] = "Sorting", [StepKind.Fermenting] = "Fermenting",
        },
        new Dictionary<Domain.Certification, string>
        {
            [Domain.Certification.VietGap] = "VietGAP", [Domain.Certification.Organic] = "Organic", [Domain.Certification.GeographicIndication] = "Geographical indication",
            [Domain.Certification.GlobalGap] = "GlobalG.A.P.", [Domain.Certification.GacpWho] = "GACP-WHO",
        });

    private readonly Dictionary<string, string> _words;
    private readonly Dictionary<StepKind, string> _steps;
    private readonly Dictionary<Domain.Certification, string> _certifications;

    private PageText(string language, CultureInfo culture, Dictionary<string, string> words, Dictionary<StepKind, string> steps, Dictionary<Domain.Certification, string> certifications)
    {
        Language = language;
        Culture = culture;
        _words = words;
        _steps = steps;
        _certifications = certifications;
    }

    /// <summary>The BCP 47 language of the page: "vi" or "en".</summary>
    public string Language { get; }

    public CultureInfo Culture { get; }

    /// <summary>The other language, for the switch.</summary>
    public PageText Other => Language == "vi" ? English : Vietnamese;

    public string this[string key] => _words[key];

    public string Format(string key, params object[] values) => string.Format(Culture, _words[key], values);

    public string Step(StepKind kind) => _steps.GetValueOrDefault(kind, kind.ToString());

    public string Certification(Domain.Certification certification) => _certifications.GetValueOrDefault(certification, certification.ToString());

    public string Verdict(Contracts.V1.Verdict verdict) => verdict switch
    {
        Contracts.V1.Verdict.Pass => this["pass"],
        Contracts.V1.Verdict.Warning => this["warning"],
        Contracts.V1.Verdict.Fail => this["fail"],
        _ => this["no-profile"],
    };

    public string Date(DateOnly date) => date.ToString("d", Culture);

    /// <summary>A time in Vietnam's time zone (UTC+7, no daylight saving), as the producers and buyers read it.</summary>
    public string Time(DateTimeOffset time) => time.ToOffset(VietnamOffset).ToString("g", Culture);

    public string DateOf(DateTimeOffset time) => time.ToOffset(VietnamOffset).ToString("d", Culture);

    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    /// <summary>
    /// The page language: <c>?lang=</c> when given, else the first of Accept-Language that the page
    /// speaks, else Vietnamese.
    /// </summary>
    public static PageText Choose(string? lang, IEnumerable<Microsoft.Net.Http.Headers.StringWithQualityHeaderValue> acceptLanguage)
    {
        if (lang is { Length: > 0 })
        {
            return lang.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : Vietnamese;
        }

        foreach (var language in acceptLanguage.OrderByDescending(l => l.Quality ?? 1))
        {
            var value = language.Value.Value ?? string.Empty;
            if (value.StartsWith("vi", StringComparison.OrdinalIgnoreCase))
            {
                return Vietnamese;
            }

            if (value.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return English;
            }
        }

        return Vietnamese;
    }
}
