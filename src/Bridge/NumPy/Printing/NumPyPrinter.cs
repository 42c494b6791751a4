namespace Bridge;

/// <summary>numpy-exact text of arrays and scalars (str and repr), in modern (numpy &gt;= 1.14) or legacy 1.13 style.</summary>
internal static class NumPyPrinter
{
    /// <summary>numpy's str(a): "[1. 2.]" (modern) or "[ 1.  2.]" (1.13); a 0-d array prints as its scalar.</summary>
    public static string Str(NDArray a) => Str(a, PrintOptions.Current);

    /// <summary>numpy's repr(a): "array([1., 2.], dtype=float32)"; a 0-d array as its numpy scalar repr ("2.5").</summary>
    public static string Repr(NDArray a) => Repr(a, PrintOptions.Current);

    internal static string Str(NDArray a, PrintOptions o)
    {
        if (a.dtype == TF_DataType.TF_STRING) return Bytes(a, repr: false);
        if (a.ndim == 0) return ScalarFormatter.Of(a, repr: false, o);
        if (a.size == 0) return "[]";
        return Body(a, o, " ", "", o.LineWidth);
    }

    internal static string Repr(NDArray a, PrintOptions o)
    {
        if (a.dtype == TF_DataType.TF_STRING) return Bytes(a, repr: true);
        if (a.ndim == 0) return ScalarFormatter.Of(a, repr: true, o);
        const string prefix = "array(";
        // float64, int64 (numpy's default int on Linux) and bool are implied by the values, unless there are none;
        // numpy 1.13 still printed dtype=bool.
        bool skipDtype = a.size > 0 && (a.dtype is TF_DataType.TF_DOUBLE or TF_DataType.TF_INT64
                                        || (a.dtype == TF_DataType.TF_BOOL && !o.Legacy113));
        string suffix = skipDtype ? ")" : ",";
        string body;
        if (a.size > 0)
            // numpy >= 1.14 keeps room for the suffix on the last line; 1.13 did not.
            body = Body(a, o, ", ", prefix, o.Legacy113 ? o.LineWidth : o.LineWidth - suffix.Length);
        else if (a.ndim == 1)
            body = "[]";
        else
            body = "[], shape=" + a.shape;

        string arr = prefix + body + suffix;
        if (skipDtype) return arr;
        string dtype = "dtype=" + a.dtype.as_numpy_name() + ")";
        int lastLine = arr.Length - (arr.LastIndexOf('\n') + 1);
        string spacer = !o.Legacy113 && lastLine + dtype.Length + 1 > o.LineWidth ? "\n" + new string(' ', prefix.Length) : " ";
        return arr + spacer + dtype;
    }

    private static string Body(NDArray a, PrintOptions o, string separator, string prefix, int lineWidth)
    {
        bool summarize = a.size > o.Threshold;
        var shown = ArrayLayout.ShownIndices(a, summarize, o.EdgeItems);
        var fmt = ElementFormatters.For(a, shown, o);
        return o.Legacy113
            ? ArrayLayout.Legacy(a, fmt, separator, prefix, lineWidth, summarize, o.EdgeItems)
            : ArrayLayout.Modern(a, fmt, separator, prefix, lineWidth, summarize, o.EdgeItems);
    }

    /// <summary>
    /// String tensors (TF's serialized summaries) come back as Python bytes: a scalar prints as <c>b'\n\x0b...'</c>;
    /// an array as numpy prints an object array of bytes.
    /// </summary>
    private static string Bytes(NDArray a, bool repr)
    {
        var items = a.Data<byte[]>().Select(PyFormat.BytesRepr).ToArray();
        if (a.ndim == 0) return items[0];
        var body = "[" + string.Join(repr ? ", " : " ", items) + "]";
        return repr ? "array(" + body + ", dtype=object)" : body;
    }
}
