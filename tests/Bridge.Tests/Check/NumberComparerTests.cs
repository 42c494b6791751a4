using Bridge.Cli.Check;

namespace Bridge.Tests.Check;

/// <summary>The check's tolerance rule, number extraction and count mismatches, at their edges.</summary>
public class NumberComparerTests
{
    private static ComparisonResult Compare(string ours, string original) =>
        NumberComparer.Compare(NumberExtractor.Extract(ours), NumberExtractor.Extract(original));

    [Test]
    public void IdenticalText_AllMatch_WithZeroDifference()
    {
        var r = Compare("5.73203 [[ 0.72881663  0.71536207 -1.18015325]]", "5.73203 [[ 0.72881663  0.71536207 -1.18015325]]");
        Assert.Multiple(() =>
        {
            Assert.That(r.Compared, Is.EqualTo(4));
            Assert.That(r.Matched, Is.EqualTo(4));
            Assert.That(r.LargestDifference, Is.Zero);
            Assert.That(r.AllMatch, Is.True);
        });
    }

    [TestCase("5.73204", "5.73203", true, TestName = "One unit in the last digit of a 6-digit scalar matches")]
    [TestCase("5.73205", "5.73203", false, TestName = "Two units in the last digit of a 6-digit scalar differ")]
    [TestCase("3.319", "3.318", true, TestName = "The unit follows the original's printed digits (3.318: 1e-3)")]
    [TestCase("3.3195", "3.318", false, TestName = "1.5 units of the original's last digit differ")]
    [TestCase("2.45534e+12", "2.45533e+12", true, TestName = "Scientific notation: the unit is 1e-5 * 1e12")]
    [TestCase("2.45535e+12", "2.45533e+12", false, TestName = "Scientific notation: two units differ")]
    [TestCase("0.15225403", "0.15225402", true, TestName = "One unit (1e-8) of an 8-decimal scalar matches")]
    [TestCase("0.15225405", "0.15225402", false, TestName = "Two float32 ulps of a scalar differ")]
    [TestCase("1", "2", false, TestName = "Integers (class indices) must be equal")]
    [TestCase("[ 1.]", "[ 0.]", false, TestName = "numpy 1.13's integral floats must be equal")]
    [TestCase("0.9", "1.0", true, TestName = "Accuracy printed as 1.0 has a unit of 0.1")]
    [TestCase("0.75", "1.0", false, TestName = "Accuracy 0.75 is not 1.0")]
    public void ScalarTolerance(string ours, string original, bool matches) =>
        Assert.That(Compare(ours, original).AllMatch, Is.EqualTo(matches));

    [Test]
    public void ExactlyOneDecimalUnit_Matches_DespiteBinaryRounding()
    {
        // 0.6146443 - 0.6146442 is 1.0000000000287557e-07 in double: the unit must be judged in decimal.
        Assert.That(Compare("[[ 0.6146442 ]]", "[[ 0.6146443 ]]").AllMatch, Is.True);
        Assert.That(Compare("[[ 0.1 ]]", "[[ 0.2 ]]").AllMatch, Is.True);
        Assert.That(Compare("[[ 0.1 ]]", "[[ 0.3 ]]").AllMatch, Is.False);
    }

    [Test]
    public void ArrayUlpTerm_UsesTheLargestMagnitudeInTheSameArray()
    {
        // numpy prints 8 decimals; next to 1.63 a float32 step is 1.19e-7, so 0.06613693 vs 0.06613699 (6e-8) is one
        // float32 rounding apart, not 6 units of a real digit.
        Assert.That(Compare("[[ 1.6346191 ] [ 0.06613693]]", "[[ 1.6346191 ] [ 0.06613699]]").AllMatch, Is.True);
        // Alone, without the large value in its array, the same pair differs (ulp(0.066) = 7.5e-9, unit 1e-8).
        Assert.That(Compare("[[ 0.06613693]]", "[[ 0.06613699]]").AllMatch, Is.False);
        // Just beyond one ulp of 1.63 (1.19e-7) differs.
        Assert.That(Compare("[[ 1.6346191 ] [ 0.06613686]]", "[[ 1.6346191 ] [ 0.06613699]]").AllMatch, Is.False);
    }

    [Test]
    public void ArrayUlpTerm_DoesNotReachNumbersOutsideTheArray()
    {
        // The cost is a group of its own: W's large values must not loosen it.
        Assert.That(Compare("0.15225405 [[ 6.95501471]]", "0.15225402 [[ 6.95501471]]").AllMatch, Is.False);
    }

    [Test]
    public void NonFinite_MatchOnlyTheSameNonFiniteValue()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Compare("inf [[ nan  nan]]", "inf [[ nan  nan]]").AllMatch, Is.True);
            Assert.That(Compare("-inf", "-inf").AllMatch, Is.True);
            Assert.That(Compare("inf", "-inf").AllMatch, Is.False);
            Assert.That(Compare("nan", "inf").AllMatch, Is.False);
            Assert.That(Compare("25.6006", "inf").AllMatch, Is.False);
            Assert.That(Compare("nan", "0.5").AllMatch, Is.False);
            Assert.That(Compare("3.4e+38", "inf").LargestDifference, Is.EqualTo(double.PositiveInfinity));
        });
    }

    [Test]
    public void MissingAndExtraNumbers_CountAsMismatches()
    {
        var missing = Compare("[[ 1.  2.]]", "[[ 1.  2.  3.]]");
        var extra = Compare("[[ 1.  2.  3.  4.]]", "[[ 1.  2.  3.]]");
        Assert.Multiple(() =>
        {
            Assert.That((missing.Compared, missing.Matched), Is.EqualTo((3, 2)));
            Assert.That(missing.Mismatches.Single().Ours, Is.Null);
            Assert.That((extra.Compared, extra.Matched), Is.EqualTo((4, 3)));
            Assert.That(extra.Mismatches.Single().Original, Is.Null);
            Assert.That(extra.AllMatch, Is.False);
        });
    }

    [Test]
    public void NothingToCompare_IsNotAMatch() => Assert.That(Compare("", "").AllMatch, Is.False);

    [Test]
    public void Extractor_SkipsDigitsInsideWords_AndGroupsArrays()
    {
        var numbers = NumberExtractor.Extract("10000 [0.0138, array([[-0.0029, 1e-05]], dtype=float32)] [array([[ 6.2]]), array([[ 10.1]])] nan -inf");
        Assert.Multiple(() =>
        {
            Assert.That(numbers.Select(n => n.Text), Is.EqualTo(new[] { "10000", "0.0138", "-0.0029", "1e-05", "6.2", "10.1", "nan", "-inf" }));
            var g = numbers.Select(n => n.Group).ToArray();
            Assert.That(g[2], Is.EqualTo(g[3]), "one array");
            Assert.That(g[1], Is.Not.EqualTo(g[2]), "array( inside a list starts its own group");
            Assert.That(g[4], Is.Not.EqualTo(g[5]));
            Assert.That(g.Distinct().Count(), Is.EqualTo(7));
        });
    }

    [TestCase("5.73203", 1e-5)]
    [TestCase("-1.2561723", 1e-7)]
    [TestCase("3.66371490e+13", 1e5)]
    [TestCase("-1104436.375", 1e-3)]
    [TestCase("1.", 0)]
    [TestCase("2", 0)]
    public void LastDigitUnit(string text, double unit) =>
        Assert.That(new PrintedNumber(text, 0).LastDigitUnit, Is.EqualTo(unit).Within(unit * 1e-12));

    [Test]
    public void Float32Ulp_IsTheGapToTheNextFloat()
    {
        Assert.That(NumberComparer.Float32Ulp(1.6346191), Is.EqualTo(Math.Pow(2, -23)));
        Assert.That(NumberComparer.Float32Ulp(0.15225402), Is.EqualTo(Math.Pow(2, -26)));
        Assert.That(NumberComparer.Float32Ulp(-2.0), Is.EqualTo(Math.Pow(2, -22)));
    }
}
