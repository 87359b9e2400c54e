using System.Threading.Channels;
using Traceability.Security.Policy;
using Traceability.Security.Principals;

namespace Traceability.Security.Audit;

/// <summary>
/// Group commit in front of <see cref="AuditLog"/>: concurrent requests queue their entries, one
/// writer appends everything queued in one transaction, and each caller's task completes once its
/// entry is durable. Under load many requests share one fsync instead of queuing for one each; a
/// lone request costs one commit as before. A failed append fails every caller of that batch (the
/// caller then refuses the request: nothing happens that the log does not show). The callers of a
/// batch are answered together on one thread-pool work item, so a batch costs one thread wake-up.
/// </summary>
public sealed class AuditWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly AuditLog _log;
    private readonly Channel<(AuditDraft Draft, TaskCompletionSource<AuditEntry> Done)> _queue =
        Channel.CreateUnbounded<(AuditDraft, TaskCompletionSource<AuditEntry>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Task _writer;

    public AuditWriter(AuditLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        _log = log;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>The log written to (for reads and verification).</summary>
    public AuditLog Log => _log;

    /// <summary>Records a policy decision; completes when the entry is durable.</summary>
    public Task<AuditEntry> RecordAsync(Principal? principal, string? remoteAddress, Operation operation, string? target, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(decision);
        return AppendAsync(new AuditDraft(principal?.ToString() ?? AuditEntry.Anonymous, remoteAddress, operation.ToString(), target, decision.Allowed, decision.Reason));
    }

    /// <summary>Appends one entry; completes when it is durable.</summary>
    public Task<AuditEntry> AppendAsync(AuditDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        // Completed with the rest of its batch on one thread-pool work item, not by the writer itself.
        var done = new TaskCompletionSource<AuditEntry>();
        if (!_queue.Writer.TryWrite((draft, done)))
        {
            done.SetException(new ObjectDisposedException(nameof(AuditWriter)));
        }

        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteAsync()
    {
        var batch = new List<(AuditDraft Draft, TaskCompletionSource<AuditEntry> Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            var waiting = batch.Select(b => b.Done).ToArray();
            try
            {
                var entries = _log.AppendMany([.. batch.Select(b => b.Draft)]);
                ThreadPool.UnsafeQueueUserWorkItem(
                    static state =>
                    {
                        for (var i = 0; i < state.Waiting.Length; i++)
                        {
                            state.Waiting[i].SetResult(state.Entries[i]);
                        }
                    },
                    (Waiting: waiting, Entries: entries),
                    preferLocal: false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                ThreadPool.UnsafeQueueUserWorkItem(
                    static state =>
                    {
                        foreach (var done in state.Waiting)
                        {
                            done.SetException(state.Error);
                        }
                    },
                    (Waiting: waiting, Error: e),
                    preferLocal: false);
            }

            batch.Clear();
        }
    }
}
