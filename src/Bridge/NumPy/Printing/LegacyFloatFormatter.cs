using System.Globalization;

namespace Bridge;

/// <summary>
/// numpy 1.13's FloatFormat. Every element is printed from its value as a C double (float32 promoted), with a fixed
/// number of fraction digits ('%.8f' then the fewest digits any element needs) or '%.8e', right-aligned to one width
/// that keeps a column for the sign; in positional mode trailing zeros become spaces. This promotion is why a
/// float32 0.7693343 prints as 0.76933432 here, unlike numpy 1.24's legacy='1.13' mode.
/// </summary>
internal sealed class LegacyFloatFormatter : IElementFormatter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly NDArray _a;
    private readonly bool _exp, _largeExponent;
    private readonly int _precision, _width;

    public LegacyFloatFormatter(NDArray a, long[] shown, PrintOptions o)
    {
        _a = a;
        bool single = a.dtype == TF_DataType.TF_FLOAT;
        bool special = false;
        double max = 0, min = 0;
        bool any = false;
        foreach (var i in shown)
        {
            double v = a.GetDouble(i);
            if (!double.IsFinite(v)) { special = true; continue; }
            if (v == 0) continue;
            double abs = Math.Abs(v);
            if (!any) { max = min = abs; any = true; }
            else { max = Math.Max(max, abs); min = Math.Min(min, abs); }
        }
        if (any)
        {
            double ratio = single ? (float)max / (float)min : max / min;
            _exp = max >= 1e8 || (!o.Suppress && (min < 1e-4 || ratio > 1000));
        }

        if (_exp)
        {
            _largeExponent = (0 < min && min < 1e-99) || max >= 1e100;
            _precision = o.Precision;
            _width = 8 + _precision + (_largeExponent ? 1 : 0);
        }
        else
        {
            // The fewest fraction digits that show every element exactly at '%.<precision>f'.
            int digits = 0;
            if (any)
                foreach (var i in shown)
                {
                    double v = a.GetDouble(i);
                    if (!double.IsFinite(v) || v == 0) continue;
                    digits = Math.Max(digits, SignificantFraction(Math.Abs(v), o.Precision));
                }
            _precision = Math.Min(o.Precision, digits);
            _width = Math.Truncate(max).ToString("F0", Inv).Length + _precision + 2;
            if (special) _width = Math.Max(_width, 4);
        }
    }

    private static int SignificantFraction(double v, int precision)
    {
        if (precision <= 0) return 0;
        string s = v.ToString("F" + precision, Inv);
        return precision - (s.Length - s.TrimEnd('0').Length);
    }

    public string Format(long index)
    {
        double v = _a.GetDouble(index);
        if (double.IsNaN(v)) return "nan".PadLeft(_width);
        if (double.IsInfinity(v)) return (v > 0 ? "inf" : "-inf").PadLeft(_width);

        if (_exp)
        {
            // C's '%.8e' prints at least two exponent digits; the large-exponent layout uses three.
            string s = v.ToString("e" + _precision, Inv);
            int e = s.IndexOf('e');
            string mant = s[..e];
            int exp = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, Inv);
            string digits = Math.Abs(exp).ToString(Inv).PadLeft(_largeExponent ? 3 : 2, '0');
            return (mant + "e" + (exp < 0 ? "-" : "+") + digits).PadLeft(_width);
        }

        string f = v.ToString("F" + _precision, Inv);
        if (_precision == 0) f += ".";   // '%#.0f' keeps the point
        f = f.PadLeft(_width);
        string z = f.TrimEnd('0');
        return z + new string(' ', f.Length - z.Length);
    }
}
