using System.CommandLine;
using System.CommandLine.Parsing;

namespace Traceability.Cli;

/// <summary>
/// The options every command accepts: where the server is, the API key to present and whether to
/// print JSON. They are recursive, so they may stand anywhere on the command line. Also what the
/// commands share beyond them: the environment, the clock and the stored tokens.
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

    /// <summary>The environment variable holding an API key to send (after <c>--api-key</c>, before a stored token).</summary>
    public const string ApiKeyVariable = "TRACE_API_KEY";

    private readonly Func<string, string?> environment;

    public GlobalOptions(Func<string, string?> environment, TimeProvider time)
    {
        this.environment = environment;
        Time = time;
        Credentials = CredentialStore.For(environment);
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
        ApiKey = new Option<string>("--api-key")
        {
            Description = $"Send this API key (trk_…) instead of the token of `trace login`; ${ApiKeyVariable} does the same and stays out of shell history",
            HelpName = "key",
            Recursive = true,
        };
    }

    /// <summary><c>--server url</c>: an absolute http:// or https:// URL.</summary>
    public Option<Uri> Server { get; }

    /// <summary><c>--json</c>: print the response as protobuf JSON.</summary>
    public Option<bool> Json { get; }

    /// <summary><c>--api-key key</c>: the API key to present, first in precedence.</summary>
    public Option<string> ApiKey { get; }

    /// <summary>The clock that says whether a stored token has expired.</summary>
    public TimeProvider Time { get; }

    /// <summary>Where <c>trace login</c> keeps its tokens.</summary>
    public CredentialStore Credentials { get; }

    /// <summary>
    /// The credential a call to <paramref name="server"/> presents: <c>--api-key</c>, else
    /// <c>$TRACE_API_KEY</c> (both as <c>ApiKey</c>), else the token <c>trace login</c> stored for
    /// that very server URL (<c>Bearer</c>), else none. A stored token that has expired is not
    /// sent: the credential then carries the problem to tell the person.
    /// </summary>
    /// <exception cref="CredentialFileException">The credentials file cannot be read.</exception>
    public Credential CredentialFor(ParseResult parse, Uri server)
    {
        if (parse.GetValue(ApiKey)?.Trim() is { Length: > 0 } key)
        {
            return new Credential($"ApiKey {key}", "the API key of --api-key", null);
        }
        if (environment(ApiKeyVariable)?.Trim() is { Length: > 0 } variable)
        {
            return new Credential($"ApiKey {variable}", $"the API key of ${ApiKeyVariable}", null);
        }
        if (Credentials.Find(server) is not { } token)
        {
            return Credential.None;
        }
        var source = $"the token of `trace login` for {CredentialStore.Key(server)}";
        if (token.ExpiresAt is { } expiresAt && expiresAt <= Time.GetUtcNow())
        {
            return new Credential(null, source,
                $"the token for {CredentialStore.Key(server)} expired at {Rendering.Time(expiresAt)}; run `trace login`");
        }
        return new Credential($"Bearer {token.AccessToken}", source, null);
    }

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
