using System.CommandLine;
using Google.Protobuf;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Traceability.Cli;

/// <summary>
/// Where a command's result goes. With <c>--json</c>, standard output carries the response as
/// protobuf JSON and nothing else; without it, a table or tree for a person. Errors always go to
/// standard error.
/// </summary>
internal sealed class Output(TextWriter standardOutput, TextWriter standardError, bool json)
{
    /// <summary>Canonical proto3 JSON: lowerCamelCase names, enum names, RFC 3339 times.</summary>
    private static readonly JsonFormatter Formatter = JsonFormatter.Default;

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
            standardOutput.WriteLine(Formatter.Format(response));
        }
        else
        {
            Console.Write(human(response));
        }
    }

    /// <summary>Writes <c>error: …</c> to standard error.</summary>
    public void Error(string message) => standardError.WriteLine($"error: {message}");

    private IAnsiConsole Console => console ??= AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(standardOutput),
    });
}
