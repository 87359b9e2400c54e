using System.CommandLine;
using Google.Protobuf;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Traceability.Cli;

/// <summary>
/// Where a command's result goes. With <c>--json</c>, standard output carries the response as the
/// server's HTTP API would write it (<see cref="ProtoJson"/>) and nothing else; without it, a
/// table or tree for a person. Errors always go to standard error.
/// </summary>
internal sealed class Output(TextWriter standardOutput, TextWriter standardError, bool json)
{
    private const int RedirectedWidth = 240;

    private IAnsiConsole? console;

    /// <summary>The output of an invocation, honouring its <c>--json</c>.</summary>
    public static Output For(ParseResult parse, GlobalOptions global) =>
        new(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(global.Json));

    /// <summary>Writes <paramref name="response"/> as JSON or as <paramref name="human"/> renders it.</summary>
    public void Write<T>(T response, Func<T, IRenderable> human)
        where T : IMessage
    {
        if (json)
        {
            standardOutput.WriteLine(ProtoJson.Format(response));
        }
        else
        {
            Console.Write(human(response));
        }
    }

    /// <summary>Whether <c>--json</c> was asked: standard output then carries the response alone.</summary>
    public bool Json => json;

    /// <summary>Writes a document (a proof bundle, say) to standard output as it is, with or without <c>--json</c>.</summary>
    public void WriteDocument(string text) => standardOutput.WriteLine(text);

    /// <summary>Writes <paramref name="text"/> to standard output as it is, adding no line end (a CSV file ends in its own CRLF).</summary>
    public void Text(string text) => standardOutput.Write(text);

    /// <summary>Writes a line to standard output as it is.</summary>
    public void Line(string text) => standardOutput.WriteLine(text);

    /// <summary>Writes <c>warning: …</c> to standard error, where it reaches a person even when standard output is piped or is JSON.</summary>
    public void Warning(string message) => standardError.WriteLine($"warning: {message}");

    /// <summary>Writes <c>error: …</c> to standard error.</summary>
    public void Error(string message) => standardError.WriteLine($"error: {message}");

    private IAnsiConsole Console => console ??= Create(standardOutput);

    private static IAnsiConsole Create(TextWriter writer)
    {
        var created = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        // Piped or redirected, or not the console at all, there is no window to fit: wrapping at
        // 80 columns would split identifiers (and printed keys) across lines and defeat grep.
        // Tables and trees take only the width they need.
        if (writer != System.Console.Out || System.Console.IsOutputRedirected)
        {
            created.Profile.Width = RedirectedWidth;
        }
        return created;
    }
}
