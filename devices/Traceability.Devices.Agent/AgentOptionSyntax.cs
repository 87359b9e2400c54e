using System.CommandLine;
using System.CommandLine.Parsing;
using Traceability.Telemetry.Simulation;

namespace Traceability.Devices.Agent;

/// <summary>The options the agent and the simulator share, so both parse and name them the same way.</summary>
public static class AgentOptionSyntax
{
    /// <summary><c>--broker host:port</c>.</summary>
    public static Option<BrokerAddress> Broker() => new("--broker")
    {
        Description = "The MQTT broker, HOST:PORT",
        HelpName = "host:port",
        Required = true,
        CustomParser = result => Parse<BrokerAddress>(result, (string text, out BrokerAddress value, out string? error) =>
        {
            var ok = BrokerAddress.TryParse(text, out var address, out error);
            value = address!;
            return ok;
        }),
    };

    /// <summary>A duration such as <c>10s</c>.</summary>
    public static Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description,
        HelpName = "duration",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse<TimeSpan>(result, (string text, out TimeSpan value, out string? error) =>
        {
            var ok = Durations.TryParse(text, out value) && value > TimeSpan.Zero;
            error = ok ? null : $"'{text}' is not a positive duration such as 10s, 5m or 500ms";
            return ok;
        }),
    };

    /// <summary><c>--excursion START/DURATION/QUANTITY=LEVEL</c>, repeatable.</summary>
    public static Option<Excursion[]> Excursions() => new("--excursion")
    {
        Description = "A storage-room excursion START/DURATION/QUANTITY=LEVEL, e.g. 2026-05-01T14:00:00+07:00/30m/rh=80 (repeatable)",
        HelpName = "start/duration/quantity=level",
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result => [.. result.Tokens.Select(token =>
        {
            if (Excursion.TryParse(token.Value, out var excursion, out var error))
            {
                return excursion;
            }

            result.AddError($"--excursion: {error}");
            return null;
        }).OfType<Excursion>()],
    };

    /// <summary><c>--profile drying|storage</c>.</summary>
    public static Option<SiteProfile> Profile(SiteProfile defaultValue) => new("--profile")
    {
        Description = "What the simulated sensors measure: drying (a bamboo-shoot dryer) or storage (a storage room)",
        HelpName = "drying|storage",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse<SiteProfile>(result, (string text, out SiteProfile value, out string? error) =>
        {
            var ok = Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);
            error = ok ? null : $"'{text}' is not drying or storage";
            return ok;
        }),
    };

    /// <summary>Reads one option value: the value, or false and an error naming what is wrong.</summary>
    public delegate bool ValueParser<T>(string text, out T value, out string? error);

    private static T Parse<T>(ArgumentResult result, ValueParser<T> parse)
    {
        if (result.Tokens.Count == 0)
        {
            return default!;
        }

        var text = result.Tokens[^1].Value;
        if (parse(text, out var value, out var error))
        {
            return value;
        }

        var name = result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
        result.AddError($"{name}: {error}");
        return default!;
    }
}
