using Google.Protobuf;
using Grpc.Net.Client;
using Traceability.Api.Mapping;
using Traceability.Contracts.V1;
using Traceability.Events;
using Traceability.Grains;
using Traceability.Grains.Tracing;

namespace Traceability.Benchmarks.Fixtures;

/// <summary>Captures a <see cref="TracedLot"/> and checks that its backward trace is the expected one.</summary>
public static class LotCapture
{
    /// <summary>Sends the lot's requests to the server behind <paramref name="channel"/>, then traces the lot once over gRPC.</summary>
    public static async Task OverGrpcAsync(TracedLot lot, GrpcChannel channel)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var registry = new Registry.RegistryClient(channel);
        var batches = new Batches.BatchesClient(channel);
        var processing = new Processing.ProcessingClient(channel);
        var lots = new Lots.LotsClient(channel);
        foreach (var request in lot.Requests())
        {
            IMessage reply = request switch
            {
                RegisterFacilityRequest r => await registry.RegisterFacilityAsync(r),
                RegisterSiteRequest r => await registry.RegisterSiteAsync(r),
                RegisterAreaRequest r => await registry.RegisterAreaAsync(r),
                RegisterProductRequest r => await registry.RegisterProductAsync(r),
                HarvestRequest r => await batches.HarvestAsync(r),
                RecordStepRequest r => await processing.RecordStepAsync(r),
                PackLotRequest r => await lots.PackAsync(r),
                _ => throw new InvalidOperationException($"No client for {request.Descriptor.Name}."),
            };
            _ = reply;
        }

        var trace = await new Contracts.V1.Trace.TraceClient(channel).TraceLotAsync(lot.TraceRequest);
        lot.Verify(trace.Depth, trace.Batches.Count, trace.Steps.Count, trace.Areas.Count);
    }

    /// <summary>Captures the lot through the facility grain (the API's mapping turns each request into its event), then traces it once in-process.</summary>
    public static async Task InProcessAsync(TracedLot lot, IGrainFactory grains, TraceQueries queries)
    {
        ArgumentNullException.ThrowIfNull(lot);
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(queries);
        foreach (var request in lot.Requests())
        {
            FacilityEvent candidate = request switch
            {
                RegisterFacilityRequest r => FromProto.Facility(r),
                RegisterSiteRequest r => FromProto.Site(r),
                RegisterAreaRequest r => FromProto.Area(r),
                RegisterProductRequest r => FromProto.Product(r),
                HarvestRequest r => FromProto.Harvest(r),
                RecordStepRequest r => FromProto.Step(r),
                PackLotRequest r => FromProto.Lot(r),
                _ => throw new InvalidOperationException($"No event for {request.Descriptor.Name}."),
            };
            var result = await grains.GetGrain<IFacilityGrain>(candidate.FacilityId).Capture(candidate);
            if (result.Violation is { } violation)
            {
                throw new InvalidOperationException($"{candidate.GetType().Name} was refused: {violation}");
            }
        }

        var trace = await queries.BackwardAsync(lot.Gtin, lot.LotCode)
            ?? throw new InvalidOperationException($"Lot {lot.LotCode} of {lot.Gtin} has no trace.");
        lot.Verify(trace.Depth, trace.Batches.Length, trace.Steps.Length, trace.Areas.Length);
    }
}
