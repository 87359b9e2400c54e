using Grpc.Core;
using Traceability.Identifiers;
using Traceability.Rules;

namespace Traceability.Api.Services;

/// <summary>Turns broken rules into gRPC statuses whose message names the field and the rule.</summary>
public static class Errors
{
    public static RpcException From(RuleViolation violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        var code = violation.Kind switch
        {
            ViolationKind.InvalidArgument => StatusCode.InvalidArgument,
            ViolationKind.FailedPrecondition => StatusCode.FailedPrecondition,
            ViolationKind.NotFound => StatusCode.NotFound,
            ViolationKind.AlreadyExists => StatusCode.AlreadyExists,
            _ => StatusCode.Unknown,
        };
        return new RpcException(new Status(code, violation.ToString()));
    }

    public static RpcException NotFound(string field, string message) => new(new Status(StatusCode.NotFound, $"{field}: {message}"));

    /// <summary>Rejects an identifier that is not well formed before any grain is asked for it.</summary>
    public static void RequireId(string field, string value)
    {
        if (!RecordId.IsValid(value, out var error))
        {
            throw From(RuleViolation.Invalid(field, error));
        }
    }

    /// <summary>Rejects a GTIN or lot code that is not well formed.</summary>
    public static void RequireLot(string gtin, string lot)
    {
        if (!Gtin.TryNormalize(gtin, out _, out var error))
        {
            throw From(RuleViolation.Invalid("gtin", error));
        }

        if (!LotCode.IsValid(lot, out error))
        {
            throw From(RuleViolation.Invalid("lot", error));
        }
    }
}
