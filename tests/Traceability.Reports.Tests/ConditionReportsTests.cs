using System.Text;

namespace Traceability.Reports.Tests;

/// <summary>One entry point for every format, as a server or the command line calls it.</summary>
public sealed class ConditionReportsTests
{
    [Theory]
    [InlineData(ReportFormat.Csv, ".csv", "text/csv; charset=utf-8")]
    [InlineData(ReportFormat.Xlsx, ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData(ReportFormat.Html, ".html", "text/html; charset=utf-8")]
    public void EachFormatHasItsExtensionAndMediaType(ReportFormat format, string extension, string mediaType)
    {
        Assert.Equal(extension, ConditionReports.FileExtension(format));
        Assert.Equal(mediaType, ConditionReports.MediaType(format));
    }

    [Fact]
    public void EachFormatWritesItsOwnKindOfFile()
    {
        var report = Reports.Lot();

        byte[] Written(ReportFormat format)
        {
            using var stream = new MemoryStream();
            ConditionReports.Write(report, format, stream);
            return stream.ToArray();
        }

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'r', (byte)'o', (byte)'w' }, Written(ReportFormat.Csv)[..6]);
        Assert.Equal("PK"u8.ToArray(), Written(ReportFormat.Xlsx)[..2]);
        Assert.StartsWith("<!DOCTYPE html>", Encoding.UTF8.GetString(Written(ReportFormat.Html)), StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownFormatIsRefused()
    {
        using var stream = new MemoryStream();

        Assert.Throws<ArgumentOutOfRangeException>(() => ConditionReports.Write(Reports.Lot(), (ReportFormat)42, stream));
    }
}
