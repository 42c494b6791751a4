using System.Globalization;
using System.Text;

namespace Bridge;

/// <summary>How trailing zeros are trimmed after the digits of a float (numpy's Dragon4 trim modes).</summary>
internal enum FloatTrim
{
    /// <summary>'k': keep trailing zeros and the point ("1.500").</summary>
    Keep,
    /// <summary>'.': drop trailing zeros, keep the point ("1.").</summary>
    Point,
    /// <summary>'0': drop trailing zeros but leave one after the point ("1.0").</summary>
    OneZero,
    /// <summary>'-': drop trailing zeros and the point ("1").</summary>
    Minimal,
}

/// <summary>
/// The decimal digits of a finite float: value = ±D.DDD × 10^Exp, with Digits free of leading and trailing zeros
/// ("0" for zero). Digit generation leans on .NET's formatting, which since .NET Core 3.0 is exact: "R" gives the
/// shortest round-trip digits (what numpy's Dragon4 and Python's repr give) and "F"/"E" with a precision round
/// the exact binary value half-to-even, like glibc's printf and Dragon4's cutoff.
/// </summary>
internal readonly record struct FloatDigits(bool Negative, string Digits, int Exp)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Shortest digits that round-trip in the value's own type (float32 or float64).</summary>
    public static FloatDigits Shortest(double v, bool single) =>
        Parse(single ? ((float)v).ToString("R", Inv) : v.ToString("R", Inv), double.IsNegative(v));

    /// <summary>The exact value rounded (half-even) to <paramref name="frac"/> digits after the point.</summary>
    public static FloatDigits RoundFraction(double v, int frac) => Parse(v.ToString("F" + frac, Inv), double.IsNegative(v));

    /// <summary>The exact value rounded (half-even) to 1 + <paramref name="frac"/> significant digits.</summary>
    public static FloatDigits RoundSignificant(double v, int frac) => Parse(v.ToString("E" + frac, Inv), double.IsNegative(v));

    /// <summary>Digits after the point in positional notation.</summary>
    public int FractionLength => Math.Max(0, Digits.Length - 1 - Exp);

    /// <summary>Digits after the point in scientific notation.</summary>
    public int SciFractionLength => Digits.Length - 1;

    /// <summary>numpy's "shortest, but at most <paramref name="precision"/> digits after the point" (Dragon4 unique with a cutoff).</summary>
    public static FloatDigits ShortestPositional(double v, bool single, int precision)
    {
        var d = Shortest(v, single);
        return precision >= 0 && d.FractionLength > precision ? RoundFraction(v, precision) : d;
    }

    /// <summary>Scientific counterpart of <see cref="ShortestPositional"/>.</summary>
    public static FloatDigits ShortestScientific(double v, bool single, int precision)
    {
        var d = Shortest(v, single);
        return precision >= 0 && d.SciFractionLength > precision ? RoundSignificant(v, precision) : d;
    }

    // Accepts every shape .NET prints: "123.456", "0.00195", "1E+16", "-1.5E-05", "1.25000000E+003".
    private static FloatDigits Parse(string s, bool negative)
    {
        int i = 0;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+')) i = 1;
        int ePos = s.IndexOfAny(['E', 'e']);
        int exp = 0;
        if (ePos >= 0) exp = int.Parse(s.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, Inv);
        else ePos = s.Length;
        var mant = s.AsSpan(i, ePos - i);
        int dot = mant.IndexOf('.');
        int intLen = dot < 0 ? mant.Length : dot;
        var sb = new StringBuilder(mant.Length);
        foreach (var c in mant) if (c != '.') sb.Append(c);
        int lead = 0;
        while (lead < sb.Length && sb[lead] == '0') lead++;
        if (lead == sb.Length) return new FloatDigits(negative, "0", 0);
        int end = sb.Length;
        while (sb[end - 1] == '0') end--;
        return new FloatDigits(negative, sb.ToString(lead, end - lead), intLen - 1 - lead + exp);
    }

    /// <summary>
    /// Positional text, as numpy's dragon4_positional: at least <paramref name="minFrac"/> fraction digits (zero
    /// filled: the digits are already the exact rounding), trimmed per <paramref name="trim"/>, the integer part
    /// left-padded to <paramref name="padLeft"/> and the fraction right-padded to <paramref name="padRight"/>.
    /// </summary>
    public string Positional(FloatTrim trim, int minFrac = 0, int padLeft = 0, int padRight = 0)
    {
        string intPart, frac;
        if (Exp >= 0)
        {
            intPart = Digits.Length > Exp ? Digits[..(Exp + 1)] : Digits + new string('0', Exp + 1 - Digits.Length);
            frac = Digits.Length > Exp + 1 ? Digits[(Exp + 1)..] : "";
        }
        else
        {
            intPart = "0";
            frac = new string('0', -Exp - 1) + Digits;
        }
        if (Digits == "0") frac = "";
        if (Negative) intPart = "-" + intPart;
        if (frac.Length < minFrac) frac += new string('0', minFrac - frac.Length);
        string point = ".";
        if (frac.Length == 0)
        {
            if (trim == FloatTrim.OneZero) frac = "0";
            else if (trim == FloatTrim.Minimal) point = "";
        }
        var sb = new StringBuilder();
        if (intPart.Length < padLeft) sb.Append(' ', padLeft - intPart.Length);
        sb.Append(intPart).Append(point).Append(frac);
        if (frac.Length < padRight) sb.Append(' ', padRight - frac.Length);
        return sb.ToString();
    }

    /// <summary>Scientific text, as numpy's dragon4_scientific ("1.5e-05"; exponent of at least 2 or <paramref name="expDigits"/> digits).</summary>
    public string Scientific(FloatTrim trim, int minFrac = 0, int padLeft = 0, int expDigits = -1)
    {
        int exp = Digits == "0" ? 0 : Exp;
        string frac = Digits[1..];
        if (frac.Length < minFrac) frac += new string('0', minFrac - frac.Length);
        string intPart = (Negative ? "-" : "") + Digits[0];
        string point = ".";
        if (frac.Length == 0)
        {
            if (trim == FloatTrim.OneZero) frac = "0";
            else if (trim == FloatTrim.Minimal) point = "";
        }
        var sb = new StringBuilder();
        if (intPart.Length < padLeft) sb.Append(' ', padLeft - intPart.Length);
        sb.Append(intPart).Append(point).Append(frac).Append('e').Append(exp < 0 ? '-' : '+');
        string e = Math.Abs(exp).ToString(Inv);
        int width = Math.Max(2, expDigits);
        if (e.Length < width) sb.Append('0', width - e.Length);
        sb.Append(e);
        return sb.ToString();
    }
}
