namespace Bridge;

// Reductions, reductions' gradients, softmax and matmul.
internal sealed partial class ManagedKernels
{
    private static long[] ReducedDims(ReadOnlySpan<long> dims, int[] axes, bool keepDims) =>
        ShapeAlgebra.ReducedDims(dims, axes, keepDims);

    private static NDArray Reduce(OpKind kind, NDArray x, ReduceAttr a)
    {
        if (a.Axes.Length == 0) return x;
        var outDims = ReducedDims(x.Dims, a.Axes, a.KeepDims);
        if (x.Storage is float[] f && kind is OpKind.Sum or OpKind.Mean)
            return new NDArray(TfReduction.Reduce(f, x.Dims, a.Axes, kind == OpKind.Mean), outDims);
        if (x.Storage is float[] fm && kind is OpKind.Max or OpKind.Min && a.Axes.Length == 1 && a.Axes[0] == x.ndim - 1 && x.Dims[^1] > 0)
        {
            // The innermost axis (softmax's max): contiguous lanes. Order does not matter for max and min.
            int len = (int)x.Dims[^1], lanes = (int)(x.size / len);
            var r = new float[lanes];
            for (int l = 0; l < lanes; l++)
            {
                float best = fm[l * len];
                for (int k = 1; k < len; k++)
                {
                    float v = fm[l * len + k];
                    if (kind == OpKind.Max ? v > best || float.IsNaN(v) : v < best || float.IsNaN(v)) best = v;
                }
                r[l] = best;
            }
            return new NDArray(r, outDims);
        }

        // Other dtypes and kinds: accumulate each output in row-major order.
        long outSize = 1;
        foreach (var d in outDims) outSize *= d;
        var acc = new double[outSize];
        var seen = new bool[outSize];
        long count = 1;
        foreach (var ax in a.Axes) count *= x.Dims[ax];
        var index = new long[x.ndim];
        for (long flat = 0; flat < x.size; flat++)
        {
            long o = 0;
            for (int d = 0; d < x.ndim; d++)
                if (Array.IndexOf(a.Axes, d) < 0) o = o * x.Dims[d] + index[d];
            double v = x.GetDouble(flat);
            if (!seen[o]) { acc[o] = v; seen[o] = true; }
            else acc[o] = kind switch
            {
                OpKind.Max => Math.Max(acc[o], v),
                OpKind.Min => Math.Min(acc[o], v),
                OpKind.Prod => acc[o] * v,
                _ => acc[o] + v,
            };
            for (int d = x.ndim - 1; d >= 0; d--)
            {
                if (++index[d] < x.Dims[d]) break;
                index[d] = 0;
            }
        }
        if (kind == OpKind.Mean)
            for (int i = 0; i < acc.Length; i++)
                acc[i] = x.dtype.is_integer() ? Math.Truncate(acc[i] / count) : acc[i] / count; // TF's integer mean truncates
        return ValueConverter.Cast(new NDArray(acc, outDims), x.dtype);
    }

    private static NDArray ArgReduce(NDArray x, int axis, bool max)
    {
        long outer = 1, inner = 1, len = x.Dims[axis];
        for (int d = 0; d < axis; d++) outer *= x.Dims[d];
        for (int d = axis + 1; d < x.ndim; d++) inner *= x.Dims[d];
        var r = new long[outer * inner];
        for (long o = 0; o < outer; o++)
            for (long i = 0; i < inner; i++)
            {
                long best = 0;
                double bv = x.GetDouble(o * len * inner + i);
                for (long k = 1; k < len; k++)
                {
                    double v = x.GetDouble((o * len + k) * inner + i);
                    if (max ? v > bv : v < bv) { bv = v; best = k; }
                }
                r[o * inner + i] = best;
            }
        var dims = x.Dims.ToArray().Where((_, d) => d != axis).ToArray();
        return new NDArray(r, dims);
    }

    /// <summary>Sums a broadcast gradient back to the operand's shape (TF's BroadcastGradientArgs + Sum + Reshape).</summary>
    private static NDArray SumToShape(NDArray grad, long[] shape)
    {
        if (grad.Dims.SequenceEqual(shape)) return grad;
        var axes = ShapeAlgebra.ReductionAxesToShape(grad.Dims, shape);
        var summed = Reduce(OpKind.Sum, grad, new ReduceAttr(axes, KeepDims: false));
        return Reshape(summed, shape);
    }

    /// <summary>Spreads a reduction's gradient over the reduced axes (divided by the count for a mean).</summary>
    private static NDArray BroadcastGrad(NDArray grad, long[] shape, BroadcastGradAttr a)
    {
        var kept = a.KeepDims ? grad.Dims.ToArray() : ShapeAlgebra.ReducedDims(shape, a.Axes, keepDims: true);
        var spread = BroadcastTo(grad, kept, shape);
        if (!a.DivideByCount) return spread;
        long count = ShapeAlgebra.ReducedCount(shape, a.Axes);
        return spread.Storage is float[] ? Binary<Divide>(spread, new NDArray(new[] { (float)count })) : Map(spread, v => v / count, v => v / count);
    }

    private static NDArray Gather(NDArray source, int[] index, long[] dims)
    {
        var r = Array.CreateInstance(source.Storage.GetType().GetElementType()!, index.Length);
        if (source.Storage is float[] f && r is float[] rf)
            for (int i = 0; i < index.Length; i++) rf[i] = f[index[i]];
        else
            for (int i = 0; i < index.Length; i++) Array.Copy(source.Storage, index[i], r, i, 1);
        return new NDArray(r, dims);
    }

    private static NDArray Softmax(NDArray logits, int axis)
    {
        // TF 1.x's kernel: e = exp(x - max(x)); softmax = e * (1 / sum(e)), along the axis.
        if (logits.Storage is float[] f && axis == logits.ndim - 1 && logits.size > 0)
            return new NDArray(SoftmaxRows(f, (int)logits.Dims[^1]), logits.Dims.ToArray());
        var max = Reduce(OpKind.Max, logits, new ReduceAttr([axis], KeepDims: true));
        var shifted = Binary<Minus>(logits, max);
        var e = MapSpan(shifted, TfFloatMath.Exp, Math.Exp);
        var sum = Reduce(OpKind.Sum, e, new ReduceAttr([axis], KeepDims: true));
        return Binary<Times>(e, Map(sum, v => 1f / v, v => 1 / v));
    }

    /// <summary>Softmax along contiguous rows in one pass per step, with the same operations as the general path below.</summary>
    private static float[] SoftmaxRows(float[] x, int columns)
    {
        var e = new float[x.Length];
        for (int row = 0; row < x.Length; row += columns)
        {
            float max = x[row];
            for (int k = row + 1; k < row + columns; k++)
                if (x[k] > max || float.IsNaN(x[k])) max = x[k];
            for (int k = row; k < row + columns; k++) e[k] = x[k] - max;
        }
        TfFloatMath.Exp(e); // over the whole tensor, as TF's packets (and scalar tail) split it
        for (int row = 0; row < x.Length; row += columns)
        {
            var values = e.AsSpan(row, columns);
            float inverse = 1f / TfReduction.InnerSum(values);
            foreach (ref float v in values) v *= inverse;
        }
        return e;
    }

    private static NDArray MatMul(NDArray a, NDArray b, MatMulAttr m)
    {
        int rows = (int)(m.TransposeA ? a.Dims[1] : a.Dims[0]), depth = (int)(m.TransposeA ? a.Dims[0] : a.Dims[1]);
        int cols = (int)(m.TransposeB ? b.Dims[0] : b.Dims[1]);
        if (a.Storage is float[] fa && b.Storage is float[] fb)
            return new NDArray(TfMatMul.Compute(fa, fb, rows, depth, cols, m.TransposeA, m.TransposeB), rows, cols);
        var c = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                double acc = 0;
                for (int p = 0; p < depth; p++)
                    acc += a.GetDouble(m.TransposeA ? p * rows + i : i * depth + p) * b.GetDouble(m.TransposeB ? j * depth + p : p * cols + j);
                c[i * cols + j] = acc;
            }
        return ValueConverter.Cast(new NDArray(c, rows, cols), a.dtype);
    }
}
