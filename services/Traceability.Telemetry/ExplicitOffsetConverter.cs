using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Traceability.Telemetry;

/// <summary>
/// Reads an RFC 3339 time that states its offset (<c>Z</c> or <c>±hh:mm</c>): a device time
/// without one would be read in the server's own zone, so it is refused rather than guessed.
/// Writes UTC with milliseconds and <c>Z</c>.
/// </summary>
public sealed class ExplicitOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected an RFC 3339 time string, not {reader.TokenType}");
        }

        // The reader's own ISO 8601 parser (no allocation); the offset is checked on the raw text,
        // since the parser reads a time without one in the local zone.
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            if (reader.TryGetDateTimeOffset(out var value) && HasOffset(reader.ValueSpan))
            {
                return value;
            }
        }
        else if (reader.GetString() is { } text && HasOffset(System.Text.Encoding.UTF8.GetBytes(text))
            && DateTimeOffset.TryParseExact(text, RoundTrip, CultureInfo.InvariantCulture, DateTimeStyles.None, out var unescaped))
        {
            return unescaped;
        }

        throw new JsonException($"'{reader.GetString()}' is not an RFC 3339 time with an offset (e.g. 2026-11-28T08:00:00Z or 2026-11-28T15:00:00+07:00)");
    }

    /// <summary>RFC 3339 shapes with an offset, for the rare escaped string (<c>\u002B</c> for <c>+</c>).</summary>
    private static readonly string[] RoundTrip = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    private static bool HasOffset(ReadOnlySpan<byte> text)
    {
        var t = text.IndexOf((byte)'T');
        return t >= 0 && text[t..].IndexOfAny("Z+-"u8) >= 0;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
