namespace Traceability.IntegrationTests.Embedded;

/// <summary>
/// The tests that start the real server in its embedded mode run one at a time: each starts a
/// server (Orleans silo, broker, SQLite stores) and some measure what a burst of traffic does,
/// which two such servers sharing the machine's two cores would only blur.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OneServerAtATime
{
    public const string Name = "Embedded server";
}
