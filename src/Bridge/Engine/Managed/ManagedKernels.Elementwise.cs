namespace Bridge;

// Element-wise kernels with numpy broadcasting.
internal sealed partial class ManagedKernels
{
    private static NDArray Map(NDArray a, Func<float, float> f32, Func<double, double> other)
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

    private static NDArray MapFloat(NDArray a, Func<float, float> f32, Func<double, double> f64) => Map(a, f32, f64);

    private static NDArray MapSpan(NDArray a, TfFloatMath.SpanMap f32, Func<double, double> f64)
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
        int n = Math.Max(a.ndim, b.ndim);
        var dims = new long[n];
        for (int i = 0; i < n; i++)
        {
            long da = i < n - a.ndim ? 1 : a.Dims[i - (n - a.ndim)];
            long db = i < n - b.ndim ? 1 : b.Dims[i - (n - b.ndim)];
            if (da != db && da != 1 && db != 1)
                throw new InvalidArgumentError($"Incompatible shapes: {a.shape.ToTfString()} vs. {b.shape.ToTfString()}. - help: each dimension must match or be 1.");
            dims[i] = Math.Max(da, db);
        }
        long count = 1;
        foreach (var d in dims) count *= d;
        var ia = new int[count];
        var ib = new int[count];
        var idx = new long[n];
        for (long k = 0; k < count; k++)
        {
            ia[k] = Flat(a, idx, n);
            ib[k] = Flat(b, idx, n);
            for (int d = n - 1; d >= 0; d--)
            {
                if (++idx[d] < dims[d]) break;
                idx[d] = 0;
            }
        }
        return (dims, ia, ib);
    }

    private static int Flat(NDArray a, long[] idx, int n)
    {
        long flat = 0;
        int off = n - a.ndim;
        for (int d = 0; d < a.ndim; d++) flat = flat * a.Dims[d] + (a.Dims[d] == 1 ? 0 : idx[d + off]);
        return (int)flat;
    }

    private static NDArray Binary(NDArray a, NDArray b, Func<float, float, float> f32, Func<double, double, double> other)
    {
        if (a.Storage is float[] fa && b.Storage is float[] fb)
        {
            if (a.Dims.SequenceEqual(b.Dims))
            {
                var same = new float[fa.Length];
                for (int i = 0; i < same.Length; i++) same[i] = f32(fa[i], fb[i]);
                return new NDArray(same, a.Dims.ToArray());
            }
            if (TryRowBroadcast(a, b, out int rows, out int cols, out bool bIsRow, out bool bIsColumn))
            {
                // [m, n] with [n] or [1, n] (a bias row), or with [m, 1] (a per-row value): no index tables.
                var rr = new float[rows * cols];
                for (int i = 0, k = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++, k++)
                        rr[k] = f32(fa[k], bIsRow ? fb[j] : bIsColumn ? fb[i] : fb[0]);
                return new NDArray(rr, a.Dims.ToArray());
            }
            var (dims, ia, ib) = Broadcast(a, b);
            var r = new float[ia.Length];
            for (int i = 0; i < r.Length; i++) r[i] = f32(fa[ia[i]], fb[ib[i]]);
            return new NDArray(r, dims);
        }
        var (d2, ja, jb) = Broadcast(a, b);
        var rd = new double[ja.Length];
        for (int i = 0; i < rd.Length; i++) rd[i] = other(a.GetDouble(ja[i]), b.GetDouble(jb[i]));
        return ValueConverter.Cast(new NDArray(rd, d2), a.dtype);
    }

    /// <summary>a is [m, n] (or any shape, flattened as [1, size]) and b is a scalar, a row [n]/[1, n], or a column [m, 1].</summary>
    private static bool TryRowBroadcast(NDArray a, NDArray b, out int rows, out int cols, out bool bIsRow, out bool bIsColumn)
    {
        rows = cols = 0;
        bIsRow = bIsColumn = false;
        if (b.size == 1 && b.ndim <= a.ndim)
        {
            rows = 1;
            cols = (int)a.size;
            return true;
        }
        if (a.ndim != 2) return false;
        rows = (int)a.Dims[0];
        cols = (int)a.Dims[1];
        if ((b.ndim == 1 && b.Dims[0] == cols) || (b.ndim == 2 && b.Dims[0] == 1 && b.Dims[1] == cols)) { bIsRow = true; return true; }
        if (b.ndim == 2 && b.Dims[0] == rows && b.Dims[1] == 1) { bIsColumn = true; return true; }
        return false;
    }

    private static NDArray RealDiv(NDArray a, NDArray b)
    {
        if (a.dtype.is_integer())
            throw new InvalidOperationException("RealDiv of integers is cast to float when the graph is built");
        return Binary(a, b, (x, y) => x / y, (x, y) => x / y);
    }

    private static NDArray Compare(NDArray a, NDArray b, Func<double, double, bool> f)
    {
        var (dims, ia, ib) = Broadcast(a, b);
        var r = new bool[ia.Length];
        for (int i = 0; i < r.Length; i++) r[i] = f(a.GetDouble(ia[i]), b.GetDouble(ib[i]));
        return new NDArray(r, dims);
    }

    // TF's SigmoidGrad: dy * y * (1 - y), in that order.
    private static NDArray SigmoidGrad(NDArray y, NDArray dy) =>
        Binary(Binary(dy, y, (a, b) => a * b, (a, b) => a * b), Map(y, v => 1f - v, v => 1 - v), (a, b) => a * b, (a, b) => a * b);

    // TF's ApplyGradientDescent: var - grad * lr.
    private static NDArray ApplyGradientDescent(NDArray var, NDArray grad, float lr) =>
        Binary(var, Map(grad, g => g * lr, g => g * lr), (a, b) => a - b, (a, b) => a - b);

    private static NDArray[] ApplyAdam(NDArray[] x, AdamAttr a)
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
