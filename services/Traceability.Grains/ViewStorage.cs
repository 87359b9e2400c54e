namespace Traceability.Grains;

/// <summary>The name of the grain storage provider that holds the view grains' cached state.</summary>
public static class ViewStorage
{
    public const string Name = "views";
}
