using Traceability.Events;

namespace Traceability.Views;

/// <summary>
/// The forward trace of a batch (the recall query): every batch and step downstream of it, and
/// every lot that contains any of it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BatchRecall(
    BatchView Batch,
    BatchView[] Downstream,
    RecordView<StepRecorded>[] Steps,
    RecordView<LotPacked>[] Lots);
