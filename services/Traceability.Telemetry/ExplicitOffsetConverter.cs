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

        var text = reader.GetString()!;
        var t = text.IndexOf('T', StringComparison.Ordinal);
        var zone = t < 0 ? -1 : text.AsSpan(t).IndexOfAny('Z', '+', '-');
        if (zone < 0 || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw new JsonException($"'{text}' is not an RFC 3339 time with an offset (e.g. 2026-11-28T08:00:00Z or 2026-11-28T15:00:00+07:00)");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
