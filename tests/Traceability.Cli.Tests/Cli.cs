using System.CommandLine;

namespace Traceability.Cli.Tests;

/// <summary>
/// Builds the command line as the tests need it: no real environment, parse checked. Unless a
/// test names its own, the config folder (<c>XDG_CONFIG_HOME</c>) is one that never exists, so no
/// token of the person running the tests is ever read or sent.
/// </summary>
internal static class Cli
{
    private static readonly string NoConfig = Path.Combine(Path.GetTempPath(), $"traceability-cli-no-config-{Guid.NewGuid():N}");

    public static TraceCli New(string? traceServer = null) =>
        New(new Dictionary<string, string?> { [GlobalOptions.ServerVariable] = traceServer });

    /// <param name="environment">The environment variables the command sees; <c>XDG_CONFIG_HOME</c> defaults to a folder that does not exist.</param>
    /// <param name="time">The clock; the system's by default.</param>
    /// <param name="input">What <c>trace login</c> reads a key from.</param>
    public static TraceCli New(IReadOnlyDictionary<string, string?> environment, TimeProvider? time = null, TextReader? input = null) =>
        new(name => environment.TryGetValue(name, out var value) ? value : name == CredentialStore.ConfigHomeVariable ? NoConfig : null, time, input);

    /// <summary>Runs a command line and returns its exit code and what it wrote.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(this TraceCli cli, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await cli.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

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
