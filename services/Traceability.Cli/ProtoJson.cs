using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Traceability.Cli;

/// <summary>
/// A response as the server's HTTP API writes it, so that <c>trace … --json</c> and
/// <c>curl …/v1/…</c> give the same document. Google.Protobuf's <see cref="JsonFormatter"/> does
/// the protobuf mapping (lowerCamelCase names, enum names, RFC 3339 times, oneofs); two
/// settings of the server's JSON transcoding are then matched: fields at their default value are
/// written (its IgnoreDefaultValues is false), and 64-bit integers are numbers, not the strings of
/// canonical proto3 JSON (its WriteInt64sAsStrings is false). Text is written as UTF-8, compact.
/// </summary>
internal static class ProtoJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    private static readonly JsonSerializerOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(IMessage message)
    {
        var json = JsonNode.Parse(Formatter.Format(message))!;
        Int64sAsNumbers(json, message.Descriptor);
        return json.ToJsonString(Writing);
    }

    private static void Int64sAsNumbers(JsonNode? node, MessageDescriptor descriptor)
    {
        // Well-known types such as Timestamp are written as strings: nothing inside to change.
        if (node is not JsonObject fields)
        {
            return;
        }
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (!fields.TryGetPropertyValue(field.JsonName, out var value) || value is null || field.IsMap)
            {
                continue;
            }
            switch (field.FieldType)
            {
                case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 or FieldType.UInt64 or FieldType.Fixed64:
                    if (value is JsonArray numbers)
                    {
                        for (var i = 0; i < numbers.Count; i++)
                        {
                            numbers[i] = Number(numbers[i]);
                        }
                    }
                    else
                    {
                        fields[field.JsonName] = Number(value);
                    }
                    break;
                case FieldType.Message:
                    // Not `items : [value]`: that would build a JsonArray and re-parent the value.
                    var messages = value is JsonArray items ? items.ToArray() : new[] { value };
                    foreach (var item in messages)
                    {
                        Int64sAsNumbers(item, field.MessageType);
                    }
                    break;
            }
        }
    }

    private static JsonNode? Number(JsonNode? value) =>
        value is JsonValue text && text.TryGetValue<string>(out var digits)
            ? digits.StartsWith('-')
                ? JsonValue.Create(long.Parse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))
                : JsonValue.Create(ulong.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture))
            : value?.DeepClone();
}
