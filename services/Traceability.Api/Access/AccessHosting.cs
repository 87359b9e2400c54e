using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;
using Traceability.Security.ApiKeys;
using Traceability.Security.Audit;

namespace Traceability.Api.Access;

/// <summary>Registers and applies authentication (API keys, bearer tokens from the embedded issuer) and the access checks.</summary>
public static class AccessHosting
{
    public const string IssuerKeyFileName = "issuer-keys.json";

    /// <summary>
    /// The key store and audit log in <c>&lt;data-dir&gt;/security.db</c>, the issuer's keys, the
    /// authentication schemes and the access checks on every gRPC method.
    /// </summary>
    public static IServiceCollection AddTraceabilityAccess(this IServiceCollection services, Func<IServiceProvider, string> dataDir, AccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataDir);
        ArgumentNullException.ThrowIfNull(options);
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => ApiKeyStore.InDataDirectory(dataDir(sp), sp.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<AccessOptions>>().Value.KeyCacheSeconds)));
        services.AddSingleton(sp => AuditLog.InDataDirectory(dataDir(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new AuditWriter(sp.GetRequiredService<AuditLog>()));
        services.AddSingleton(sp => IssuerKeys.LoadOrCreate(sp.GetRequiredService<IOptions<AccessOptions>>().Value.IssuerKeyPath is { Length: > 0 } path ? path : Path.Combine(dataDir(sp), IssuerKeyFileName)));
        services.AddSingleton<RecordOwners>();
        services.AddSingleton<RegionFilter>();
        services.AddSingleton<AccessGate>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = AccessSchemes.Selector;
                o.DefaultChallengeScheme = AccessSchemes.ApiKey;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AccessSchemes.ApiKey, null)
            .AddPolicyScheme(AccessSchemes.Selector, null, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers[HeaderNames.Authorization].ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme
                    : AccessSchemes.ApiKey);
        services.AddOpenIddict()
            .AddServer(server => TokenIssuer.Configure(server, options))
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.AddAudiences(options.Audience);
                validation.UseAspNetCore();
            });
        // The keys live in the data folder, known only once the container is built.
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(sp => new ConfigureOptions<OpenIddictServerOptions>(server =>
        {
            var keys = sp.GetRequiredService<IssuerKeys>();
            server.SigningCredentials.Add(new Microsoft.IdentityModel.Tokens.SigningCredentials(keys.Signing, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSha256));
            server.EncryptionCredentials.Add(new Microsoft.IdentityModel.Tokens.EncryptingCredentials(keys.Encryption, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.Aes256KW, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.Aes256CbcHmacSha512));
        }));
        services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<AccessInterceptor>());
        return services;
    }

    /// <summary>Authentication (<see cref="PlatformAuthentication"/>); call after routing, before the access checks.</summary>
    public static IApplicationBuilder UseTraceabilityAuthentication(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The key UseAuthentication sets: without it WebApplication would add the stock middleware in front of everything.
        app.Properties["__AuthenticationMiddlewareSet"] = true;
        // The issuer's keys exist from the first start (docs/security.md), not from the first token request.
        _ = app.ApplicationServices.GetRequiredService<IssuerKeys>();
        return app.UseMiddleware<PlatformAuthentication>();
    }

    /// <summary>The access checks of the non-gRPC routes; call after routing and authentication.</summary>
    public static IApplicationBuilder UseTraceabilityAccess(this IApplicationBuilder app) => app.UseMiddleware<AccessMiddleware>();
}
