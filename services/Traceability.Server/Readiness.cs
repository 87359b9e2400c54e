namespace Traceability.Server;

/// <summary>Whether the server is ready to answer: the silo is up and the demo data, if asked for, is loaded. Thread-safe.</summary>
public sealed class Readiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
