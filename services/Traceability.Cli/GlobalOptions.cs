using System.CommandLine;
using System.CommandLine.Parsing;

namespace Traceability.Cli;

/// <summary>
/// The options every command accepts: where the server is and whether to print JSON. Both are
/// recursive, so they may stand anywhere on the command line.
/// </summary>
internal sealed class GlobalOptions
{
    /// <summary>
    /// The server used when neither <c>--server</c> nor <c>TRACE_SERVER</c> names one: the
    /// embedded server's main URL. It serves HTTP/1.1 only (JSON and gRPC-Web), so calls there go
    /// over gRPC-Web; its <c>--grpc-port</c> (5081) takes native gRPC over cleartext HTTP/2.
    /// </summary>
    public const string DefaultServer = "http://127.0.0.1:5080";

    /// <summary>The environment variable that names the server.</summary>
    public const string ServerVariable = "TRACE_SERVER";

    public GlobalOptions(Func<string, string?> environment)
    {
        Server = new Option<Uri>("--server")
        {
            Description = $"The trace server's URL: its main one (gRPC-Web) or its gRPC port; ${ServerVariable} sets the default",
            HelpName = "url",
            Recursive = true,
            CustomParser = result => ServerUrl(result, result.Tokens[^1].Value, "--server"),
            DefaultValueFactory = result => environment(ServerVariable) is { Length: > 0 } url
                ? ServerUrl(result, url, ServerVariable) ?? new Uri(DefaultServer)
                : new Uri(DefaultServer),
        };
        Json = new Option<bool>("--json")
        {
            Description = "Print the response as JSON, as the server's HTTP API writes it, and nothing else",
            Recursive = true,
        };
    }

    /// <summary><c>--server url</c>: an absolute http:// or https:// URL.</summary>
    public Option<Uri> Server { get; }

    /// <summary><c>--json</c>: print the response as protobuf JSON.</summary>
    public Option<bool> Json { get; }

    private static Uri? ServerUrl(ArgumentResult result, string text, string source)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }
        result.AddError($"{source}: '{text}' is not an http:// or https:// URL, e.g. {DefaultServer}");
        return null;
    }
}
