using System.Diagnostics.CodeAnalysis;

namespace Traceability.Cli;

/// <summary>
/// Parses one command-line token into a value, or says in <paramref name="error"/> what is wrong
/// with it (without naming the option: the option adds its own name).
/// </summary>
internal delegate bool ValueParser<T>(string text, [MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out string? error);
