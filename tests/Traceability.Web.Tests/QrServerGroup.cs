namespace Traceability.Web.Tests;

/// <summary>The tests that use <see cref="QrServerFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class QrServerGroup : ICollectionFixture<QrServerFixture>
{
    public const string Name = "Demo server for QR codes and labels";
}
