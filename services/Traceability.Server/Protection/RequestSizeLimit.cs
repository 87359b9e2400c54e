using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Traceability.Server;

/// <summary>
/// Refuses HTTP requests whose body is larger than <see cref="RequestLimitOptions.MaxRequestBodyBytes"/>
/// with 413 and a problem naming the limit, before any endpoint sees them: at once when the
/// <c>Content-Length</c> says so, or when Kestrel stops a body of unknown length (chunked, HTTP/2)
/// at the limit while this middleware reads it ahead. gRPC calls are left to gRPC's own message
/// limit (the same number), which answers <c>RESOURCE_EXHAUSTED</c>; this middleware audits those
/// refusals too.
/// </summary>
public sealed class RequestSizeLimit(RequestDelegate next, IOptions<RequestLimitOptions> options, Refusals refusals)
{
    private const string Title = "Request too large";
    private readonly long _limit = options.Value.MaxRequestBodyBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var grpc = Refusals.IsGrpc(context);
        if (!grpc && context.Request.ContentLength is { } length && length > _limit)
        {
            await RefuseAsync(context, length);
            return;
        }

        try
        {
            if (!grpc && context.Request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true })
            {
                // A body of unknown length: read it here (in memory up to 30 KB, then a
                // temporary file; never more than the limit), so that its refusal is ours, a 413,
                // rather than whatever an endpoint makes of Kestrel's exception (JSON transcoding
                // answers 400).
                context.Request.EnableBuffering();
                await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
                context.Request.Body.Position = 0;
            }

            await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await RefuseAsync(context, length: null);
            return;
        }

        if (grpc && GrpcStatus(context) == (int)StatusCode.ResourceExhausted)
        {
            await refusals.AuditAsync(context, $"gRPC message larger than the limit of {_limit.ToString(CultureInfo.InvariantCulture)} bytes ({RequestLimitOptions.Section}:{nameof(RequestLimitOptions.MaxRequestBodyBytes)})");
        }
    }

    private Task RefuseAsync(HttpContext context, long? length)
    {
        var limit = _limit.ToString(CultureInfo.InvariantCulture);
        var size = length is { } known ? $"of {known.ToString(CultureInfo.InvariantCulture)} bytes " : string.Empty;
        var detail = $"The request body {size}is larger than the limit of {limit} bytes ({RequestLimitOptions.Section}:{nameof(RequestLimitOptions.MaxRequestBodyBytes)}).";
        // The rest of the body is not read: the connection closes after the answer rather than draining it.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = _limit;
        }

        return refusals.RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, (int)StatusCode.ResourceExhausted, Title, detail);
    }

    /// <summary>The gRPC status of a finished call: in the headers of a trailers-only answer (a refusal before any message), else in the trailers.</summary>
    private static int? GrpcStatus(HttpContext context)
    {
        var value = context.Response.Headers["grpc-status"].ToString();
        if (value.Length == 0 && context.Features.Get<IHttpResponseTrailersFeature>() is { } trailers)
        {
            value = trailers.Trailers["grpc-status"].ToString();
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var status) ? status : null;
    }
}
