using System.CommandLine;
using System.Text.Json;
using Traceability.Epcis;

namespace Traceability.Cli;

/// <summary>
/// <c>trace epcis hash &lt;document&gt;</c>: the GS1 CBV 2.0 event hash ID of every event of an
/// EPCIS 2.0 JSON-LD document, computed locally (no server).
/// </summary>
internal sealed class EpcisCommands
{
    private readonly Argument<string> document = new("document")
    {
        Description = "An EPCIS 2.0 JSON-LD document, query document, event or array of events; - reads standard input",
    };

    private readonly Option<bool> preHash = new("--prehash")
    {
        Description = "Print each event's canonical pre-hash string instead of its hash ID",
    };

    public EpcisCommands()
    {
        var hash = new Command("hash", "Print the CBV 2.0 hash ID of each event, in document order, one per line") { document, preHash };
        hash.SetAction(async (parse, cancellation) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetRequiredValue(document);
            string json;
            try
            {
                json = path == "-"
                    ? await Console.In.ReadToEndAsync(cancellation).ConfigureAwait(false)
                    : await File.ReadAllTextAsync(path, cancellation).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
            {
                await error.WriteLineAsync($"error: no such file: {path}").ConfigureAwait(false);
                return ExitCodes.NotFound;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"error: cannot read {path}: {exception.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
            try
            {
                foreach (var line in Lines(json, parse.GetValue(preHash)))
                {
                    await output.WriteLineAsync(line).ConfigureAwait(false);
                }
                return ExitCodes.Ok;
            }
            catch (JsonException exception)
            {
                await error.WriteLineAsync($"error: {Name(path)} is not valid JSON: {exception.Message}").ConfigureAwait(false);
                return ExitCodes.Rejected;
            }
            catch (FormatException exception)
            {
                await error.WriteLineAsync($"error: {Name(path)}: {exception.Message}").ConfigureAwait(false);
                return ExitCodes.Rejected;
            }
        });
        Command = new Command("epcis", "EPCIS 2.0 documents, offline: hash") { hash };
    }

    /// <summary><c>trace epcis</c>.</summary>
    public Command Command { get; }

    /// <summary>The hash IDs (or pre-hash strings) of the events of the EPCIS JSON <paramref name="json"/>.</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    /// <exception cref="FormatException">The JSON is not an EPCIS document or an event has no type.</exception>
    public static IReadOnlyList<string> Lines(string json, bool preHashes)
    {
        return [.. EpcisDocuments.Events(EpcisDocuments.Parse(json)).Select(e => preHashes ? EventHash.PreHash(e) : EventHash.Compute(e))];
    }

    private static string Name(string path) => path == "-" ? "standard input" : path;
}
