using System.Text.Json;

namespace Traceability.Telemetry;

/// <summary>Why a message was not stored.</summary>
public enum RejectionReason
{
    /// <summary>Not a readings topic of the tree, or identifiers that cannot be ids.</summary>
    Topic,

    /// <summary>Not JSON, or not the readings schema (missing or mistyped field).</summary>
    Malformed,

    /// <summary>Larger than the limits (payload bytes or readings per message).</summary>
    TooLarge,

    /// <summary>The payload speaks for another device than the topic's, or the publisher may not use the topic.</summary>
    Unauthorised,

    /// <summary>A quantity the platform does not know, or a unit that is not the quantity's unit.</summary>
    Unit,

    /// <summary>A value outside what a working sensor can report, or not a finite number.</summary>
    OutOfRange,

    /// <summary>A device time too far ahead of the platform's clock, or before the platform could exist (an unset clock).</summary>
    Timestamp,
}

/// <summary>The outcome of checking one message: the batch to store, or why it is rejected.</summary>
public sealed record ValidationResult(ReadingBatch? Batch, RejectionReason? Reason, string? Detail)
{
    public bool Accepted => Batch is not null;

    public static ValidationResult Accept(ReadingBatch batch) => new(batch, null, null);

    public static ValidationResult Reject(RejectionReason reason, string detail) => new(null, reason, detail);
}

/// <summary>Limits applied to every readings message.</summary>
public sealed record ValidationLimits
{
    /// <summary>Largest payload accepted, bytes.</summary>
    public int MaxPayloadBytes { get; init; } = 256 * 1024;

    /// <summary>Most readings in one message.</summary>
    public int MaxReadings { get; init; } = 1000;

    /// <summary>How far a device's clock may run ahead of the platform's.</summary>
    public TimeSpan MaxClockAhead { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Readings before this are from a device whose clock was never set.</summary>
    public DateTimeOffset Earliest { get; init; } = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ValidationLimits Default { get; } = new();
}

/// <summary>
/// Checks a readings message against its topic: schema, identity, units, ranges and times. A
/// message is stored whole or not at all; the first problem found is the reason, naming the
/// field (<c>readings[3].unit</c>). Pure and thread-safe.
/// </summary>
public static class ReadingsValidation
{
    public static ValidationResult Check(string topic, ReadOnlySpan<byte> payload, DateTimeOffset receivedAt, ValidationLimits? limits = null)
    {
        if (!TelemetryTopics.TryParse(topic, out var address) || address.Channel != TopicChannel.Readings)
        {
            return ValidationResult.Reject(RejectionReason.Topic, $"'{topic}' is not a readings topic (ocop/{{facility}}/{{site}}/{{device}}/readings)");
        }

        return Check(address, payload, receivedAt, limits);
    }

    public static ValidationResult Check(TopicAddress topic, ReadOnlySpan<byte> payload, DateTimeOffset receivedAt, ValidationLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(topic);
        limits ??= ValidationLimits.Default;
        if (payload.Length > limits.MaxPayloadBytes)
        {
            return ValidationResult.Reject(RejectionReason.TooLarge, $"payload is {payload.Length} bytes, more than {limits.MaxPayloadBytes}");
        }

        ReadingBatch? batch;
        try
        {
            batch = JsonSerializer.Deserialize(payload, TelemetryJson.Default.ReadingBatch);
        }
        catch (JsonException e)
        {
            return ValidationResult.Reject(RejectionReason.Malformed, e.Path is { Length: > 1 } path ? $"{path.TrimStart('$', '.')}: {FirstLine(e.Message)}" : FirstLine(e.Message));
        }
        catch (ArgumentException e)
        {
            return ValidationResult.Reject(RejectionReason.Malformed, FirstLine(e.Message));
        }

        if (batch is null)
        {
            return ValidationResult.Reject(RejectionReason.Malformed, "payload is JSON null, not a readings object");
        }

        return CheckBatch(topic, batch, receivedAt, limits);
    }

    /// <summary>Checks a parsed batch (fields may be missing: the JSON may have omitted them).</summary>
    public static ValidationResult CheckBatch(TopicAddress topic, ReadingBatch batch, DateTimeOffset receivedAt, ValidationLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(batch);
        limits ??= ValidationLimits.Default;
        if (batch.Device is null)
        {
            return ValidationResult.Reject(RejectionReason.Malformed, "device: required");
        }

        if (batch.Device != topic.Device)
        {
            return ValidationResult.Reject(RejectionReason.Unauthorised, $"device: '{batch.Device}' published on the topic of device '{topic.Device}'");
        }

        if (batch.Sequence < 1)
        {
            return ValidationResult.Reject(RejectionReason.Malformed, $"seq: {batch.Sequence} is not a positive sequence number");
        }

        if (batch.Readings is null || batch.Readings.Count == 0)
        {
            return ValidationResult.Reject(RejectionReason.Malformed, "readings: at least one reading is required");
        }

        if (batch.Readings.Count > limits.MaxReadings)
        {
            return ValidationResult.Reject(RejectionReason.TooLarge, $"readings: {batch.Readings.Count} readings, more than {limits.MaxReadings}");
        }

        var latest = receivedAt + limits.MaxClockAhead;
        for (var i = 0; i < batch.Readings.Count; i++)
        {
            var reading = batch.Readings[i];
            if (reading is null)
            {
                return ValidationResult.Reject(RejectionReason.Malformed, $"readings[{i}]: null");
            }

            if (!TelemetryTopics.IsId(reading.Sensor))
            {
                return ValidationResult.Reject(RejectionReason.Malformed, $"readings[{i}].sensor: '{reading.Sensor}' is not a sensor id (1–{TelemetryTopics.MaxIdLength} of A–Z a–z 0–9 . _ -)");
            }

            var quantity = Quantities.Find(reading.Quantity);
            if (quantity is null)
            {
                return ValidationResult.Reject(RejectionReason.Unit, $"readings[{i}].quantity: '{reading.Quantity}' is not one of {string.Join(", ", Quantities.All.Select(q => q.Name))}");
            }

            if (reading.Unit != quantity.Unit)
            {
                return ValidationResult.Reject(RejectionReason.Unit, $"readings[{i}].unit: '{reading.Unit}' is not the unit of {quantity.Name} ('{quantity.Unit}')");
            }

            if (!double.IsFinite(reading.Value) || reading.Value < quantity.Min || reading.Value > quantity.Max)
            {
                return ValidationResult.Reject(RejectionReason.OutOfRange, $"readings[{i}].value: {reading.Value} {quantity.Unit} is outside {quantity.Min}..{quantity.Max} for {quantity.Name}");
            }

            if (reading.At > latest)
            {
                return ValidationResult.Reject(RejectionReason.Timestamp, $"readings[{i}].at: {reading.At:O} is more than {limits.MaxClockAhead.TotalMinutes} min after the platform's clock ({receivedAt:O})");
            }

            if (reading.At < limits.Earliest)
            {
                return ValidationResult.Reject(RejectionReason.Timestamp, $"readings[{i}].at: {reading.At:O} is before {limits.Earliest:yyyy-MM-dd} (device clock not set)");
            }
        }

        return ValidationResult.Accept(batch);
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
