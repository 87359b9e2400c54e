using Traceability.Devices.Agent.Buffering;
using Traceability.Telemetry;

namespace Traceability.Devices.Tests;

public sealed class DiskBufferTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AppendNumbersMessagesOneByOneAndStoresTheBatch()
    {
        using var buffer = DiskBuffer.Open(_folder.Path, "dryer-1");
        var first = buffer.Append(Readings.Temperature(60.5)).Sequence;
        var second = buffer.Append(Readings.Temperature(61)).Sequence;

        Assert.Equal(first + 1, second);
        var peeked = buffer.Peek(10);
        Assert.Equal([first, second], peeked.Select(m => m.Sequence));
        var batch = System.Text.Json.JsonSerializer.Deserialize(peeked[0].Payload.Span, TelemetryJson.Default.ReadingBatch)!;
        Assert.Equal(("dryer-1", first, 60.5), (batch.Device, batch.Sequence, batch.Readings[0].Value));
    }

    [Fact]
    public void ANewBufferStartsNumberingAtItsCreationTimeSoALostFileNeverReusesNumbers()
    {
        var created = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        using var buffer = DiskBuffer.Open(_folder.Path, "dryer-1", time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(created));

        Assert.Equal(Sequences.First(created), buffer.Append(Readings.Temperature(20)).Sequence);
        Assert.True(Sequences.First(created.AddSeconds(1)) > Sequences.First(created) + 100_000);
    }

    [Fact]
    public void SequenceNumbersSurviveReopeningAndAreNeverReusedAfterRemoval()
    {
        long last;
        using (var buffer = DiskBuffer.Open(_folder.Path, "dryer-1"))
        {
            buffer.Append(Readings.Temperature(1));
            last = buffer.Append(Readings.Temperature(2)).Sequence;
            buffer.Remove(buffer.Peek(10).Select(m => m.Sequence).ToArray());
            Assert.Equal(0, buffer.Count);
        }

        using var reopened = DiskBuffer.Open(_folder.Path, "dryer-1");
        Assert.Equal(last + 1, reopened.Append(Readings.Temperature(3)).Sequence);
    }

    [Fact]
    public void PeekGivesTheOldestFirstAndCanStartAfterASequence()
    {
        using var buffer = DiskBuffer.Open(_folder.Path, "dryer-1");
        var sequences = Enumerable.Range(0, 5).Select(i => buffer.Append(Readings.Temperature(i)).Sequence).ToArray();

        Assert.Equal(sequences[..2], buffer.Peek(2).Select(m => m.Sequence));
        Assert.Equal(sequences[3..], buffer.Peek(10, afterSequence: sequences[2]).Select(m => m.Sequence));
    }

    [Fact]
    public void RemoveForgetsOnlyTheAcknowledgedMessage()
    {
        using var buffer = DiskBuffer.Open(_folder.Path, "dryer-1");
        var a = buffer.Append(Readings.Temperature(1)).Sequence;
        var b = buffer.Append(Readings.Temperature(2)).Sequence;
        var c = buffer.Append(Readings.Temperature(3)).Sequence;

        buffer.Remove(b);
        buffer.Remove(b);

        Assert.Equal([a, c], buffer.Peek(10).Select(m => m.Sequence));
        Assert.Equal(2, buffer.Count);
    }

    [Fact]
    public void WhenFullTheOldestMessagesAreDroppedCountedAndTheCountSurvivesReopening()
    {
        var limits = new BufferLimits { MaxMessages = 3 };
        long[] sequences;
        using (var buffer = DiskBuffer.Open(_folder.Path, "store-1", limits))
        {
            sequences = Enumerable.Range(0, 5).Select(i => buffer.Append(Readings.Temperature(i)).Sequence).ToArray();

            Assert.Equal(sequences[2..], buffer.Peek(10).Select(m => m.Sequence));
            Assert.Equal(2, buffer.Dropped);
        }

        using var reopened = DiskBuffer.Open(_folder.Path, "store-1", limits);
        Assert.Equal(2, reopened.Dropped);
        Assert.Equal(1, reopened.Append(Readings.Temperature(9)).DroppedOldest);
        Assert.Equal(3, reopened.Dropped);
        Assert.Equal(sequences[^1] + 1, reopened.Peek(10)[^1].Sequence);
    }

    [Fact]
    public void TheByteLimitDropsTheOldestButAlwaysKeepsTheNewest()
    {
        using var buffer = DiskBuffer.Open(_folder.Path, "store-1", new BufferLimits { MaxBytes = 1500 });
        long newest = 0;
        for (var i = 0; i < 40; i++)
        {
            newest = buffer.Append(Readings.Temperature(i, count: 3)).Sequence;
        }

        Assert.InRange(buffer.Bytes, 1, 1500);
        Assert.Equal(newest, buffer.Peek(100)[^1].Sequence);
        Assert.Equal(40, buffer.Count + buffer.Dropped);

        using var tiny = DiskBuffer.Open(Path.Combine(_folder.Path, "tiny"), "store-2", new BufferLimits { MaxBytes = 10 });
        tiny.Append(Readings.Temperature(1));
        var kept = tiny.Append(Readings.Temperature(2)).Sequence;
        Assert.Equal([kept], tiny.Peek(10).Select(m => m.Sequence));
    }

    [Fact]
    public void AfterACrashTheFileAsLeftOnDiskHoldsEveryAppendedMessageAndTheCounter()
    {
        // The process dies with the connection open: copy the database and its WAL as they are on disk.
        var crashed = Path.Combine(_folder.Path, "crashed");
        var buffer = DiskBuffer.Open(_folder.Path, "dryer-1");
        var sequences = Enumerable.Range(0, 10).Select(i => buffer.Append(Readings.Temperature(i)).Sequence).ToArray();
        buffer.Remove(sequences[0]);
        Directory.CreateDirectory(crashed);
        foreach (var file in Directory.GetFiles(_folder.Path, DiskBuffer.FileName + "*"))
        {
            File.Copy(file, Path.Combine(crashed, Path.GetFileName(file)));
        }

        Assert.True(File.Exists(Path.Combine(crashed, DiskBuffer.FileName + "-wal")));

        using var recovered = DiskBuffer.Open(crashed, "dryer-1");
        Assert.Equal(sequences[1..], recovered.Peek(100).Select(m => m.Sequence));
        Assert.Equal(sequences[^1] + 1, recovered.Append(Readings.Temperature(42)).Sequence);

        // And the original, never disposed, is opened again by a second process-like instance.
        using var second = DiskBuffer.Open(_folder.Path, "dryer-1");
        Assert.Equal(9, second.Count);
        GC.KeepAlive(buffer);
    }

    [Fact]
    public void AFileOfAnotherDeviceIsRefused()
    {
        using (DiskBuffer.Open(_folder.Path, "dryer-1"))
        {
        }

        var error = Assert.Throws<InvalidOperationException>(() => DiskBuffer.Open(_folder.Path, "dryer-2"));
        Assert.Contains("dryer-1", error.Message, StringComparison.Ordinal);
    }
}
