using Bridge.Shapes;

namespace Bridge.Kernels;

// Reductions, reductions' gradients, softmax and matmul.
internal static partial class ManagedKernels
{
    internal static long[] ReducedDims(ReadOnlySpan<long> dims, int[] axes, bool keepDims) =>
        ShapeAlgebra.ReducedDims(dims, axes, keepDims);

    internal static NDArray Reduce(Reduction kind, NDArray x, int[] axes, bool keepDims)
    {
        if (axes.Length == 0) return x;
        // reduce_all/any on bools: any is a nonzero count of trues (false over an empty axis); all is not any of not.
        if (kind == Reduction.Any) return ValueConverter.Cast(Reduce(Reduction.Sum, ValueConverter.Cast(x, TF_DataType.TF_INT32), axes, keepDims), TF_DataType.TF_BOOL);
        if (kind == Reduction.All) return Not(Reduce(Reduction.Any, Not(x), axes, keepDims));
        var outDims = ReducedDims(x.Dims, axes, keepDims);
        // float32 reads its elements in place (Values): a large fed array reduced is not copied first.
        if (x.dtype == TF_DataType.TF_FLOAT && kind is Reduction.Sum or Reduction.Mean)
            return new NDArray(TfReduction.Reduce(x.Values<float>(), x.Dims, axes, kind == Reduction.Mean), outDims);
        if (x.dtype == TF_DataType.TF_FLOAT && kind is Reduction.Max or Reduction.Min && axes.Length == 1 && axes[0] == x.ndim - 1 && x.Dims[^1] > 0)
        {
            var fm = x.Values<float>();
            // The innermost axis (softmax's max): contiguous lanes. Order does not matter for max and min.
            int len = (int)x.Dims[^1], lanes = (int)(x.size / len);
            var r = new float[lanes];
            for (int l = 0; l < lanes; l++)
            {
                float best = fm[l * len];
                for (int k = 1; k < len; k++)
                {
                    float v = fm[l * len + k];
                    if (kind == Reduction.Max ? v > best || float.IsNaN(v) : v < best || float.IsNaN(v)) best = v;
                }
                r[l] = best;
            }
            return new NDArray(r, outDims);
        }

        // Integers in their own type, as TF's Eigen reducers: sums and products wrap (two's complement), int64 keeps
        // all 64 bits; an integer mean is the wrapped sum divided by the count, truncated toward zero.
        switch (x.Storage)
        {
            case int[] v: return ReduceIntegers(kind, x, v, axes, outDims);
            case long[] v: return ReduceIntegers(kind, x, v, axes, outDims);
            case short[] v: return ReduceIntegers(kind, x, v, axes, outDims);
            case sbyte[] v when x.dtype == TF_DataType.TF_INT8: return ReduceIntegers(kind, x, v, axes, outDims); // the dtype decides (see Binary)
            case byte[] v when x.dtype == TF_DataType.TF_UINT8: return ReduceIntegers(kind, x, v, axes, outDims);
        }

        // Floats (and kinds the paths above do not take): accumulate each output in row-major order.
        long outSize = 1;
        foreach (var d in outDims) outSize *= d;
        var acc = new double[outSize];
        var seen = new bool[outSize];
        long count = 1;
        foreach (var ax in axes) count *= x.Dims[ax];
        var index = new long[x.ndim];
        for (long flat = 0; flat < x.size; flat++)
        {
            long o = 0;
            for (int d = 0; d < x.ndim; d++)
                if (Array.IndexOf(axes, d) < 0) o = o * x.Dims[d] + index[d];
            double v = x.GetDouble(flat);
            if (!seen[o]) { acc[o] = v; seen[o] = true; }
            else acc[o] = kind switch
            {
                Reduction.Max => Math.Max(acc[o], v),
                Reduction.Min => Math.Min(acc[o], v),
                Reduction.Prod => acc[o] * v,
                _ => acc[o] + v,
            };
            for (int d = x.ndim - 1; d >= 0; d--)
            {
                if (++index[d] < x.Dims[d]) break;
                index[d] = 0;
            }
        }
        // TF's identity for a product of nothing is 1 (a maximum's and minimum's are set below, in the dtype itself).
        if (kind == Reduction.Prod)
            for (int i = 0; i < acc.Length; i++)
                if (!seen[i]) acc[i] = 1;
        if (kind == Reduction.Mean)
            for (int i = 0; i < acc.Length; i++)
                acc[i] = x.dtype.is_integer() ? Math.Truncate(acc[i] / count) : acc[i] / count; // TF's integer mean truncates
        var result = ValueConverter.Cast(new NDArray(acc, outDims), x.dtype);
        if (kind is Reduction.Max or Reduction.Min && Identity(kind, x.dtype) is { } identity)
            for (int i = 0; i < seen.Length; i++)
                if (!seen[i]) result.Storage.SetValue(identity, i);
        return result;
    }

    private static NDArray ReduceIntegers<T>(Reduction kind, NDArray x, T[] values, int[] axes, long[] outDims)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
    {
        long outSize = 1;
        foreach (var d in outDims) outSize *= d;
        long count = 1;
        foreach (var ax in axes) count *= x.Dims[ax];
        var acc = new T[outSize];
        T start = kind switch
        {
            Reduction.Prod => T.One,
            Reduction.Max => T.MinValue, // TF's identities: a maximum of nothing is the dtype's lowest value
            Reduction.Min => T.MaxValue,
            _ => T.Zero,
        };
        Array.Fill(acc, start);
        var index = new long[x.ndim];
        for (long flat = 0; flat < values.Length; flat++)
        {
            long o = 0;
            for (int d = 0; d < x.ndim; d++)
                if (Array.IndexOf(axes, d) < 0) o = o * x.Dims[d] + index[d];
            T v = values[flat];
            acc[o] = kind switch
            {
                Reduction.Max => v > acc[o] ? v : acc[o],
                Reduction.Min => v < acc[o] ? v : acc[o],
                Reduction.Prod => unchecked(acc[o] * v),
                _ => unchecked(acc[o] + v),
            };
            for (int d = x.ndim - 1; d >= 0; d--)
            {
                if (++index[d] < x.Dims[d]) break;
                index[d] = 0;
            }
        }
        if (kind == Reduction.Mean && outSize > 0)
        {
            if (count == 0)
                throw new InvalidArgumentError($"tf.reduce_mean: the mean of an empty {x.dtype.as_numpy_name()} axis divides by zero (input shape {x.shape.ToTfString()}). - help: TF 1.x's integer mean has no value for it; tf.cast to tf.float32 for NaN, or reduce a non-empty axis.");
            // Eigen's MeanReducer: accum / count, with the count a 64-bit index: C++ promotes the (wrapped) sum.
            for (int i = 0; i < acc.Length; i++) acc[i] = T.CreateTruncating(long.CreateTruncating(acc[i]) / count);
        }
        return new NDArray(acc, outDims);
    }

    internal static NDArray ArgReduce(NDArray x, int axis, bool max)
    {
        if (x.Dims[axis] == 0)
            throw new InvalidArgumentError($"tf.{(max ? "argmax" : "argmin")}: reduction axis {axis} is empty in a tensor of shape {x.shape.ToTfString()}. - help: reduce an axis of size >= 1.");
        long outer = 1, inner = 1, len = x.Dims[axis];
        for (int d = 0; d < axis; d++) outer *= x.Dims[d];
        for (int d = axis + 1; d < x.ndim; d++) inner *= x.Dims[d];
        var r = new long[outer * inner];
        if (x.Storage is not (float[] or double[]))
        {
            var v = Longs(x); // integers compared exactly (int64 beyond 2**53 too)
            for (long o = 0; o < outer; o++)
                for (long i = 0; i < inner; i++)
                {
                    long best = 0, bv = v[o * len * inner + i];
                    for (long k = 1; k < len; k++)
                    {
                        long e = v[(o * len + k) * inner + i];
                        if (max ? e > bv : e < bv) { bv = e; best = k; }
                    }
                    r[o * inner + i] = best;
                }
            return new NDArray(r, x.Dims.ToArray().Where((_, d) => d != axis).ToArray());
        }
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
    internal static NDArray SumToShape(NDArray grad, long[] shape)
    {
        if (grad.Dims.SequenceEqual(shape)) return grad;
        var axes = ShapeAlgebra.ReductionAxesToShape(grad.Dims, shape);
        var summed = Reduce(Reduction.Sum, grad, axes, keepDims: false);
        return Reshape(summed, shape);
    }

    /// <summary>Spreads a reduction's gradient over the reduced axes (divided by the count for a mean).</summary>
    internal static NDArray BroadcastGrad(NDArray grad, long[] shape, BroadcastGradAttr a)
    {
        var axes = a.Reduce.AxesFor(shape.Length);
        var kept = a.Reduce.KeepDims ? grad.Dims.ToArray() : ShapeAlgebra.ReducedDims(shape, axes, keepDims: true);
        var spread = BroadcastTo(grad, kept, shape);
        if (!a.DivideByCount) return spread;
        long count = ShapeAlgebra.ReducedCount(shape, axes);
        return spread.Storage is float[] ? Binary<Divide>(spread, new NDArray(new[] { (float)count })) : Map(spread, v => v / count, v => v / count);
    }

    internal static NDArray Gather(NDArray source, int[] index, long[] dims)
    {
        var r = Array.CreateInstance(source.Storage.GetType().GetElementType()!, index.Length);
        if (source.Storage is float[] f && r is float[] rf)
            for (int i = 0; i < index.Length; i++) rf[i] = f[index[i]];
        else
            for (int i = 0; i < index.Length; i++) Array.Copy(source.Storage, index[i], r, i, 1);
        return new NDArray(r, dims);
    }

    internal static NDArray Softmax(NDArray logits, int axis)
    {
        // TF 1.x's kernel: e = exp(x - max(x)); softmax = e * (1 / sum(e)), along the axis.
        if (logits.Storage is float[] f && axis == logits.ndim - 1 && logits.size > 0)
            return new NDArray(SoftmaxRows(f, (int)logits.Dims[^1]), logits.Dims.ToArray());
        var max = Reduce(Reduction.Max, logits, [axis], keepDims: true);
        var shifted = Binary<Minus>(logits, max);
        var e = MapSpan(shifted, TfFloatMath.Exp, Math.Exp);
        var sum = Reduce(Reduction.Sum, e, [axis], keepDims: true);
        return Binary<Times>(e, Map(sum, v => 1f / v, v => 1 / v));
    }

    /// <summary>Softmax along contiguous rows in one pass per step, with the same operations as the general path below.</summary>
    internal static float[] SoftmaxRows(float[] x, int columns)
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

    internal static NDArray MatMul(NDArray a, NDArray b, MatMulAttr m)
    {
        int rows = (int)(m.TransposeA ? a.Dims[1] : a.Dims[0]), depth = (int)(m.TransposeA ? a.Dims[0] : a.Dims[1]);
        int cols = (int)(m.TransposeB ? b.Dims[0] : b.Dims[1]);
        // A fed A read in place (lab 07-4's test images) is not copied: its rows are computed on this thread alone, to
        // the same bits, as the helper thread could still read it after its run (TfMatMul.Compute).
        if (a.dtype == TF_DataType.TF_FLOAT && b.dtype == TF_DataType.TF_FLOAT)
            return new NDArray(a.IsBorrowed
                ? TfMatMul.Compute(a.Values<float>(), b.Values<float>(), rows, depth, cols, m.TransposeA, m.TransposeB)
                : TfMatMul.Compute((float[])a.Storage, b.Values<float>(), rows, depth, cols, m.TransposeA, m.TransposeB), rows, cols);
        if (a.Storage is int[] ia && b.Storage is int[] ib)
        {
            // int32 products and sums wrap in int32 (TF's Eigen contraction in the operands' type), never via double.
            var ci = new int[rows * cols];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                {
                    int acc = 0;
                    for (int p = 0; p < depth; p++)
                        acc = unchecked(acc + ia[m.TransposeA ? p * rows + i : i * depth + p] * ib[m.TransposeB ? j * depth + p : p * cols + j]);
                    ci[i * cols + j] = acc;
                }
            return new NDArray(ci, rows, cols);
        }
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

    /// <summary>
    /// TF 1.0's identities of a maximum and a minimum of nothing: the dtype's lowest and highest values (Eigen's
    /// <c>NumTraits&lt;T&gt;::lowest()</c>/<c>highest()</c>: -3.4028235e+38 for a float32 maximum, not -inf; Eigen
    /// moved to infinities in 2019, after every TF 1.x the course used).
    /// </summary>
    private static object? Identity(Reduction kind, TF_DataType dtype)
    {
        bool max = kind == Reduction.Max;
        return dtype switch
        {
            TF_DataType.TF_FLOAT => max ? float.MinValue : float.MaxValue,
            TF_DataType.TF_DOUBLE => max ? double.MinValue : double.MaxValue,
            TF_DataType.TF_INT32 => max ? int.MinValue : int.MaxValue,
            TF_DataType.TF_INT64 => max ? long.MinValue : long.MaxValue,
            TF_DataType.TF_INT16 => max ? short.MinValue : short.MaxValue,
            TF_DataType.TF_INT8 => max ? sbyte.MinValue : sbyte.MaxValue,
            TF_DataType.TF_UINT8 => max ? byte.MinValue : byte.MaxValue,
            _ => null,
        };
    }

    private static NDArray Not(NDArray b) => new(Array.ConvertAll((bool[])b.Storage, v => !v), b.Dims.ToArray());
}
