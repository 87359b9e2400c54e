using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Traceability.Domain;
using Traceability.Epcis;
using Traceability.Events;
using Traceability.Events.Epcis;

namespace Traceability.Benchmarks;

/// <summary>
/// The capture path's EPCIS work per event: <see cref="EpcisRendering.Identified"/> (the EPCIS 2.0
/// JSON-LD text with its CBV 2.0 hash ID as <c>eventID</c>) of a harvest, of a step with 3 inputs and
/// 2 outputs and of a packed lot; and <see cref="EventHash.Compute"/> alone, of the step's EPCIS
/// object already built.
/// </summary>
[MemoryDiagnoser]
public class EventHashBenchmarks
{
    private static readonly DateTimeOffset RecordedAt = new(2026, 11, 28, 14, 3, 27, 412, TimeSpan.Zero);

    private readonly BatchHarvested _harvest = new(
        "HTX-NGOCLINH-DG", "NL-H-2026-001", "DG-NL-TK249-K3-L2", "Codonopsis javanica", 120_000,
        new DateTimeOffset(2026, 2, 10, 7, 30, 0, TimeSpan.FromHours(7)), "A Nhem");

    private readonly StepRecorded _step = new(
        "HTX-NGOCLINH-DG", "NL-S-2026-001", "HTX-NGOCLINH-DG.PROC1", StepKind.Washing,
        new DateTimeOffset(2026, 2, 12, 7, 0, 0, TimeSpan.FromHours(7)), new DateTimeOffset(2026, 2, 12, 11, 30, 0, TimeSpan.FromHours(7)), "Y Hoa",
        [new("NL-H-2026-001", 120_000), new("NL-H-2026-002", 85_000), new("NL-H-2026-003", 42_500)],
        [
            new("NL-B-2026-001", 196_800, "Fresh vine-ginseng roots, washed, rootlets trimmed / Sâm dây tươi đã rửa, cắt rễ con"),
            new("NL-B-2026-002", 43_250, "Rootlets, for extraction / Rễ con để chiết"),
        ]);

    private readonly LotPacked _lot = new(
        "HTX-NGOCLINH-DG", "08936204000114", "NL-2026-031", "HTX-NGOCLINH-DG.PROC1", 240, 500,
        new DateOnly(2026, 6, 1), new DateOnly(2028, 6, 1), [new("NL-B-2026-010", 96_000), new("NL-B-2026-011", 24_000)]);

    private JsonObject _stepJson = null!;

    [GlobalSetup]
    public void Setup() => _stepJson = EpcisRendering.ToJson(_step, RecordedAt);

    [Benchmark]
    public string IdentifiedHarvest() => EpcisRendering.Identified(_harvest, RecordedAt).EventId;

    [Benchmark]
    public string IdentifiedStep() => EpcisRendering.Identified(_step, RecordedAt).EventId;

    [Benchmark]
    public string IdentifiedLot() => EpcisRendering.Identified(_lot, RecordedAt).EventId;

    /// <summary>The hash ID alone of the step's EPCIS object (canonicalisation and SHA-256).</summary>
    [Benchmark]
    public string ComputeStep() => EventHash.Compute(_stepJson);
}
