using System.Text;
using Traceability.Cli;

// Names in the records are Vietnamese; a console left in a legacy code page would mangle them.
Console.OutputEncoding = Encoding.UTF8;
return await new TraceCli(Environment.GetEnvironmentVariable).InvokeAsync(args).ConfigureAwait(false);
