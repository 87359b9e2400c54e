namespace Traceability.IntegrationTests.Embedded;

/// <summary>One entry of GET /v1/ingestion/dead-letters.</summary>
internal sealed record DeadLetterView(long Id, string Topic, string ClientId, string Reason, string Detail, byte[] Payload);
