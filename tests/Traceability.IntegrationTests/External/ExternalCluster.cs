using System.Globalization;
using System.Text.Json;
using Traceability.Devices.Simulator;
using Traceability.Ingestion.Devices;
using Traceability.Telemetry;
using Traceability.Testing;

namespace Traceability.IntegrationTests.External;

/// <summary>
/// The platform in cluster mode, every part a real process on 127.0.0.1: VictoriaMetrics as the time-series
/// store, mosquitto as the external broker (persistence on, logins and ACL generated from the device
/// registry) and the server with <c>--demo --Mqtt:Mode external</c>, subscribed to mosquitto with a fixed
/// client id so that a restarted server resumes its persistent session. Everything lives in one temporary
/// folder, deleted on dispose; every process is killed on dispose. One test drives it.
/// </summary>
internal sealed class ExternalCluster : IAsyncDisposable
{
    /// <summary>The xunit collection of the tests that start clusters: one cluster at a time on a small machine.</summary>
    public const string Collection = "External cluster";

    /// <summary>The server's client id at mosquitto, the same for every start in a test.</summary>
    public const string ClientId = "traceability-ingestion-test";

    /// <summary>How long a server, a broker or a stream of readings may take on a busy two-core machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly DirectoryInfo _root;

    private ExternalCluster(DirectoryInfo root, VictoriaMetricsProcess store)
    {
        _root = root;
        Store = store;
    }

    public VictoriaMetricsProcess Store { get; }

    public MosquittoProcess Broker { get; private set; } = null!;

    /// <summary>The running server; replaced by <see cref="RestartServerAsync"/>.</summary>
    public ServerProcess Server { get; private set; } = null!;

    /// <summary>The server's data folder (registry, journal, ledger), kept across server restarts.</summary>
    public string DataDir => Path.Combine(_root.FullName, "data");

    /// <summary>A folder of the test's own (device outboxes), deleted with the cluster.</summary>
    public string Scratch => Path.Combine(_root.FullName, "scratch");

    /// <summary>The demo gateways and their logins, from the server's <c>demo-devices.json</c>.</summary>
    public IReadOnlyList<DeviceCredentials> Devices { get; private set; } = [];

    private string MosquittoFolder => Path.Combine(_root.FullName, "mosquitto");

    /// <summary>
    /// Starts VictoriaMetrics; makes the registry with the service account and mosquitto's files from it; starts
    /// mosquitto and then the server (demo data, external broker); once the demo registered its gateways, writes
    /// the files again and reloads mosquitto; returns once the server is subscribed.
    /// </summary>
    /// <param name="autosaveIntervalSeconds">How often mosquitto saves its database (sessions, queued messages) besides at a graceful stop.</param>
    public static async Task<ExternalCluster> StartAsync(int autosaveIntervalSeconds = 1800)
    {
        var root = Directory.CreateTempSubdirectory("traceability-external-");
        ExternalCluster? cluster = null;
        try
        {
            cluster = new ExternalCluster(root, await VictoriaMetricsProcess.StartAsync());
            Directory.CreateDirectory(cluster.Scratch);
            using (var registry = new DeviceRegistry(cluster.DataDir))
            {
                registry.EnsureServiceAccount();
                MosquittoFiles.Write(registry, cluster.MosquittoFolder);
            }

            cluster.Broker = await MosquittoProcess.StartAsync(new MosquittoOptions
            {
                PasswordFile = Path.Combine(cluster.MosquittoFolder, MosquittoFiles.PasswordFileName),
                AclFile = Path.Combine(cluster.MosquittoFolder, MosquittoFiles.AclFileName),
                Persistence = true,
                AutosaveIntervalSeconds = autosaveIntervalSeconds,
                // The server asks for up to 2,000 in flight; while it is down everything published is queued for its session
                // (as deploy/mosquitto/mosquitto.conf: beyond max_queued_messages mosquitto drops, after acknowledging the publisher).
                MaxInflightMessages = 1000,
                MaxQueuedMessages = 100_000,
            });
            await cluster.StartServerAsync();

            var devicesFile = Path.Combine(cluster.DataDir, "demo-devices.json");
            await Eventually.HoldsAsync(() => File.Exists(devicesFile), Patience, "the demo wrote demo-devices.json");
            using (var registry = new DeviceRegistry(cluster.DataDir))
            {
                MosquittoFiles.Write(registry, cluster.MosquittoFolder);
            }

            await cluster.Broker.ReloadAsync();
            cluster.Devices = ReadingsPayload.ReadDevices(devicesFile);
            return cluster;
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
            else
            {
                root.Delete(recursive: true);
            }

            throw;
        }
    }

    /// <summary>Kills the server (SIGKILL), as a crash or power loss would.</summary>
    public Task KillServerAsync() => Server.KillAsync();

    /// <summary>Starts the server again on the same data folder with the same client id; returns once it is subscribed.</summary>
    public async Task RestartServerAsync()
    {
        await Server.DisposeAsync();
        await StartServerAsync();
    }

    /// <summary>The ingestion's counters since the server started.</summary>
    public async Task<IngestionCounters> StatusAsync()
    {
        var json = await Server.Http.GetStringAsync(new Uri("/v1/ingestion/status", UriKind.Relative));
        return IngestionCounters.Parse(json);
    }

    /// <summary>
    /// Every stored reading of <paramref name="site"/> in the last three days (all the tests write), as
    /// <c>GET /v1/sites/{site}/readings</c> answers; fails when the answer was truncated.
    /// </summary>
    public async Task<IReadOnlyList<StoredReading>> ReadingsAsync(string site)
    {
        var now = DateTimeOffset.UtcNow;
        var query = new Uri(StoredReadings.Query(Server.Url, site, now - TimeSpan.FromDays(3), now + TimeSpan.FromHours(1)) + "&limit=100000");
        var json = await Server.Http.GetStringAsync(query);
        using (var document = JsonDocument.Parse(json))
        {
            if (document.RootElement.TryGetProperty("truncated", out var truncated) && truncated.ValueKind == JsonValueKind.True)
            {
                throw new InvalidOperationException($"The readings of {site} were truncated at 100,000: the test wrote more than it can check.");
            }
        }

        return StoredReadings.Parse(json);
    }

    /// <summary>Readings of every site in <paramref name="sites"/>, by site.</summary>
    public async Task<Dictionary<string, IReadOnlyList<StoredReading>>> ReadingsAsync(IEnumerable<string> sites)
    {
        var bySite = new Dictionary<string, IReadOnlyList<StoredReading>>(StringComparer.Ordinal);
        foreach (var site in sites.Distinct(StringComparer.Ordinal))
        {
            bySite[site] = await ReadingsAsync(site);
        }

        return bySite;
    }

    /// <summary>
    /// Polls the sites of <paramref name="sent"/> until each holds at least as many readings as were sent to it
    /// (VictoriaMetrics makes a write searchable within a second or two) and returns what they hold then.
    /// </summary>
    public async Task<Dictionary<string, IReadOnlyList<StoredReading>>> WaitForReadingsAsync(IReadOnlyList<SentReading> sent)
    {
        Dictionary<string, IReadOnlyList<StoredReading>>? stored = null;
        await Eventually.HoldsAsync(
            async () => StoredReadingsAssert.AllArrived(sent, stored = await ReadingsAsync(sent.Select(s => s.Site))),
            Patience,
            $"{sent.Count} readings stored",
            () => StoredReadingsAssert.Progress(sent, stored));
        return stored!;
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Broker is not null)
        {
            await Broker.DisposeAsync();
        }

        await Store.DisposeAsync();
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file a killed process held; the temporary folder is the OS's to clean.
        }
    }

    /// <summary>How often the running server has subscribed to mosquitto (once per connection).</summary>
    public int Subscriptions() =>
        Server.Output.Split('\n').Count(line => line.Contains("Subscribed to $share/traceability/ocop/+/+/+/readings", StringComparison.Ordinal));

    private async Task StartServerAsync()
    {
        Server = await ServerProcess.StartAsync(
            DataDir,
            demo: true,
            "--Mqtt:Mode", "external",
            "--Mqtt:Host", Broker.Host,
            "--Mqtt:Port", Broker.Port.ToString(CultureInfo.InvariantCulture),
            "--Mqtt:ClientId", ClientId,
            "--Readings:Store", "victoriametrics",
            "--Readings:Url", Store.Url.ToString());
        // Readings published before the subscription exists would find no subscriber (a fresh session) and be
        // dropped by mosquitto with a success PUBACK: the tests publish only once the server is subscribed.
        await Eventually.HoldsAsync(
            () => Subscriptions() > 0,
            Patience,
            "the server subscribed to mosquitto",
            () => $"Server:\n{Server.Output}\nmosquitto:\n{Broker.Output}");
    }
}
