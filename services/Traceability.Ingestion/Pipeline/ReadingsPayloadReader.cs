using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Pipeline;

/// <summary>
/// The pipeline's reader of a readings payload (<c>docs/mqtt.md</c>): one pass of a
/// <see cref="Utf8JsonReader"/> over the payload bytes, building the <see cref="ReadingBatch"/>
/// directly (no serializer metadata, no per-reading argument caches) and reusing the id, quantity
/// and unit strings that repeat within a message instead of allocating one per reading. It reads
/// only the plain form (each field once, no unknown fields, no escaped text, no byte-order mark);
/// anything else — and every message the rules reject — goes to <see cref="ReadingsValidation.Check(TopicAddress, ReadOnlySpan{byte}, DateTimeOffset, ValidationLimits?)"/>,
/// the contract's own reader, so a message is accepted or refused, with the same reason and
/// detail, exactly as there. Pure and thread-safe.
/// </summary>
public static class ReadingsPayloadReader
{
    private const int MaxCachedStrings = 16;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 64,
    };

    /// <summary>Checks a message as <see cref="ReadingsValidation"/> does, reading the plain form directly.</summary>
    public static ValidationResult Check(TopicAddress topic, ReadOnlySpan<byte> payload, DateTimeOffset receivedAt, ValidationLimits limits)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(limits);
        if (payload.Length <= limits.MaxPayloadBytes && TryRead(topic, payload, out var batch))
        {
            var result = ReadingsValidation.CheckBatch(topic, batch, receivedAt, limits);
            if (result.Accepted)
            {
                return result;
            }
        }

        // Anything unusual or refused: the contract's reader decides, and words the reason.
        return ReadingsValidation.Check(topic, payload, receivedAt, limits);
    }

    /// <summary>
    /// Reads the plain form of a readings payload; false when the payload is anything else (which
    /// does not mean it is malformed: the serializer may still read it).
    /// </summary>
    public static bool TryRead(TopicAddress topic, ReadOnlySpan<byte> payload, [NotNullWhen(true)] out ReadingBatch? batch)
    {
        ArgumentNullException.ThrowIfNull(topic);
        batch = null;
        if (payload.IsEmpty || payload[0] == 0xEF)
        {
            // Empty, or a UTF-8 byte-order mark: the serializer's business.
            return false;
        }

        try
        {
            return TryReadCore(topic, payload, out batch);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            batch = null;
            return false;
        }
    }

    private static bool TryReadCore(TopicAddress topic, ReadOnlySpan<byte> payload, [NotNullWhen(true)] out ReadingBatch? batch)
    {
        batch = null;
        var reader = new Utf8JsonReader(payload, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string? device = null;
        long sequence = 0;
        var hasSequence = false;
        List<SensorReading>? readings = null;
        var strings = new string?[MaxCachedStrings];
        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (reader.TokenType != JsonTokenType.PropertyName || reader.ValueIsEscaped)
            {
                return false;
            }

            if (reader.ValueTextEquals("device"u8))
            {
                if (device is not null || !reader.Read() || !IsPlainString(ref reader))
                {
                    return false;
                }

                device = EqualsAscii(reader.ValueSpan, topic.Device) ? topic.Device : reader.GetString();
            }
            else if (reader.ValueTextEquals("seq"u8))
            {
                if (hasSequence || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out sequence))
                {
                    return false;
                }

                hasSequence = true;
            }
            else if (reader.ValueTextEquals("readings"u8))
            {
                if (readings is not null || !reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    return false;
                }

                readings = [];
                while (true)
                {
                    if (!reader.Read())
                    {
                        return false;
                    }

                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        break;
                    }

                    if (reader.TokenType != JsonTokenType.StartObject || !TryReadReading(ref reader, strings, out var reading))
                    {
                        return false;
                    }

                    readings.Add(reading);
                }
            }
            else
            {
                // An unknown field: the serializer skips it; leave the message to it.
                return false;
            }
        }

        // Nothing but white space may follow the object (the reader throws on anything else).
        if (reader.Read() || device is null || !hasSequence || readings is null)
        {
            return false;
        }

        batch = new ReadingBatch(device, sequence, readings);
        return true;
    }

    private static bool TryReadReading(ref Utf8JsonReader reader, string?[] strings, [NotNullWhen(true)] out SensorReading? reading)
    {
        reading = null;
        string? sensor = null, quantity = null, unit = null;
        double value = 0;
        var hasValue = false;
        var hasAt = false;
        DateTimeOffset at = default;
        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (reader.TokenType != JsonTokenType.PropertyName || reader.ValueIsEscaped)
            {
                return false;
            }

            if (reader.ValueTextEquals("sensor"u8))
            {
                if (sensor is not null || !reader.Read() || !IsPlainString(ref reader))
                {
                    return false;
                }

                sensor = Cached(ref reader, strings);
            }
            else if (reader.ValueTextEquals("quantity"u8))
            {
                if (quantity is not null || !reader.Read() || !IsPlainString(ref reader))
                {
                    return false;
                }

                quantity = Cached(ref reader, strings);
            }
            else if (reader.ValueTextEquals("unit"u8))
            {
                if (unit is not null || !reader.Read() || !IsPlainString(ref reader))
                {
                    return false;
                }

                unit = Cached(ref reader, strings);
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                if (hasValue || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out value))
                {
                    return false;
                }

                hasValue = true;
            }
            else if (reader.ValueTextEquals("at"u8))
            {
                // As ExplicitOffsetConverter reads an unescaped time: ISO 8601 with a stated offset.
                if (hasAt || !reader.Read() || !IsPlainString(ref reader) || !reader.TryGetDateTimeOffset(out at) || !HasOffset(reader.ValueSpan))
                {
                    return false;
                }

                hasAt = true;
            }
            else
            {
                return false;
            }
        }

        if (sensor is null || quantity is null || unit is null || !hasValue || !hasAt)
        {
            return false;
        }

        reading = new SensorReading(sensor, quantity, unit, value, at);
        return true;
    }

    private static bool IsPlainString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence;

    /// <summary>The string of the current (plain) string token, reusing an equal one read earlier in the message.</summary>
    private static string Cached(ref Utf8JsonReader reader, string?[] strings)
    {
        var span = reader.ValueSpan;
        for (var i = 0; i < strings.Length; i++)
        {
            var known = strings[i];
            if (known is null)
            {
                var read = reader.GetString()!;
                strings[i] = read;
                return read;
            }

            if (EqualsAscii(span, known))
            {
                return known;
            }
        }

        return reader.GetString()!;
    }

    /// <summary>Whether the UTF-8 bytes are exactly the ASCII text <paramref name="text"/>.</summary>
    private static bool EqualsAscii(ReadOnlySpan<byte> utf8, string text)
    {
        if (utf8.Length != text.Length)
        {
            return false;
        }

        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b >= 0x80 || b != text[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>As <see cref="ExplicitOffsetConverter"/>: a <c>Z</c>, <c>+</c> or <c>-</c> after the <c>T</c>.</summary>
    private static bool HasOffset(ReadOnlySpan<byte> text)
    {
        var t = text.IndexOf((byte)'T');
        return t >= 0 && text[t..].IndexOfAny("Z+-"u8) >= 0;
    }
}
