using System.CommandLine;
using Traceability.Contracts.V1;

namespace Traceability.Cli;

/// <summary><c>trace storage get</c>: one storage period (record one with <c>trace store</c>).</summary>
internal sealed class StorageCommands
{
    private readonly Argument<string> storageId = CliOptions.Id("storage-id", "The storage period's identifier");

    public StorageCommands(GlobalOptions global)
    {
        var get = new Command("get", "Show one storage period") { storageId };
        get.SetCall(global, ToGetRequest,
            (channel, request, cancellation) => new Processing.ProcessingClient(channel).GetStorageAsync(request, cancellationToken: cancellation).ResponseAsync,
            Rendering.Storage);
        Command = new Command("storage", "Storage periods: show one") { get };
    }

    /// <summary><c>trace storage</c>.</summary>
    public Command Command { get; }

    public GetStorageRequest ToGetRequest(ParseResult parse) => new() { StorageId = parse.GetRequiredValue(storageId) };
}
