namespace Traceability.Ingestion.Alerts;

/// <summary>
/// One receiver of alerts (<c>Alerts:Webhooks:n</c>): every alert is POSTed to <see cref="Url"/> as
/// JSON, signed with <see cref="Secret"/> (<see cref="WebhookSignature"/>).
/// </summary>
public sealed class AlertWebhook
{
    /// <summary>The absolute http(s) URL alerts are POSTed to.</summary>
    public string Url { get; set; } = "";

    /// <summary>The shared secret of the HMAC-SHA256 signature; never sent.</summary>
    public string Secret { get; set; } = "";
}
