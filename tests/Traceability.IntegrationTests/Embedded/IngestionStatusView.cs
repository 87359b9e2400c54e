namespace Traceability.IntegrationTests.Embedded;

/// <summary>GET /v1/ingestion/status.</summary>
internal sealed record IngestionStatusView(
    string Broker,
    string Store,
    long MessagesStored,
    long ReadingsStored,
    long Duplicates,
    long DeadLettered,
    IReadOnlyDictionary<string, long> DeadLettersByReason,
    long OpenWindows);
