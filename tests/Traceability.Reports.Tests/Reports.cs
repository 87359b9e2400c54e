using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.V1;

namespace Traceability.Reports.Tests;

/// <summary>
/// The conditions of a lot of dried Ngọc Linh ginseng vine from the Xốp cooperative, as the server
/// would report them: a drying step that ran too hot for 25 minutes and lost its thermometer for
/// 40, a cold-store storage period that passed with its mean kinetic temperature, and a packing
/// step that no profile judges. The CLI's tests link this file and read the same lot.
/// </summary>
internal static class Reports
{
    public const string Gtin = "08930000000015";
    public const string LotCode = "SD-01";
    public const string Subject = $"lot {Gtin}/{LotCode}";
    public const string ProductVi = "Sâm dây Ngọc Linh sấy khô";
    public const string DryerName = "Lò sấy \"Đăk Glei\", khu A";
    public const string Root = "3f9a0c6b1e2d4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c";

    public static readonly DateTime DryingStart = new(2024, 10, 5, 0, 30, 0, DateTimeKind.Utc);
    public static readonly DateTime ExcursionStart = DryingStart.AddHours(3);
    public static readonly DateTime GapStart = DryingStart.AddHours(6);

    public static Timestamp At(DateTime time) => Timestamp.FromDateTime(time);

    public static ConditionReport Lot() => new()
    {
        Subject = Subject,
        Gtin = Gtin,
        Lot = LotCode,
        ProductNameVi = ProductVi,
        ProductNameEn = "Dried Ngoc Linh ginseng vine",
        From = At(DryingStart),
        To = At(new DateTime(2024, 10, 20, 0, 0, 0, DateTimeKind.Utc)),
        Verdict = Verdict.Fail,
        Reasons =
        {
            new VerdictReason { Severity = Verdict.Fail, Code = "excursion", Message = "drying ST-DRY-01: temperature above 70 °C for 25 min" },
        },
        Periods = { Drying(), Storage(), Packing() },
        ComputedAt = At(new DateTime(2024, 11, 2, 8, 15, 30, DateTimeKind.Utc)),
        Checkpoints =
        {
            new CheckpointRef { FacilityId = "HTX-XOP", Origin = "traceability.vn/HTX-XOP", Size = 42, Root = Root, CutAt = At(new DateTime(2024, 11, 2, 8, 0, 0, DateTimeKind.Utc)) },
        },
    };

    /// <summary>Eight hours of drying at 50–70 °C: 74.5 °C at 3:00, and the thermometer silent from 6:00 to 6:40.</summary>
    public static PeriodConditions Drying()
    {
        var temperature = Dryer("t0", "temperature", "CEL", new()
        {
            Min = 55.5,
            Max = 74.5,
            Mean = 63.25,
            MeanKineticTemperature = 64.1,
            LimitMin = 50,
            LimitMax = 70,
            Covered = Duration.FromTimeSpan(TimeSpan.FromMinutes(440)),
            InRange = Duration.FromTimeSpan(TimeSpan.FromMinutes(415)),
            Excursions =
            {
                new Excursion
                {
                    Direction = "above", Limit = 70, Start = At(ExcursionStart), End = At(ExcursionStart.AddMinutes(25)),
                    Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(25)), Peak = 74.5, Area = 62.5, Readings = 25,
                },
            },
            Gaps = { new DataGap { From = At(GapStart), To = At(GapStart.AddMinutes(40)), Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(40)) } },
        });
        // Every half hour, but none from 6:00 to 6:40: twelve points before the gap, three after it.
        double[] values = [55.5, 58, 61, 64, 66.5, 68, 74.5, 69, 67, 65, 62, 60, 58, 57, 56];
        for (var i = 0; i < values.Length; i++)
        {
            var minutes = i < 12 ? 30 * i : 420 + 30 * (i - 12);
            temperature.Points.Add(new ChartPoint { At = At(DryingStart.AddMinutes(minutes)), Value = values[i] });
        }
        var humidity = Dryer("rh0", "relative_humidity", "P1", new()
        {
            Min = 18,
            Max = 61,
            Mean = 33.5,
            Covered = Duration.FromTimeSpan(TimeSpan.FromMinutes(480)),
            InRange = Duration.FromTimeSpan(TimeSpan.FromMinutes(480)),
            Points = { Enumerable.Range(0, 9).Select(i => new ChartPoint { At = At(DryingStart.AddHours(i)), Value = 61 - 5 * i }) },
            ClockProblems = { new ClockProblem { Kind = "irregular", At = At(DryingStart.AddHours(2)), Detail = "reading 90 s before the previous one" } },
        });
        return new PeriodConditions
        {
            Kind = PeriodKind.Step,
            PeriodId = "ST-DRY-01",
            FacilityId = "HTX-XOP",
            SiteId = "SITE-DRY-1",
            SiteName = DryerName,
            StepKind = StepKind.Drying,
            From = At(DryingStart),
            To = At(DryingStart.AddHours(8)),
            Subjects = { "B-DRY-01", "08930000000015/SD-01" },
            Profile = new ProfileRef { ProfileId = "drying-default", Version = 3, Name = "Sấy sâm dây 50–70 °C" },
            Verdict = Verdict.Fail,
            Reasons =
            {
                new VerdictReason { Severity = Verdict.Fail, Code = "excursion", Message = "temperature above 70 °C for 25 min (max 15 min)" },
                new VerdictReason { Severity = Verdict.Warning, Code = "gap", Message = "no reading from dryer-1/t0 for 40 min" },
            },
            Series = { temperature, humidity },
        };
    }

    /// <summary>A series of the dryer's over the whole eight hours (480 readings, one a minute), with what <paramref name="measured"/> says of it.</summary>
    private static SeriesConditions Dryer(string sensor, string quantity, string unit, SeriesConditions measured)
    {
        var series = new SeriesConditions
        {
            Device = "dryer-1", Sensor = sensor, Quantity = quantity, Unit = unit, Count = 480,
            First = At(DryingStart), Last = At(DryingStart.AddHours(8)),
        };
        series.MergeFrom(measured);
        return series;
    }

    public static PeriodConditions Storage()
    {
        var start = new DateTime(2024, 10, 6, 0, 0, 0, DateTimeKind.Utc);
        return new PeriodConditions
        {
            Kind = PeriodKind.Storage,
            PeriodId = "STO-01",
            FacilityId = "HTX-XOP",
            SiteId = "SITE-STORE-1",
            SiteName = "Kho Xốp",
            From = At(start),
            To = At(start.AddDays(14)),
            Subjects = { "B-DRY-01" },
            Profile = new ProfileRef { ProfileId = "storage-dry", Version = 1, Name = "Kho khô, dưới 30 °C" },
            Verdict = Verdict.Pass,
            Series =
            {
                new SeriesConditions
                {
                    Device = "store-1", Sensor = "t0", Quantity = "temperature", Unit = "CEL", Count = 20160,
                    First = At(start), Last = At(start.AddDays(14)), Min = 21.5, Max = 27.25, Mean = 24.1, MeanKineticTemperature = 24.375,
                    LimitMax = 30,
                    Covered = Duration.FromTimeSpan(TimeSpan.FromDays(14)), InRange = Duration.FromTimeSpan(TimeSpan.FromDays(14)),
                    Points = { Enumerable.Range(0, 15).Select(day => new ChartPoint { At = At(start.AddDays(day)), Value = 21.5 + (day % 4) * 1.75 }) },
                },
            },
        };
    }

    public static PeriodConditions Packing() => new()
    {
        Kind = PeriodKind.Step,
        PeriodId = "ST-PACK-01",
        FacilityId = "HTX-XOP",
        SiteId = "SITE-PACK-1",
        SiteName = "Xưởng đóng gói",
        StepKind = StepKind.Packing,
        From = At(new DateTime(2024, 10, 20, 1, 0, 0, DateTimeKind.Utc)),
        To = At(new DateTime(2024, 10, 20, 3, 0, 0, DateTimeKind.Utc)),
        Subjects = { "08930000000015/SD-01" },
        Verdict = Verdict.Warning,
        Reasons = { new VerdictReason { Severity = Verdict.Warning, Code = "no_profile", Message = "no profile judges packing steps" } },
        Series =
        {
            new SeriesConditions
            {
                Device = "pack-1", Sensor = "t0", Quantity = "temperature", Unit = "CEL", Count = 3,
                Min = 25, Max = 26, Mean = 25.5,
                Points =
                {
                    new ChartPoint { At = At(new DateTime(2024, 10, 20, 1, 0, 0, DateTimeKind.Utc)), Value = 25 },
                    new ChartPoint { At = At(new DateTime(2024, 10, 20, 2, 0, 0, DateTimeKind.Utc)), Value = 26 },
                    new ChartPoint { At = At(new DateTime(2024, 10, 20, 3, 0, 0, DateTimeKind.Utc)), Value = 25.5 },
                },
            },
        },
    };

    /// <summary>Every series of the report, in order.</summary>
    public static IEnumerable<SeriesConditions> AllSeries(ConditionReport report) => report.Periods.SelectMany(period => period.Series);
}
