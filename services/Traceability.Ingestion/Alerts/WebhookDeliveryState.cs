namespace Traceability.Ingestion.Alerts;

/// <summary>Where a webhook delivery stands.</summary>
public enum WebhookDeliveryState
{
    /// <summary>Not delivered yet; attempted again at its next attempt time.</summary>
    Pending,

    /// <summary>The webhook answered 2xx.</summary>
    Delivered,

    /// <summary>Given up: a final refusal (4xx other than 408 and 429), or every attempt failed. Kept for an operator.</summary>
    Failed,
}
