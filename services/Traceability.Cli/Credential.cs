namespace Traceability.Cli;

/// <summary>What a call presents to the server, and where it came from, for the messages.</summary>
/// <param name="Authorization">The <c>Authorization</c> header's value, or null to send none.</param>
/// <param name="Source">Where it came from, e.g. <c>the API key of $TRACE_API_KEY</c>.</param>
/// <param name="Problem">Why no call should be made with it (an expired token), or null.</param>
internal sealed record Credential(string? Authorization, string Source, string? Problem)
{
    /// <summary>No credential at all: the call goes as the public's.</summary>
    public static Credential None { get; } = new(null, "none", null);
}
