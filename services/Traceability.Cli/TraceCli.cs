using System.CommandLine;
using System.CommandLine.Invocation;

namespace Traceability.Cli;

/// <summary>
/// The <c>trace</c> command line: every command, wired to the server's gRPC services. Each
/// command group turns a <see cref="ParseResult"/> into its request with a pure method, which the
/// tests call without a server.
/// </summary>
internal sealed class TraceCli
{
    /// <param name="environment">
    /// Reads an environment variable: <c>TRACE_SERVER</c>, <c>TRACE_API_KEY</c> and
    /// <c>XDG_CONFIG_HOME</c> (where the tokens of <c>trace login</c> are kept) are read.
    /// </param>
    /// <param name="time">The clock that says whether a stored token has expired; the system's by default.</param>
    /// <param name="input">Where <c>trace login</c> reads a key not given with <c>--key</c>; the console, unechoed, by default.</param>
    public TraceCli(Func<string, string?> environment, TimeProvider? time = null, TextReader? input = null)
    {
        Global = new GlobalOptions(environment, time ?? TimeProvider.System);
        Login = new LoginCommands(Global, input);
        Keys = new KeysCommands(Global);
        Devices = new DevicesCommands(Global);
        Access = new AccessCommands(Global);
        Register = new RegisterCommands(Global);
        Harvest = new HarvestCommand(Global);
        HarvestBatch = new HarvestBatchCommand(Global);
        Step = new StepCommand(Global);
        Pack = new PackCommand(Global);
        Lot = new LotCommands(Global);
        Batch = new BatchCommands(Global);
        Epcis = new EpcisCommands();
        Ledger = new LedgerCommands(Global);
        Verify = new VerifyCommand(Global);
        Audit = new AuditCommand(Global);
        Conditions = new ConditionsCommands(Global);
        Store = new StoreCommand(Global);
        Storage = new StorageCommands(Global);
        Root = new RootCommand("Record and trace OCOP specialty products over the traceability server's gRPC API")
        {
            Global.Server, Global.Json, Global.ApiKey,
            Login.Login, Login.Logout, Login.WhoAmI,
            Register.Command, Harvest.Command, HarvestBatch.Command, Step.Command, Pack.Command, Lot.Command, Batch.Command, Epcis.Command,
            Ledger.Command, Verify.Command, Audit.Command,
            Conditions.Command,
            Store.Command, Storage.Command,
            Keys.Command, Devices.Command, Access.Command,
        };
    }

    public GlobalOptions Global { get; }
    public LoginCommands Login { get; }
    public KeysCommands Keys { get; }
    public DevicesCommands Devices { get; }
    public AccessCommands Access { get; }
    public RegisterCommands Register { get; }
    public HarvestCommand Harvest { get; }

    public HarvestBatchCommand HarvestBatch { get; }
    public StepCommand Step { get; }
    public PackCommand Pack { get; }
    public LotCommands Lot { get; }
    public BatchCommands Batch { get; }
    public EpcisCommands Epcis { get; }
    public LedgerCommands Ledger { get; }
    public VerifyCommand Verify { get; }
    public AuditCommand Audit { get; }
    public ConditionsCommands Conditions { get; }
    public StoreCommand Store { get; }
    public StorageCommands Storage { get; }
    public RootCommand Root { get; }

    /// <summary>
    /// Runs the command <paramref name="args"/> name and returns the exit code: that of the
    /// command, or <see cref="ExitCodes.Rejected"/> when the command line itself is wrong.
    /// </summary>
    public async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellation = default)
    {
        var parse = Parse(args);
        var exit = await parse.InvokeAsync(configuration, cancellation).ConfigureAwait(false);
        return parse.Errors.Count > 0 ? ExitCodes.Rejected : exit;
    }

    /// <summary>Parses <paramref name="args"/> against every command.</summary>
    public ParseResult Parse(params string[] args)
    {
        var parse = Root.Parse(args);
        // On a command that does something, the errors name the option at fault and its full help
        // would push them off screen; on a group (`trace`, `trace lot`) the help lists what to type.
        if (parse.Action is ParseErrorAction error)
        {
            error.ShowHelp = parse.CommandResult.Command.Subcommands.Count > 0;
        }
        return parse;
    }
}
