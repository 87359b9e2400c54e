using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Traceability.Rules;

namespace Traceability.Web.Qr;

/// <summary>Reads query-string parameters that may be given at most once.</summary>
internal static class QueryValues
{
    /// <summary>
    /// The value of <paramref name="name"/> (null when it is absent). A parameter given twice is
    /// refused, since which one was meant cannot be told: false, and <paramref name="violation"/> says so.
    /// </summary>
    public static bool TryGetSingle(IQueryCollection query, string name, out string? value, [NotNullWhen(false)] out RuleViolation? violation)
    {
        value = null;
        violation = null;
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return true;
        }

        if (values.Count > 1)
        {
            violation = RuleViolation.Invalid(name, "is given more than once");
            return false;
        }

        value = values[0];
        return true;
    }
}
