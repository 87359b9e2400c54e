using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Traceability.Telemetry;

namespace Traceability.IntegrationTests.Embedded;

/// <summary>
/// Readings messages from a seeded generator: valid batches, and mutations of valid ones that a
/// broken or hostile gateway could send (truncated JSON, flipped bits, wrong types, missing and
/// extra fields, unknown quantities, wrong units, values out of range or not numbers, times far
/// ahead or before 2020, huge strings, empty arrays, repeated sequences, bytes that are not
/// UTF-8, deep nesting, payloads at the size limits). Each device's messages are numbered in the
/// order it will publish them. Deterministic for a seed and a clock reading.
/// </summary>
internal sealed class FuzzedPayloads
{
    /// <summary>How far from generation the messages may be checked (by the test and by the server) with the same outcome.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(3);

    private static readonly (string Kind, int Weight)[] Kinds =
    [
        ("valid", 340), ("valid-extra-fields", 40), ("valid-local-offset", 20), ("truncated", 70), ("flipped-bits", 80),
        ("wrong-type", 60), ("missing-field", 60), ("unknown-quantity", 30), ("wrong-unit", 30), ("out-of-range", 40),
        ("not-a-number", 20), ("far-future", 30), ("before-2020", 25), ("earliest-allowed", 5), ("huge-string", 15),
        ("empty", 20), ("duplicate-resend", 25), ("duplicate-seq-new-readings", 20), ("non-utf8", 25), ("deep-nesting", 10),
        ("near-size-limit", 4), ("reading-count-limit", 2), ("foreign-device", 15), ("bad-seq", 15), ("bad-sensor-id", 15),
        ("null-reading", 10),
    ];

    private static readonly string[] Sensors = ["t1", "t2", "rh1", "m1", "probe-7", "dryer.core_1"];

    private readonly Random _random;
    private readonly DateTimeOffset _now;
    private readonly int _totalWeight = Kinds.Sum(k => k.Weight);
    private readonly Dictionary<string, DeviceState> _devices = new(StringComparer.Ordinal);

    private FuzzedPayloads(int seed, DateTimeOffset now)
    {
        _random = new Random(seed);
        _now = now;
    }

    /// <summary>
    /// <paramref name="count"/> messages spread round-robin over <paramref name="devices"/>. A message
    /// whose verdict would change within <see cref="Validity"/> of <paramref name="now"/> (a time just
    /// at the 5-minute clock limit) is replaced by another, so the verdict does not depend on when
    /// exactly the server receives it.
    /// </summary>
    public static IReadOnlyList<FuzzedMessage> Generate(int seed, int count, IReadOnlyList<DeviceCredentials> devices, DateTimeOffset now)
    {
        var generator = new FuzzedPayloads(seed, now);
        var messages = new List<FuzzedMessage>(count);
        for (var i = 0; i < count; i++)
        {
            var device = devices[i % devices.Count];
            while (true)
            {
                var state = generator.State(device);
                var snapshot = state.Save();
                var (kind, payload) = generator.Next(device, state);
                if (Verdict(device, payload, now) == Verdict(device, payload, now + Validity))
                {
                    state.Commit(payload);
                    messages.Add(new FuzzedMessage(i, device, kind, payload));
                    break;
                }

                state.Restore(snapshot);
            }
        }

        return messages;
    }

    private static (bool, RejectionReason?) Verdict(DeviceCredentials device, byte[] payload, DateTimeOffset at)
    {
        var result = ReadingsValidation.Check(device.Topic, payload, at);
        return (result.Accepted, result.Reason);
    }

    private DeviceState State(DeviceCredentials device)
    {
        if (!_devices.TryGetValue(device.Device, out var state))
        {
            // Every valid reading of a device gets its own time, going back from two seconds ago.
            state = new DeviceState(_now.AddSeconds(-2));
            _devices[device.Device] = state;
        }

        return state;
    }

    private (string Kind, byte[] Payload) Next(DeviceCredentials device, DeviceState state)
    {
        var pick = _random.Next(_totalWeight);
        var kind = Kinds[0].Kind;
        foreach (var (name, weight) in Kinds)
        {
            if (pick < weight)
            {
                kind = name;
                break;
            }

            pick -= weight;
        }

        if (kind is "duplicate-resend" or "duplicate-seq-new-readings" && state.Sent.Count == 0)
        {
            kind = "valid";
        }

        return (kind, kind switch
        {
            "valid" => Serialize(Batch(device, state, state.NextSequence())),
            "valid-extra-fields" => ExtraFields(Batch(device, state, state.NextSequence())),
            "valid-local-offset" => Serialize(LocalOffset(Batch(device, state, state.NextSequence()))),
            "truncated" => Truncated(Serialize(Batch(device, state, state.NextSequence()))),
            "flipped-bits" => FlippedBits(Serialize(Batch(device, state, state.NextSequence()))),
            "wrong-type" => WrongType(Batch(device, state, state.NextSequence())),
            "missing-field" => MissingField(Batch(device, state, state.NextSequence())),
            "unknown-quantity" => EditReading(Batch(device, state, state.NextSequence()), r => r["quantity"] = Pick("pressure", "Temperature", "", "co2", "temperature ")),
            "wrong-unit" => EditReading(Batch(device, state, state.NextSequence()), WrongUnit),
            "out-of-range" => EditReading(Batch(device, state, state.NextSequence()), OutOfRange),
            "not-a-number" => NotANumber(Batch(device, state, state.NextSequence())),
            "far-future" => EditReading(Batch(device, state, state.NextSequence()), r => r["at"] = Pick(_now.AddMinutes(20), _now.AddDays(1), _now.AddYears(3), new DateTimeOffset(2099, 12, 31, 23, 59, 59, TimeSpan.Zero))),
            "before-2020" => EditReading(Batch(device, state, state.NextSequence()), r => r["at"] = Pick(DateTimeOffset.UnixEpoch, new DateTimeOffset(2019, 12, 31, 23, 59, 59, 999, TimeSpan.Zero), DateTimeOffset.MinValue, new DateTimeOffset(2020, 1, 1, 6, 59, 59, TimeSpan.FromHours(7)).AddMilliseconds(999))),
            "earliest-allowed" => EditReading(Batch(device, state, state.NextSequence()), r => r["at"] = Pick(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2020, 1, 1, 7, 0, 0, 1, TimeSpan.FromHours(7)))),
            "huge-string" => HugeString(Batch(device, state, state.NextSequence())),
            "empty" => Empty(device, state.NextSequence()),
            "duplicate-resend" => state.Sent[_random.Next(state.Sent.Count)],
            "duplicate-seq-new-readings" => Serialize(Batch(device, state, state.Sequences[_random.Next(state.Sequences.Count)])),
            "non-utf8" => NonUtf8(Serialize(Batch(device, state, state.NextSequence()))),
            "deep-nesting" => DeepNesting(Batch(device, state, state.NextSequence())),
            "near-size-limit" => NearSizeLimit(Batch(device, state, state.NextSequence())),
            "reading-count-limit" => Serialize(Batch(device, state, state.NextSequence(), ValidationLimits.Default.MaxReadings + _random.Next(2))),
            "foreign-device" => Serialize(Batch(device, state, state.NextSequence()) with { Device = Pick("GW-other", device.Device + "x", device.Device.ToUpperInvariant() + "1") }),
            "bad-seq" => BadSequence(Batch(device, state, state.NextSequence())),
            "bad-sensor-id" => EditReading(Batch(device, state, state.NextSequence()), r => r["sensor"] = Pick("a/b", "", "with space", "t#1", "cảm-biến", new string('s', 65))),
            "null-reading" => NullReading(Batch(device, state, state.NextSequence())),
            _ => throw new InvalidOperationException(kind),
        });
    }

    private ReadingBatch Batch(DeviceCredentials device, DeviceState state, long sequence, int? readings = null)
    {
        var count = readings ?? (_random.Next(10) == 0 ? _random.Next(21, 120) : _random.Next(1, 21));
        var list = new SensorReading[count];
        for (var i = 0; i < count; i++)
        {
            var quantity = Quantities.All[_random.Next(Quantities.All.Count)];
            var value = _random.Next(20) switch
            {
                0 => quantity.Min,
                1 => quantity.Max,
                2 => 0,
                _ => Math.Round(quantity.Min + (_random.NextDouble() * (quantity.Max - quantity.Min)), _random.Next(0, 4)),
            };
            list[i] = new SensorReading(Sensors[_random.Next(Sensors.Length)], quantity.Name, quantity.Unit, value, state.NextTime(_random));
        }

        return new ReadingBatch(device.Device, sequence, list);
    }

    private static byte[] Serialize(ReadingBatch batch) => ReadingsPayload.Serialize(batch);

    private static JsonObject Node(ReadingBatch batch) => JsonNode.Parse(Serialize(batch))!.AsObject();

    private static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private T Pick<T>(params T[] choices) => choices[_random.Next(choices.Length)];

    private JsonObject AnyReading(JsonObject batch)
    {
        var readings = batch["readings"]!.AsArray();
        return readings[_random.Next(readings.Count)]!.AsObject();
    }

    private byte[] EditReading(ReadingBatch batch, Action<JsonObject> edit)
    {
        var node = Node(batch);
        edit(AnyReading(node));
        return Bytes(node);
    }

    private static ReadingBatch LocalOffset(ReadingBatch batch) =>
        batch with { Readings = batch.Readings.Select(r => r with { At = r.At.ToOffset(TimeSpan.FromHours(7)) }).ToList() };

    private byte[] ExtraFields(ReadingBatch batch)
    {
        var node = Node(batch);
        node["firmware"] = "2.4.1";
        node["meta"] = new JsonObject { ["rssi"] = -71, ["tags"] = new JsonArray("a", "b") };
        AnyReading(node)["battery"] = 3.7;
        return Bytes(node);
    }

    private byte[] Truncated(byte[] payload) => payload[.._random.Next(payload.Length)];

    private byte[] FlippedBits(byte[] payload)
    {
        var copy = (byte[])payload.Clone();
        for (var flips = _random.Next(1, 4); flips > 0; flips--)
        {
            copy[_random.Next(copy.Length)] ^= (byte)(1 << _random.Next(8));
        }

        return copy;
    }

    private byte[] WrongType(ReadingBatch batch)
    {
        var node = Node(batch);
        var reading = AnyReading(node);
        switch (_random.Next(10))
        {
            case 0: node["seq"] = batch.Sequence.ToString(CultureInfo.InvariantCulture); break;
            case 1: node["seq"] = batch.Sequence + 0.5; break;
            case 2: node["device"] = 12345; break;
            case 3: node["readings"] = new JsonObject { ["sensor"] = "t1" }; break;
            case 4: reading["value"] = reading["value"]!.ToJsonString(); break;
            case 5: reading["value"] = true; break;
            case 6: reading["at"] = 1_764_000_000_000; break;
            case 7: reading["at"] = "yesterday"; break;
            case 8: reading["sensor"] = 7; break;
            default: node["readings"]!.AsArray().Add("t1=21.5"); break;
        }

        return Bytes(node);
    }

    private byte[] MissingField(ReadingBatch batch)
    {
        var node = Node(batch);
        var field = Pick("device", "seq", "readings", "sensor", "quantity", "unit", "value", "at");
        if (field is "device" or "seq" or "readings")
        {
            node.Remove(field);
        }
        else
        {
            AnyReading(node).Remove(field);
        }

        return Bytes(node);
    }

    private void WrongUnit(JsonObject reading)
    {
        var unit = (string)reading["unit"]!;
        reading["unit"] = Pick("FAH", "KEL", "cel", "%", "", unit == "CEL" ? "P1" : "CEL", unit.ToLowerInvariant());
    }

    private void OutOfRange(JsonObject reading)
    {
        var quantity = Quantities.Find((string)reading["quantity"]!)!;
        reading["value"] = Pick(quantity.Max + 0.01, quantity.Min - 0.01, quantity.Max * 10, -1e308, 1e308, quantity.Max + 1);
    }

    private byte[] NotANumber(ReadingBatch batch)
    {
        var node = Node(batch);
        var reading = AnyReading(node);
        var marker = "\"__value__\"";
        reading["value"] = "__value__";
        var literal = Pick("NaN", "Infinity", "-Infinity", "1e309", "-1e400", "\"NaN\"", "null", "1e-400", "0x10", "+5", ".5", "05");
        return Encoding.UTF8.GetBytes(node.ToJsonString().Replace(marker, literal, StringComparison.Ordinal));
    }

    private byte[] HugeString(ReadingBatch batch)
    {
        var node = Node(batch);
        switch (_random.Next(5))
        {
            case 0: AnyReading(node)["sensor"] = new string('s', 100_000); break;
            case 1: node["device"] = new string('d', 20_000); break;
            case 2: AnyReading(node)["quantity"] = new string('q', 50_000); break;
            case 3: AnyReading(node)["unit"] = new string('u', 30_000); break;
            default: node["note"] = new string('n', 200_000); break;
        }

        return Bytes(node);
    }

    private byte[] Empty(DeviceCredentials device, long sequence) => _random.Next(6) switch
    {
        0 => Encoding.UTF8.GetBytes($$"""{"device":"{{device.Device}}","seq":{{sequence}},"readings":[]}"""),
        1 => [],
        2 => "{}"u8.ToArray(),
        3 => "[]"u8.ToArray(),
        4 => "null"u8.ToArray(),
        _ => Encoding.UTF8.GetBytes($$"""{"device":"{{device.Device}}","seq":{{sequence}},"readings":[{}]}"""),
    };

    private byte[] NonUtf8(byte[] payload)
    {
        // Into a string value: after the opening quote of the device id or of a sensor id.
        var text = Encoding.UTF8.GetString(payload);
        var anchor = Pick("\"device\":\"", "\"sensor\":\"", "\"unit\":\"");
        var at = Encoding.UTF8.GetByteCount(text[..(text.IndexOf(anchor, StringComparison.Ordinal) + anchor.Length)]);
        byte[] bad = Pick<byte[]>([0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80]);
        return [.. payload[..at], .. bad, .. payload[at..]];
    }

    private byte[] DeepNesting(ReadingBatch batch)
    {
        var depth = Pick(65, 200, 5_000, 50_000);
        var open = _random.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        if (_random.Next(3) == 0)
        {
            return Encoding.UTF8.GetBytes(nested);
        }

        var json = Encoding.UTF8.GetString(Serialize(batch));
        return Encoding.UTF8.GetBytes(json[..^1] + ",\"extra\":" + nested + "}");
    }

    private byte[] NearSizeLimit(ReadingBatch batch)
    {
        // Padded with an ignored field to a few bytes either side of the validator's limit.
        var target = ValidationLimits.Default.MaxPayloadBytes + _random.Next(-8, 9);
        var json = Encoding.UTF8.GetString(Serialize(batch));
        var frame = json[..^1] + ",\"pad\":\"\"}";
        var pad = target - Encoding.UTF8.GetByteCount(frame);
        return Encoding.UTF8.GetBytes(json[..^1] + ",\"pad\":\"" + new string('p', Math.Max(0, pad)) + "\"}");
    }

    private byte[] BadSequence(ReadingBatch batch)
    {
        var json = Encoding.UTF8.GetString(Serialize(batch));
        var literal = Pick("0", "-5", "9223372036854775808", "1e3", "-0", "null");
        return Encoding.UTF8.GetBytes(json.Replace($"\"seq\":{batch.Sequence}", $"\"seq\":{literal}", StringComparison.Ordinal));
    }

    private byte[] NullReading(ReadingBatch batch)
    {
        var node = Node(batch);
        var readings = node["readings"]!.AsArray();
        readings.Insert(_random.Next(readings.Count + 1), null);
        return Bytes(node);
    }

    /// <summary>A device's numbering and clock while its messages are generated.</summary>
    private sealed class DeviceState(DateTimeOffset start)
    {
        private long _next = 1;
        private DateTimeOffset _time = start;

        /// <summary>Payloads generated so far (candidates for an exact resend).</summary>
        public List<byte[]> Sent { get; } = [];

        /// <summary>Sequence numbers used so far (candidates for a repeated number with new readings).</summary>
        public List<long> Sequences { get; } = [];

        public long NextSequence()
        {
            Sequences.Add(_next);
            return _next++;
        }

        /// <summary>A new millisecond for each reading, going back in steps of 1 ms to 2 s.</summary>
        public DateTimeOffset NextTime(Random random)
        {
            _time -= TimeSpan.FromMilliseconds(random.Next(1, 2000));
            return _time;
        }

        public (long Next, DateTimeOffset Time, int Sequences) Save() => (_next, _time, Sequences.Count);

        public void Restore((long Next, DateTimeOffset Time, int Sequences) snapshot)
        {
            (_next, _time) = (snapshot.Next, snapshot.Time);
            Sequences.RemoveRange(snapshot.Sequences, Sequences.Count - snapshot.Sequences);
        }

        public void Commit(byte[] payload) => Sent.Add(payload);
    }
}
