using Traceability.Conditions.Analysis;

namespace Traceability.Conditions.Tests.Analysis;

/// <summary>Mean kinetic temperature (USP &lt;1160&gt;, ΔH/R = 10,000 K) against values worked out by hand.</summary>
public sealed class MeanKineticTemperatureTests
{
    [Fact]
    public void FourEquallyWeightedTemperaturesGiveTheHandComputedValue()
    {
        // Worked with python3 (decimal, 40 digits), independently of the code under test:
        //   T (K)   = °C + 273.15           exp(−10000 / T)
        //   293.15  (20 °C)                 1.531958773533643e-15
        //   298.15  (25 °C)                 2.714511601097496e-15
        //   303.15  (30 °C)                 4.719987957035447e-15
        //   308.15  (35 °C)                 8.061086431233416e-15
        //   mean of the four              = 4.256886190725001e-15
        //   ln(mean)                      = −33.09023844304150
        //   Tk = 10000 / 33.09023844304150 = 302.2039269137659 K
        //   MKT = 302.2039 − 273.15       = 29.0539 °C (arithmetic mean 27.5 °C)
        var mkt = MeanKineticTemperature.Compute([20, 25, 30, 35]);

        Assert.Equal(29.0539269137659, mkt, 10);
        Assert.Equal(29.0539, Math.Round(mkt, 4));
    }

    [Fact]
    public void TwoTemperaturesHeldEquallyLongGiveTheHandComputedValues()
    {
        // python3, decimal: (exp(−10000/293.15) + exp(−10000/297.15)) / 2 → 22.21421953211678 °C;
        // 20 °C and 30 °C → 26.25988691600341 °C, more than a degree above their mean of 25 °C.
        Assert.Equal(22.2142195321168, MeanKineticTemperature.Compute([20, 24]), 10);
        Assert.Equal(26.2598869160034, MeanKineticTemperature.Compute([20, 30]), 10);
    }

    [Theory]
    [InlineData(-40)]
    [InlineData(0)]
    [InlineData(4.5)]
    [InlineData(25)]
    [InlineData(150)]
    public void AConstantTemperatureIsItsOwnMeanKineticTemperature(double celsius)
    {
        Assert.Equal(celsius, MeanKineticTemperature.Compute([celsius]), 9);
        Assert.Equal(celsius, MeanKineticTemperature.Compute([celsius, celsius, celsius, celsius]), 9);
        Assert.Equal(celsius, MeanKineticTemperature.Compute([celsius, celsius], [0.25, 7]), 9);
    }

    [Fact]
    public void IsNeverBelowTheArithmeticMeanAndNeverOutsideTheRange()
    {
        var random = new Random(1160);
        for (var series = 0; series < 500; series++)
        {
            var values = new double[random.Next(1, 200)];
            var centre = -20 + (random.NextDouble() * 100);
            var spread = random.NextDouble() * 30;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = centre + ((random.NextDouble() - 0.5) * spread);
            }

            var mkt = MeanKineticTemperature.Compute(values);

            Assert.True(mkt >= values.Average() - 1e-9, $"series {series}: MKT {mkt} below the mean {values.Average()}");
            Assert.True(mkt <= values.Max() + 1e-9, $"series {series}: MKT {mkt} above the highest value {values.Max()}");
        }
    }

    [Fact]
    public void WeightsAreTheSameAsRepeatingValues()
    {
        double[] values = [18.5, 31, 24, 27.25];
        double[] weights = [3, 1, 0, 2];
        double[] repeated = [18.5, 18.5, 18.5, 31, 27.25, 27.25];

        Assert.Equal(MeanKineticTemperature.Compute(repeated), MeanKineticTemperature.Compute(values, weights), 11);
        // python3, decimal: 20 °C for 3 units of time and 30 °C for 1 → 23.64445393433051 °C.
        Assert.Equal(23.6444539343305, MeanKineticTemperature.Compute([20, 30], [3, 1]), 10);
        Assert.Equal(MeanKineticTemperature.Compute([20, 30], [3, 1]), MeanKineticTemperature.Compute([20, 30], [180, 60]), 11);
    }

    [Fact]
    public void RejectsNoValuesBadWeightsAndTemperaturesBelowAbsoluteZero()
    {
        Assert.Throws<ArgumentException>(() => MeanKineticTemperature.Compute([]));
        Assert.Throws<ArgumentException>(() => MeanKineticTemperature.Compute([], []));
        Assert.Throws<ArgumentException>(() => MeanKineticTemperature.Compute([20, 30], [1]));
        Assert.Throws<ArgumentException>(() => MeanKineticTemperature.Compute([20, 30], [1, -1]));
        Assert.Throws<ArgumentException>(() => MeanKineticTemperature.Compute([20, 30], [0, 0]));
        Assert.Throws<ArgumentException>(() => MeanKineticTemperature.Compute([20, 30], [1, double.NaN]));
        Assert.Throws<ArgumentException>(() => MeanKineticTemperature.Compute([-273.15]));
        Assert.Throws<ArgumentException>(() => MeanKineticTemperature.Compute([double.NaN]));
    }
}
