namespace Traceability.IntegrationTests.External;

/// <summary>
/// A device clock that moves only when the test says so: the time a simulated driver stamps its readings with
/// and its outbox numbers its messages by. It has no timers; a test samples after each step itself.
/// Thread-safe.
/// </summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
