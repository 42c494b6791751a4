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

    // TF's SigmoidGrad: dy * y * (1 - y), in that order.
    internal static NDArray SigmoidGrad(NDArray y, NDArray dy) =>
        Binary<Times>(Binary<Times>(dy, y), Map(y, v => 1f - v, v => 1 - v));

    // TF's ApplyGradientDescent: var - grad * lr.
    internal static NDArray ApplyGradientDescent(NDArray var, NDArray grad, float lr) =>
        var.Storage is float[] v && grad.Storage is float[] g && v.Length == g.Length
            ? new NDArray(GradientStep(v, g, lr), var.Dims.ToArray())
            : Binary<Minus>(var, Map(grad, g => g * lr, g => g * lr));

    internal static NDArray[] ApplyAdam(NDArray[] x, AdamAttr a)
    {
        // TF 1.x's ApplyAdam, in float32: alpha = lr * sqrt(1 - beta2_power) / (1 - beta1_power);
        // m += (g - m) * (1 - beta1); v += (g^2 - v) * (1 - beta2); var -= m * alpha / (sqrt(v) + epsilon)
        var var = (float[])x[0].Storage;
        var m = (float[])x[1].Storage;
        var v = (float[])x[2].Storage;
        var g = (float[])x[5].Storage;
        float b1p = x[3].Scalar<float>(), b2p = x[4].Scalar<float>();
        float alpha = a.LearningRate * MathF.Sqrt(1f - b2p) / (1f - b1p);
        float c1 = 1f - a.Beta1, c2 = 1f - a.Beta2;
        var m2 = new float[m.Length];
        var v2 = new float[v.Length];
        var var2 = new float[var.Length];
        for (int i = 0; i < var.Length; i++)
        {
            m2[i] = m[i] + (g[i] - m[i]) * c1;
            v2[i] = v[i] + (g[i] * g[i] - v[i]) * c2;
            var2[i] = var[i] - m2[i] * alpha / (MathF.Sqrt(v2[i]) + a.Epsilon);
        }
        var dims = x[0].Dims.ToArray();
        return [new NDArray(var2, dims), new NDArray(m2, dims), new NDArray(v2, dims)];
    }
}
