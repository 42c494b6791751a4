using System.Text;
using Bridge.Shapes;

namespace Bridge;

/// <summary>
/// Lays the formatted elements of an array out in nested brackets: rows wrapped at the line width, blank lines
/// between blocks of rank &gt;= 3, and "..." when summarising. Two variants, since numpy 1.14 changed the wrapping
/// rules: <see cref="Modern"/> follows numpy 1.24's _formatArray, <see cref="Legacy"/> numpy 1.13's.
/// </summary>
internal sealed class ArrayLayout
{
    private readonly long[] _dims;
    private readonly long[] _strides;
    private readonly IElementFormatter _fmt;
    private readonly string _separator;
    private readonly bool _summarize;
    private readonly int _edge;

    private ArrayLayout(NDArray a, IElementFormatter fmt, string separator, bool summarize, int edge)
    {
        _dims = a.Dims.ToArray();
        _strides = Strides(_dims);
        _fmt = fmt;
        _separator = separator;
        _summarize = summarize;
        _edge = edge;
    }

    /// <summary>Row-major strides in elements.</summary>
    internal static long[] Strides(long[] dims) => ShapeAlgebra.Strides(dims);

    /// <summary>Flat indices of the elements that will be printed (all, or the edges of each axis when summarising), in order.</summary>
    internal static long[] ShownIndices(NDArray a, bool summarize, int edge)
    {
        var dims = a.Dims.ToArray();
        if (!summarize) { var all = new long[a.size]; for (long i = 0; i < all.Length; i++) all[i] = i; return all; }
        var strides = Strides(dims);
        var result = new List<long>();
        void Walk(int axis, long offset)
        {
            if (axis == dims.Length) { result.Add(offset); return; }
            long n = dims[axis];
            if (n > 2L * edge)
            {
                for (long i = 0; i < edge; i++) Walk(axis + 1, offset + i * strides[axis]);
                for (long i = n - edge; i < n; i++) Walk(axis + 1, offset + i * strides[axis]);
            }
            else for (long i = 0; i < n; i++) Walk(axis + 1, offset + i * strides[axis]);
        }
        Walk(0, 0);
        return result.ToArray();
    }

    /// <summary>numpy &gt;= 1.14 layout; <paramref name="lineWidth"/> already excludes the repr suffix.</summary>
    public static string Modern(NDArray a, IElementFormatter fmt, string separator, string prefix, int lineWidth, bool summarize, int edge)
    {
        var layout = new ArrayLayout(a, fmt, separator, summarize, edge);
        return layout.Recurse(0, 0, " " + new string(' ', prefix.Length), lineWidth);
    }

    /// <summary>numpy 1.13 layout.</summary>
    public static string Legacy(NDArray a, IElementFormatter fmt, string separator, string prefix, int lineWidth, bool summarize, int edge)
    {
        var layout = new ArrayLayout(a, fmt, separator, summarize, edge);
        string s = layout.Legacy13(0, 0, " " + new string(' ', prefix.Length), lineWidth);
        return s[..^1];   // drop the trailing newline every level adds
    }

    private (long leading, long trailing, bool summary) Span(int axis)
    {
        long n = _dims[axis];
        bool summary = _summarize && 2L * _edge < n;
        return summary ? (_edge, _edge, true) : (0, n, false);
    }

    private string Recurse(int axis, long offset, string hanging, int width)
    {
        int left = _dims.Length - axis;
        if (left == 0) return _fmt.Format(offset);
        string nextHanging = hanging + " ";
        int nextWidth = width - 1;   // room for the closing bracket
        var (leading, trailing, summary) = Span(axis);
        long n = _dims[axis], stride = _strides[axis];
        var s = new StringBuilder();

        if (left == 1)
        {
            int elemWidth = width - Math.Max(_separator.TrimEnd().Length, 1);
            var line = new StringBuilder(hanging);
            for (long i = 0; i < leading; i++)
            {
                ExtendModern(s, line, Recurse(axis + 1, offset + i * stride, nextHanging, nextWidth), elemWidth, hanging);
                line.Append(_separator);
            }
            if (summary)
            {
                ExtendModern(s, line, "...", elemWidth, hanging);
                line.Append(_separator);
            }
            for (long i = trailing; i > 1; i--)
            {
                ExtendModern(s, line, Recurse(axis + 1, offset + (n - i) * stride, nextHanging, nextWidth), elemWidth, hanging);
                line.Append(_separator);
            }
            ExtendModern(s, line, Recurse(axis + 1, offset + (n - 1) * stride, nextHanging, nextWidth), elemWidth, hanging);
            s.Append(line);
        }
        else
        {
            string lineSep = _separator.TrimEnd() + new string('\n', left - 1);
            for (long i = 0; i < leading; i++)
                s.Append(hanging).Append(Recurse(axis + 1, offset + i * stride, nextHanging, nextWidth)).Append(lineSep);
            if (summary) s.Append(hanging).Append("...").Append(lineSep);
            for (long i = trailing; i > 1; i--)
                s.Append(hanging).Append(Recurse(axis + 1, offset + (n - i) * stride, nextHanging, nextWidth)).Append(lineSep);
            s.Append(hanging).Append(Recurse(axis + 1, offset + (n - 1) * stride, nextHanging, nextWidth));
        }
        // The hanging indent of the first line is replaced by the opening bracket.
        return "[" + s.ToString(hanging.Length, s.Length - hanging.Length) + "]";
    }

    private static void ExtendModern(StringBuilder s, StringBuilder line, string word, int width, string hanging)
    {
        // Wrapping a line that holds only the indent would not help, so numpy >= 1.14 does not.
        if (line.Length + word.Length > width && line.Length > hanging.Length)
        {
            AppendTrimmed(s, line);
            s.Append('\n');
            line.Clear().Append(hanging);
        }
        line.Append(word);
    }

    private string Legacy13(int axis, long offset, string prefix, int width)
    {
        int rank = _dims.Length - axis;
        var (leading, trailing, summary) = Span(axis);
        long n = _dims[axis], stride = _strides[axis];
        var s = new StringBuilder();
        if (rank == 1)
        {
            var line = new StringBuilder(prefix);
            for (long i = 0; i < leading; i++)
                ExtendLegacy(s, line, _fmt.Format(offset + i * stride) + _separator, width, prefix);
            if (summary) ExtendLegacy(s, line, "..., ", width, prefix);
            for (long i = trailing; i > 1; i--)
                ExtendLegacy(s, line, _fmt.Format(offset + (n - i) * stride) + _separator, width, prefix);
            ExtendLegacy(s, line, _fmt.Format(offset + (n - 1) * stride), width, prefix);
            s.Append(line).Append("]\n");
            return "[" + s.ToString(prefix.Length, s.Length - prefix.Length);
        }

        s.Append('[');
        string sep = _separator.TrimEnd();
        string rowEnd = sep + new string('\n', Math.Max(rank - 1, 1));
        string childPrefix = " " + prefix;
        for (long i = 0; i < leading; i++)
        {
            if (i > 0) s.Append(prefix);
            s.Append(Legacy13(axis + 1, offset + i * stride, childPrefix, width));
            TrimEnd(s).Append(rowEnd);
        }
        if (summary) s.Append(prefix).Append("..., \n");
        for (long i = trailing; i > 1; i--)
        {
            if (leading > 0 || i != trailing) s.Append(prefix);
            s.Append(Legacy13(axis + 1, offset + (n - i) * stride, childPrefix, width));
            TrimEnd(s).Append(rowEnd);
        }
        if (leading > 0 || trailing > 1) s.Append(prefix);
        s.Append(Legacy13(axis + 1, offset + (n - 1) * stride, childPrefix, width).TrimEnd()).Append("]\n");
        return s.ToString();
    }

    private static void ExtendLegacy(StringBuilder s, StringBuilder line, string word, int width, string prefix)
    {
        // numpy 1.13 compared the lengths without trailing blanks, and wrapped on reaching the width.
        if (TrimmedLength(line) + word.TrimEnd().Length >= width)
        {
            AppendTrimmed(s, line);
            s.Append('\n');
            line.Clear().Append(prefix);
        }
        line.Append(word);
    }

    private static int TrimmedLength(StringBuilder sb)
    {
        int n = sb.Length;
        while (n > 0 && char.IsWhiteSpace(sb[n - 1])) n--;
        return n;
    }

    private static void AppendTrimmed(StringBuilder s, StringBuilder line) => s.Append(line.ToString(0, TrimmedLength(line)));

    private static StringBuilder TrimEnd(StringBuilder sb)
    {
        sb.Length = TrimmedLength(sb);
        return sb;
    }
}
