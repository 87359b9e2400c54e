using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Traceability.Api.Access;
using Traceability.Security.Policy;

namespace Traceability.Server;

/// <summary>
/// The rate limit of the public endpoints (<see cref="RateLimitOptions"/>), on ASP.NET Core's rate
/// limiter: which requests it counts (routed to a <see cref="OperationKind.PublicTrace"/> rule, from
/// a caller who did not authenticate), how clients are told apart (by address; an IPv6 client by
/// its /64, which one household or phone holds whole) and how the excess is refused (429 with
/// <c>Retry-After</c>, or <c>RESOURCE_EXHAUSTED</c> for gRPC, and audited).
/// </summary>
public static class PublicRateLimit
{
    private const string Unlimited = "";

    /// <summary>Sets <paramref name="limiter"/>'s global limiter and refusal from <paramref name="settings"/>.</summary>
    public static void Configure(RateLimiterOptions limiter, RateLimitOptions settings)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(settings);
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.PublicBurst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1.0 / settings.PublicPermitsPerMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        var detail = string.Create(CultureInfo.InvariantCulture, $"Too many requests from this address: public pages and proofs are limited to {settings.PublicPermitsPerMinute} a minute with bursts of {settings.PublicBurst} ({RateLimitOptions.Section}:{nameof(RateLimitOptions.PublicPermitsPerMinute)}, {RateLimitOptions.Section}:{nameof(RateLimitOptions.PublicBurst)}).");

        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Counts(context)
            ? RateLimitPartition.GetTokenBucketLimiter(Client(context.Connection.RemoteIpAddress), _ => bucket)
            : RateLimitPartition.GetNoLimiter(Unlimited));
        limiter.OnRejected = async (rejected, _) =>
        {
            var context = rejected.HttpContext;
            var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : bucket.ReplenishmentPeriod;
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await context.RequestServices.GetRequiredService<Refusals>()
                .RefuseAsync(context, StatusCodes.Status429TooManyRequests, (int)StatusCode.ResourceExhausted, "Too many requests", detail);
        };
    }

    /// <summary>
    /// Makes sure an <c>Authorization</c> header was checked before the limiter decides, wherever
    /// the authentication middleware sits in the pipeline (the handler caches its result, so the
    /// header is verified once per request). Only for public endpoints: nothing else is limited.
    /// </summary>
    public static async Task AuthenticateAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.User.Identity is not { IsAuthenticated: true }
            && context.Request.Headers.Authorization.Count > 0
            && IsPublic(context)
            && context.RequestServices.GetService<IAuthenticationSchemeProvider>() is { } schemes
            && await schemes.GetDefaultAuthenticateSchemeAsync() is not null)
        {
            var result = await context.AuthenticateAsync();
            if (result.Succeeded)
            {
                context.User = result.Principal;
            }
        }

        await next(context);
    }

    /// <summary>The partition of a client address: IPv4 (or IPv4-mapped) as is, IPv6 by its /64.</summary>
    public static string Client(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static bool Counts(HttpContext context) =>
        context.User.Identity is not { IsAuthenticated: true } && IsPublic(context);

    private static bool IsPublic(HttpContext context) =>
        EndpointRules.For(context.GetEndpoint(), context.Request.Method) is { Kind: OperationKind.PublicTrace };
}
