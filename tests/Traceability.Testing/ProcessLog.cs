using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Traceability.Testing;

/// <summary>
/// What a child process printed, kept for failure messages: thread-safe, and bounded (past the
/// limit the older half is dropped), so a long-running server cannot fill the test's memory.
/// </summary>
public sealed class ProcessLog
{
    private const int Limit = 256 * 1024;
    private readonly StringBuilder _text = new();

    /// <summary>Appends one line (null, as a closed stream gives, is ignored).</summary>
    public void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_text)
        {
            if (_text.Length > Limit)
            {
                _text.Remove(0, _text.Length - (Limit / 2));
            }

            _text.AppendLine(line);
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }

    /// <summary>A port free on 127.0.0.1 right now, for a server that cannot bind port 0 and report it.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
