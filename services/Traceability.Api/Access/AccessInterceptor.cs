using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Traceability.Grains.Access;
using Traceability.Security.Policy;

namespace Traceability.Api.Access;

/// <summary>
/// The access checks of every gRPC call, native, gRPC-Web or JSON-transcoded (the transcoding
/// binds route values into the message before this runs, so the facility is read from the message
/// either way). UNAUTHENTICATED, PERMISSION_DENIED (the transcoding answers 401 / 403) or
/// UNAVAILABLE with the reason; otherwise the call runs as its caller in the grains
/// (<see cref="CallerContext"/>), and a regionally scoped inspector's listing keeps only the
/// facilities in the region (<see cref="RegionFilter"/>).
/// </summary>
public sealed class AccessInterceptor(AccessGate gate, RegionFilter regions) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        var verdict = await CheckAsync(request, context).ConfigureAwait(false);
        using (CallerContext.Enter(verdict.Principal))
        {
            TResponse response;
            try
            {
                response = await continuation(request, context).ConfigureAwait(false);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied, e.Message));
            }

            if (verdict.ResultsLimitedTo is { } region && response is IMessage message)
            {
                await regions.KeepWithinAsync(message, region).ConfigureAwait(false);
            }

            return response;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        var verdict = await CheckAsync(request, context).ConfigureAwait(false);
        if (verdict.ResultsLimitedTo is not null)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "this stream cannot be limited to a region"));
        }

        using (CallerContext.Enter(verdict.Principal))
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        throw new RpcException(new Status(StatusCode.PermissionDenied, "client streams have no access rule"));

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        throw new RpcException(new Status(StatusCode.PermissionDenied, "duplex streams have no access rule"));

    private async Task<AccessVerdict> CheckAsync<TRequest>(TRequest request, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var template = InterfaceMap.GrpcMethods.GetValueOrDefault(context.Method);
        var verdict = await gate.CheckAsync(http, template, name => Field(request as IMessage, name), context.Method).ConfigureAwait(false);
        return verdict.Outcome switch
        {
            AccessOutcome.Allowed => verdict,
            AccessOutcome.Unauthenticated => throw Refused(http, StatusCode.Unauthenticated, verdict.Reason),
            AccessOutcome.Forbidden => throw new RpcException(new Status(StatusCode.PermissionDenied, verdict.Reason)),
            _ => throw new RpcException(new Status(StatusCode.Unavailable, verdict.Reason)),
        };
    }

    private static RpcException Refused(Microsoft.AspNetCore.Http.HttpContext http, StatusCode code, string reason)
    {
        http.Response.Headers.WWWAuthenticate = "ApiKey, Bearer";
        return new RpcException(new Status(code, reason));
    }

    /// <summary>A string field of the request by its proto name; null when there is none.</summary>
    internal static string? Field(IMessage? message, string name) =>
        message?.Descriptor.FindFieldByName(name) is { FieldType: Google.Protobuf.Reflection.FieldType.String, IsRepeated: false } field
            ? field.Accessor.GetValue(message) as string
            : null;
}
