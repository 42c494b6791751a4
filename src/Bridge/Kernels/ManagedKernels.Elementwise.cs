using Bridge.Shapes;

namespace Bridge.Kernels;

// Element-wise kernels with numpy broadcasting.
internal static partial class ManagedKernels
{
    internal static NDArray Map(NDArray a, Func<float, float> f32, Func<double, double> other)
    {
        if (a.Storage is float[] fa)
        {
            var r = new float[fa.Length];
            for (int i = 0; i < r.Length; i++) r[i] = f32(fa[i]);
            return new NDArray(r, a.Dims.ToArray());
        }
        var d = new double[a.size];
        for (long i = 0; i < d.Length; i++) d[i] = other(a.GetDouble(i));
        return ValueConverter.Cast(new NDArray(d, a.Dims.ToArray()), a.dtype);
    }

    internal static NDArray MapFloat(NDArray a, Func<float, float> f32, Func<double, double> f64) => Map(a, f32, f64);

    internal static NDArray MapSpan(NDArray a, TfFloatMath.SpanMap f32, Func<double, double> f64)
    {
        if (a.Storage is float[] fa)
        {
            var r = (float[])fa.Clone();
            f32(r);
            return new NDArray(r, a.Dims.ToArray());
        }
        return Map(a, v => (float)f64(v), f64);
    }

    /// <summary>For each element of the broadcast result, the flat index into a and into b.</summary>
    internal static (long[] dims, int[] ia, int[] ib) Broadcast(NDArray a, NDArray b)
    {
        if (!ShapeAlgebra.TryBroadcast(a.Dims, b.Dims, out var dims)) // 1 with 0 is 0, as numpy
            throw new InvalidArgumentError($"Incompatible shapes: {a.shape.ToTfString()} vs. {b.shape.ToTfString()}. - help: each dimension must match or be 1.");
        long count = ShapeAlgebra.ElementCount(dims);
        var ia = new int[count];
        var ib = new int[count];
        ShapeAlgebra.SourceIndices<int>(a.Dims, dims, ia);
        ShapeAlgebra.SourceIndices<int>(b.Dims, dims, ib);
        return (dims, ia, ib);
    }

    internal static NDArray Binary<TOp>(NDArray a, NDArray b) where TOp : IArithmetic
    {
        if (a.Storage is float[] fa && b.Storage is float[] fb)
        {
            if (TryArithmetic<TOp>(a, b, fa, fb, out var fast)) return fast;
            var (dims, ia, ib) = Broadcast(a, b);
            var r = new float[ia.Length];
            for (int i = 0; i < r.Length; i++) r[i] = TOp.Apply(fa[ia[i]], fb[ib[i]]);
            return new NDArray(r, dims);
        }
        // Integers in their own type (int64 keeps all 64 bits; int32 wraps as TF's C++ does), never through double.
        switch (a.Storage, b.Storage)
        {
            case (int[] x, int[] y): return Integers<TOp, int>(a, b, x, y);
            case (long[] x, long[] y): return Integers<TOp, long>(a, b, x, y);
            case (short[] x, short[] y): return Integers<TOp, short>(a, b, x, y);
            // The dtype decides between byte[] and sbyte[]: the CLR lets either array match the other's type pattern.
            case (sbyte[] x, sbyte[] y) when a.dtype == TF_DataType.TF_INT8 && b.dtype == TF_DataType.TF_INT8: return Integers<TOp, sbyte>(a, b, x, y);
            case (byte[] x, byte[] y) when a.dtype == TF_DataType.TF_UINT8 && b.dtype == TF_DataType.TF_UINT8: return Integers<TOp, byte>(a, b, x, y);
        }
        var (d2, ja, jb) = Broadcast(a, b);
        var rd = new double[ja.Length];
        for (int i = 0; i < rd.Length; i++) rd[i] = TOp.Apply(a.GetDouble(ja[i]), b.GetDouble(jb[i]));
        return ValueConverter.Cast(new NDArray(rd, d2), a.dtype);
    }

    private static NDArray Integers<TOp, T>(NDArray a, NDArray b, T[] x, T[] y) where TOp : IArithmetic where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var (dims, ia, ib) = Broadcast(a, b);
        var r = new T[ia.Length];
        for (int i = 0; i < r.Length; i++) r[i] = TOp.Apply(x[ia[i]], y[ib[i]]);
        return new NDArray(r, dims);
    }

    internal static NDArray RealDiv(NDArray a, NDArray b)
    {
        if (a.dtype.is_integer())
            throw new InvalidOperationException("RealDiv of integers is cast to float when the graph is built");
        return Binary<Divide>(a, b);
    }

    /// <summary>
    /// A comparison, element-wise with broadcasting: floats compared as doubles (exact for float32; NaN compares as
    /// IEEE says), integers and bools as 64-bit integers (every int64 exactly: 2**53 and 2**53 + 1 differ).
    /// </summary>
    internal static NDArray Compare(NDArray a, NDArray b, Func<double, double, bool> f, Func<long, long, bool> integers)
    {
        var (dims, ia, ib) = Broadcast(a, b);
        var r = new bool[ia.Length];
        if (a.Storage is float[] or double[])
            for (int i = 0; i < r.Length; i++) r[i] = f(a.GetDouble(ia[i]), b.GetDouble(ib[i]));
        else
        {
            long[] x = Longs(a), y = Longs(b);
            for (int i = 0; i < r.Length; i++) r[i] = integers(x[ia[i]], y[ib[i]]);
        }
        return new NDArray(r, dims);
    }

    /// <summary>An integer or bool array's values as int64 (exact).</summary>
    internal static long[] Longs(NDArray a) => a.Storage switch
    {
        long[] l => l,
        int[] v => Array.ConvertAll(v, e => (long)e),
        short[] v => Array.ConvertAll(v, e => (long)e),
        sbyte[] v when a.dtype == TF_DataType.TF_INT8 => Array.ConvertAll(v, e => (long)e), // the dtype decides (see Binary)
        byte[] v when a.dtype == TF_DataType.TF_UINT8 => Array.ConvertAll(v, e => (long)e),
        bool[] v => Array.ConvertAll(v, e => e ? 1L : 0L),
        _ => throw new InvalidOperationException($"no integer values in a {a.dtype.as_numpy_name()} array"),
    };

    /// <summary>
    /// TF 1.0's SigmoidGrad (cwise_ops_gradients.h, scalar_sigmoid_gradient_op): its packet function computes
    /// dy * (y * (1 - y)) and its scalar one (dy * y) * (1 - y). Eigen's executor runs the packet function over the
    /// full SSE packets (four floats) and the scalar one over the last size % 4 elements, so float32 follows that split
    /// (lab 05-1's six rows: four packet, two scalar; its 2017 record pins this down). Other dtypes: the scalar order.
    /// </summary>
    internal static NDArray SigmoidGrad(NDArray y, NDArray dy)
    {
        if (y.Storage is float[] fy && dy.Storage is float[] fd && fy.Length == fd.Length && y.Dims.SequenceEqual(dy.Dims))
        {
            var r = new float[fy.Length];
            int packed = fy.Length / 4 * 4;
            for (int i = 0; i < packed; i++) r[i] = fd[i] * (fy[i] * (1f - fy[i]));
            for (int i = packed; i < r.Length; i++) r[i] = fd[i] * fy[i] * (1f - fy[i]);
            return new NDArray(r, y.Dims.ToArray());
        }
        return Binary<Times>(Binary<Times>(dy, y), Map(y, v => 1f - v, v => 1 - v));
    }
}
