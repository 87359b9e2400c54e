using System.CommandLine;
using System.Text;
using System.Text.Json;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary>
/// <c>trace login|logout|whoami</c>: an API key exchanged for a bearer token that every later
/// command sends to the same server, and who the server takes the caller for.
/// </summary>
internal sealed class LoginCommands
{
    private readonly Option<string> key = new("--key")
    {
        Description = "The API key (trk_…) to exchange; without it, it is read from standard input, unechoed, which keeps it out of shell history",
        HelpName = "api key",
    };

    private readonly GlobalOptions global;
    private readonly TextReader? input;

    /// <param name="global">The options and state every command shares.</param>
    /// <param name="input">Where a key not given with <c>--key</c> is read from; null: the console, unechoed.</param>
    public LoginCommands(GlobalOptions global, TextReader? input)
    {
        this.global = global;
        this.input = input;

        Login = new Command("login", "Exchange an API key for a bearer token at the server's /connect/token and keep the token (never the key) for that server URL") { key };
        Login.SetAction(LoginAsync);

        Logout = new Command("logout", "Forget the token kept for the server URL (it stays valid at the server until it expires)");
        Logout.SetAction(Forget);

        WhoAmI = new Command("whoami", "Show whom the server takes the credential for: role, subject, facility or scope, and when it expires");
        WhoAmI.SetCall(global, _ => new WhoAmIRequest(),
            (channel, request, cancellation) => new Access.AccessClient(channel).WhoAmIAsync(request, cancellationToken: cancellation).ResponseAsync,
            AccessRendering.Identity);
    }

    /// <summary><c>trace login</c>.</summary>
    public Command Login { get; }

    /// <summary><c>trace logout</c>.</summary>
    public Command Logout { get; }

    /// <summary><c>trace whoami</c>.</summary>
    public Command WhoAmI { get; }

    private async Task<int> LoginAsync(ParseResult parse, CancellationToken cancellation)
    {
        var output = Output.For(parse, global);
        var server = parse.GetRequiredValue(global.Server);
        var apiKey = (parse.GetValue(key) ?? ReadKey(parse.InvocationConfiguration.Error))?.Trim();
        if (string.IsNullOrEmpty(apiKey))
        {
            output.Error("no API key given: pass --key, or type or pipe it on standard input");
            return ExitCodes.Rejected;
        }
        if (!TokenExchange.TryGetKeyId(apiKey, out var keyId, out var error))
        {
            output.Error(error);
            return ExitCodes.Rejected;
        }

        if (RemoteCall.PlainHttpWarning(server, "the API key") is { } warning)
        {
            output.Warning(warning);
        }
        var url = new Uri(server.AbsoluteUri.TrimEnd('/') + "/" + TokenExchange.Route);
        TokenExchange.Outcome outcome;
        try
        {
            using var response = await WebDownload.SendAsync(url, () => new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = TokenExchange.Form(keyId, apiKey),
                Headers = { { "Accept", "application/json" } },
            }, authorization: null, cancellation).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellation).ConfigureAwait(false);
            outcome = TokenExchange.Read(response.StatusCode, body, global.Time.GetUtcNow(), server);
        }
        catch (HttpRequestException exception)
        {
            output.Error($"cannot reach the trace server at {server.OriginalString} ({WebDownload.Reason(exception)}); "
                + $"start it, or name another with --server or {GlobalOptions.ServerVariable}");
            return ExitCodes.Failure;
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            output.Error($"the trace server at {server.OriginalString} did not answer within {WebDownload.Timeout.TotalSeconds:0} s");
            return ExitCodes.Failure;
        }

        if (outcome is TokenExchange.Refused refused)
        {
            output.Error(refused.Message);
            return refused.Exit;
        }
        var issued = (TokenExchange.Issued)outcome;
        try
        {
            global.Credentials.Save(server, new StoredToken(issued.AccessToken, issued.ExpiresAt, keyId));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            output.Error($"cannot write {global.Credentials.Path}: {exception.Message}");
            return ExitCodes.Failure;
        }

        var expires = issued.ExpiresAt is { } at ? Rendering.Time(at) : null;
        if (parse.GetValue(global.Json))
        {
            output.Line(Json(writer =>
            {
                writer.WriteString("server", CredentialStore.Key(server));
                writer.WriteString("keyId", keyId);
                writer.WriteString("expiresAt", issued.ExpiresAt?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteString("credentials", global.Credentials.Path);
            }));
        }
        else
        {
            output.Line($"logged in to {CredentialStore.Key(server)} with key {keyId}; the token {(expires is null ? "has no stated expiry" : $"expires at {expires}")} "
                + $"(kept in {global.Credentials.Path})");
        }
        return ExitCodes.Ok;
    }

    private int Forget(ParseResult parse)
    {
        var output = Output.For(parse, global);
        var server = parse.GetRequiredValue(global.Server);
        bool removed;
        try
        {
            removed = global.Credentials.Remove(server);
        }
        catch (CredentialFileException exception)
        {
            output.Error(exception.Message);
            return ExitCodes.Failure;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            output.Error($"cannot write {global.Credentials.Path}: {exception.Message}");
            return ExitCodes.Failure;
        }

        if (parse.GetValue(global.Json))
        {
            output.Line(Json(writer =>
            {
                writer.WriteString("server", CredentialStore.Key(server));
                writer.WriteBoolean("removed", removed);
            }));
        }
        else
        {
            output.Line(removed
                ? $"logged out of {CredentialStore.Key(server)}: its token is forgotten"
                : $"no token was kept for {CredentialStore.Key(server)}");
        }
        return ExitCodes.Ok;
    }

    /// <summary>A key from <see cref="input"/>, or from the console: piped, its first line; typed, unechoed.</summary>
    private string? ReadKey(TextWriter prompt)
    {
        if (input is not null)
        {
            return input.ReadLine();
        }
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }
        prompt.Write("API key (not shown): ");
        var typed = new StringBuilder();
        while (true)
        {
            var pressed = Console.ReadKey(intercept: true);
            if (pressed.Key == ConsoleKey.Enter)
            {
                break;
            }
            if (pressed.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(pressed.KeyChar))
            {
                typed.Append(pressed.KeyChar);
            }
        }
        prompt.WriteLine();
        return typed.ToString();
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
