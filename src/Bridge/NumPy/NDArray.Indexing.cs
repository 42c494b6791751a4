namespace Bridge;

// numpy basic and simple fancy indexing. Indexing copies (Bridge arrays are values, not views).
public sealed partial class NDArray
{
    /// <summary><c>t[i]</c>: the i-th item along the first axis (negative counts from the end); a 0-d array for a 1-D array.</summary>
    public NDArray this[int index] => Index([index]);

    /// <summary><c>t[i]</c> with a long index.</summary>
    public NDArray this[long index] => Index([index]);

    /// <summary><c>t[2..5]</c>, <c>t[4..^1]</c>, <c>t[..2]</c>, <c>t[3..]</c>: numpy's <c>t[2:5]</c>, <c>t[4:-1]</c>, <c>t[:2]</c>, <c>t[3:]</c>.</summary>
    public NDArray this[Range range] => Index([range]);

    /// <summary>numpy's index string: <c>t["2:5"]</c>, <c>t[":, 0:-1"]</c>, <c>t[":, [-1]"]</c>, <c>t["::2"]</c>, <c>t["1, 2"]</c>.</summary>
    public NDArray this[string index] => Index(ParseIndex(index));

    /// <summary>Several axes at once: ints, <see cref="Range"/>s, <see cref="System.Index"/>es (<c>^1</c>), int[] lists (<c>t[.., new[] { -1 }]</c>) and slice strings.</summary>
    public NDArray this[params object[] index] => Index(index);

    private NDArray Index(object[] items)
    {
        if (items.Length > ndim)
            throw new IndexError($"NDArray index: too many indices for array: array is {ndim}-dimensional, but {items.Length} were indexed.");
        var picks = new long[ndim][];
        var keep = new bool[ndim];
        for (int axis = 0; axis < ndim; axis++)
        {
            long n = _dims[axis];
            object item = axis < items.Length ? items[axis] : Range.All;
            switch (item)
            {
                case int or long or System.Index:
                    long i = item switch { int x => x, long x => x, System.Index x => x.IsFromEnd ? -x.Value : x.Value, _ => 0 };
                    if (item is System.Index { IsFromEnd: true, Value: 0 }) i = n; // ^0 is out of range, as numpy's t[len(t)]
                    if (i < -n || i >= n)
                        throw new IndexError($"NDArray index: index {i} is out of bounds for axis {axis} with size {n}.");
                    picks[axis] = [i < 0 ? i + n : i];
                    keep[axis] = false;
                    break;
                case Range r:
                    picks[axis] = SliceIndices(n, r.Start.IsFromEnd ? -r.Start.Value : r.Start.Value,
                        r.End.IsFromEnd ? (r.End.Value == 0 ? null : -r.End.Value) : r.End.Value, 1);
                    keep[axis] = true;
                    break;
                case Slice s:
                    picks[axis] = SliceIndices(n, s.Start, s.Stop, s.Step);
                    keep[axis] = true;
                    break;
                case int[] list:
                    picks[axis] = Array.ConvertAll(list, x =>
                    {
                        if (x < -n || x >= n) throw new IndexError($"NDArray index: index {x} is out of bounds for axis {axis} with size {n}.");
                        return x < 0 ? x + n : (long)x;
                    });
                    keep[axis] = true;
                    break;
                default:
                    throw new IndexError($"NDArray index: {item?.GetType().Name ?? "null"} is not a valid index. - help: use ints, ranges (1..^1), int[] lists or a slice string such as \":, 0:-1\".");
            }
        }
        return Gather(picks, keep);
    }

    private NDArray Gather(long[][] picks, bool[] keep)
    {
        var outDims = new List<long>();
        long count = 1;
        for (int a = 0; a < ndim; a++)
        {
            if (keep[a]) outDims.Add(picks[a].Length);
            count *= picks[a].Length;
        }
        var strides = new long[ndim];
        long stride = 1;
        for (int a = ndim - 1; a >= 0; a--) { strides[a] = stride; stride *= _dims[a]; }
        var result = Array.CreateInstance(Storage.GetType().GetElementType()!, count);
        var counter = new int[ndim];
        for (long o = 0; o < count; o++)
        {
            long src = 0;
            for (int a = 0; a < ndim; a++) src += picks[a][counter[a]] * strides[a];
            Array.Copy(Storage, src, result, o, 1);
            for (int a = ndim - 1; a >= 0; a--)
            {
                if (++counter[a] < picks[a].Length) break;
                counter[a] = 0;
            }
        }
        return new NDArray(result, outDims.ToArray());
    }

    /// <summary>Python's slice semantics: clamps start and stop, negative values count from the end.</summary>
    internal static long[] SliceIndices(long n, long? start, long? stop, long step)
    {
        if (step == 0) throw new ValueError("NDArray index: slice step cannot be zero.");
        long Norm(long? v, long dflt, long lo, long hi)
        {
            if (v is null) return dflt;
            long x = v.Value < 0 ? v.Value + n : v.Value;
            return Math.Clamp(x, lo, hi);
        }
        var list = new List<long>();
        if (step > 0)
        {
            long b = Norm(start, 0, 0, n), e = Norm(stop, n, 0, n);
            for (long i = b; i < e; i += step) list.Add(i);
        }
        else
        {
            long b = Norm(start, n - 1, -1, n - 1), e = Norm(stop, -1, -1, n - 1);
            if (stop is not null && stop < 0 && stop + n < 0) e = -1;
            for (long i = b; i > e; i += step) list.Add(i);
        }
        return list.ToArray();
    }

    /// <summary>A parsed Python slice <c>start:stop:step</c>.</summary>
    internal sealed record Slice(long? Start, long? Stop, long Step);

    private static object[] ParseIndex(string text)
    {
        var parts = SplitTopLevel(text);
        var items = new object[parts.Count];
        for (int i = 0; i < parts.Count; i++)
        {
            var p = parts[i].Trim();
            try
            {
                if (p.StartsWith('[') && p.EndsWith(']'))
                    items[i] = p[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                else if (p.Contains(':'))
                {
                    var f = p.Split(':');
                    if (f.Length > 3) throw new FormatException();
                    long? Num(int k) => k < f.Length && f[k].Trim().Length > 0 ? long.Parse(f[k].Trim(), System.Globalization.CultureInfo.InvariantCulture) : null;
                    items[i] = new Slice(Num(0), Num(1), Num(2) ?? 1);
                }
                else items[i] = long.Parse(p, System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw new IndexError($"NDArray index: cannot parse \"{p}\" in \"{text}\". - help: write numpy slices such as \"2:5\", \":, 0:-1\", \":, [-1]\", \"::2\".");
            }
        }
        return items;
    }

    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '[') depth++;
            else if (text[i] == ']') depth--;
            else if (text[i] == ',' && depth == 0) { parts.Add(text[start..i]); start = i + 1; }
        }
        parts.Add(text[start..]);
        return parts;
    }
}
