namespace Bridge.Kernels;

// The tf.nn kernels: activations (TF's relu_op_functor.h, softplus_op.h, softsign_op.h), their gradients, the
// softmax cross entropy (xent_op.h), log-softmax (softmax_op_functor.h) and the bias add (bias_op.cc). float32 uses
// TF's float32 exp and log (TfFloatMath) where TF's Eigen evaluates them, and TF's order of additions (TfReduction).
internal static partial class ManagedKernels
{
    /// <summary>An element-wise kernel of two same-shaped inputs (a gradient and a forward value).</summary>
    internal static NDArray Zip(NDArray a, NDArray b, Func<float, float, float> f32, Func<double, double, double> other)
    {
        if (a.size != b.size)
            throw new InvalidArgumentError($"the inputs must have one shape, but {a.shape.ToTfString()} and {b.shape.ToTfString()} differ. - help: pass the gradient of the op's own output.");
        if (a.Storage is float[] fa && b.Storage is float[] fb)
        {
            var r = new float[fa.Length];
            for (int i = 0; i < r.Length; i++) r[i] = f32(fa[i], fb[i]);
            return new NDArray(r, a.Dims.ToArray());
        }
        var d = new double[a.size];
        for (long i = 0; i < d.Length; i++) d[i] = other(a.GetDouble(i), b.GetDouble(i));
        return ValueConverter.Cast(new NDArray(d, a.Dims.ToArray()), a.dtype);
    }

    // Relu: features.cwiseMax(0) (scalar std::max: NaN and -0.0 pass through).
    internal static NDArray Relu(NDArray x)
    {
        if (x.Storage is not float[] f) return Map<ReluOp>(x); // integers in their own type (int64 exact)
        var r = GC.AllocateUninitializedArray<float>(f.Length);
        ReluPass(f, r);
        return new NDArray(r, x.Dims.ToArray());
    }

    /// <summary>
    /// Relu's float32 pass, x &lt; 0 ? 0 : x, vectorized (eight lanes, the same comparison: NaN and -0.0 pass through),
    /// over managed arrays or the engine's tensors' memory (one implementation for both sides).
    /// </summary>
    internal static void ReluPass(ReadOnlySpan<float> x, Span<float> r)
    {
        if (r.Length != x.Length) throw new InvalidArgumentError($"Relu: {x.Length} features but {r.Length} outputs.");
        int i = 0;
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
        {
            ref float px = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
            ref float pr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(r);
            var zero = System.Runtime.Intrinsics.Vector256<float>.Zero;
            for (; i + 8 <= x.Length; i += 8)
            {
                var v = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref px, (nuint)i);
                System.Runtime.Intrinsics.Vector256.StoreUnsafe(
                    System.Runtime.Intrinsics.Vector256.ConditionalSelect(System.Runtime.Intrinsics.Vector256.LessThan(v, zero), zero, v), ref pr, (nuint)i);
            }
        }
        for (; i < x.Length; i++) r[i] = x[i] < 0 ? 0f : x[i];
    }

    /// <summary>
    /// ReluGrad's float32 pass, g * (f &gt; 0 ? 1 : 0) (a multiplication: -0.0 for a negative gradient where the relu is
    /// off), vectorized with the same operations; managed arrays or the engine's tensors' memory.
    /// </summary>
    internal static void ReluGradPass(ReadOnlySpan<float> g, ReadOnlySpan<float> f, Span<float> r)
    {
        if (g.Length != f.Length || r.Length != g.Length)
            throw new InvalidArgumentError($"ReluGrad: the inputs must have one shape, but have {g.Length} and {f.Length} elements. - help: pass the gradient of the op's own output.");
        int i = 0;
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
        {
            ref float pg = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(g);
            ref float pf = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(f);
            ref float pr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(r);
            var zero = System.Runtime.Intrinsics.Vector256<float>.Zero;
            var one = System.Runtime.Intrinsics.Vector256.Create(1f);
            for (; i + 8 <= g.Length; i += 8)
            {
                var on = System.Runtime.Intrinsics.Vector256.ConditionalSelect(
                    System.Runtime.Intrinsics.Vector256.GreaterThan(System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref pf, (nuint)i), zero), one, zero);
                System.Runtime.Intrinsics.Vector256.StoreUnsafe(System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref pg, (nuint)i) * on, ref pr, (nuint)i);
            }
        }
        for (; i < g.Length; i++) r[i] = g[i] * (f[i] > 0 ? 1f : 0f);
    }

    // Relu6: features.cwiseMax(0).cwiseMin(6).
    internal static NDArray Relu6(NDArray x) => Map(x, v => Min6(v < 0 ? 0f : v), v => v < 0 ? 0 : 6 < v ? 6 : v);

    private static float Min6(float v) => 6f < v ? 6f : v;

    // ReluGrad: gradients * (features > 0) (a multiplication: a negative gradient where the relu is off gives -0.0).
    internal static NDArray ReluGrad(NDArray dy, NDArray y)
    {
        if (dy.Storage is not float[] g || y.Storage is not float[] f || g.Length != f.Length)
            return Zip(dy, y, (g, f) => g * (f > 0 ? 1f : 0f), (g, f) => g * (f > 0 ? 1 : 0));
        var r = GC.AllocateUninitializedArray<float>(g.Length);
        ReluGradPass(g, f, r);
        return new NDArray(r, dy.Dims.ToArray());
    }

    // Relu6Grad: gradients * ((features > 0) * (features < 6)).
    internal static NDArray Relu6Grad(NDArray dy, NDArray x) =>
        Zip(dy, x, (g, f) => g * (f > 0 && f < 6 ? 1f : 0f), (g, f) => g * (f > 0 && f < 6 ? 1 : 0));

    // LeakyRelu: (features > 0).select(features, features * alpha), alpha cast to T (0 for the integer types).
    internal static NDArray LeakyRelu(NDArray x, float alpha)
    {
        double a = x.dtype.is_floating() ? alpha : Math.Truncate(alpha);
        return Map(x, v => v > 0 ? v : v * alpha, v => v > 0 ? v : v * a);
    }

    // LeakyReluGrad: (features > 0).select(gradients, gradients * alpha).
    internal static NDArray LeakyReluGrad(NDArray dy, NDArray x, float alpha)
    {
        double a = dy.dtype.is_floating() ? alpha : Math.Truncate(alpha);
        return Zip(dy, x, (g, f) => f > 0 ? g : g * alpha, (g, f) => f > 0 ? g : g * a);
    }

    // Elu: (features < 0).select(exp(features) - 1, features); Eigen evaluates the exp for every element, in packets
    // over the whole tensor.
    internal static NDArray Elu(NDArray x)
    {
        if (x.Storage is float[] f)
        {
            var e = (float[])f.Clone();
            TfFloatMath.Exp(e);
            for (int i = 0; i < e.Length; i++) e[i] = f[i] < 0 ? e[i] - 1f : f[i];
            return new NDArray(e, x.Dims.ToArray());
        }
        return Map(x, v => v < 0 ? MathF.Exp(v) - 1 : v, v => v < 0 ? Math.Exp(v) - 1 : v);
    }

    // EluGrad: (activations < 0).select((activations + 1) * gradients, gradients).
    internal static NDArray EluGrad(NDArray dy, NDArray y) => Zip(dy, y, (g, a) => a < 0 ? (a + 1f) * g : g, (g, a) => a < 0 ? (a + 1) * g : g);

    // Softplus's thresholds: log(machine epsilon) + 2 (TF's numext::log in T).
    private static readonly float SoftplusThreshold32 = MathF.Log(1.1920929E-07f) + 2f;
    private static readonly double SoftplusThreshold64 = Math.Log(2.220446049250313E-16) + 2;

    // Softplus: x > -threshold ? x : x < threshold ? exp(x) : log(exp(x) + 1), both branches in packets.
    internal static NDArray Softplus(NDArray x)
    {
        if (x.Storage is float[] f)
        {
            var e = (float[])f.Clone();
            TfFloatMath.Exp(e);
            var l = new float[e.Length];
            for (int i = 0; i < l.Length; i++) l[i] = e[i] + 1f;
            TfFloatMath.Log(l);
            float t = SoftplusThreshold32;
            for (int i = 0; i < l.Length; i++) l[i] = f[i] > -t ? f[i] : f[i] < t ? e[i] : l[i];
            return new NDArray(l, x.Dims.ToArray());
        }
        double t64 = SoftplusThreshold64;
        return Map(x, v => v, v => v > -t64 ? v : v < t64 ? Math.Exp(v) : Math.Log(Math.Exp(v) + 1));
    }

    // SoftplusGrad: gradients / (exp(-features) + 1).
    internal static NDArray SoftplusGrad(NDArray dy, NDArray x)
    {
        if (dy.Storage is float[] g && x.Storage is float[] f && g.Length == f.Length)
        {
            var e = new float[f.Length];
            for (int i = 0; i < e.Length; i++) e[i] = -f[i];
            TfFloatMath.Exp(e);
            for (int i = 0; i < e.Length; i++) e[i] = g[i] / (e[i] + 1f);
            return new NDArray(e, x.Dims.ToArray());
        }
        return Zip(dy, x, (a, b) => a / (MathF.Exp(-b) + 1f), (a, b) => a / (Math.Exp(-b) + 1));
    }

    // Softsign: features / (|features| + 1).
    internal static NDArray Softsign(NDArray x) => Map(x, v => v / (Math.Abs(v) + 1f), v => v / (Math.Abs(v) + 1));

    // SoftsignGrad: gradients / square(|features| + 1).
    internal static NDArray SoftsignGrad(NDArray dy, NDArray x) =>
        Zip(dy, x, (g, f) => { float s = Math.Abs(f) + 1f; return g / (s * s); }, (g, f) => { double s = Math.Abs(f) + 1; return g / (s * s); });

    /// <summary>
    /// TF's SoftmaxCrossEntropyWithLogits on [batch, classes] (xent_op.h): shifted = logits - max; sum = the row sums of
    /// exp(shifted) (Eigen's inner reduction: each row's exp in packets from the row's start, its tail scalar);
    /// loss = row sums of labels * (log(sum) - shifted); backprop = exp(shifted) / sum - labels, that exp in packets
    /// over the whole tensor.
    /// </summary>
    internal static NDArray[] SoftmaxXent(NDArray logits, NDArray labels)
    {
        int rows = (int)logits.Dims[0], cols = (int)logits.Dims[1];
        if (logits.Storage is float[] x && labels.Storage is float[] z)
        {
            var shifted = new float[x.Length];
            for (int r = 0; r < rows; r++)
            {
                int o = r * cols;
                float max = cols > 0 ? x[o] : float.NegativeInfinity;
                for (int k = o + 1; k < o + cols; k++)
                    if (x[k] > max || float.IsNaN(x[k])) max = x[k];
                for (int k = o; k < o + cols; k++) shifted[k] = x[k] - max;
            }
            var sums = new float[rows];
            var row = new float[cols];
            for (int r = 0; r < rows; r++)
            {
                shifted.AsSpan(r * cols, cols).CopyTo(row);
                TfFloatMath.Exp(row);
                sums[r] = TfReduction.InnerSum(row);
            }
            var logSums = (float[])sums.Clone();
            TfFloatMath.Log(logSums);
            var loss = new float[rows];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < cols; c++) row[c] = z[r * cols + c] * (logSums[r] - shifted[r * cols + c]);
                loss[r] = TfReduction.InnerSum(row);
            }
            var backprop = (float[])shifted.Clone();
            TfFloatMath.Exp(backprop);
            for (int k = 0; k < backprop.Length; k++) backprop[k] = backprop[k] / sums[k / cols] - z[k];
            return [new NDArray(loss, rows), new NDArray(backprop, rows, cols)];
        }
        var lossD = new double[rows];
        var backD = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            int o = r * cols;
            double max = double.NegativeInfinity;
            for (int k = o; k < o + cols; k++)
                if (logits.GetDouble(k) > max || double.IsNaN(logits.GetDouble(k))) max = logits.GetDouble(k);
            double sum = 0;
            for (int k = o; k < o + cols; k++) sum += Math.Exp(logits.GetDouble(k) - max);
            double logSum = Math.Log(sum), l = 0;
            for (int k = o; k < o + cols; k++)
            {
                double s = logits.GetDouble(k) - max;
                l += labels.GetDouble(k) * (logSum - s);
                backD[k] = Math.Exp(s) / sum - labels.GetDouble(k);
            }
            lossD[r] = l;
        }
        return [ValueConverter.Cast(new NDArray(lossD, rows), logits.dtype), ValueConverter.Cast(new NDArray(backD, rows, cols), logits.dtype)];
    }

    /// <summary>
    /// TF's LogSoftmax along the last axis of [batch, classes] (softmax_op_functor.h): shifted = logits - max, then
    /// shifted - log(row sums of exp(shifted)) (the exp fused into the inner reduction, the log over the sums).
    /// </summary>
    internal static NDArray LogSoftmax(NDArray logits)
    {
        int cols = (int)logits.Dims[^1], rows = cols == 0 ? 0 : (int)(logits.size / cols);
        if (logits.Storage is float[] x)
        {
            var shifted = new float[x.Length];
            var sums = new float[rows];
            var row = new float[cols];
            for (int r = 0; r < rows; r++)
            {
                int o = r * cols;
                float max = x[o];
                for (int k = o + 1; k < o + cols; k++)
                    if (x[k] > max || float.IsNaN(x[k])) max = x[k];
                for (int k = o; k < o + cols; k++) shifted[k] = x[k] - max;
                shifted.AsSpan(o, cols).CopyTo(row);
                TfFloatMath.Exp(row);
                sums[r] = TfReduction.InnerSum(row);
            }
            TfFloatMath.Log(sums);
            for (int k = 0; k < shifted.Length; k++) shifted[k] -= sums[k / cols];
            return new NDArray(shifted, logits.Dims.ToArray());
        }
        var d = new double[logits.size];
        for (int r = 0; r < rows; r++)
        {
            int o = r * cols;
            double max = double.NegativeInfinity, sum = 0;
            for (int k = o; k < o + cols; k++)
                if (logits.GetDouble(k) > max || double.IsNaN(logits.GetDouble(k))) max = logits.GetDouble(k);
            for (int k = o; k < o + cols; k++) sum += Math.Exp(logits.GetDouble(k) - max);
            double logSum = Math.Log(sum);
            for (int k = o; k < o + cols; k++) d[k] = logits.GetDouble(k) - max - logSum;
        }
        return ValueConverter.Cast(new NDArray(d, logits.Dims.ToArray()), logits.dtype);
    }

    /// <summary>
    /// TF's BiasAddGrad (bias_op.cc): the gradient reshaped to [rows, channels] and summed over the rows, one row
    /// after another (Eigen's reduction of the outer dimension; also when there is one channel).
    /// </summary>
    internal static NDArray BiasAddGrad(NDArray dy)
    {
        int channels = (int)dy.Dims[^1], rows = channels == 0 ? 0 : (int)(dy.size / channels);
        if (dy.Storage is float[] g)
        {
            var r = new float[channels];
            for (int i = 0; i < rows; i++)
                for (int c = 0; c < channels; c++) r[c] += g[i * channels + c];
            return new NDArray(r, channels);
        }
        var d = new double[channels];
        for (int i = 0; i < rows; i++)
            for (int c = 0; c < channels; c++) d[c] += dy.GetDouble(i * channels + c);
        return ValueConverter.Cast(new NDArray(d, channels), dy.dtype);
    }

    // Selu's constants, cast to the dtype as TF's static_cast<T>.
    private const double SeluScale = 1.0507009873554804934193349852946, SeluScaleAlpha = 1.7580993408473768599402175208123;

    // Selu: (features < 0).select(scale_alpha * (exp(features) - 1), scale * features); the exp over the whole tensor, in packets.
    internal static NDArray Selu(NDArray x)
    {
        if (x.Storage is float[] f)
        {
            var e = (float[])f.Clone();
            TfFloatMath.Exp(e);
            float scale = (float)SeluScale, scaleAlpha = (float)SeluScaleAlpha;
            for (int i = 0; i < e.Length; i++) e[i] = f[i] < 0 ? scaleAlpha * (e[i] - 1f) : scale * f[i];
            return new NDArray(e, x.Dims.ToArray());
        }
        return Map(x, v => v, v => v < 0 ? SeluScaleAlpha * (Math.Exp(v) - 1) : SeluScale * v);
    }

    // SeluGrad: (activations < 0).select(gradients * (activations + scale_alpha), gradients * scale).
    internal static NDArray SeluGrad(NDArray dy, NDArray y)
    {
        float scale = (float)SeluScale, scaleAlpha = (float)SeluScaleAlpha;
        return Zip(dy, y, (g, a) => a < 0 ? g * (a + scaleAlpha) : g * scale, (g, a) => a < 0 ? g * (a + SeluScaleAlpha) : g * SeluScale);
    }

    /// <summary>
    /// TF's SparseSoftmaxCrossEntropyWithLogits on [batch, classes] logits and [batch] int32/int64 labels
    /// (sparse_xent_op.h): shifted = logits - max; sum = the row sums of exp(shifted) (as the dense op's);
    /// loss = log(sum) - shifted[label] (the generator's scalar log, then the row sum of one nonzero term);
    /// backprop = exp(shifted) / sum - (1 at the label), that exp in packets over the whole tensor. The CPU kernel first
    /// checks every label against [0, classes).
    /// </summary>
    internal static NDArray[] SparseSoftmaxXent(NDArray logits, NDArray labels, string opName)
    {
        int rows = (int)logits.Dims[0], cols = (int)logits.Dims[1];
        var label = new long[rows];
        for (int r = 0; r < rows; r++) label[r] = labels.Storage is int[] i32 ? i32[r] : ((long[])labels.Storage)[r];
        if (rows > 0)
        {
            long min = label.Min(), max = label.Max();
            if (min < 0 || max >= cols)
                throw new InvalidArgumentError($"{opName}: Received a label value of {(min < 0 ? min : max)} which is outside the valid range of [0, {cols}).  Label values: {string.Join(" ", label.Take(100))}{(rows > 100 ? " ..." : "")}. - help: labels are class indices from 0 to the number of classes - 1 (the logits' last dimension).");
        }
        if (logits.Storage is float[] x)
        {
            var shifted = new float[x.Length];
            for (int r = 0; r < rows; r++)
            {
                int o = r * cols;
                float m = x[o];
                for (int k = o + 1; k < o + cols; k++)
                    if (x[k] > m || float.IsNaN(x[k])) m = x[k];
                for (int k = o; k < o + cols; k++) shifted[k] = x[k] - m;
            }
            var sums = new float[rows];
            var row = new float[cols];
            var loss = new float[rows];
            for (int r = 0; r < rows; r++)
            {
                shifted.AsSpan(r * cols, cols).CopyTo(row);
                TfFloatMath.Exp(row);
                sums[r] = TfReduction.InnerSum(row);
                loss[r] = MathF.Log(sums[r]) - shifted[r * cols + label[r]];
            }
            var backprop = (float[])shifted.Clone();
            TfFloatMath.Exp(backprop);
            for (int k = 0; k < backprop.Length; k++)
                backprop[k] = backprop[k] / sums[k / cols] - (k % cols == label[k / cols] ? 1f : 0f);
            return [new NDArray(loss, rows), new NDArray(backprop, rows, cols)];
        }
        var lossD = new double[rows];
        var backD = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            int o = r * cols;
            double m = double.NegativeInfinity;
            for (int k = o; k < o + cols; k++)
                if (logits.GetDouble(k) > m || double.IsNaN(logits.GetDouble(k))) m = logits.GetDouble(k);
            double sum = 0;
            for (int k = o; k < o + cols; k++) sum += Math.Exp(logits.GetDouble(k) - m);
            lossD[r] = Math.Log(sum) - (logits.GetDouble(o + (int)label[r]) - m);
            for (int k = o; k < o + cols; k++)
                backD[k] = Math.Exp(logits.GetDouble(k) - m) / sum - (k - o == label[r] ? 1 : 0);
        }
        return [ValueConverter.Cast(new NDArray(lossD, rows), logits.dtype), ValueConverter.Cast(new NDArray(backD, rows, cols), logits.dtype)];
    }
}

/// <summary>Relu for the other dtypes: x &lt; 0 ? 0 : x in the operand's own type (NaN passes through).</summary>
internal readonly struct ReluOp : IMap
{
    public static T Apply<T>(T x) where T : unmanaged, System.Numerics.INumber<T> => x < T.Zero ? T.Zero : x;
}
