namespace Traceability.Security.Policy;

/// <summary>An HTTP entry point: the method (upper case) and the route template as ASP.NET Core or the proto's <c>google.api.http</c> rule spells it.</summary>
public sealed record HttpRoute(string Method, string Template)
{
    public override string ToString() => $"{Method} {Template}";
}
