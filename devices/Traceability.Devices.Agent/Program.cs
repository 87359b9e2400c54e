using System.CommandLine;
using Microsoft.Extensions.Logging;
using Traceability.Devices.Agent;

using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console =>
{
    console.SingleLine = true;
    console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffzzz ";
}));
var root = new RootCommand("The site gateway agent: sensors → disk outbox → MQTT broker") { new RunCommand(loggers).Command };
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
