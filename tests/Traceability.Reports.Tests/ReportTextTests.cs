using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.V1;

namespace Traceability.Reports.Tests;

/// <summary>The words, times and numbers every format shares.</summary>
public sealed class ReportTextTests
{
    [Fact]
    public void TimesAreIsoUtcWithAFractionOnlyWhenThereIsOne()
    {
        Assert.Equal("2024-10-05T00:30:00Z", ReportText.Time(Reports.At(Reports.DryingStart)));
        Assert.Equal("2024-10-05T00:30:00.25Z", ReportText.Time(Reports.At(Reports.DryingStart.AddMilliseconds(250))));
        Assert.Equal("", ReportText.Time(null));
    }

    [Fact]
    public void DurationsAreMinutesToTheMillisecond()
    {
        Assert.Equal(0.75, ReportText.Minutes(Duration.FromTimeSpan(TimeSpan.FromSeconds(45))));
        Assert.Equal(0.017, ReportText.Minutes(Duration.FromTimeSpan(TimeSpan.FromSeconds(1))));
        Assert.Null(ReportText.Minutes(null));
    }

    [Theory]
    [InlineData(Verdict.Pass, "pass")]
    [InlineData(Verdict.Warning, "warning")]
    [InlineData(Verdict.Fail, "fail")]
    [InlineData(Verdict.Unspecified, "")]
    public void VerdictsAreTheCommandLinesWords(Verdict verdict, string word) => Assert.Equal(word, ReportText.Verdict(verdict));

    [Fact]
    public void ASiteQuerysPeriodIsNamedByItsSite()
    {
        Assert.Equal("site SITE-DRY-1", ReportText.PeriodTitle(new PeriodConditions { Kind = PeriodKind.Site, SiteId = "SITE-DRY-1" }));
        Assert.Equal("step ST-DRY-01 (drying)", ReportText.PeriodTitle(Reports.Drying()));
    }

    [Fact]
    public void APeriodOfAFacilityWithoutACheckpointNamesEveryCheckpoint()
    {
        var report = Reports.Lot();
        report.Checkpoints.Add(new CheckpointRef { FacilityId = "DN-KONTUM", Size = 7, Root = "ab" });

        Assert.Equal("HTX-XOP:42:3f9a0c6b1e2d4f5a", ReportText.CheckpointLabel(report, report.Periods[0]));
        Assert.Equal("HTX-XOP:42:3f9a0c6b1e2d4f5a DN-KONTUM:7:ab",
            ReportText.CheckpointLabel(report, new PeriodConditions { Kind = PeriodKind.Site, FacilityId = "OTHER" }));
    }
}
