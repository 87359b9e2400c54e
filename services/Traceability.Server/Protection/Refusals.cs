using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Traceability.Api.Access;
using Traceability.Security.Policy;

namespace Traceability.Server;

/// <summary>
/// How the protection layer refuses a request: the answer (a JSON problem for HTTP, a gRPC status
/// for gRPC and gRPC-Web) and the audit entry. Audit entries are fsynced writes, so each client
/// address gets a budget of them (<see cref="RateLimitOptions.AuditedDenialsPerMinute"/>); denials
/// beyond it are logged only, and a flood of refused requests cannot become a flood of writes.
/// Thread-safe.
/// </summary>
public sealed partial class Refusals : IDisposable
{
    private const int MaxTargetLength = 512;

    private readonly PartitionedRateLimiter<string> _auditBudget;
    private readonly ILogger<Refusals> _logger;

    public Refusals(IOptions<RateLimitOptions> options, ILogger<Refusals> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        var perMinute = options.Value.AuditedDenialsPerMinute;
        _auditBudget = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1.0 / perMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Whether <paramref name="context"/> is a gRPC call (native or gRPC-Web), which is answered with a gRPC status rather than an HTTP one.</summary>
    public static bool IsGrpc(HttpContext context) =>
        context.Request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Answers <paramref name="context"/> with <paramref name="status"/> and a problem naming what
    /// was refused (<paramref name="title"/>, <paramref name="detail"/>), or, for a gRPC call, a
    /// trailers-only response with <paramref name="grpcStatus"/>; and audits the denial.
    /// </summary>
    public async Task RefuseAsync(HttpContext context, int status, int grpcStatus, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        await AuditAsync(context, detail);
        if (context.Response.HasStarted)
        {
            return;
        }

        if (IsGrpc(context))
        {
            // gRPC maps HTTP errors to UNAVAILABLE or UNKNOWN; a trailers-only answer carries the real status.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = context.Request.ContentType;
            context.Response.Headers["grpc-status"] = grpcStatus.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(detail);
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json; charset=utf-8";
        var problem = new JsonObject
        {
            ["type"] = "about:blank",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        };
        await context.Response.WriteAsync(problem.ToJsonString(), context.RequestAborted);
    }

    /// <summary>
    /// Appends the denial of <paramref name="context"/> to the audit log through the access checks
    /// (which name the caller as they do for their own denials), within the client's budget;
    /// durable when this completes.
    /// </summary>
    public async Task AuditAsync(HttpContext context, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        var from = context.Connection.RemoteIpAddress?.ToString();
        var target = Target(context);
        // Registered with the access checks; absent (nothing to append to) in hosts without them.
        var gate = context.RequestServices.GetService<AccessGate>();
        using var lease = _auditBudget.AttemptAcquire(from ?? "unknown");
        if (gate is null || !lease.IsAcquired)
        {
            Log.DeniedNotAudited(_logger, from, target, reason);
            return;
        }

        try
        {
            await gate.RecordDenialAsync(context, OperationName(context), target, reason);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The refusal stands whether or not its record could be written.
            Log.AuditFailed(_logger, e, target);
        }
    }

    public void Dispose() => _auditBudget.Dispose();

    /// <summary>The operation as the access checks name it, from the routed endpoint's rule; <c>unmapped</c> when there is none.</summary>
    private static string OperationName(HttpContext context)
    {
        if (EndpointRules.For(context.GetEndpoint(), context.Request.Method) is not { } template)
        {
            return "unmapped";
        }

        var facility = template.Facility == FacilitySource.Route ? context.GetRouteValue("facility_id") as string : null;
        return facility is null && template.Kind is OperationKind.Capture or OperationKind.ReadFacility or OperationKind.WriteInspectionNote
            ? template.Record is { } record ? $"capture {record}" : template.Kind.ToString()
            : template.Bind(facility).ToString();
    }

    /// <summary>As the access checks name it: a gRPC call by its method path, any other request by its method and path.</summary>
    private static string Target(HttpContext context)
    {
        var target = IsGrpc(context) ? context.Request.Path.ToString() : $"{context.Request.Method} {context.Request.Path}";
        return target.Length <= MaxTargetLength ? target : target[..MaxTargetLength] + "…";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Refused {Target} from {From} (not audited: no audit log, or the client's audit budget is spent): {Reason}")]
        public static partial void DeniedNotAudited(ILogger logger, string? from, string target, string reason);

        [LoggerMessage(EventId = 8002, Level = LogLevel.Error, Message = "The refusal of {Target} could not be audited")]
        public static partial void AuditFailed(ILogger logger, Exception exception, string target);
    }
}
