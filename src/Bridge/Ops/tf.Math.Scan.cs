using Bridge.Kernels;

namespace Bridge;

// tanh, the cumulative sums and products, and reduce_logsumexp.
public sealed partial class tensorflow
{
    /// <summary>
    /// Hyperbolic tangent, element-wise (float dtypes). float32 is TF 1.0's arithmetic: Eigen's
    /// generic_fast_tanh_float (the input clamped to [-9, 9], a 13/6-degree rational function, no fused multiply-add),
    /// which TF 1.0's Eigen used for packets and single floats alike; float64 is the C library's tanh. A NaN gives NaN
    /// (TF 1.0's scalar clamp could give about 1 for a NaN past the last full packet of four).
    /// </summary>
    public Tensor tanh(object x, string? name = null) => Unary(ScanOps.Tanh, "tanh", x, name);

    /// <summary>
    /// TF's Cumsum: the running sum along <paramref name="axis"/> (an int, or a constant scalar tensor; default 0),
    /// added in sequence as TF's scan kernel does. <paramref name="exclusive"/>: each output leaves its own element
    /// out (cumsum([a, b, c], exclusive=True) = [0, a, a + b]); <paramref name="reverse"/>: from the end
    /// (cumsum([a, b, c], reverse=True) = [a + b + c, b + c, c]). Numeric dtypes; integers wrap.
    /// An axis out of range is a ValueError when the rank is known (TF 1.x finds it when the graph runs).
    /// </summary>
    public Tensor cumsum(object x, object? axis = null, bool exclusive = false, bool reverse = false, string? name = null) =>
        Scan(ScanOps.Cumsum, "cumsum", x, axis, exclusive, reverse, name);

    /// <summary>
    /// TF's Cumprod: the running product along <paramref name="axis"/> (default 0), multiplied in sequence;
    /// <paramref name="exclusive"/> starts from 1 (cumprod([a, b, c], exclusive=True) = [1, a, a * b]),
    /// <paramref name="reverse"/> from the end. Its gradient is TF 1.x's, which divides by x (NaN where x is 0, as in TF).
    /// </summary>
    public Tensor cumprod(object x, object? axis = null, bool exclusive = false, bool reverse = false, string? name = null) =>
        Scan(ScanOps.Cumprod, "cumprod", x, axis, exclusive, reverse, name);

    /// <summary>
    /// log(sum(exp(x))) over <paramref name="axis"/> (null: all), as TF 1.0's Python composes it:
    /// m = stop_gradient(reduce_max(x, axis, keepdims=True)); log(reduce_sum(exp(x - m), axis, keepdims=True)) + m,
    /// then squeezed unless <paramref name="keepdims"/>. Float dtypes. As in TF 1.0, an infinite maximum gives NaN
    /// (TF 1.15 replaces a non-finite maximum by 0 first, so that reduce_logsumexp([inf, 1]) = inf).
    /// </summary>
    public Tensor reduce_logsumexp(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null)
    {
        const string fn = "tf.reduce_logsumexp";
        var t = OpHelpers.ToTensor(input_tensor, fn);
        if (!t.dtype.is_floating())
            throw new TypeError($"{fn}: the input has dtype {t.dtype.as_numpy_name()}, but TF 1.x computes it with Exp and Log, which have kernels for float32, float64 only. - help: tf.cast it first, e.g. tf.cast(x, tf.float32).");
        using (name_scope(name ?? "ReduceLogSumExp"))
        {
            var max = stop_gradient(reduce_max(t, axis, keepdims: true));
            var result = add(log(reduce_sum(exp(subtract(t, max)), axis, keepdims: true)), max);
            if (keepdims) return result;
            // TF 1.0 squeezes the kept axes (all of them when axis is None).
            return squeeze(result, axis);
        }
    }

    private static Tensor Scan(OpDef def, string fn, object x, object? axis, bool exclusive, bool reverse, string? name)
    {
        var t = OpHelpers.ToTensor(x, "tf." + fn);
        def.RequireDType("tf." + fn, t.dtype, "x");
        int a = ScanOps.ConstantAxis("tf." + fn, axis);
        if (t.shape.IsRankKnown)
        {
            if (t.ndim == 0)
                throw new ValueError($"tf.{fn}: x is a scalar; there is no axis to scan along. - help: pass a tensor of rank >= 1.");
            OpHelpers.Axis("tf." + fn, a, t.ndim);
        }
        // TF makes a Const of a Python axis; a tensor axis is that tensor (no op of its own).
        return def.Build("tf." + fn, name ?? def.Type, [t], new ScanAttr(a, exclusive, reverse), extraTfOpIds: axis is Tensor ? -1 : 0).outputs[0];
    }
}

/// <summary>tanh (TF's cwise_op_tanh.cc, TanhGrad) and the scans (TF's scan_ops.cc), with math_grad.py's gradients.</summary>
[OpFamily("math")]
internal static class ScanOps
{
    private static readonly tensorflow tf = Binding.tf;

    public static readonly OpDef Tanh = new("Tanh")
    {
        Inputs = ["x"],
        Functions = ["tf.tanh", "tf.nn.tanh"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.MapSpan(x[0], TfFloatMath.Tanh, Math.Tanh)],
        // TF's _TanhGrad: TanhGrad(y, dy).
        Gradient = (op, dy) => [TanhGrad!.Build("tf.gradients", "TanhGrad", [op.outputs[0], dy[0]!]).outputs[0]],
        Differences = "a NaN gives NaN everywhere (TF 1.0's scalar clamp, used past the last full packet of four, gives about 1)",
    };

    public static readonly OpDef TanhGrad = new("TanhGrad")
    {
        Inputs = ["y", "dy"],
        Functions = ["tf.gradients"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        // TF's scalar_tanh_gradient_op: dy * (1 - y * y).
        Managed = (_, x) => [ManagedKernels.TanhGrad(x[0], x[1])],
        // TF's _TanhGradGrad: grad * -2 * dy * y for y, TanhGrad(y, grad) for dy.
        Gradient = (op, dy) =>
        {
            Tensor g = dy[0]!, y = op.Inputs[0], b = op.Inputs[1];
            return [tf.multiply(tf.multiply(tf.multiply(g, -2.0), b), y), TanhGrad!.Build("tf.gradients", "TanhGrad", [y, g]).outputs[0]];
        },
    };

    public static readonly OpDef Cumsum = Scanner("Cumsum", "tf.cumsum", product: false,
        // TF's _CumsumGrad: the cumulative sum of the gradient the other way.
        (op, dy) =>
        {
            var s = (ScanAttr)op.Attr!;
            return [tf.cumsum(dy[0]!, s.Axis, exclusive: s.Exclusive, reverse: !s.Reverse)];
        });

    public static readonly OpDef Cumprod = Scanner("Cumprod", "tf.cumprod", product: true,
        // TF 1.x's _CumprodGrad: cumsum(cumprod(x) * grad, the other way) / x.
        (op, dy) =>
        {
            var s = (ScanAttr)op.Attr!;
            var x = op.Inputs[0];
            var prod = tf.cumprod(x, s.Axis, exclusive: s.Exclusive, reverse: s.Reverse);
            var o = tf.cumsum(tf.multiply(prod, dy[0]!), s.Axis, exclusive: s.Exclusive, reverse: !s.Reverse);
            return [tf.divide(o, x)];
        });

    private static OpDef Scanner(string type, string fn, bool product, GradientFn gradient) => new(type)
    {
        Inputs = ["x"],
        Attribute = typeof(ScanAttr),
        Functions = [fn],
        DTypes = DTypeSet.RealNumbers,
        TfOpIds = 2,
        TfOpIdsReason = $"a Const for the axis, then {type}",
        Infer = c =>
        {
            var s = c.Shapes[0];
            if (s.IsRankKnown)
            {
                string message = $"{c.Fn}: the scan axis {c.A<ScanAttr>().Axis} is out of range for x of shape {OpHelpers.Fmt(s)}: it must be in [{-s.ndim}, {s.ndim}). - help: pass an axis between {-s.ndim} and {s.ndim - 1}.";
                int a = c.A<ScanAttr>().Axis;
                if (s.ndim == 0 || a < -s.ndim || a >= s.ndim) throw c.RunTime ? new InvalidArgumentError(message) : new ValueError(message);
            }
            return [(s, c.DTypes[0])];
        },
        Managed = (op, x) => [ManagedKernels.Scan(x[0], (ScanAttr)op.Attr!, product)],
        Gradient = gradient,
        Differences = "the axis is an attribute (an int, or a constant scalar tensor when the graph is built), not a tensor input",
    };

    /// <summary>The scan axis from an int, an integer NDArray scalar or a constant scalar tensor (TF's axis input).</summary>
    internal static int ConstantAxis(string fn, object? axis)
    {
        switch (axis)
        {
            case null: return 0;
            case int i: return i;
            case long l: return checked((int)l);
            case short or sbyte or byte: return Convert.ToInt32(axis, System.Globalization.CultureInfo.InvariantCulture);
            case float or double:
                throw new TypeError($"{fn}: axis must be a scalar integer, not the number {axis}. - help: pass an int, e.g. axis=0.");
        }
        var value = axis is NDArray nd ? nd : axis is Tensor { op.Attr: ConstAttr c } ? c.Value : null;
        if (value is null)
            throw new TypeError($"{fn}: axis must be an int or a constant scalar int32 tensor known when the graph is built, not {(axis is Tensor t ? $"the computed tensor {t.name}" : axis.GetType().Name)}. - help: pass a Python/C# int.");
        if (value.ndim != 0 || !value.dtype.is_integer())
            throw new TypeError($"{fn}: axis must be a scalar integer, but it has dtype {value.dtype.as_numpy_name()} and shape {value.shape.ToTfString()}. - help: pass one int, e.g. axis=0.");
        return checked((int)value.GetDouble(0));
    }
}

/// <summary>A scan (cumsum, cumprod): the axis as given (maybe negative), and TF's exclusive and reverse attributes.</summary>
internal sealed record ScanAttr(int Axis, bool Exclusive, bool Reverse);
