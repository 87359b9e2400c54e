namespace Traceability.Conditions.Analysis;

/// <summary>
/// Mean kinetic temperature (USP &lt;1160&gt;): the one constant temperature that would age a product as
/// much as the temperatures it actually saw, weighting warm spells more than a plain mean does:
/// T<sub>K</sub> = (ΔH/R) / −ln(Σ wᵢ·e<sup>−ΔH/(R·Tᵢ)</sup> / Σ wᵢ), temperatures in kelvin, with
/// ΔH = 83.144 kJ/mol and R = 8.3144 J/(mol·K), so ΔH/R = 10,000 K. Inputs and results are in °C.
/// It is never below the (equally weighted) arithmetic mean. Pure and thread-safe.
/// </summary>
public static class MeanKineticTemperature
{
    /// <summary>ΔH/R in kelvin: the activation energy 83.144 kJ/mol over the gas constant 8.3144 J/(mol·K).</summary>
    public const double ActivationEnergyOverGasConstant = 10_000.0;

    /// <summary>0 °C in kelvin.</summary>
    public const double ZeroCelsius = 273.15;

    /// <summary>The mean kinetic temperature (°C) of <paramref name="celsius"/>, each value weighing the same (one reading per equal interval).</summary>
    /// <exception cref="ArgumentException">No temperature, or one at or below absolute zero (or not a number).</exception>
    public static double Compute(ReadOnlySpan<double> celsius)
    {
        if (celsius.IsEmpty)
        {
            throw new ArgumentException("The mean kinetic temperature needs at least one temperature.", nameof(celsius));
        }

        var sum = 0.0;
        foreach (var value in celsius)
        {
            sum += Term(Checked(value, nameof(celsius)));
        }

        return FromMeanTerm(sum / celsius.Length);
    }

    /// <summary>
    /// The mean kinetic temperature (°C) of <paramref name="celsius"/>, value i weighing
    /// <paramref name="weights"/>[i] (e.g. the time it held): the same as repeating each value in
    /// proportion to its weight.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// No temperature, a different number of weights, a negative or non-finite weight, all weights
    /// zero, or a temperature at or below absolute zero (or not a number).
    /// </exception>
    public static double Compute(ReadOnlySpan<double> celsius, ReadOnlySpan<double> weights)
    {
        if (celsius.IsEmpty)
        {
            throw new ArgumentException("The mean kinetic temperature needs at least one temperature.", nameof(celsius));
        }

        if (weights.Length != celsius.Length)
        {
            throw new ArgumentException($"{weights.Length} weights for {celsius.Length} temperatures: one weight per temperature is needed.", nameof(weights));
        }

        var sum = 0.0;
        var total = 0.0;
        for (var i = 0; i < celsius.Length; i++)
        {
            var weight = weights[i];
            if (!double.IsFinite(weight) || weight < 0)
            {
                throw new ArgumentException($"Weight {i} is {weight}: weights must be finite and not negative.", nameof(weights));
            }

            sum += weight * Term(Checked(celsius[i], nameof(celsius)));
            total += weight;
        }

        if (total <= 0)
        {
            throw new ArgumentException("At least one weight must be above zero.", nameof(weights));
        }

        return FromMeanTerm(sum / total);
    }

    /// <summary>e<sup>−ΔH/(R·T)</sup> for a temperature in °C: what a reading adds to the mean.</summary>
    internal static double Term(double celsius) => Math.Exp(-ActivationEnergyOverGasConstant / (celsius + ZeroCelsius));

    /// <summary>The temperature (°C) whose <see cref="Term"/> is <paramref name="meanTerm"/>.</summary>
    internal static double FromMeanTerm(double meanTerm) => (ActivationEnergyOverGasConstant / -Math.Log(meanTerm)) - ZeroCelsius;

    private static double Checked(double celsius, string parameter) =>
        celsius > -ZeroCelsius
            ? celsius
            : throw new ArgumentException($"{celsius} °C is not a temperature (at or below absolute zero, or not a number).", parameter);
}
