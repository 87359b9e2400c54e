using Grpc.Net.Client;
using Traceability.Contracts.V1;
using Traceability.Testing;

namespace Traceability.Benchmarks.Fixtures;

/// <summary>
/// One capture client: its own gRPC channel (its own HTTP/2 connection) and its own facility with
/// one forest plot, harvesting 10 kg batches with fresh ids one call after the other. Each call
/// returns once the server has committed the harvest to disk.
/// </summary>
public sealed class HarvestClient : IHarvester, IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Batches.BatchesClient _batches;
    private int _next;

    private HarvestClient(GrpcChannel channel, string facilityId, int perCall)
    {
        _channel = channel;
        _batches = new Batches.BatchesClient(channel);
        FacilityId = facilityId;
        EventsPerCall = perCall;
    }

    public string FacilityId { get; }

    /// <summary>Harvests per call: 1 sends Batches.Harvest, more send Batches.HarvestBatch with that many.</summary>
    public int EventsPerCall { get; }

    public string AreaCode => $"{FacilityId}-PLOT";

    /// <summary>Harvests sent so far.</summary>
    public int Count => _next;

    /// <summary>
    /// Registers the client's facility as the admin (<paramref name="adminKey"/>), issues the
    /// facility's operator key, and opens a channel to <paramref name="grpcUrl"/> acting with it,
    /// through which the plot and the harvests are recorded.
    /// </summary>
    public static async Task<HarvestClient> RegisterAsync(Uri grpcUrl, string facilityId, string adminKey, int perCall = 1)
    {
        using (var admin = ApiKeyHandler.Channel(grpcUrl, adminKey))
        {
            await new Registry.RegistryClient(admin).RegisterFacilityAsync(new RegisterFacilityRequest
        {
            FacilityId = facilityId,
            Kind = FacilityKind.Cooperative,
            Name = "HTX thu hái (benchmark)",
            Address = "Thôn Long Năng",
            Commune = "Ngọc Linh",
            District = "Đăk Glei",
            Province = "Kon Tum",
            });
            var issued = await new Access.AccessClient(admin).IssueKeyAsync(new IssueKeyRequest { Role = PrincipalRole.Operator, FacilityId = facilityId, Label = "benchmark operator" });
            adminKey = issued.Key;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(perCall, 1);
        var client = new HarvestClient(ApiKeyHandler.Channel(grpcUrl, adminKey), facilityId, perCall);
        var registry = new Registry.RegistryClient(client._channel);
        var area = new RegisterAreaRequest
        {
            FacilityId = facilityId,
            AreaCode = client.AreaCode,
            Name = "Tiểu khu 249",
            Commune = "Ngọc Linh",
            District = "Đăk Glei",
            Province = "Kon Tum",
            Owner = "A Blong",
        };
        area.Boundary.Add([
            new GeoPoint { Latitude = 15.071, Longitude = 107.961 },
            new GeoPoint { Latitude = 15.073, Longitude = 107.964 },
            new GeoPoint { Latitude = 15.069, Longitude = 107.966 },
        ]);
        area.Species.Add("Codonopsis javanica");
        await registry.RegisterAreaAsync(area);
        return client;
    }

    /// <summary>Opens <paramref name="count"/> clients, each with its own facility named after <paramref name="prefix"/>.</summary>
    public static async Task<HarvestClient[]> RegisterManyAsync(Uri grpcUrl, string prefix, int count, string adminKey, int perCall = 1)
    {
        var clients = new HarvestClient[count];
        for (var i = 0; i < count; i++)
        {
            clients[i] = await RegisterAsync(grpcUrl, $"{prefix}-{i:D2}", adminKey, perCall);
        }

        return clients;
    }

    /// <summary>Harvests <see cref="EventsPerCall"/> new batches in one call; returns once they are durable.</summary>
    public async Task HarvestAsync()
    {
        if (EventsPerCall == 1)
        {
            await _batches.HarvestAsync(NextHarvest());
            return;
        }

        var request = new HarvestBatchRequest { FacilityId = FacilityId };
        for (var i = 0; i < EventsPerCall; i++)
        {
            request.Harvests.Add(NextHarvest());
        }

        var response = await _batches.HarvestBatchAsync(request);
        if (response.Recorded != EventsPerCall)
        {
            // A benchmark that counted refused or repeated harvests as captured would overstate the rate.
            throw new InvalidOperationException($"The server recorded {response.Recorded} of {EventsPerCall} harvests ({response.Repeated} repeated, {response.Refused} refused): {response.Outcomes.FirstOrDefault(o => o.Error is not null)?.Error.Message}");
        }
    }

    private HarvestRequest NextHarvest() => new()
    {
        FacilityId = FacilityId,
        BatchId = $"{FacilityId}-{++_next:D7}",
        AreaCode = AreaCode,
        Species = "Codonopsis javanica",
        MassG = 10_000,
        HarvestedAt = Scenario.At(Scenario.Day(1, 7)),
        Harvester = "Y Nhung",
    };

    /// <summary>Harvests <paramref name="count"/> batches one after the other.</summary>
    public async Task HarvestManyAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await HarvestAsync();
        }
    }

    /// <summary>Harvests one batch after the other until <paramref name="duration"/> is over.</summary>
    public async Task HarvestForAsync(TimeSpan duration)
    {
        var until = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < until)
        {
            await HarvestAsync();
        }
    }

    public void Dispose() => _channel.Dispose();

    /// <summary>A facility-id prefix no earlier run on the same data folder used.</summary>
    public static string NewPrefix(string kind) => $"HTX-{kind}-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
}
