namespace Traceability.Ingestion.Alerts;

/// <summary>One alert for one webhook, as the outbox keeps it.</summary>
/// <param name="Id">The delivery id (header <c>X-Traceability-Delivery</c>), the same on every attempt.</param>
/// <param name="Url">The webhook.</param>
/// <param name="Body">The alert's JSON, sent as is.</param>
/// <param name="CreatedAt">When the alert was put in the outbox.</param>
/// <param name="Attempts">Attempts made so far.</param>
/// <param name="NextAttemptAt">When it is due again (while pending).</param>
/// <param name="State">Pending, delivered or failed.</param>
/// <param name="LastError">What the last failed attempt got, or null.</param>
public sealed record WebhookDelivery(
    string Id,
    string Url,
    ReadOnlyMemory<byte> Body,
    DateTimeOffset CreatedAt,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    WebhookDeliveryState State,
    string? LastError);
