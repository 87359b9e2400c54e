namespace Traceability.Devices.Agent.Publishing;

/// <summary>The broker refused the device (its credentials at connect, or a message by its PUBACK reason code) and the publisher was told to stop on refusal.</summary>
public sealed class PublishRefusedException : Exception
{
    public PublishRefusedException()
    {
    }

    public PublishRefusedException(string message)
        : base(message)
    {
    }

    public PublishRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The broker's reason, as MQTT names it (e.g. <c>NotAuthorized</c>, <c>BadUserNameOrPassword</c>).</summary>
    public string? Reason { get; init; }
}
