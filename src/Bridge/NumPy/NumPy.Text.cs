using System.Globalization;
using System.Text.RegularExpressions;

namespace Bridge;

// np.loadtxt and np.genfromtxt: numpy 1.x's text readers (the pure-Python implementation numpy shipped up to 1.22, which
// the 2017-2019 labs ran), for numeric dtypes.
public sealed partial class NumPy
{
    public readonly TF_DataType int16 = TF_DataType.TF_INT16;
    public readonly TF_DataType int8 = TF_DataType.TF_INT8;

    /// <summary>
    /// numpy 1.x's <c>np.loadtxt</c>: a text file of numbers as an array, float64 by default. Each line loses what
    /// follows <paramref name="comments"/>; lines left empty are skipped; the rest split at <paramref name="delimiter"/>
    /// (null: runs of whitespace) and must all have the same number of fields. Values are converted as numpy 1.x does:
    /// floats with Python's <c>float(text)</c> (so float32 is the float64 value rounded once more, to float32, as
    /// numpy's cast does), int8/16/32 and uint8 with <c>int(float(text))</c>, int64 with <c>int(text)</c>, bool with
    /// <c>bool(int(text))</c>. <paramref name="skiprows"/> skips the first lines, comments included;
    /// <paramref name="usecols"/> picks columns (negative counts from the end); <paramref name="unpack"/> transposes;
    /// the result is squeezed (a single row or column is 1-D) unless <paramref name="ndmin"/> asks for more dimensions
    /// (with 2, a single column is shape (N, 1)). Slice it as numpy: <c>xy[.., ..^1]</c> (numpy's <c>xy[:, 0:-1]</c>),
    /// <c>xy[.., new[] { -1 }]</c> (<c>xy[:, [-1]]</c>) or with numpy's own text, <c>xy[":, 0:-1"]</c>.
    /// </summary>
    /// <remarks>
    /// Errors are numpy 1.x's: a missing file is a <see cref="FileNotFoundException"/> "<c>PATH not found.</c>"; a
    /// line with another number of fields a <see cref="ValueError"/> "Wrong number of columns at line N" (N counts the
    /// file's lines from the first one holding values, plus <paramref name="skiprows"/>, as numpy 1.x counts them);
    /// text that is not a number a <see cref="ValueError"/> "could not convert string to float: 'x'" (Python's words).
    /// numpy 1.23+ (a new C parser) words these errors differently and refuses "1.5" for integer dtypes; Bridge follows
    /// 1.x up to 1.22. Integers out of range of a narrow dtype wrap, as numpy 1.x's cast did. Not supported:
    /// converters, structured dtypes, encoding, max_rows.
    /// </remarks>
    public NDArray loadtxt(string fname, TF_DataType dtype = TF_DataType.TF_DOUBLE, string? comments = "#", string? delimiter = null,
        int skiprows = 0, int[]? usecols = null, bool unpack = false, int ndmin = 0)
    {
        const string fn = "np.loadtxt";
        if (ndmin is not (0 or 1 or 2)) throw new ValueError($"Illegal value of ndmin keyword: {ndmin}");
        CheckTextDType(fn, dtype);
        if (delimiter is "") throw new ValueError($"{fn}: empty separator. - help: pass delimiter: null for whitespace, or the separating text (\",\").");
        var lines = ReadLines(fname);
        string[] Split(string line) => SplitFields(line, comments, delimiter, trimSpaces: false);

        // numpy 1.x: the first line after skiprows that has values fixes the number of columns (with usecols, the very
        // first line does), and line numbers in errors count from it.
        int first = Math.Min(skiprows, lines.Length);
        int ncols = 0;
        if (usecols is { Length: > 0 }) ncols = usecols.Length;
        else
        {
            for (; first < lines.Length; first++)
                if ((ncols = Split(lines[first]).Length) > 0) break;
        }
        if (first >= lines.Length)
            Console.Error.WriteLine($"UserWarning: loadtxt: Empty input file: \"{fname}\"");

        var rows = new List<string[]>();
        var lineNumbers = new List<int>();
        for (int i = first; i < lines.Length; i++)
        {
            var words = Split(lines[i]);
            if (words.Length == 0) continue;
            int lineno = 1 + skiprows + (i - first);
            if (usecols is { Length: > 0 })
                words = Array.ConvertAll(usecols, j => PyIndex(words, j, fn, lineno));
            if (words.Length != ncols) throw new ValueError($"Wrong number of columns at line {lineno}");
            rows.Add(words);
            lineNumbers.Add(lineno);
        }

        long n = rows.Count;
        var values = new Values(dtype, n * ncols);
        for (int r = 0; r < rows.Count; r++)
            for (int c = 0; c < ncols; c++)
                values.SetLoadTxt(r * (long)ncols + c, rows[r][c]);
        // numpy: one column gives a 1-D array of rows, no rows an empty 1-D array.
        long[] dims = n == 0 ? [0] : ncols == 1 ? [n] : [n, ncols];
        var x = new NDArray(values.Storage, dims);
        return Finish(x, ndmin, unpack);
    }

    /// <summary>
    /// numpy 1.x's <c>np.genfromtxt</c> for numeric dtypes (float64 by default): as <see cref="loadtxt"/>, but missing
    /// or unreadable values become the column's filling value (NaN for floats, -1 for integers, False for bool, or
    /// <paramref name="filling_values"/>) instead of an error. Lines lose what follows <paramref name="comments"/> and
    /// their outer spaces; empty lines are skipped; <paramref name="skip_header"/> lines are skipped first (comments
    /// included), and <paramref name="skip_footer"/> rows of values at the end. Lines with another number of fields
    /// are a <see cref="ValueError"/> listing them all, as numpy's "Some errors were detected !\n    Line #5 (got 3
    /// columns instead of 4)" (or, with <paramref name="invalid_raise"/> false, skipped with a warning on stderr).
    /// Values are parsed as numpy 1.x's converters do: Python's <c>float(text)</c> (float32: rounded again from
    /// float64), <c>int(text)</c> for integer dtypes ("2.5" is unreadable, so it is filled), and "True"/"False" (any
    /// case) for bool. The result is squeezed (a single row or column is 1-D). A missing file is a
    /// <see cref="FileNotFoundException"/> "<c>PATH not found.</c>". Not supported: dtype=None (guessed types), names,
    /// structured dtypes, converters, missing_values, usemask.
    /// </summary>
    public NDArray genfromtxt(string fname, TF_DataType dtype = TF_DataType.TF_DOUBLE, string? comments = "#", string? delimiter = null,
        int skip_header = 0, int skip_footer = 0, double? filling_values = null, int[]? usecols = null, bool unpack = false,
        bool invalid_raise = true)
    {
        const string fn = "np.genfromtxt";
        CheckTextDType(fn, dtype);
        if (delimiter is "") throw new ValueError($"{fn}: empty separator. - help: pass delimiter: null for whitespace, or the separating text (\",\").");
        var lines = ReadLines(fname);
        string[] Split(string line) => SplitFields(line, comments, delimiter, trimSpaces: true);

        int first = Math.Min(skip_header, lines.Length);
        string[] firstValues = [];
        for (; first < lines.Length; first++)
            if ((firstValues = Split(lines[first])).Length > 0) break;
        if (first >= lines.Length)
            Console.Error.WriteLine($"UserWarning: genfromtxt: Empty input file: \"{fname}\"");
        int[]? cols = usecols is { Length: > 0 } ? Array.ConvertAll(usecols, c => c < 0 ? c + firstValues.Length : c) : null;
        int nbcols = cols?.Length ?? firstValues.Length;

        var rows = new List<string[]>();
        var invalid = new List<(int line, int got)>();
        for (int i = first; i < lines.Length; i++)
        {
            var values = Split(lines[i]);
            if (values.Length == 0) continue;
            int lineno = i - first + skip_header + 1;
            if (cols is not null)
            {
                if (Array.Exists(cols, c => c < 0 || c >= values.Length)) { invalid.Add((lineno, values.Length)); continue; }
                values = Array.ConvertAll(cols, c => values[c]);
            }
            else if (values.Length != nbcols) { invalid.Add((lineno, values.Length)); continue; }
            rows.Add(values);
        }
        if (invalid.Count > 0)
        {
            int nbrows = rows.Count + invalid.Count - skip_footer;
            if (skip_footer > 0)
            {
                int skipped = invalid.Count(v => v.line > nbrows + skip_header);
                invalid = invalid.Take(invalid.Count - skipped).ToList();
                skip_footer -= skipped;
            }
            if (invalid.Count > 0)
            {
                var message = "Some errors were detected !\n" + string.Join("\n", invalid.Select(v => $"    Line #{v.line} (got {v.got} columns instead of {nbcols})"));
                if (invalid_raise) throw new ValueError(message);
                Console.Error.WriteLine("ConversionWarning: " + message);
            }
        }
        if (skip_footer > 0) rows = rows.Take(Math.Max(0, rows.Count - skip_footer)).ToList();

        long n = rows.Count;
        var values2 = new Values(dtype, n * nbcols);
        for (int r = 0; r < rows.Count; r++)
            for (int c = 0; c < nbcols; c++)
                values2.SetGenFromTxt(r * (long)nbcols + c, rows[r][c], filling_values);
        long[] dims = n == 0 ? [0] : [n, nbcols];
        var x = Squeeze(new NDArray(values2.Storage, dims));
        return unpack ? Transpose(x) : x;
    }

    // One line's fields, as loadtxt and genfromtxt cut it: the comment cut off, the line end (and for genfromtxt the
    // surrounding spaces) trimmed, then split on the delimiter, or on runs of whitespace when there is none.
    private static string[] SplitFields(string line, string? comments, string? delimiter, bool trimSpaces)
    {
        if (comments is not null && comments.Length > 0)
        {
            int c = line.IndexOf(comments, StringComparison.Ordinal);
            if (c >= 0) line = line[..c];
        }
        line = trimSpaces ? line.Trim(' ', '\r', '\n') : line.Trim('\r', '\n');
        if (line.Length == 0) return [];
        return delimiter is null ? PySplit(line) : line.Split(delimiter);
    }

    private static void CheckTextDType(string fn, TF_DataType dtype)
    {
        if (dtype is TF_DataType.TF_FLOAT or TF_DataType.TF_DOUBLE or TF_DataType.TF_INT32 or TF_DataType.TF_INT64 or
            TF_DataType.TF_INT16 or TF_DataType.TF_INT8 or TF_DataType.TF_UINT8 or TF_DataType.TF_BOOL) return;
        throw new TypeError($"{fn}: dtype {dtype.as_numpy_name()} is not supported. - help: read numbers as np.float64 (the default), np.float32, np.int32, np.int64 or np.bool.");
    }

    private static string[] ReadLines(string fname)
    {
        if (!File.Exists(fname)) throw new FileNotFoundException($"{fname} not found.", fname);
        // Python's text mode: UTF-8 (the locale's encoding here), universal newlines (\n, \r\n and \r end lines).
        return File.ReadAllLines(fname, System.Text.Encoding.UTF8);
    }

    // Python's str.split(): runs of whitespace separate, none at either end.
    private static string[] PySplit(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static string PyIndex(string[] words, int j, string fn, int lineno)
    {
        int k = j < 0 ? j + words.Length : j;
        if (k < 0 || k >= words.Length)
            throw new IndexError($"list index out of range ({fn}: usecols has column {j}, but line {lineno} has {words.Length} columns). - help: pick columns that every line has.");
        return words[k];
    }

    private static NDArray Finish(NDArray x, int ndmin, bool unpack)
    {
        if (x.ndim > ndmin) x = Squeeze(x);
        if (x.ndim < ndmin)
            x = ndmin == 1 ? new NDArray(x.Storage, [1]) : x.ndim == 0 ? new NDArray(x.Storage, [1, 1]) : new NDArray(x.Storage, [x.size, 1]);
        return unpack ? Transpose(x) : x;
    }

    private static NDArray Squeeze(NDArray x) => new(x.Storage, x.Dims.ToArray().Where(d => d != 1).ToArray());

    // numpy's .T: reverses the axes (a copy here).
    private static NDArray Transpose(NDArray x)
    {
        if (x.ndim < 2) return x;
        long rows = x.Dims[0], cols = x.Dims[1];
        var result = Array.CreateInstance(x.Storage.GetType().GetElementType()!, x.size);
        for (long r = 0; r < rows; r++)
            for (long c = 0; c < cols; c++)
                Array.Copy(x.Storage, r * cols + c, result, c * rows + r, 1);
        return new NDArray(result, cols, rows);
    }

    /// <summary>The typed storage the readers fill, with numpy 1.x's conversion of each text.</summary>
    private sealed class Values(TF_DataType dtype, long n)
    {
        public Array Storage { get; } = dtype switch
        {
            TF_DataType.TF_FLOAT => new float[n],
            TF_DataType.TF_DOUBLE => new double[n],
            TF_DataType.TF_INT32 => new int[n],
            TF_DataType.TF_INT64 => new long[n],
            TF_DataType.TF_INT16 => new short[n],
            TF_DataType.TF_INT8 => new sbyte[n],
            TF_DataType.TF_UINT8 => new byte[n],
            _ => new bool[n],
        };

        // loadtxt's converters (numpy 1.x's _getconv): float(x) with a hex fallback; int(float(x)); int64(x); bool(int(x)).
        public void SetLoadTxt(long i, string text)
        {
            switch (dtype)
            {
                case TF_DataType.TF_FLOAT or TF_DataType.TF_DOUBLE:
                    if (!PyText.TryFloat(text, out double d) && !(text.Contains("0x") && PyText.TryFromHex(text, out d)))
                        throw new ValueError($"could not convert string to float: {PyFormat.Quote(text)}");
                    SetFloat(i, d);
                    break;
                case TF_DataType.TF_INT64:
                    if (!PyText.TryInt(text, out long l, out bool overflow))
                        throw overflow ? new ValueError($"Python int too large to convert to C long: {PyFormat.Quote(text)}")
                            : new ValueError($"invalid literal for int() with base 10: {PyFormat.Quote(text)}");
                    SetInt(i, l);
                    break;
                case TF_DataType.TF_BOOL:
                    if (!PyText.TryInt(text, out long b, out _))
                        throw new ValueError($"invalid literal for int() with base 10: {PyFormat.Quote(text)}");
                    ((bool[])Storage)[i] = b != 0;
                    break;
                default:
                    if (!PyText.TryFloat(text, out double f))
                        throw new ValueError($"could not convert string to float: {PyFormat.Quote(text)}");
                    if (double.IsNaN(f)) throw new ValueError("cannot convert float NaN to integer");
                    if (double.IsInfinity(f)) throw new ValueError("cannot convert float infinity to integer");
                    SetInt(i, (long)Math.Truncate(f));
                    break;
            }
        }

        // genfromtxt's converters (numpy 1.x's StringConverter, called loosely): an unreadable text takes the default.
        public void SetGenFromTxt(long i, string text, double? filling)
        {
            switch (dtype)
            {
                case TF_DataType.TF_FLOAT or TF_DataType.TF_DOUBLE:
                    SetFloat(i, PyText.TryFloat(text, out double d) ? d : filling ?? double.NaN);
                    break;
                case TF_DataType.TF_BOOL:
                    var t = text.ToUpperInvariant();
                    ((bool[])Storage)[i] = t == "TRUE" || (t != "FALSE" && (filling ?? 0) != 0);
                    break;
                default:
                    SetInt(i, PyText.TryInt(text, out long l, out _) ? l : (long)(filling ?? -1));
                    break;
            }
        }

        private void SetFloat(long i, double d)
        {
            if (Storage is float[] f) f[i] = (float)d; // Python float -> float32: numpy's round-to-nearest cast
            else ((double[])Storage)[i] = d;
        }

        private void SetInt(long i, long v)
        {
            switch (Storage)
            {
                case long[] a: a[i] = v; break;
                case int[] a: a[i] = unchecked((int)v); break;
                case short[] a: a[i] = unchecked((short)v); break;
                case sbyte[] a: a[i] = unchecked((sbyte)v); break;
                case byte[] a: a[i] = unchecked((byte)v); break;
            }
        }
    }
}

/// <summary>Python's parsing of number text: <c>float(s)</c>, <c>float.fromhex(s)</c>, <c>int(s)</c>.</summary>
internal static partial class PyText
{
    // float(s): optional sign, digits with single underscores between them, a point, an exponent; or inf/infinity/nan.
    [GeneratedRegex(@"^[+-]?(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?|inf|infinity|nan)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FloatSyntax();

    [GeneratedRegex(@"^[+-]?\d(?:_?\d)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IntSyntax();

    [GeneratedRegex(@"^([+-])?(?:0x)?([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HexSyntax();

    /// <summary>Python's <c>float(s)</c>: surrounding whitespace allowed; false where Python raises ValueError.</summary>
    public static bool TryFloat(string s, out double value)
    {
        value = 0;
        var t = s.Trim();
        if (!FloatSyntax().IsMatch(t)) return false;
        var lower = t.ToLowerInvariant();
        bool negative = lower.StartsWith('-');
        var body = lower.TrimStart('+', '-');
        if (body is "inf" or "infinity") { value = negative ? double.NegativeInfinity : double.PositiveInfinity; return true; }
        if (body == "nan") { value = double.NaN; return true; }
        // .NET's parse is correctly rounded, as CPython's (David Gay's) is; out-of-range values give +-inf as Python does.
        value = double.Parse(t.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Python's <c>float.fromhex(s)</c> for finite values ("0x1.8p1" is 3.0).</summary>
    public static bool TryFromHex(string s, out double value)
    {
        value = 0;
        var m = HexSyntax().Match(s.Trim());
        if (!m.Success || m.Groups[2].Length + m.Groups[3].Length == 0) return false;
        double mantissa = 0;
        foreach (var c in m.Groups[2].Value + m.Groups[3].Value) mantissa = mantissa * 16 + Convert.ToInt32(c.ToString(), 16);
        int exponent = (m.Groups[4].Success ? int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture) : 0) - 4 * m.Groups[3].Length;
        value = Math.ScaleB(mantissa, exponent) * (m.Groups[1].Value == "-" ? -1 : 1);
        return true;
    }

    /// <summary>Python's <c>int(s)</c> (base 10) within int64: false where Python raises, or (overflow) where int64 cannot hold it.</summary>
    public static bool TryInt(string s, out long value, out bool overflow)
    {
        value = 0;
        overflow = false;
        var t = s.Trim();
        if (!IntSyntax().IsMatch(t)) return false;
        if (long.TryParse(t.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
        overflow = true;
        return false;
    }
}
