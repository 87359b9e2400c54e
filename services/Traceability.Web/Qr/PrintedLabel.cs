namespace Traceability.Web.Qr;

/// <summary>One label of a sheet: the Digital Link URI its QR code carries and, when packages are numbered, its serial.</summary>
internal sealed record PrintedLabel(string DigitalLink, string? Serial);
