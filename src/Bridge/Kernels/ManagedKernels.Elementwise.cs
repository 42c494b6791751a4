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
        var (d2, ja, jb) = Broadcast(a, b);
        var rd = new double[ja.Length];
        for (int i = 0; i < rd.Length; i++) rd[i] = TOp.Apply(a.GetDouble(ja[i]), b.GetDouble(jb[i]));
        return ValueConverter.Cast(new NDArray(rd, d2), a.dtype);
    }

    internal static NDArray RealDiv(NDArray a, NDArray b)
    {
        if (a.dtype.is_integer())
            throw new InvalidOperationException("RealDiv of integers is cast to float when the graph is built");
        return Binary<Divide>(a, b);
    }

    internal static NDArray Compare(NDArray a, NDArray b, Func<double, double, bool> f)
    {
        var (dims, ia, ib) = Broadcast(a, b);
        var r = new bool[ia.Length];
        for (int i = 0; i < r.Length; i++) r[i] = f(a.GetDouble(ia[i]), b.GetDouble(ib[i]));
        return new NDArray(r, dims);
    }

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
