namespace Traceability.Reports;

/// <summary>The file formats an inspector can take a <see cref="Contracts.V1.ConditionReport"/> away in.</summary>
public enum ReportFormat
{
    /// <summary>One flat RFC 4180 table, UTF-8 with a byte order mark (<see cref="ConditionReportCsv"/>).</summary>
    Csv,

    /// <summary>An Office Open XML workbook with one sheet per kind of row (<see cref="ConditionReportXlsx"/>).</summary>
    Xlsx,

    /// <summary>A printable, self-contained HTML page with a chart per series (<see cref="ConditionReportHtml"/>).</summary>
    Html,
}
