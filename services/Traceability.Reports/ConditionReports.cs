using Traceability.Contracts.V1;

namespace Traceability.Reports;

/// <summary>
/// Writes a <see cref="ConditionReport"/> in any <see cref="ReportFormat"/>, and says what a file of
/// that format is called and served as. Stateless and thread-safe.
/// </summary>
public static class ConditionReports
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="stream"/> as <paramref name="format"/>; the stream is left open.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a <see cref="ReportFormat"/>.</exception>
    public static void Write(ConditionReport report, ReportFormat format, Stream stream)
    {
        switch (format)
        {
            case ReportFormat.Csv:
                ConditionReportCsv.Write(report, stream);
                break;
            case ReportFormat.Xlsx:
                ConditionReportXlsx.Write(report, stream);
                break;
            case ReportFormat.Html:
                ConditionReportHtml.Write(report, stream);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "not a report format");
        }
    }

    /// <summary>The media type of <paramref name="format"/>, for an HTTP response or a mail attachment.</summary>
    public static string MediaType(ReportFormat format) => format switch
    {
        ReportFormat.Csv => ConditionReportCsv.MediaType,
        ReportFormat.Xlsx => ConditionReportXlsx.MediaType,
        ReportFormat.Html => ConditionReportHtml.MediaType,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a report format"),
    };

    /// <summary>The file name extension of <paramref name="format"/>, with its dot: <c>.csv</c>, <c>.xlsx</c>, <c>.html</c>.</summary>
    public static string FileExtension(ReportFormat format) => format switch
    {
        ReportFormat.Csv => ".csv",
        ReportFormat.Xlsx => ".xlsx",
        ReportFormat.Html => ".html",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a report format"),
    };
}
