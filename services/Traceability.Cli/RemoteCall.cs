using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Spectre.Console.Rendering;

namespace Traceability.Cli;

/// <summary>
/// The one way a command talks to the server: build the request from the command line, make the
/// call to <c>--server</c> over gRPC (or gRPC-Web where the URL serves only HTTP/1.1), print the
/// response, map a failure to an exit code.
/// </summary>
internal static class RemoteCall
{
    /// <summary>Makes <paramref name="command"/> send the request that <paramref name="request"/> builds.</summary>
    public static void SetCall<TRequest, TResponse>(
        this Command command,
        GlobalOptions global,
        Func<ParseResult, TRequest> request,
        Func<ChannelBase, TRequest, CancellationToken, Task<TResponse>> call,
        Func<TResponse, IRenderable> render)
        where TResponse : IMessage =>
        command.SetCallWriting(global, request, call, (output, response) => output.Write(response, render));

    /// <summary>
    /// Makes <paramref name="command"/> send the request that <paramref name="request"/> builds
    /// and hand the response to <paramref name="write"/>, for responses that are documents of their own.
    /// </summary>
    public static void SetCallWriting<TRequest, TResponse>(
        this Command command,
        GlobalOptions global,
        Func<ParseResult, TRequest> request,
        Func<ChannelBase, TRequest, CancellationToken, Task<TResponse>> call,
        Action<Output, TResponse> write) =>
        command.SetCallWriting(global, request, call, (output, response) =>
        {
            write(output, response);
            return ExitCodes.Ok;
        });

    /// <summary>
    /// Makes <paramref name="command"/> send the request that <paramref name="request"/> builds and
    /// hand the response to <paramref name="write"/>, whose exit code is the command's: for
    /// responses written somewhere that can fail, such as a file.
    /// </summary>
    public static void SetCallWriting<TRequest, TResponse>(
        this Command command,
        GlobalOptions global,
        Func<ParseResult, TRequest> request,
        Func<ChannelBase, TRequest, CancellationToken, Task<TResponse>> call,
        Func<Output, TResponse, int> write) =>
        command.SetAction(async (parse, cancellation) =>
        {
            var output = Output.For(parse, global);
            var server = parse.GetRequiredValue(global.Server);
            if (!TryGetCredential(parse, global, server, output, out var credential, out var refused))
            {
                return refused;
            }
            var message = request(parse);
            try
            {
                var response = await CallAsync(server, credential.Authorization, channel => call(channel, message, cancellation)).ConfigureAwait(false);
                return write(output, response);
            }
            catch (RpcException exception)
            {
                output.Error(Describe(exception, server, credential));
                return ExitCodes.For(exception.StatusCode);
            }
        });

    /// <summary>
    /// The credential for a call to <paramref name="server"/> (see <see cref="GlobalOptions.CredentialFor"/>);
    /// false, with the message written and the exit code in <paramref name="exit"/>, when there is
    /// one that must not be sent (an expired token) or the credentials file cannot be read.
    /// </summary>
    public static bool TryGetCredential(ParseResult parse, GlobalOptions global, Uri server, Output output, out Credential credential, out int exit)
    {
        try
        {
            credential = global.CredentialFor(parse, server);
        }
        catch (CredentialFileException exception)
        {
            output.Error(exception.Message);
            (credential, exit) = (Credential.None, ExitCodes.Failure);
            return false;
        }
        if (credential.Problem is { } problem)
        {
            output.Error(problem);
            exit = ExitCodes.Unauthenticated;
            return false;
        }
        if (credential.Authorization is not null && PlainHttpWarning(server, credential.Source) is { } warning)
        {
            output.Warning(warning);
        }
        exit = ExitCodes.Ok;
        return true;
    }

    /// <summary>
    /// What to tell a person about to send <paramref name="what"/> in clear text across a network:
    /// an http:// URL that is not loopback. Null for https:// and loopback (the server's default).
    /// </summary>
    public static string? PlainHttpWarning(Uri server, string what) =>
        server.Scheme == Uri.UriSchemeHttp && !server.IsLoopback
            ? $"{what} goes to {server.OriginalString} over plain HTTP, readable and reusable by anyone on the way; use the server's https:// URL"
            : null;

    /// <summary>What to add to a refusal for lack of credentials: how to give some, or which one was refused.</summary>
    public static string Unauthenticated(Credential credential) =>
        credential.Authorization is null
            ? $"this needs credentials: run `trace login`, or give an API key with --api-key or ${GlobalOptions.ApiKeyVariable}"
            : credential.Authorization.StartsWith("Bearer ", StringComparison.Ordinal)
                ? $"{credential.Source} was refused; run `trace login` again"
                : $"{credential.Source} was refused";

    /// <summary>What to add to a refusal of permission: as whom the request was made.</summary>
    public static string PermissionDenied(Credential credential) => $"sent with {credential.Source}";

    /// <summary>
    /// Makes the call over native gRPC (HTTP/2, cleartext for http:// URLs). An http:// URL that
    /// serves only HTTP/1.1, as the trace server's main URL does, refuses HTTP/2 before it reads
    /// any request; the call is then made again over gRPC-Web, which that URL also serves.
    /// </summary>
    private static async Task<TResponse> CallAsync<TResponse>(Uri server, string? authorization, Func<ChannelBase, Task<TResponse>> call)
    {
        // The header goes in through the HTTP handler rather than as CallCredentials, which
        // grpc-dotnet drops on an http:// channel; this way native gRPC and gRPC-Web carry it alike.
        using (var channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions
        {
            HttpHandler = new AuthorizationHandler(authorization, new SocketsHttpHandler { EnableMultipleHttp2Connections = true }),
        }))
        {
            try
            {
                return await call(channel).ConfigureAwait(false);
            }
            catch (RpcException exception) when (server.Scheme == Uri.UriSchemeHttp && RefusedHttp2(exception.Status.DebugException))
            {
                // Fall through to gRPC-Web.
            }
        }
        using var web = GrpcChannel.ForAddress(server, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new AuthorizationHandler(authorization, new HttpClientHandler())),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        try
        {
            return await call(web).ConfigureAwait(false);
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Internal)
        {
            // Most likely a URL that serves HTTP/1.1 but not gRPC-Web: say which road was taken.
            throw new RpcException(
                new Status(exception.StatusCode, $"{exception.Status.Detail} (over gRPC-Web: {server.OriginalString} takes only HTTP/1.1; "
                    + "if it serves no gRPC-Web, use the server's HTTP/2 gRPC port)", exception.Status.DebugException),
                exception.Trailers);
        }
    }

    /// <summary>The message for a failed call: the status and the server's words, or why the server was not reached.</summary>
    public static string Describe(RpcException exception, Uri server, Credential credential)
    {
        if (exception.StatusCode == StatusCode.Unavailable && Unreachable(exception.Status.DebugException) is { } reason)
        {
            return $"cannot reach the trace server at {server.OriginalString} ({reason}); "
                + $"start it, or name another with --server or {GlobalOptions.ServerVariable}";
        }
        return exception.StatusCode switch
        {
            StatusCode.Unauthenticated => $"{exception.StatusCode}: {exception.Status.Detail} ({Unauthenticated(credential)})",
            StatusCode.PermissionDenied => $"{exception.StatusCode}: {exception.Status.Detail} ({PermissionDenied(credential)})",
            _ => $"{exception.StatusCode}: {exception.Status.Detail}",
        };
    }

    /// <summary>Why no connection was made, when that is why the call failed.</summary>
    private static string? Unreachable(Exception? exception) => exception switch
    {
        SocketException socket => socket.Message,
        HttpRequestException { InnerException: SocketException socket } => socket.Message,
        HttpRequestException http => http.Message,
        _ => null,
    };

    /// <summary>
    /// Whether the server took the connection but not HTTP/2 on it. Kestrel, on an http:// endpoint
    /// that serves HTTP/1.1, answers the HTTP/2 preface with HTTP_1_1_REQUIRED and closes; the
    /// client sees that, or only the close ("did not complete the HTTP/2 handshake"), depending
    /// on which it reads first. Either way the request was never sent, so sending it again is safe
    /// (and every write in the API is idempotent by its natural key besides).
    /// </summary>
    private static bool RefusedHttp2(Exception? exception) =>
        exception is HttpRequestException
        {
            HttpRequestError: not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError),
            InnerException: not SocketException,
        };
}
