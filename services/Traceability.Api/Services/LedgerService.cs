using System.Text;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Traceability.Api.Mapping;
using Traceability.Contracts.V1;
using Traceability.Proofs;
using Traceability.Rules;
using Traceability.Storage;

namespace Traceability.Api.Services;

/// <summary>The hash ledger: signing key, facility logs, checkpoints, consistency proofs and lot proof bundles.</summary>
public sealed class LedgerService(ILedger ledger, ProofBundleBuilder bundles, IAnchorReader anchors) : Contracts.V1.Ledger.LedgerBase
{
    private const int DefaultAnchors = 20;
    private const int MaxAnchors = 1000;

    public override async Task<ListAnchorsResponse> ListAnchors(ListAnchorsRequest request, ServerCallContext context)
    {
        if (request.Limit is < 0 or > MaxAnchors)
        {
            throw Errors.From(RuleViolation.Invalid("limit", $"must be 0 to {MaxAnchors}, not {request.Limit}"));
        }

        var recent = await anchors.RecentAsync(request.Limit == 0 ? DefaultAnchors : request.Limit, context.CancellationToken);
        var response = new ListAnchorsResponse { Enabled = anchors.Enabled };
        response.Anchors.Add(recent.Select(a => Info(a.Sequence, a.State, a.Root, a.Logs, a.CreatedAt, a.OnChain, a.Failure)));
        return response;
    }

    public override async Task<Contracts.V1.LotAnchorStatus> GetLotAnchorStatus(GetLotProofRequest request, ServerCallContext context)
    {
        Errors.RequireLot(request.Gtin, request.Lot);
        var gtin = FromProto.GtinOrRaw(request.Gtin);
        var status = await bundles.AnchorStatusAsync(gtin, request.Lot, context.CancellationToken)
            ?? throw Errors.NotFound("lot", $"lot '{request.Lot}' of GTIN {gtin} does not exist");
        return new Contracts.V1.LotAnchorStatus
        {
            Gtin = gtin,
            Lot = request.Lot,
            Status = status.Status,
            Events = status.Events,
            Anchor = status.Anchor is { } a ? Info(a.Sequence, "Confirmed", a.Root, a.Checkpoints.Count, a.AnchoredAt, a, null) : null,
        };
    }

    private static AnchorInfo Info(long sequence, string state, byte[] root, int logs, DateTimeOffset createdAt, ChainAnchor? onChain, string? failure)
    {
        var info = new AnchorInfo
        {
            Sequence = sequence,
            State = state,
            Root = ByteString.CopyFrom(root),
            Logs = logs,
            CreatedAt = Timestamp.FromDateTimeOffset(createdAt),
            Failure = failure ?? string.Empty,
        };
        if (onChain is { } chain)
        {
            info.ChainId = chain.ChainId;
            info.Contract = chain.Contract;
            info.TransactionHash = chain.TransactionHash;
            info.BlockNumber = chain.BlockNumber;
            info.BlockHash = chain.BlockHash;
            info.LogIndex = chain.LogIndex;
            info.AnchoredAt = Timestamp.FromDateTimeOffset(chain.AnchoredAt);
        }

        return info;
    }

    public override Task<SigningKey> GetSigningKey(GetSigningKeyRequest request, ServerCallContext context)
    {
        var key = ledger.SigningKey;
        return Task.FromResult(new SigningKey
        {
            KeyName = key.Name,
            VerifierKey = key.VerifierKey,
            PublicKey = ByteString.CopyFrom(key.PublicKey),
            Algorithm = "Ed25519",
        });
    }

    public override async Task<ListLogsResponse> ListLogs(ListLogsRequest request, ServerCallContext context)
    {
        var logs = await ledger.LogsAsync(context.CancellationToken);
        var response = new ListLogsResponse();
        response.Logs.Add(logs.Select(log => new LogInfo
        {
            FacilityId = log.FacilityId,
            Origin = log.Origin,
            Size = log.Size,
            LatestCheckpoint = log.Latest is null ? null : Checkpoint(log.Latest),
        }));
        return response;
    }

    public override async Task<Contracts.V1.Checkpoint> GetCheckpoint(GetCheckpointRequest request, ServerCallContext context)
    {
        Errors.RequireId("facility_id", request.FacilityId);
        var latest = await ledger.LatestAsync(request.FacilityId, context.CancellationToken);
        return latest is null
            ? throw Errors.NotFound("facility_id", $"facility '{request.FacilityId}' has no checkpoint yet (no events, or none cut since its first event)")
            : Checkpoint(latest);
    }

    public override async Task<CutCheckpointsResponse> CutCheckpoints(CutCheckpointsRequest request, ServerCallContext context)
    {
        if (request.FacilityId.Length > 0)
        {
            Errors.RequireId("facility_id", request.FacilityId);
        }

        var cut = await ledger.CutAsync(request.FacilityId.Length == 0 ? null : request.FacilityId, context.CancellationToken);
        var response = new CutCheckpointsResponse();
        response.Checkpoints.Add(cut.Select(Checkpoint));
        return response;
    }

    public override async Task<ConsistencyProof> GetConsistencyProof(GetConsistencyProofRequest request, ServerCallContext context)
    {
        Errors.RequireId("facility_id", request.FacilityId);
        var size = (await ledger.LogsAsync(context.CancellationToken)).FirstOrDefault(l => l.FacilityId == request.FacilityId)?.Size
            ?? throw Errors.NotFound("facility_id", $"facility '{request.FacilityId}' has no log");
        if (request.From < 1 || request.From > request.To)
        {
            throw Errors.From(RuleViolation.Invalid("from", $"must be from 1 to 'to' ({request.To}), not {request.From}"));
        }

        if (request.To > size)
        {
            throw Errors.From(RuleViolation.Invalid("to", $"the log of '{request.FacilityId}' has {size} leaves, fewer than {request.To}"));
        }

        var proof = await ledger.ConsistencyProofAsync(request.FacilityId, request.From, request.To, context.CancellationToken);
        var response = new ConsistencyProof { FacilityId = request.FacilityId, From = request.From, To = request.To };
        response.Hashes.Add(proof.Select(ByteString.CopyFrom));
        return response;
    }

    public override async Task<HttpBody> GetLotProof(GetLotProofRequest request, ServerCallContext context)
    {
        Errors.RequireLot(request.Gtin, request.Lot);
        var gtin = FromProto.GtinOrRaw(request.Gtin);
        var bundle = await bundles.BuildAsync(gtin, request.Lot, context.CancellationToken)
            ?? throw Errors.NotFound("lot", $"lot '{request.Lot}' of GTIN {gtin} does not exist");
        return new HttpBody
        {
            ContentType = "application/json",
            Data = ByteString.CopyFrom(bundle.ToJson(), Encoding.UTF8),
        };
    }

    private static Contracts.V1.Checkpoint Checkpoint(LedgerCheckpoint c) => new()
    {
        FacilityId = c.FacilityId,
        Origin = c.Origin,
        Size = c.Size,
        Root = ByteString.CopyFrom(c.Root),
        Note = c.Note,
        CutAt = Timestamp.FromDateTimeOffset(c.CutAt),
    };
}
