using Grpc.Core;
using Traceability.Contracts.V1;

namespace Traceability.Cli.Tests;

/// <summary>The Conditions service of the stub server: one lot's report and one profile at version 2.</summary>
internal sealed class StubConditions : Conditions.ConditionsBase
{
    public override Task<ConditionReport> GetLotConditions(GetLotConditionsRequest request, ServerCallContext context) =>
        request.Gtin == ConditionsFixtures.Gtin && request.Lot == ConditionsFixtures.LotCode
            ? Task.FromResult(ConditionsFixtures.Lot())
            : throw new RpcException(new Status(StatusCode.NotFound, $"lot {request.Gtin}/{request.Lot} is not registered"));

    public override Task<ConditionProfile> PutProfile(PutProfileRequest request, ServerCallContext context)
    {
        if (request.ExpectedVersion != 2)
        {
            throw new RpcException(new Status(StatusCode.Aborted, $"profile {request.ProfileId} is at version 2, not {request.ExpectedVersion}"));
        }
        var saved = request.Profile.Clone();
        saved.Version = 3;
        saved.ChangedBy = "inspector";
        return Task.FromResult(saved);
    }
}
