using System.ComponentModel.DataAnnotations;
using Traceability.Domain;

namespace Traceability.Grains;

/// <summary>Settings of the capture rules (section <c>Traceability:Capture</c>).</summary>
public sealed class CaptureOptions
{
    public const string Section = "Traceability:Capture";

    /// <summary>Yield ranges that replace the built-in ones, per step kind.</summary>
    public Dictionary<StepKind, YieldBounds> Yields { get; init; } = [];

    /// <summary>A configured yield range.</summary>
    public sealed class YieldBounds
    {
        [Range(0.0001, 1000)]
        public double Min { get; set; }

        [Range(0.0001, 1000)]
        public double Max { get; set; }
    }
}
