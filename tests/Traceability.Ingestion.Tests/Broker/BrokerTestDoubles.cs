using System.Threading.Channels;
using System.Collections.Concurrent;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Tests.Broker;

/// <summary>
/// Test double for broker tests only: an in-memory <see cref="IReadingsSink"/> that records what the broker
/// handed it and can hold the call open (to see that the PUBACK waits) or fail it. It stores nothing durably;
/// the real pipeline is tested on its own.
/// </summary>
internal sealed class RecordingSinkForBrokerTests : IReadingsSink
{
    private readonly Channel<(string Topic, byte[] Payload, string? ClientId)> _calls = Channel.CreateUnbounded<(string, byte[], string?)>();

    /// <summary>While set, each call waits for this task before completing.</summary>
    public Task? Gate { get; set; }

    public Exception? Failure { get; set; }

    public IngestOutcome Outcome { get; set; } = IngestOutcome.Stored;

    public async ValueTask<IngestOutcome> IngestAsync(string topic, ReadOnlyMemory<byte> payload, string? clientId, CancellationToken cancellationToken = default)
    {
        _calls.Writer.TryWrite((topic, payload.ToArray(), clientId));
        if (Gate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        return Outcome;
    }

    /// <summary>The next call the broker made, waiting at most 15 s.</summary>
    public async Task<(string Topic, byte[] Payload, string? ClientId)> NextCallAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await _calls.Reader.ReadAsync(timeout.Token);
    }

    public bool TryTakeCall(out (string Topic, byte[] Payload, string? ClientId) call) => _calls.Reader.TryRead(out call);
}

/// <summary>Test double for broker tests only: an in-memory <see cref="IDeadLetterStore"/> recording the letters.</summary>
internal sealed class RecordingDeadLettersForBrokerTests : IDeadLetterStore
{
    private readonly ConcurrentQueue<DeadLetter> _letters = new();

    public IReadOnlyCollection<DeadLetter> Letters => _letters;

    public ValueTask AddAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        _letters.Enqueue(letter);
        return ValueTask.CompletedTask;
    }

    public Task<IReadOnlyList<StoredDeadLetter>> ListAsync(long afterId, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredDeadLetter>>(_letters.Select((l, i) => new StoredDeadLetter(i + 1, l)).Where(s => s.Id > afterId).Take(limit).ToList());

    public Task<IReadOnlyDictionary<RejectionReason, long>> CountAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<RejectionReason, long>>(_letters.GroupBy(l => l.Reason).ToDictionary(g => g.Key, g => (long)g.Count()));
}
