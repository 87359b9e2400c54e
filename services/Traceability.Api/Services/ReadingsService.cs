using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Traceability.Conditions;
using Traceability.Contracts.V1;
using Traceability.Ingestion;
using Traceability.Ingestion.Pipeline;
using Traceability.Rules;

namespace Traceability.Api.Services;

/// <summary>Stored sensor readings, the dead-letter store and the ingestion's counters.</summary>
public sealed class ReadingsService(
    ITimeSeriesStore store,
    IDeadLetterStore deadLetters,
    IngestionMetrics metrics,
    IngestionJournal journal,
    IngestionRuntime runtime,
    Ingestion.Pipeline.DeviceLiveness liveness) : Readings.ReadingsBase
{
    private const int DefaultLimit = 10_000;
    private const int MaxLimit = 100_000;
    private const int DefaultDeadLetters = 100;
    private const int MaxDeadLetters = 1000;

    public override async Task<ListSiteReadingsResponse> ListSiteReadings(ListSiteReadingsRequest request, ServerCallContext context)
    {
        Errors.RequireId("site_id", request.SiteId);
        if (request.From is null)
        {
            throw Errors.From(RuleViolation.Invalid("from", "is required (ISO 8601, e.g. 2026-11-28T00:00:00Z)"));
        }

        if (request.To is null)
        {
            throw Errors.From(RuleViolation.Invalid("to", "is required (ISO 8601, e.g. 2026-11-29T00:00:00Z)"));
        }

        var from = request.From.ToDateTimeOffset();
        var to = request.To.ToDateTimeOffset();
        if (to <= from)
        {
            throw Errors.From(RuleViolation.Invalid("to", $"{to:O} must be after from {from:O}"));
        }

        if (request.Limit is < 0 or > MaxLimit)
        {
            throw Errors.From(RuleViolation.Invalid("limit", $"must be 0 (default {DefaultLimit}) to {MaxLimit}, not {request.Limit}"));
        }

        var limit = request.Limit == 0 ? DefaultLimit : request.Limit;
        var readings = await store.ReadAsync(request.SiteId, from, to, context.CancellationToken);
        var response = new ListSiteReadingsResponse { SiteId = request.SiteId, Truncated = readings.Count > limit };
        response.Readings.Add(readings.Take(limit).Select(r => new SensorReading
        {
            FacilityId = r.Facility,
            SiteId = r.Site,
            Device = r.Device,
            Sensor = r.Sensor,
            Quantity = r.Quantity,
            Unit = r.Unit,
            Value = r.Value,
            At = Timestamp.FromDateTimeOffset(r.At),
        }));
        return response;
    }

    public override async Task<ListDeadLettersResponse> ListDeadLetters(ListDeadLettersRequest request, ServerCallContext context)
    {
        if (request.Limit is < 0 or > MaxDeadLetters)
        {
            throw Errors.From(RuleViolation.Invalid("limit", $"must be 0 (default {DefaultDeadLetters}) to {MaxDeadLetters}, not {request.Limit}"));
        }

        var letters = await deadLetters.ListAsync(request.AfterId, request.Limit == 0 ? DefaultDeadLetters : request.Limit, context.CancellationToken);
        var response = new ListDeadLettersResponse();
        response.DeadLetters.Add(letters.Select(l => new Contracts.V1.DeadLetter
        {
            Id = l.Id,
            ReceivedAt = Timestamp.FromDateTimeOffset(l.Letter.ReceivedAt),
            Topic = l.Letter.Topic,
            ClientId = l.Letter.ClientId ?? string.Empty,
            Reason = l.Letter.Reason.ToString(),
            Detail = l.Letter.Detail,
            Payload = ByteString.CopyFrom(l.Letter.Payload.Span),
        }));
        return response;
    }

    public override Task<ListDevicesResponse> ListDevices(ListDevicesRequest request, ServerCallContext context)
    {
        if (request.SiteId.Length > 0)
        {
            Errors.RequireId("site_id", request.SiteId);
        }

        var response = new ListDevicesResponse();
        response.Devices.Add(liveness.List(request.SiteId.Length > 0 ? request.SiteId : null).Select(d => new Contracts.V1.DeviceLiveness
        {
            FacilityId = d.Facility,
            SiteId = d.Site,
            Device = d.Device,
            State = d.State,
            At = Timestamp.FromDateTimeOffset(d.At),
            Buffered = d.Buffered,
            Dropped = d.Dropped,
            ReceivedAt = Timestamp.FromDateTimeOffset(d.ReceivedAt),
        }));
        return Task.FromResult(response);
    }

    public override async Task<IngestionStatus> GetIngestionStatus(GetIngestionStatusRequest request, ServerCallContext context)
    {
        var status = new IngestionStatus
        {
            Broker = runtime.Broker,
            Store = runtime.Store,
            MessagesStored = metrics.Stored,
            ReadingsStored = metrics.StoredReadings,
            Duplicates = metrics.Duplicates,
            DeadLettered = metrics.DeadLettered,
            OpenWindows = journal.AllWindows().Count,
        };
        foreach (var (reason, count) in await deadLetters.CountAsync(context.CancellationToken))
        {
            status.DeadLettersByReason[reason.ToString()] = count;
        }

        return status;
    }
}
