using Traceability.Rules;

namespace Traceability.Grains.Tests.Fixtures;

/// <summary>What every refused capture must look like: the rule named, nothing written.</summary>
public static class Refusals
{
    /// <summary>
    /// Captures once and checks the capture was refused for <paramref name="kind"/> at
    /// <paramref name="field"/> while the event store kept exactly the events it had.
    /// </summary>
    public static async Task<RuleViolation> RefusedWithoutWritingAsync(this FieldCluster cluster, Func<Task<CaptureResult>> capture, ViolationKind kind, string field)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(capture);
        var before = await cluster.EventCountAsync();

        var result = await capture();

        Assert.Null(result.Recorded);
        Assert.False(result.Repeated);
        var violation = Assert.IsType<RuleViolation>(result.Violation);
        Assert.Equal(kind, violation.Kind);
        Assert.Equal(field, violation.Field);
        Assert.Equal(before, await cluster.EventCountAsync());
        return violation;
    }
}
