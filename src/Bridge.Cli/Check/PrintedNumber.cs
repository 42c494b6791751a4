using System.Globalization;

namespace Bridge.Cli.Check;

/// <summary>
/// One number as printed by a lab: its text, its value, and the printed array (or line) it belongs to, whose largest
/// magnitude sets the float32 part of the tolerance.
/// </summary>
/// <param name="Text">The printed token, e.g. <c>-1.21728313</c>, <c>2.45533e+12</c>, <c>inf</c>.</param>
/// <param name="Group">Numbers printed in the same array share a group; a number outside any array is its own group.</param>
internal sealed record PrintedNumber(string Text, int Group)
{
    /// <summary>The value (<c>inf</c>, <c>-inf</c> and <c>nan</c> included).</summary>
    public double Value { get; } = Parse(Text);

    /// <summary>True for <c>inf</c>, <c>-inf</c> and <c>nan</c>.</summary>
    public bool IsFinite => double.IsFinite(Value);

    /// <summary>
    /// One unit in the last printed digit: 1e-5 for <c>5.73203</c>, 1e+5 for <c>3.66371490e+13</c>. Integral tokens
    /// (<c>2</c> in <c>[2 2 2]</c>, <c>1.</c> in numpy 1.13's <c>[ 1.]</c>) have no fraction digit; they are labels,
    /// counts or values exact to all the digits numpy would print, so their unit is 0 and they must agree exactly
    /// (a one-unit slack would let a wrong class index pass).
    /// </summary>
    public double LastDigitUnit { get; } = UnitOf(Text);

    private static double Parse(string text) => text switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "-nan" or "+nan" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static double UnitOf(string text)
    {
        var e = text.IndexOfAny(['e', 'E']);
        var mantissa = e < 0 ? text : text[..e];
        var exponent = e < 0 ? 0 : int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        if (point < 0)
            return e < 0 ? 0 : Math.Pow(10, exponent);
        var fractionDigits = mantissa.Length - point - 1;
        return fractionDigits == 0 ? 0 : Math.Pow(10, exponent - fractionDigits);
    }
}
