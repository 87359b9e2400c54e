using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Traceability.Devices.Agent;

/// <summary>A broker's <c>host:port</c> as given on a command line (port 1883 when left out).</summary>
public sealed record BrokerAddress(string Host, int Port)
{
    public const int DefaultPort = 1883;

    /// <summary>Parses <c>host</c>, <c>host:port</c> or <c>[ipv6]:port</c>.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out BrokerAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the broker is HOST:PORT, e.g. 127.0.0.1:1883";
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon < 0 || text.EndsWith(']'))
        {
            address = new BrokerAddress(text.Trim('[', ']'), DefaultPort);
            error = null;
            return true;
        }

        var host = text[..colon].Trim('[', ']');
        if (host.Length == 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"'{text}' is not HOST:PORT with a port of 1–65535";
            return false;
        }

        address = new BrokerAddress(host, port);
        error = null;
        return true;
    }

    public override string ToString() => $"{Host}:{Port}";
}
