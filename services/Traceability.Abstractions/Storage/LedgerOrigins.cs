namespace Traceability.Storage;

/// <summary>
/// How facility logs are named: the origin line of a facility's log is the platform's log name,
/// <c>/facility/</c> and the facility id (escaped as a URI path segment), e.g.
/// <c>id.traceability.vn/facility/htx-dak-glei</c>.
/// </summary>
public static class LedgerOrigins
{
    /// <summary>The default platform log name (also the checkpoint signer's key name).</summary>
    public const string DefaultName = "id.traceability.vn";

    public static string Of(string logName, string facilityId) => $"{logName}/facility/{Uri.EscapeDataString(facilityId)}";
}
