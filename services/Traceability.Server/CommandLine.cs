namespace Traceability.Server;

/// <summary>The server's own command-line switches, mapped onto configuration keys.</summary>
public static class CommandLine
{
    public static Dictionary<string, string> SwitchMappings { get; } = new(StringComparer.Ordinal)
    {
        ["--data-dir"] = "Traceability:DataDir",
        ["--demo"] = "Traceability:Demo",
        ["--grpc-port"] = "Traceability:GrpcPort",
        ["--silo-port"] = "Traceability:SiloPort",
        ["--gateway-port"] = "Traceability:GatewayPort",
    };

    /// <summary>
    /// Lets <c>--demo</c> stand alone: configuration's command-line provider would otherwise take
    /// the next argument as its value.
    /// </summary>
    public static string[] Normalize(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var next = i + 1 < args.Length ? args[i + 1] : null;
            result.Add(args[i] == "--demo" && next is not ("true" or "false") ? "--demo=true" : args[i]);
        }

        return [.. result];
    }
}
