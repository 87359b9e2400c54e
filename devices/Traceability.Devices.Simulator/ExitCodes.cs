namespace Traceability.Devices.Simulator;

/// <summary>The simulator's exit codes.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Not everything was acknowledged in time (broker unreachable or too slow).</summary>
    public const int Incomplete = 1;

    /// <summary>The command line or the devices file is wrong.</summary>
    public const int Usage = 2;

    /// <summary>The broker refused a device (credentials, or a PUBACK error such as NotAuthorized).</summary>
    public const int Refused = 3;
}
