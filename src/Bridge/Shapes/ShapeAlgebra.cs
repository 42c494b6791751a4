using System.Numerics;

namespace Bridge.Shapes;

/// <summary>
/// The arithmetic of shapes, in one place: numpy/TF broadcasting (static shapes, where -1 is an unknown dimension,
/// and concrete ones), the shape a reduction leaves, the axes that sum a broadcast gradient back to its operand
/// (TF's BroadcastGradientArgs), row-major and broadcast strides, element counts. Pure functions of dimensions: the
/// callers name the op and word their own errors.
/// </summary>
internal static class ShapeAlgebra
{
    /// <summary>An unknown dimension in a static shape (Python's None).</summary>
    public const long Unknown = -1;

    /// <summary>
    /// numpy broadcasting of two shapes, aligned at their last dimension (a missing leading dimension counts as 1),
    /// with TF's static rules for unknown (-1) dimensions: 1 with d gives d (0 included, and unknown); unknown with
    /// d &gt; 1 gives d; unknown with unknown or with 0 gives unknown; otherwise the two must be equal. False when
    /// two known dimensions differ and neither is 1 (then <paramref name="dims"/> is empty).
    /// </summary>
    public static bool TryBroadcast(ReadOnlySpan<long> a, ReadOnlySpan<long> b, out long[] dims)
    {
        int n = Math.Max(a.Length, b.Length);
        var result = new long[n];
        for (int i = 0; i < n; i++)
        {
            long da = i < n - a.Length ? 1 : a[i - (n - a.Length)];
            long db = i < n - b.Length ? 1 : b[i - (n - b.Length)];
            if (da == 1) result[i] = db;
            else if (db == 1) result[i] = da;
            else if (da < 0 || db < 0) result[i] = Math.Max(da, db) > 1 ? Math.Max(da, db) : Unknown;
            else if (da == db) result[i] = da;
            else
            {
                dims = [];
                return false;
            }
        }
        dims = result;
        return true;
    }

    /// <summary>
    /// The dimensions a reduction over <paramref name="axes"/> (each in 0..rank-1) leaves: the reduced ones dropped,
    /// or kept as 1 with <paramref name="keepDims"/>.
    /// </summary>
    public static long[] ReducedDims(ReadOnlySpan<long> dims, ReadOnlySpan<int> axes, bool keepDims)
    {
        var result = new List<long>(dims.Length);
        for (int i = 0; i < dims.Length; i++)
        {
            if (!axes.Contains(i)) result.Add(dims[i]);
            else if (keepDims) result.Add(1);
        }
        return result.ToArray();
    }

    /// <summary>How many values each output of a reduction over <paramref name="axes"/> combines (1 for no axes).</summary>
    public static long ReducedCount(ReadOnlySpan<long> dims, ReadOnlySpan<int> axes)
    {
        long count = 1;
        foreach (var a in axes) count = checked(count * dims[a]);
        return count;
    }

    /// <summary>
    /// TF's BroadcastGradientArgs for one operand: the axes of <paramref name="from"/> (a broadcast result's shape,
    /// e.g. a gradient's) to sum so that the sum reshapes to <paramref name="to"/> (the operand's shape): the leading
    /// axes <paramref name="to"/> lacks, and those where <paramref name="to"/> has 1 and <paramref name="from"/> has
    /// not. Ascending.
    /// </summary>
    public static int[] ReductionAxesToShape(ReadOnlySpan<long> from, ReadOnlySpan<long> to)
    {
        int lead = from.Length - to.Length;
        if (lead < 0)
            throw new ArgumentException($"a shape of rank {from.Length} does not broadcast from one of rank {to.Length}");
        var axes = new List<int>();
        for (int i = 0; i < from.Length; i++)
            if (i < lead || (to[i - lead] == 1 && from[i] != 1)) axes.Add(i);
        return axes.ToArray();
    }

    /// <summary>Row-major strides in elements: the last dimension's is 1.</summary>
    public static long[] Strides(ReadOnlySpan<long> dims)
    {
        var strides = new long[dims.Length];
        long step = 1;
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            strides[i] = step;
            step *= dims[i];
        }
        return strides;
    }

    /// <summary>
    /// The strides of an array of shape <paramref name="from"/> read as the broadcast shape <paramref name="to"/>
    /// (of at least its rank): its row-major strides, aligned at the last dimension, and 0 along the dimensions
    /// broadcast (those it lacks or has as 1).
    /// </summary>
    public static long[] BroadcastStrides(ReadOnlySpan<long> from, ReadOnlySpan<long> to)
    {
        int n = to.Length, lead = n - from.Length;
        if (lead < 0)
            throw new ArgumentException($"a shape of rank {from.Length} does not broadcast to one of rank {n}");
        var strides = new long[n];
        long step = 1;
        for (int d = n - 1; d >= lead; d--)
        {
            long size = from[d - lead];
            strides[d] = size == 1 ? 0 : step;
            step *= size;
        }
        return strides;
    }

    /// <summary>
    /// For each element of the broadcast shape <paramref name="to"/>, in row-major order, the flat index of the
    /// element of <paramref name="from"/> it reads. <paramref name="result"/> holds one index per element of <paramref name="to"/>.
    /// </summary>
    public static void SourceIndices<T>(ReadOnlySpan<long> from, ReadOnlySpan<long> to, Span<T> result) where T : IBinaryInteger<T>
    {
        if (result.IsEmpty) return;
        var strides = BroadcastStrides(from, to);
        int n = to.Length;
        var index = new long[n];
        long at = 0;
        for (int k = 0; k < result.Length; k++)
        {
            result[k] = T.CreateTruncating(at);
            for (int d = n - 1; d >= 0; d--) // odometer: the last dimension fastest
            {
                at += strides[d];
                if (++index[d] < to[d]) break;
                at -= index[d] * strides[d];
                index[d] = 0;
            }
        }
    }

    /// <summary>
    /// The number of elements of a shape with known dimensions: 0 when a dimension is 0 (however large the others,
    /// as numpy), else their product, with OverflowException past long's range.
    /// </summary>
    public static long ElementCount(ReadOnlySpan<long> dims)
    {
        foreach (var d in dims)
            if (d < 0) throw new ArgumentException($"dimension {d} is unknown or negative: no element count");
        if (dims.Contains(0L)) return 0;
        long n = 1;
        foreach (var d in dims) n = checked(n * d);
        return n;
    }
}
