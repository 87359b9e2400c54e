using Microsoft.Extensions.Options;
using Traceability.Anchoring;
using Traceability.Storage;

namespace Traceability.Server;

/// <summary>Anchoring on Ethereum: the anchor store in the data folder and the anchoring service (off without an RPC URL).</summary>
public static class AnchoringHosting
{
    public static IServiceCollection AddTraceabilityAnchoring(this IServiceCollection services)
    {
        services.AddOptions<AnchoringOptions>().BindConfiguration(AnchoringOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new AnchorStore(Path.Combine(sp.GetRequiredService<IOptions<TraceabilityOptions>>().Value.DataDir, "anchors.db")));
        services.AddSingleton<AnchorService>();
        services.AddSingleton<IAnchorReader>(sp => sp.GetRequiredService<AnchorService>());
        services.AddHostedService(sp => sp.GetRequiredService<AnchorService>());
        return services;
    }
}
