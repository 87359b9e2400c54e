using Traceability.Reports;

namespace Traceability.Cli;

/// <summary>How <c>trace conditions lot|site</c> gives its report: a table on screen, or a file for an inspector.</summary>
internal enum ConditionsFormat
{
    /// <summary>A summary table (or, with <c>--json</c>, the report as JSON) on standard output.</summary>
    Table,

    /// <summary><see cref="ReportFormat.Csv"/>: to <c>--output</c>, or standard output.</summary>
    Csv,

    /// <summary><see cref="ReportFormat.Xlsx"/>: to <c>--output</c> only.</summary>
    Xlsx,

    /// <summary><see cref="ReportFormat.Html"/>: to <c>--output</c>, or standard output.</summary>
    Html,
}
