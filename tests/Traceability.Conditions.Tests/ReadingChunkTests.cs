namespace Traceability.Conditions.Tests;

public sealed class ReadingChunkTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_chunk_decodes_to_what_was_encoded()
    {
        var readings = new List<StoredReading>
        {
            Reading("air", "temperature", "CEL", 60.125, T0),
            Reading("air", "relative_humidity", "P1", 41.5, T0),
            Reading("air", "temperature", "CEL", -12.75, T0.AddMilliseconds(1)),
            Reading("probe-ẞ", "moisture", "P1", 84.999999, T0.AddMinutes(59)),
        };
        var from = ReadingTime.ToUnixMilliseconds(T0);

        var data = ReadingChunk.Encode(readings, from);
        var decoded = new List<StoredReading>();
        ReadingChunk.Decode(data, "coop", "dryer-1", "d1", from, long.MinValue, long.MaxValue, decoded);

        Assert.Equal(readings, decoded);
    }

    [Fact]
    public void Decoding_keeps_only_the_range_since_inclusive_until_exclusive()
    {
        var readings = Enumerable.Range(0, 10).Select(i => Reading("air", "temperature", "CEL", i, T0.AddSeconds(i))).ToList();
        var from = ReadingTime.ToUnixMilliseconds(T0);
        var data = ReadingChunk.Encode(readings, from);

        var decoded = new List<StoredReading>();
        ReadingChunk.Decode(data, "coop", "dryer-1", "d1", from, from + 3000, from + 6000, decoded);

        Assert.Equal([3.0, 4.0, 5.0], decoded.Select(r => r.Value));
    }

    [Fact]
    public void A_chunk_is_compact()
    {
        var readings = Enumerable.Range(0, 1000).Select(i => Reading("air", "temperature", "CEL", 60 + (i % 7), T0.AddSeconds(i * 10))).ToList();

        var data = ReadingChunk.Encode(readings, ReadingTime.ToUnixMilliseconds(T0));

        // One byte of triple index, up to three of time offset, eight of value.
        Assert.InRange(data.Length, 1000 * 10, 1000 * 13);
    }

    [Fact]
    public void A_reading_before_the_chunk_start_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ReadingChunk.Encode([Reading("air", "temperature", "CEL", 1, T0)], ReadingTime.ToUnixMilliseconds(T0) + 1));
    }

    [Fact]
    public void A_chunk_of_another_version_or_truncated_is_refused()
    {
        var data = ReadingChunk.Encode([Reading("air", "temperature", "CEL", 1, T0)], ReadingTime.ToUnixMilliseconds(T0));
        var other = (byte[])data.Clone();
        other[0] = 2;

        Assert.Throws<InvalidDataException>(() => ReadingChunk.Decode(other, "c", "s", "d", 0, long.MinValue, long.MaxValue, []));
        Assert.ThrowsAny<Exception>(() => ReadingChunk.Decode(data.AsSpan(0, data.Length - 3), "c", "s", "d", 0, long.MinValue, long.MaxValue, []));
    }

    private static StoredReading Reading(string sensor, string quantity, string unit, double value, DateTimeOffset at) =>
        new("coop", "dryer-1", "d1", sensor, quantity, unit, value, at);
}
