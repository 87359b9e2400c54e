using System.CommandLine;

namespace Traceability.Cli.Tests;

/// <summary>Builds the command line as the tests need it: no real environment, parse checked.</summary>
internal static class Cli
{
    public static TraceCli New(string? traceServer = null) =>
        new(name => name == GlobalOptions.ServerVariable ? traceServer : null);

    /// <summary>Parses a command line written as one string, the way a shell would split it.</summary>
    public static ParseResult ParseLine(this TraceCli cli, string commandLine) => cli.Root.Parse(commandLine);

    /// <summary>Parses and asserts that the command line is valid.</summary>
    public static ParseResult ParseValid(this TraceCli cli, string commandLine)
    {
        var parse = cli.ParseLine(commandLine);
        Assert.Empty(parse.Errors.Select(error => error.Message));
        return parse;
    }

    /// <summary>Parses and returns the error messages, asserting there is at least one.</summary>
    public static IReadOnlyList<string> ParseErrors(this TraceCli cli, string commandLine)
    {
        var errors = cli.ParseLine(commandLine).Errors.Select(error => error.Message).ToList();
        Assert.NotEmpty(errors);
        return errors;
    }
}
