using System.CommandLine;
using Traceability.Telemetry;

namespace Traceability.Devices.Simulator;

/// <summary>Options the simulator's commands share.</summary>
internal static class SimulatorOptions
{
    public static Option<string> Devices() => new("--devices")
    {
        Description = "The devices file (demo-devices.json): each device's id, facility, site, topic, username and password",
        HelpName = "path",
        Required = true,
    };

    public static Option<int> Batch() => Positive("--batch", "Most readings in one message", 50, max: 1000);

    public static Option<string> DataDir(string description) => new("--data-dir") { Description = description, HelpName = "path" };

    public static Option<int> Positive(string name, string description, int defaultValue, int max = int.MaxValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1 || result.GetValueOrDefault<int>() > max)
            {
                result.AddError($"{name}: must be 1 to {max}");
            }
        });
        return option;
    }

    /// <summary>Reads the devices file; null and a message when it cannot be used.</summary>
    public static IReadOnlyList<DeviceCredentials>? ReadDevices(string path, TextWriter error)
    {
        try
        {
            var devices = ReadingsPayload.ReadDevices(path);
            if (devices.Count == 0)
            {
                error.WriteLine($"{path}: no devices in the file");
                return null;
            }

            return devices;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            error.WriteLine($"{path}: cannot read the devices file: {e.Message}");
            return null;
        }
    }
}
