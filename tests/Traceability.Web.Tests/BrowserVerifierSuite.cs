namespace Traceability.Web.Tests;

/// <summary>The browser verifier's tests, which share one demo server (<see cref="BrowserVerifierServer"/>).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserVerifierSuite : ICollectionFixture<BrowserVerifierServer>
{
    public const string Name = "Demo server for the browser verifier";
}
