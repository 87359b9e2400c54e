namespace Traceability.IntegrationTests.External;

/// <summary>Waits on a condition with a deadline: the tests' only way to wait for another process.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Evaluates <paramref name="condition"/> every 200 ms until it holds; throws a <see cref="TimeoutException"/>
    /// naming <paramref name="what"/> and the last <paramref name="describe"/> when <paramref name="timeout"/> passes first.
    /// </summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {timeout.TotalSeconds:0} s: {what}. {describe?.Invoke()}");
            }

            await Task.Delay(Poll);
        }
    }

    /// <inheritdoc cref="HoldsAsync(Func{Task{bool}}, TimeSpan, string, Func{string}?)"/>
    public static Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string>? describe = null) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout, what, describe);
}
