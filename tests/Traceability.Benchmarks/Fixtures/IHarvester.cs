namespace Traceability.Benchmarks.Fixtures;

/// <summary>One capture client: harvests one new batch per call, returning once it is durable.</summary>
public interface IHarvester
{
    Task HarvestAsync();
}
