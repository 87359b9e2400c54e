using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

/// <summary>A lot of dried ginseng vine whose drying ran too hot for 25 minutes, as the server reports it.</summary>
internal static class ConditionsFixtures
{
    public const string Gtin = "08930000000015";
    public const string LotCode = "SD-01";

    private static readonly DateTime Start = new(2024, 10, 5, 0, 30, 0, DateTimeKind.Utc);

    private static Timestamp At(DateTime time) => Timestamp.FromDateTime(time);

    public static ConditionReport Report() => new()
    {
        Subject = $"lot {Gtin}/{LotCode}",
        Gtin = Gtin,
        Lot = LotCode,
        ProductNameVi = "Sâm dây Ngọc Linh sấy khô",
        Verdict = Verdict.Fail,
        Reasons = { new VerdictReason { Severity = Verdict.Fail, Code = "excursion", Message = "temperature above 70 °C for 25 min" } },
        Periods =
        {
            new PeriodConditions
            {
                Kind = PeriodKind.Step,
                PeriodId = "ST-DRY-01",
                FacilityId = "HTX-XOP",
                SiteId = "SITE-DRY-1",
                SiteName = "Lò sấy \"Đăk Glei\", khu A",
                StepKind = StepKind.Drying,
                From = At(Start),
                To = At(Start.AddHours(8)),
                Profile = new ProfileRef { ProfileId = "drying-default", Version = 3, Name = "Sấy 50–70 °C" },
                Verdict = Verdict.Fail,
                Reasons = { new VerdictReason { Severity = Verdict.Fail, Code = "excursion", Message = "temperature above 70 °C for 25 min" } },
                Series =
                {
                    new SeriesConditions
                    {
                        Device = "dryer-1", Sensor = "t0", Quantity = "temperature", Unit = "CEL", Count = 480,
                        Min = 55, Max = 74.5, Mean = 63, LimitMin = 50, LimitMax = 70,
                        Excursions =
                        {
                            new Excursion
                            {
                                Direction = "above", Limit = 70, Start = At(Start.AddHours(3)), End = At(Start.AddHours(3).AddMinutes(25)),
                                Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(25)), Peak = 74.5, Readings = 25,
                            },
                        },
                        Points = { Enumerable.Range(0, 9).Select(hour => new ChartPoint { At = At(Start.AddHours(hour)), Value = 55 + 2 * hour }) },
                    },
                },
            },
        },
        ComputedAt = At(new DateTime(2024, 11, 2, 8, 15, 30, DateTimeKind.Utc)),
        Checkpoints = { new CheckpointRef { FacilityId = "HTX-XOP", Size = 42, Root = "3f9a0c6b1e2d4f5a6b7c8d9e0f1a2b3c" } },
    };
}
