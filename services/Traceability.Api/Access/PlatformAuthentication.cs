using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Validation.AspNetCore;

namespace Traceability.Api.Access;

/// <summary>
/// ASP.NET Core's authentication middleware, except that the embedded issuer sees only its own
/// endpoint: the stock middleware offers every request to every request-handling scheme, and the
/// OpenIddict server then builds a transaction and runs its dispatcher on each one just to find
/// that the request is not for <see cref="AccessSchemes.TokenPath"/>. That was about 4 % of the
/// server's CPU per capture. Here the issuer's handler runs on its endpoint only, and token
/// validation's (which prepares its own transaction there) only for a bearer token. Everything else is as the stock middleware does it: the default
/// scheme (<see cref="AccessSchemes.Selector"/>) authenticates, a success becomes
/// <see cref="HttpContext.User"/>, and the result is kept in the request's features.
/// </summary>
public sealed class PlatformAuthentication(RequestDelegate next, IAuthenticationSchemeProvider schemes)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Features.Set<IAuthenticationFeature>(new AuthenticationFeature { OriginalPath = context.Request.Path, OriginalPathBase = context.Request.PathBase });
        var tokenEndpoint = context.Request.Path.Equals(AccessSchemes.TokenPath, StringComparison.OrdinalIgnoreCase);
        var bearer = context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        if (tokenEndpoint || bearer)
        {
            var handlers = context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
            foreach (var scheme in await schemes.GetRequestHandlerSchemesAsync().ConfigureAwait(false))
            {
                // Token validation prepares its transaction in its request handler, so a bearer token needs that one too.
                if ((tokenEndpoint || scheme.Name == OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                    && await handlers.GetHandlerAsync(context, scheme.Name).ConfigureAwait(false) is IAuthenticationRequestHandler handler
                    && await handler.HandleRequestAsync().ConfigureAwait(false))
                {
                    return;
                }
            }
        }

        if (await schemes.GetDefaultAuthenticateSchemeAsync().ConfigureAwait(false) is { } defaultScheme)
        {
            var result = await context.AuthenticateAsync(defaultScheme.Name).ConfigureAwait(false);
            if (result.Principal is { } principal)
            {
                context.User = principal;
            }

            if (result.Succeeded)
            {
                var features = new AuthenticatedRequest(result);
                context.Features.Set<IHttpAuthenticationFeature>(features);
                context.Features.Set<IAuthenticateResultFeature>(features);
            }
        }

        await next(context).ConfigureAwait(false);
    }

    private sealed class AuthenticatedRequest(AuthenticateResult result) : IAuthenticateResultFeature, IHttpAuthenticationFeature
    {
        private AuthenticateResult? _result = result;
        private ClaimsPrincipal? _user = result.Principal;

        public AuthenticateResult? AuthenticateResult
        {
            get => _result;
            set
            {
                _result = value;
                _user = value?.Principal;
            }
        }

        public ClaimsPrincipal? User
        {
            get => _user;
            set
            {
                _user = value;
                _result = null;
            }
        }
    }
}
