using Microsoft.Extensions.Options;
using Traceability.Security.ApiKeys;
using Traceability.Security.Principals;
using Traceability.Server.Demo;

namespace Traceability.Server;

/// <summary>
/// The credentials a new data folder starts with: when no live admin key exists (the first start),
/// one is issued and printed once, so the README's run command needs no manual step; with
/// <c>--demo</c>, the demo credentials file as well.
/// </summary>
public static class FirstAdminKey
{
    /// <summary>The line the server prints the first admin key on; tests read it.</summary>
    public const string Prefix = "Admin API key (shown once, keep it safe): ";

    public static void Ensure(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var keys = services.GetRequiredService<ApiKeyStore>();
        var options = services.GetRequiredService<IOptions<TraceabilityOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        string? issued = null;
        if (!keys.List().Any(k => k.Principal.Role == Role.Admin && k.RevokedAt is null && !(k.ExpiresAt <= now)))
        {
            issued = keys.Issue(Principal.ForAdmin("first-admin"), "first admin (printed at the first start)").Key.ToString();
            Console.WriteLine(Prefix + issued);
        }

        if (options.Demo)
        {
            var path = DemoCredentials.Ensure(keys, options.DataDir, DakGleiDemo.Events, issued);
            Console.WriteLine($"Demo credentials (admin, inspector, one operator per facility): {path}");
        }
    }
}
