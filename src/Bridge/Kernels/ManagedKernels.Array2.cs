namespace Bridge.Kernels;

// Selection kernels (slice, strided_slice, gather, tile, pad, reverse, broadcast_to ...): each output element copies
// one input element, so each op is an index map (output position -> input position, -1 for a padding value), and its
// gradient adds the output gradient back through the same map (TF's StridedSliceGrad, UnsortedSegmentSum, Pad ...).
internal static partial class ManagedKernels
{
    /// <summary>Row-major strides of <paramref name="dims"/>.</summary>
    internal static long[] RowStrides(ReadOnlySpan<long> dims)
    {
        var s = new long[dims.Length];
        long k = 1;
        for (int d = dims.Length - 1; d >= 0; d--) { s[d] = k; k *= dims[d]; }
        return s;
    }

    /// <summary>
    /// The index map of a selection that acts on each axis alone: <paramref name="tables"/>[a][c] is the input
    /// coordinate along axis a of output coordinate c (-1: outside the input, a padding value).
    /// </summary>
    internal static long[] AxisMap(long[][] tables, ReadOnlySpan<long> inDims)
    {
        int n = tables.Length;
        var strides = RowStrides(inDims);
        long count = 1;
        foreach (var t in tables) count *= t.Length;
        var map = new long[count];
        if (count == 0) return map;
        if (n == 0) { map[0] = 0; return map; }
        var counter = new int[n];
        for (long o = 0; o < count; o++)
        {
            long src = 0;
            for (int a = 0; a < n; a++)
            {
                long c = tables[a][counter[a]];
                if (c < 0) { src = -1; break; }
                src += c * strides[a];
            }
            map[o] = src;
            for (int a = n - 1; a >= 0; a--)
            {
                if (++counter[a] < tables[a].Length) break;
                counter[a] = 0;
            }
        }
        return map;
    }

    /// <summary>Output element i is input element <paramref name="map"/>[i] (or <paramref name="fill"/> where the map says -1).</summary>
    internal static NDArray Take(NDArray src, long[] map, long[] dims, double fill = 0)
    {
        var type = src.Storage.GetType().GetElementType()!;
        var r = Array.CreateInstance(type, map.Length);
        bool anyFill = Array.IndexOf(map, -1L) >= 0;
        Array? pad = anyFill ? ValueConverter.Cast(new NDArray(new[] { fill }), src.dtype).Storage : null;
        switch (src.Storage)
        {
            case float[] f:
                var rf = (float[])r;
                float pf = pad is null ? 0 : ((float[])pad)[0];
                for (long i = 0; i < map.Length; i++) rf[i] = map[i] < 0 ? pf : f[map[i]];
                break;
            case double[] d:
                var rd = (double[])r;
                double pd = pad is null ? 0 : ((double[])pad)[0];
                for (long i = 0; i < map.Length; i++) rd[i] = map[i] < 0 ? pd : d[map[i]];
                break;
            default:
                for (long i = 0; i < map.Length; i++)
                    if (map[i] < 0) Array.Copy(pad!, 0, r, i, 1);
                    else Array.Copy(src.Storage, map[i], r, i, 1);
                break;
        }
        return new NDArray(r, dims);
    }

    /// <summary>The gradient of a selection: zeros shaped <paramref name="dims"/>, each output gradient added where its element came from.</summary>
    internal static NDArray ScatterAdd(NDArray grad, long[] map, long[] dims)
    {
        long n = dims.Aggregate(1L, (p, q) => p * q);
        switch (grad.Storage)
        {
            case float[] g:
            {
                var r = new float[n];
                for (long i = 0; i < map.Length; i++) if (map[i] >= 0) r[map[i]] += g[i];
                return new NDArray(r, dims);
            }
            case double[] g:
            {
                var r = new double[n];
                for (long i = 0; i < map.Length; i++) if (map[i] >= 0) r[map[i]] += g[i];
                return new NDArray(r, dims);
            }
            default:
            {
                var r = new double[n];
                for (long i = 0; i < map.Length; i++) if (map[i] >= 0) r[map[i]] += grad.GetDouble(i);
                return ValueConverter.Cast(new NDArray(r, dims), grad.dtype);
            }
        }
    }

    /// <summary>TF's Range kernel: start, start + delta, ... (accumulated in the dtype, as TF adds delta each step).</summary>
    internal static NDArray Range(RangeAttr a)
    {
        switch (a.DType)
        {
            case TF_DataType.TF_FLOAT:
            {
                float start = (float)a.Start, delta = (float)a.Delta, limit = (float)a.Limit;
                long size = (long)Math.Ceiling(Math.Abs((double)((limit - start) / delta)));
                var r = new float[size];
                float v = start;
                for (long i = 0; i < size; i++) { r[i] = v; v += delta; }
                return new NDArray(r, size);
            }
            case TF_DataType.TF_DOUBLE:
            {
                long size = (long)Math.Ceiling(Math.Abs((a.Limit - a.Start) / a.Delta));
                var r = new double[size];
                double v = a.Start;
                for (long i = 0; i < size; i++) { r[i] = v; v += a.Delta; }
                return new NDArray(r, size);
            }
            default:
            {
                long start = (long)a.Start, limit = (long)a.Limit, delta = (long)a.Delta;
                long size = (Math.Abs(limit - start) + Math.Abs(delta) - 1) / Math.Abs(delta);
                var r = new long[size];
                long v = start;
                for (long i = 0; i < size; i++) { r[i] = v; v += delta; }
                return a.DType == TF_DataType.TF_INT64 ? new NDArray(r, size) : new NDArray(Array.ConvertAll(r, x => (int)x), size);
            }
        }
    }

    /// <summary>TF 1.0's LinSpace kernel: start + step * i with step = (stop - start) / (num - 1), in the dtype.</summary>
    internal static NDArray LinSpace(LinSpaceAttr a)
    {
        if (a.DType == TF_DataType.TF_FLOAT)
        {
            float start = (float)a.Start, stop = (float)a.Stop;
            var r = new float[a.Num];
            r[0] = start;
            if (a.Num > 1)
            {
                float step = (stop - start) / (a.Num - 1);
                for (int i = 0; i < a.Num; i++) r[i] = start + step * i;
            }
            return new NDArray(r, (long)a.Num);
        }
        var d = new double[a.Num];
        d[0] = a.Start;
        if (a.Num > 1)
        {
            double step = (a.Stop - a.Start) / (a.Num - 1);
            for (int i = 0; i < a.Num; i++) d[i] = a.Start + step * i;
        }
        return new NDArray(d, (long)a.Num);
    }
}
