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
        return new RpcException(new Status(CodeOf(violation.Kind), violation.ToString()));
    }

    /// <summary>The gRPC status a refusal of <paramref name="kind"/> answers.</summary>
    public static StatusCode CodeOf(ViolationKind kind) => kind switch
    {
        ViolationKind.InvalidArgument => StatusCode.InvalidArgument,
        ViolationKind.FailedPrecondition => StatusCode.FailedPrecondition,
        ViolationKind.NotFound => StatusCode.NotFound,
        ViolationKind.AlreadyExists => StatusCode.AlreadyExists,
        _ => StatusCode.Unknown,
    };

    /// <summary>A status code as gRPC names it on the wire and in documents (<c>ALREADY_EXISTS</c>).</summary>
    public static string NameOf(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        _ => "UNKNOWN",
    };

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
