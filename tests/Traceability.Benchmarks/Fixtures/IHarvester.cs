namespace Traceability.Benchmarks.Fixtures;

/// <summary>One capture client: harvests new batches, one call at a time, returning once they are durable.</summary>
public interface IHarvester
{
    /// <summary>How many harvests one <see cref="HarvestAsync"/> records (1 unless the client sends batches).</summary>
    int EventsPerCall => 1;

    Task HarvestAsync();
}
