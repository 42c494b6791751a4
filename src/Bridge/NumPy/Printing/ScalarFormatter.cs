using System.Globalization;

namespace Bridge;

/// <summary>
/// str and repr of numpy scalars (what a 0-d result prints as, numpy &lt; 2 style) and of Python floats.
/// Modern numpy: shortest round-trip digits in the scalar's own type, positional for 1e-4 &lt;= |x| &lt; 1e16.
/// numpy 1.13: C's '%.Ng' with N = 6 (float32 str), 8 (float32 repr), 12 (float64 str) or 17 (float64 repr),
/// with ".0" appended when only digits were printed.
/// </summary>
internal static class ScalarFormatter
{
    /// <summary>str (or repr) of a numpy float32/float64 scalar in the current style.</summary>
    public static string Float(double v, bool single, bool repr, PrintOptions o)
    {
        if (o.Legacy113)
            return LegacyG(v, single ? (repr ? 8 : 6) : (repr ? 17 : 12));
        if (double.IsNaN(v)) return "nan";
        if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
        double abs = Math.Abs(v);
        var d = FloatDigits.Shortest(v, single);
        return abs == 0 || (abs >= 1e-4 && abs < 1e16)
            ? d.Positional(FloatTrim.OneZero)
            : d.Scientific(FloatTrim.Minimal);
    }

    /// <summary>Python's repr (and str) of a float: shortest digits, scientific below 1e-4 or from 1e16 on.</summary>
    public static string PythonFloat(double v)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
        var d = FloatDigits.Shortest(v, single: false);
        int decpt = d.Digits == "0" ? 1 : d.Exp + 1;
        return decpt > -4 && decpt <= 16 ? d.Positional(FloatTrim.OneZero) : d.Scientific(FloatTrim.Minimal);
    }

    /// <summary>C's "%.{precision}g", then ".0" if the text is all digits (numpy 1.13's scalar format).</summary>
    internal static string LegacyG(double v, int precision)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
        string s = FormatG(v, precision);
        int start = s.StartsWith('-') ? 1 : 0;
        bool allDigits = true;
        for (int i = start; i < s.Length; i++) if (!char.IsAsciiDigit(s[i])) { allDigits = false; break; }
        return allDigits ? s + ".0" : s;
    }

    /// <summary>C's "%.{precision}g" (no '#' flag): trailing zeros and a bare point removed.</summary>
    internal static string FormatG(double v, int precision)
    {
        if (precision == 0) precision = 1;
        if (v == 0) return double.IsNegative(v) ? "-0" : "0";
        var d = FloatDigits.RoundSignificant(v, precision - 1);
        return d.Exp >= -4 && d.Exp < precision ? d.Positional(FloatTrim.Minimal) : d.Scientific(FloatTrim.Minimal);
    }

    /// <summary>str/repr of a 0-d array, read as the numpy scalar Session.run returns.</summary>
    public static string Of(NDArray a, bool repr, PrintOptions o) => a.dtype switch
    {
        TF_DataType.TF_FLOAT => Float(a.GetDouble(0), true, repr, o),
        TF_DataType.TF_DOUBLE => Float(a.GetDouble(0), false, repr, o),
        TF_DataType.TF_BOOL => a.GetBool(0) ? "True" : "False",
        _ => a.GetInt64(0).ToString(CultureInfo.InvariantCulture),
    };
}
