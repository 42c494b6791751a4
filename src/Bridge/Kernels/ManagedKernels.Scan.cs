using System.Numerics;

namespace Bridge.Kernels;

// tanh's gradient, the scans (cumsum, cumprod), L2Loss, and the diagonal ops (MatrixDiag, MatrixDiagPart,
// MatrixSetDiag, Diag, DiagPart).
internal static partial class ManagedKernels
{
    // TF's scalar_tanh_gradient_op: dy * (1 - y * y), in that order.
    internal static NDArray TanhGrad(NDArray y, NDArray dy)
    {
        if (y.Storage is float[] yf && dy.Storage is float[] df && yf.Length == df.Length)
        {
            var r = new float[yf.Length];
            for (int i = 0; i < r.Length; i++) r[i] = df[i] * (1f - yf[i] * yf[i]);
            return new NDArray(r, y.Dims.ToArray());
        }
        return Binary<Times>(dy, Map(Binary<Times>(y, y), v => 1f - v, v => 1 - v));
    }

    /// <summary>
    /// TF's ScanOp: the input seen as [outer, n, inner] around the axis; along n each output is the running sum (or
    /// product) in the input's own dtype, accumulated in sequence (from the end for reverse; before adding the
    /// element itself for exclusive), as Eigen's TensorScanOp does.
    /// </summary>
    internal static NDArray Scan(NDArray x, ScanAttr s, bool product)
    {
        int rank = x.ndim;
        if (rank == 0 || s.Axis < -rank || s.Axis >= rank)
            throw new InvalidArgumentError($"ScanOp: Expected scan axis in the range [{-rank}, {rank}), but got {s.Axis}. - help: pass an axis between {-rank} and {rank - 1}.");
        int axis = s.Axis < 0 ? s.Axis + rank : s.Axis;
        long outer = 1, inner = 1, n = x.Dims[axis];
        for (int d = 0; d < axis; d++) outer *= x.Dims[d];
        for (int d = axis + 1; d < rank; d++) inner *= x.Dims[d];
        var dims = x.Dims.ToArray();
        return x.Storage switch
        {
            float[] a => new NDArray(Scan(a, outer, n, inner, s, product), dims),
            double[] a => new NDArray(Scan(a, outer, n, inner, s, product), dims),
            int[] a => new NDArray(Scan(a, outer, n, inner, s, product), dims),
            long[] a => new NDArray(Scan(a, outer, n, inner, s, product), dims),
            short[] a => new NDArray(Scan(a, outer, n, inner, s, product), dims),
            sbyte[] a when x.dtype == TF_DataType.TF_INT8 => new NDArray(Scan(a, outer, n, inner, s, product), dims), // by dtype: a byte[] matches sbyte[]
            byte[] a => new NDArray(Scan(a, outer, n, inner, s, product), dims),
            _ => throw new InvalidOperationException($"no scan kernel for {x.dtype.as_numpy_name()}"),
        };
    }

    private static T[] Scan<T>(T[] x, long outer, long n, long inner, ScanAttr s, bool product) where T : unmanaged, INumber<T>
    {
        var r = new T[x.Length];
        for (long o = 0; o < outer; o++)
            for (long i = 0; i < inner; i++)
            {
                T acc = product ? T.One : T.Zero;
                for (long k = 0; k < n; k++)
                {
                    long j = s.Reverse ? n - 1 - k : k;
                    long at = (o * n + j) * inner + i;
                    if (s.Exclusive) { r[at] = acc; acc = product ? acc * x[at] : acc + x[at]; }
                    else { acc = product ? acc * x[at] : acc + x[at]; r[at] = acc; }
                }
            }
        return r;
    }

    /// <summary>TF's L2Loss: (x * x * 0.5) element-wise, then Eigen's full sum of those (TfReduction's order for float32).</summary>
    internal static NDArray L2Loss(NDArray x)
    {
        if (x.Storage is float[] f)
        {
            var halves = new float[f.Length];
            for (int i = 0; i < f.Length; i++) halves[i] = f[i] * f[i] * 0.5f;
            return new NDArray(TfReduction.Reduce(halves, [halves.Length], [0], mean: false), []);
        }
        var d = (double[])x.Storage;
        double sum = 0;
        foreach (var v in d) sum += v * v * 0.5;
        return new NDArray(new[] { sum }, []);
    }

    /// <summary>MatrixDiag: [..., n] to [..., n, n], the values on the diagonal, zeros elsewhere.</summary>
    internal static NDArray MatrixDiag(NDArray diagonal)
    {
        long n = diagonal.Dims[^1], batch = diagonal.Dims[..^1].ToArray().Aggregate(1L, (p, d) => p * d);
        var dims = diagonal.Dims.ToArray().Append(n).ToArray();
        var r = Array.CreateInstance(diagonal.Storage.GetType().GetElementType()!, batch * n * n);
        for (long b = 0; b < batch; b++)
            for (long i = 0; i < n; i++)
                Array.Copy(diagonal.Storage, b * n + i, r, (b * n + i) * n + i, 1);
        return new NDArray(r, dims);
    }

    /// <summary>MatrixDiagPart: [..., m, n] to [..., min(m, n)], the main diagonals.</summary>
    internal static NDArray MatrixDiagPart(NDArray input)
    {
        long m = input.Dims[^2], n = input.Dims[^1], k = Math.Min(m, n);
        long batch = input.Dims[..^2].ToArray().Aggregate(1L, (p, d) => p * d);
        var dims = input.Dims[..^2].ToArray().Append(k).ToArray();
        var r = Array.CreateInstance(input.Storage.GetType().GetElementType()!, batch * k);
        for (long b = 0; b < batch; b++)
            for (long i = 0; i < k; i++)
                Array.Copy(input.Storage, (b * m + i) * n + i, r, b * k + i, 1);
        return new NDArray(r, dims);
    }

    /// <summary>MatrixSetDiag: a copy of input [..., m, n] with its main diagonals replaced by diagonal [..., min(m, n)].</summary>
    internal static NDArray MatrixSetDiag(NDArray input, NDArray diagonal)
    {
        long m = input.Dims[^2], n = input.Dims[^1], k = Math.Min(m, n);
        var expected = input.Dims[..^2].ToArray().Append(k).ToArray();
        if (!diagonal.Dims.SequenceEqual(expected))
            throw new InvalidArgumentError($"MatrixSetDiag: the diagonal must have shape {new Shape(expected).ToTfString()} for an input of shape {input.shape.ToTfString()}, not {diagonal.shape.ToTfString()}. - help: pass one value per diagonal element, min(rows, columns) per matrix.");
        var r = (Array)input.Storage.Clone();
        long batch = input.Dims[..^2].ToArray().Aggregate(1L, (p, d) => p * d);
        for (long b = 0; b < batch; b++)
            for (long i = 0; i < k; i++)
                Array.Copy(diagonal.Storage, b * k + i, r, (b * m + i) * n + i, 1);
        return new NDArray(r, input.Dims.ToArray());
    }

    /// <summary>Diag: [D1..Dk] to [D1..Dk, D1..Dk], the values where both index halves agree, zeros elsewhere.</summary>
    internal static NDArray Diag(NDArray diagonal)
    {
        long size = diagonal.size;
        var dims = diagonal.Dims.ToArray().Concat(diagonal.Dims.ToArray()).ToArray();
        var r = Array.CreateInstance(diagonal.Storage.GetType().GetElementType()!, size * size);
        for (long i = 0; i < size; i++) Array.Copy(diagonal.Storage, i, r, i * size + i, 1);
        return new NDArray(r, dims);
    }

    /// <summary>DiagPart: [D1..Dk, D1..Dk] to [D1..Dk], the inverse of Diag.</summary>
    internal static NDArray DiagPart(NDArray input)
    {
        int half = input.ndim / 2;
        var dims = input.Dims[..half].ToArray();
        long size = dims.Aggregate(1L, (p, d) => p * d);
        var r = Array.CreateInstance(input.Storage.GetType().GetElementType()!, size);
        for (long i = 0; i < size; i++) Array.Copy(input.Storage, i * size + i, r, i, 1);
        return new NDArray(r, dims);
    }
}

// TF 1.15's EuclideanNorm: Eigen's EuclideanNormReducer adds the squares (in the order of a sum) and takes the square
// root of the total, in the input's dtype (an integer root truncates, as std::sqrt's double converted back).
internal static partial class ManagedKernels
{
    internal static NDArray EuclideanNorm(NDArray x, int[] axes, bool keepDims)
    {
        var squares = x.Storage switch
        {
            float[] f => new NDArray(f.Select(v => v * v).ToArray(), x.Dims.ToArray()),
            _ => Binary<Times>(x, x),
        };
        var sum = axes.Length == 0 ? squares : Reduce(Reduction.Sum, squares, axes, keepDims);
        return sum.Storage switch
        {
            float[] f => new NDArray(f.Select(v => MathF.Sqrt(v)).ToArray(), sum.Dims.ToArray()),
            double[] d => new NDArray(d.Select(Math.Sqrt).ToArray(), sum.Dims.ToArray()),
            _ => ValueConverter.Cast(Map(ValueConverter.Cast(sum, TF_DataType.TF_DOUBLE), v => v, v => Math.Truncate(Math.Sqrt(v))), sum.dtype),
        };
    }
}
