namespace Traceability.Devices.Agent.Buffering;

/// <summary>
/// A signal that something changed, for waiting on a condition without polling: take
/// <see cref="Next"/> first, then check the condition, then await the task. A pulse between the
/// check and the wait completes that task, so no change is missed. Thread-safe.
/// </summary>
public sealed class AsyncPulse
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next <see cref="Pulse"/>.</summary>
    public Task Next() => Volatile.Read(ref _next).Task;

    /// <summary>Completes every task handed out by <see cref="Next"/> so far.</summary>
    public void Pulse() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking it after every pulse.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (true)
        {
            var next = Next();
            if (condition())
            {
                return;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
