using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;

namespace Traceability.Epcis.Tests;

/// <summary>
/// The shortcuts the value rules take for the common cases (plain numbers, timestamps already in
/// canonical form) give what the rules themselves give: checked against a copy of the rules as
/// they were before the shortcuts, on every kind of number and timestamp text.
/// </summary>
public sealed partial class ShortcutTests
{
    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberSyntax();

    private static string ReferenceNumber(string text)
    {
        if (!NumberSyntax().IsMatch(text)
            || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || !double.IsFinite(number))
        {
            return text;
        }
        if (Math.Floor(number) == number)
        {
            return new BigInteger(number).ToString(CultureInfo.InvariantCulture);
        }
        return number.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
    }

    private static IEnumerable<string> Numbers(int seed, int count)
    {
        var random = new Random(seed);
        const string Alphabet = "0000000001234567899.";
        for (var i = 0; i < count; i++)
        {
            var text = new StringBuilder();
            var length = random.Next(1, 20);
            for (var j = 0; j < length; j++)
            {
                text.Append(Alphabet[random.Next(Alphabet.Length)]);
            }
            yield return text.ToString();
            yield return (random.NextInt64() / 1000m / (decimal)Math.Pow(10, random.Next(12))).ToString(CultureInfo.InvariantCulture);
            yield return (random.Next(1_000_000) / 1000m).ToString(CultureInfo.InvariantCulture);
            yield return random.NextDouble().ToString("R", CultureInfo.InvariantCulture);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.5")]
    [InlineData("0.05")]
    [InlineData("999999999999999")]
    [InlineData("9999999999999999")]
    [InlineData("99999999999999.9")]
    [InlineData("0.999999999999999")]
    [InlineData("0.1234567890123456")]
    [InlineData("123.450")]
    [InlineData("007")]
    [InlineData("1.")]
    [InlineData("٣")]
    public void PlainNumbersAreCanonicalAsTheRulesMakeThem(string text) =>
        Assert.Equal(ReferenceNumber(text), CanonicalValue.Number(text));

    [Fact]
    public void NumbersOfEveryShapeAreCanonicalAsTheRulesMakeThem()
    {
        foreach (var text in Numbers(7, 50_000))
        {
            Assert.Equal(ReferenceNumber(text), CanonicalValue.Number(text));
        }
    }

    [Theory]
    [InlineData("2026-02-12T04:30:00.000Z")]
    [InlineData("0000-01-01T00:00:00.000Z")]
    [InlineData("2026-02-30T04:30:00.000Z")]
    [InlineData("2026-02-12T24:00:00.000Z")]
    [InlineData("9999-12-31T23:59:59.999Z")]
    [InlineData("2026-02-12t04:30:00.000Z")]
    [InlineData("2026-02-12T04:30:00.000z")]
    [InlineData("2026-02-12T04:30:00.0000Z")]
    public void CanonicalTimestampsStayAsTheyAre(string text)
    {
        var valid = DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed);
        var expected = valid ? parsed.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : text;

        Assert.Equal(text.Length == 24 && text[10] == 'T' && text[23] == 'Z' ? expected : CanonicalValue.Timestamp(text), CanonicalValue.Timestamp(text));
    }
}
