using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Bridge;

/// <summary>Python's str() and repr() of the values a lab prints: numbers, strings, arrays, shapes, lists, tuples.</summary>
internal static class PyFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Python's str(value).</summary>
    public static string Str(object? value) => value switch
    {
        string s => s,
        char c => c.ToString(),
        float f => ScalarFormatter.Float(f, single: true, repr: false, PrintOptions.Current),
        NDArray a => NumPyPrinter.Str(a),
        _ => Repr(value),
    };

    /// <summary>Python's repr(value); containers show their elements' repr, as Python does.</summary>
    public static string Repr(object? value) => value switch
    {
        null => "None",
        string s => Quote(s),
        char c => Quote(c.ToString()),
        bool b => b ? "True" : "False",
        double d => ScalarFormatter.PythonFloat(d),
        float f => ScalarFormatter.Float(f, single: true, repr: true, PrintOptions.Current),
        NDArray a => NumPyPrinter.Repr(a),
        Shape s => s.ToString(),
        ITuple t => TupleRepr(t),
        IFormattable f => f.ToString(null, Inv),
        IEnumerable e => ListRepr(e),
        _ => value.ToString() ?? "",
    };

    private static string ListRepr(IEnumerable items)
    {
        var sb = new StringBuilder("[");
        bool first = true;
        foreach (var item in items)
        {
            if (!first) sb.Append(", ");
            sb.Append(Repr(item));
            first = false;
        }
        return sb.Append(']').ToString();
    }

    private static string TupleRepr(ITuple t)
    {
        var parts = new string[t.Length];
        for (int i = 0; i < t.Length; i++) parts[i] = Repr(t[i]);
        return t.Length == 1 ? "(" + parts[0] + ",)" : "(" + string.Join(", ", parts) + ")";
    }

    /// <summary>Python's string repr: single quotes unless the text has a single quote and no double quote.</summary>
    internal static string Quote(string s)
    {
        char q = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder().Append(q);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == q) sb.Append('\\').Append(c);
                    else if (c < 0x20 || c == 0x7f) sb.Append("\\x").Append(((int)c).ToString("x2", Inv));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append(q).ToString();
    }

    /// <summary>Python's <c>pprint.pformat(value, indent=4)</c> (width 80), what the labs' <c>pp.pprint</c> prints.</summary>
    internal static string Pretty(object? value) => PythonPrettyPrinter.Format(value, indent: 4, width: 80);

    /// <summary>IPython's display of a cell's value (IPython.lib.pretty, width 79): nested lists break at their outer groups first.</summary>
    internal static string IPythonPretty(object? value) => IPythonPrettyPrinter.Format(value, maxWidth: 79);

    /// <summary>True for values Python would print as a list or tuple (not strings, arrays or shapes).</summary>
    internal static bool IsSequence(object? value, out bool tuple)
    {
        tuple = value is ITuple;
        return value is ITuple || (value is IEnumerable && value is not string && value is not NDArray && value is not Shape);
    }

    /// <summary>The items of a list or tuple value.</summary>
    internal static List<object?> Items(object value)
    {
        var list = new List<object?>();
        if (value is ITuple t) for (int i = 0; i < t.Length; i++) list.Add(t[i]);
        else foreach (var item in (IEnumerable)value) list.Add(item);
        return list;
    }

    /// <summary>Python's repr of a bytes object: b'...' with \x escapes for non-printable bytes.</summary>
    internal static string BytesRepr(byte[] data)
    {
        bool dq = Array.IndexOf(data, (byte)'\'') >= 0 && Array.IndexOf(data, (byte)'"') < 0;
        char quote = dq ? '"' : '\'';
        var sb = new System.Text.StringBuilder("b").Append(quote);
        foreach (var b in data)
        {
            switch (b)
            {
                case (byte)'\\': sb.Append("\\\\"); break;
                case (byte)'\n': sb.Append("\\n"); break;
                case (byte)'\r': sb.Append("\\r"); break;
                case (byte)'\t': sb.Append("\\t"); break;
                default:
                    if (b == quote) sb.Append('\\').Append(quote);
                    else if (b >= 32 && b < 127) sb.Append((char)b);
                    else sb.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
        return sb.Append(quote).ToString();
    }
}
