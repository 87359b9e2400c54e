using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Traceability.Security.Policy;

namespace Traceability.Api.Access;

/// <summary>
/// The <see cref="InterfaceMap"/> rule of the endpoint a request was routed to: a gRPC method
/// (native, gRPC-Web or its JSON transcoding, all carrying the method's metadata) by its full
/// path, any other route by its HTTP method and pattern. Null when the endpoint has no rule, which
/// the access checks treat as forbidden.
/// </summary>
public static class EndpointRules
{
    public static OperationTemplate? For(Endpoint? endpoint, string httpMethod)
    {
        if (endpoint is null)
        {
            return null;
        }

        if (GrpcMethod(endpoint) is { } method)
        {
            return InterfaceMap.GrpcMethods.GetValueOrDefault(method);
        }

        if (endpoint is RouteEndpoint { RoutePattern.RawText: { } pattern })
        {
            var path = pattern.StartsWith('/') ? pattern : "/" + pattern;
            // HEAD is answered by the GET route.
            var verb = HttpMethods.IsHead(httpMethod) ? HttpMethods.Get : httpMethod;
            return InterfaceMap.ForHttp(new HttpRoute(verb.ToUpperInvariant(), path));
        }

        return null;
    }

    /// <summary>The full gRPC path (<c>/traceability.v1.Service/Method</c>) of a gRPC endpoint, or null.</summary>
    public static string? GrpcMethod(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is { } grpc ? "/" + grpc.Method.FullName.TrimStart('/') : null;
}
