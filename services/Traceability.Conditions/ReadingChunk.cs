using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Traceability.Conditions;

/// <summary>
/// The compact binary form in which the SQLite store keeps a run of one device's readings (one
/// row per run instead of one per reading). Layout (version 1): a version byte; the number of
/// distinct (sensor, quantity, unit) triples, then each as three length-prefixed UTF-8 strings;
/// the number of readings, then per reading the triple's index, its time as milliseconds after
/// the chunk's start (unsigned LEB128 varints) and its value (IEEE 754 double, little-endian).
/// Pure and thread-safe.
/// </summary>
public static class ReadingChunk
{
    private const byte Version = 1;

    /// <summary>Encodes <paramref name="readings"/> (all of one device, none before <paramref name="fromMs"/>).</summary>
    public static byte[] Encode(IReadOnlyList<StoredReading> readings, long fromMs)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var triples = new Dictionary<(string, string, string), int>();
        var order = new List<(string Sensor, string Quantity, string Unit)>();
        var indexes = new int[readings.Count];
        StoredReading? last = null;
        var lastIndex = -1;
        for (var i = 0; i < readings.Count; i++)
        {
            var r = readings[i];
            int index;
            if (last is not null && ReferenceEquals(r.Sensor, last.Sensor) && ReferenceEquals(r.Quantity, last.Quantity) && ReferenceEquals(r.Unit, last.Unit))
            {
                // The same strings as the reading before (the usual case): the same triple.
                index = lastIndex;
            }
            else
            {
                var key = (r.Sensor, r.Quantity, r.Unit);
                if (!triples.TryGetValue(key, out index))
                {
                    index = order.Count;
                    triples[key] = index;
                    order.Add(key);
                }
            }

            indexes[i] = index;
            last = r;
            lastIndex = index;
        }

        var buffer = new ArrayBufferWriter<byte>(16 + (order.Count * 48) + (readings.Count * 14));
        buffer.GetSpan(1)[0] = Version;
        buffer.Advance(1);
        WriteVarint(buffer, (ulong)order.Count);
        foreach (var (sensor, quantity, unit) in order)
        {
            WriteString(buffer, sensor);
            WriteString(buffer, quantity);
            WriteString(buffer, unit);
        }

        WriteVarint(buffer, (ulong)readings.Count);
        for (var i = 0; i < readings.Count; i++)
        {
            var offset = ReadingTime.ToUnixMilliseconds(readings[i].At) - fromMs;
            if (offset < 0)
            {
                throw new ArgumentException($"Reading {i} is before the chunk's start.", nameof(readings));
            }

            WriteVarint(buffer, (ulong)indexes[i]);
            WriteVarint(buffer, (ulong)offset);
            BinaryPrimitives.WriteDoubleLittleEndian(buffer.GetSpan(8), readings[i].Value);
            buffer.Advance(8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a chunk of <paramref name="device"/> at <paramref name="site"/> of <paramref name="facility"/>, adding the readings with sinceMs ≤ time &lt; untilMs to <paramref name="into"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> data, string facility, string site, string device, long fromMs, long sinceMs, long untilMs, List<StoredReading> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (data.IsEmpty || data[0] != Version)
        {
            throw new InvalidDataException($"Readings chunk of version {(data.IsEmpty ? -1 : data[0])} is not version {Version}.");
        }

        var position = 1;
        var tripleCount = (int)ReadVarint(data, ref position);
        var triples = new (string Sensor, string Quantity, string Unit)[tripleCount];
        for (var i = 0; i < tripleCount; i++)
        {
            triples[i] = (ReadString(data, ref position), ReadString(data, ref position), ReadString(data, ref position));
        }

        var count = (int)ReadVarint(data, ref position);
        for (var i = 0; i < count; i++)
        {
            var index = (int)ReadVarint(data, ref position);
            var at = fromMs + (long)ReadVarint(data, ref position);
            var value = BinaryPrimitives.ReadDoubleLittleEndian(data.Slice(position, 8));
            position += 8;
            if (at >= sinceMs && at < untilMs)
            {
                var (sensor, quantity, unit) = triples[index];
                into.Add(new StoredReading(facility, site, device, sensor, quantity, unit, value, ReadingTime.FromUnixMilliseconds(at)));
            }
        }
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarint(buffer, (ulong)length);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    private static string ReadString(ReadOnlySpan<byte> data, ref int position)
    {
        var length = (int)ReadVarint(data, ref position);
        var value = Encoding.UTF8.GetString(data.Slice(position, length));
        position += length;
        return value;
    }

    private static void WriteVarint(ArrayBufferWriter<byte> buffer, ulong value)
    {
        var span = buffer.GetSpan(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        buffer.Advance(n);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("A varint in a readings chunk is longer than 64 bits.");
    }
}
