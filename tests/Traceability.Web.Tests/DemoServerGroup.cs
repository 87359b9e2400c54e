namespace Traceability.Web.Tests;

/// <summary>
/// The tests of the trace page, the resolver, the QR codes and the label sheets: they share one demo
/// server (<see cref="TracePageServer"/>), one start on a machine of two cores, not one per class.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DemoServerGroup : ICollectionFixture<TracePageServer>
{
    public const string Name = "Demo server for the trace page, QR codes and labels";
}
