using System.ComponentModel.DataAnnotations;

namespace Traceability.Web.DigitalLinks;

/// <summary>Settings <c>DigitalLink:*</c>: where the QR codes on the packages point.</summary>
public sealed class DigitalLinkOptions
{
    public const string Section = "DigitalLink";

    /// <summary>
    /// The resolver's public base URL printed in every QR code (<c>DigitalLink__BaseUrl</c>, e.g.
    /// <c>https://qr.htxngoclinh.vn</c>). Empty: the scheme and host the request came to, so a
    /// phone on the same network as an embedded server resolves what it scans.
    /// </summary>
    [Url]
    public string? BaseUrl { get; set; }

    /// <summary>
    /// How long the trace page reuses the server's own check of a lot's proof bundle while none of
    /// the lot's facility logs has grown (<c>DigitalLink__ServerCheckSeconds</c>, default 60; 0
    /// checks on every view).
    /// </summary>
    [Range(0, 86_400)]
    public int ServerCheckSeconds { get; set; } = 60;
}
