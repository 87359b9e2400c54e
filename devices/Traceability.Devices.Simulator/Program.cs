using Traceability.Devices.Simulator;

return await new SimulatorCli(Console.Out, Console.Error).InvokeAsync(args).ConfigureAwait(false);
