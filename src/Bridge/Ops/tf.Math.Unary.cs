using Bridge.Kernels;

namespace Bridge;

// Element-wise unary math and cast.
public sealed partial class tensorflow
{
    /// <summary>-x.</summary>
    public Tensor negative(object x, string? name = null) => Unary(UnaryOps.Neg, "negative", x, name, tfName: "Neg");

    /// <summary>x * x.</summary>
    public Tensor square(object x, string? name = null) => Unary(UnaryOps.Square, "square", x, name);

    /// <summary>Square root (float dtypes only).</summary>
    public Tensor sqrt(object x, string? name = null) => Unary(UnaryOps.Sqrt, "sqrt", x, name);

    /// <summary>e^x (float dtypes only), with TF 1.x's float32 algorithm.</summary>
    public Tensor exp(object x, string? name = null) => Unary(UnaryOps.Exp, "exp", x, name);

    /// <summary>Natural logarithm (float dtypes only), with TF 1.x's float32 algorithm; log(0) = -inf.</summary>
    public Tensor log(object x, string? name = null) => Unary(UnaryOps.Log, "log", x, name);

    /// <summary>|x|.</summary>
    public Tensor abs(object x, string? name = null) => Unary(UnaryOps.Abs, "abs", x, name);

    /// <summary>1 / (1 + e^-x) (float dtypes only), with TF 1.x's float32 algorithm.</summary>
    public Tensor sigmoid(object x, string? name = null) => Unary(UnaryOps.Sigmoid, "sigmoid", x, name);

    /// <summary>-1, 0 or 1 by the sign of x (Eigen's <c>(x &gt; 0) - (x &lt; 0)</c>: sign(NaN) = 0, sign(-0.0) = 0).</summary>
    public Tensor sign(object x, string? name = null) => Unary(UnaryOps.Sign, "sign", x, name);

    /// <summary>x rounded to the nearest integer, halves to even (TF 1.0's scalar_round_op_google, computed from floor(x)).</summary>
    public Tensor round(object x, string? name = null) => Unary(UnaryOps.Round, "round", x, name);

    /// <summary>The smallest integer not less than x, element-wise (float dtypes).</summary>
    public Tensor ceil(object x, string? name = null) => Unary(UnaryOps.Ceil, "ceil", x, name);

    /// <summary>1 / x element-wise (float dtypes).</summary>
    public Tensor reciprocal(object x, string? name = null) => Unary(UnaryOps.Reciprocal, "reciprocal", x, name);

    /// <summary>1 / sqrt(x) element-wise (float dtypes).</summary>
    public Tensor rsqrt(object x, string? name = null) => Unary(UnaryOps.Rsqrt, "rsqrt", x, name);

    /// <summary>The largest integer not greater than x, element-wise (float dtypes only): floor(-1.5) = -2, floor(-0.0) = -0.0.</summary>
    public Tensor floor(object x, string? name = null) => Unary(UnaryOps.Floor, "floor", x, name);

    /// <summary>
    /// Converts to another dtype: float to integer truncates toward zero (1.8 -> 1, -1.8 -> -1); bool becomes 0/1;
    /// nonzero becomes true. Casting to the same dtype returns the input unchanged.
    /// </summary>
    public Tensor cast(object x, TF_DataType dtype, string? name = null)
    {
        var t = OpHelpers.ToTensor(x, "tf.cast");
        if (t.dtype == dtype) return t;
        dtype.ClrType(); // rejects unsupported dtypes with a clear message
        UnaryOps.Cast.RequireDType("tf.cast", t.dtype);
        UnaryOps.Cast.RequireDType("tf.cast", dtype, "the target dtype");
        return UnaryOps.Cast.Build("tf.cast", name ?? "Cast", [t], new DTypeAttr(dtype)).outputs[0];
    }

    internal static Tensor Unary(OpDef def, string fn, object x, string? name, string? tfName = null)
    {
        var t = OpHelpers.ToTensor(x, "tf." + fn);
        def.RequireDType("tf." + fn, t.dtype);
        return def.Build("tf." + fn, name ?? tfName ?? Capitalise(fn), [t]).outputs[0];
    }
}

/// <summary>Element-wise unary ops (TF's cwise_op_*.cc kernels, math_grad.py gradients).</summary>
[OpFamily("math")]
internal static class UnaryOps
{
    private static readonly tensorflow tf = Binding.tf;

    public static readonly OpDef Reciprocal = new("Reciprocal")
    {
        Inputs = ["x"],
        Functions = ["tf.reciprocal"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [x[0].Storage is float[] f ? new NDArray(ManagedKernels.Reciprocal(f), x[0].Dims.ToArray()) : ManagedKernels.Map(x[0], v => 1f / v, v => 1 / v)],
        // TF's ReciprocalGrad: -dy * y * y, in that order.
        Gradient = (op, dy) => [tf.multiply(tf.multiply(tf.negative(dy[0]!), op.outputs[0]), op.outputs[0])],
    };

    public static readonly OpDef Sign = new("Sign")
    {
        Inputs = ["x"],
        Functions = ["tf.sign"],
        DTypes = DTypeSet.FloatsAndWideInts,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.Map<SignOp>(x[0])],
        Gradient = (op, _) => [tf.zeros_like(op.Inputs[0])], // TF's _SignGrad: zeros, not None
    };

    public static readonly OpDef Round = new("Round")
    {
        Inputs = ["x"],
        Functions = ["tf.round"],
        DTypes = DTypeSet.FloatsAndWideInts,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.Map<RoundOp>(x[0])],
        NotDifferentiable = true, // TF's _RoundGrad returns None
    };

    public static readonly OpDef Ceil = new("Ceil")
    {
        Inputs = ["x"],
        Functions = ["tf.ceil"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.Map(x[0], MathF.Ceiling, Math.Ceiling)],
        NotDifferentiable = true, // TF's _CeilGrad returns None
    };

    public static readonly OpDef Rsqrt = new("Rsqrt")
    {
        Inputs = ["x"],
        Functions = ["tf.rsqrt"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.Map(x[0], v => 1f / MathF.Sqrt(v), v => 1 / Math.Sqrt(v))],
        // TF's RsqrtGrad: -0.5 * (dy * y) * (y * y), in that order.
        Gradient = (op, dy) =>
        {
            var y = op.outputs[0];
            return [tf.multiply(tf.multiply(-0.5, tf.multiply(dy[0]!, y)), tf.multiply(y, y))];
        },
        Differences = "float32 is 1 / sqrt(x) rounded twice; TF's Eigen with EIGEN_FAST_MATH may use rsqrt and a Newton step, an ulp apart",
    };

    public static readonly OpDef Neg = new("Neg")
    {
        Inputs = ["x"],
        Functions = ["tf.negative", "-Tensor"],
        DTypes = DTypeSet.FloatsAndWideInts,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [x[0].Storage is float[] f ? new NDArray(ManagedKernels.Negate(f), x[0].Dims.ToArray()) : ManagedKernels.Map<NegOp>(x[0])],
        Gradient = (_, dy) => [tf.negative(dy[0]!)],
    };

    public static readonly OpDef Square = new("Square")
    {
        Inputs = ["x"],
        Functions = ["tf.square"],
        DTypes = DTypeSet.FloatsAndWideInts,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.Map<SquareOp>(x[0])],
        Gradient = (op, dy) => [tf.multiply(dy[0]!, tf.multiply(op.Inputs[0], 2.0))],
    };

    public static readonly OpDef Sqrt = new("Sqrt")
    {
        Inputs = ["x"],
        Functions = ["tf.sqrt"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        Differences = "float32 is correctly rounded; TF 1.x's Eigen with EIGEN_FAST_MATH may compute it from rsqrt and a Newton step, an ulp apart",
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.Map(x[0], v => (float)Math.Sqrt(v), Math.Sqrt)],
        Gradient = (op, dy) => [tf.divide(tf.multiply(dy[0]!, 0.5), op.outputs[0])],
    };

    public static readonly OpDef Exp = new("Exp")
    {
        Inputs = ["x"],
        Functions = ["tf.exp"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.MapSpan(x[0], TfFloatMath.Exp, Math.Exp)],
        Gradient = (op, dy) => [tf.multiply(dy[0]!, op.outputs[0])],
    };

    public static readonly OpDef Log = new("Log")
    {
        Inputs = ["x"],
        Functions = ["tf.log"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.MapSpan(x[0], TfFloatMath.Log, Math.Log)],
        Gradient = (op, dy) => [tf.multiply(dy[0]!, Gradients.Node(Reciprocal, op.Inputs[0]))],
    };

    public static readonly OpDef Abs = new("Abs")
    {
        Inputs = ["x"],
        Functions = ["tf.abs", "abs(Tensor)"],
        DTypes = DTypeSet.Of(TF_DataType.TF_FLOAT, TF_DataType.TF_DOUBLE, TF_DataType.TF_INT32, TF_DataType.TF_INT64, TF_DataType.TF_INT16, TF_DataType.TF_INT8),
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.Map<AbsOp>(x[0])],
        Gradient = (op, dy) => [tf.multiply(dy[0]!, Gradients.Node(Sign, op.Inputs[0]))],
    };

    public static readonly OpDef Sigmoid = new("Sigmoid")
    {
        Inputs = ["x"],
        Functions = ["tf.sigmoid", "tf.nn.sigmoid"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.MapSpan(x[0], TfFloatMath.Sigmoid, v => 1 / (1 + Math.Exp(-v)))],
        Gradient = (op, dy) => [GradientOps.SigmoidGrad.Build("tf.gradients", "SigmoidGrad", [op.outputs[0], dy[0]!]).outputs[0]],
    };

    public static readonly OpDef Cast = new("Cast")
    {
        Inputs = ["x"],
        Attribute = typeof(DTypeAttr),
        Functions = ["tf.cast"],
        DTypes = DTypeSet.Pod,
        Infer = c => [(c.Shapes[0], c.A<DTypeAttr>().DType)],
        ChecksShapesAtRunTime = false,
        Managed = (op, x) => [ValueConverter.Cast(x[0], ((DTypeAttr)op.Attr!).DType)],
        // TF's _CastGrad: the gradient is cast back where both dtypes are floats; none flows to or from integers.
        Gradient = (op, dy) => [op.Inputs[0].dtype.is_floating() && dy[0]!.dtype.is_floating() ? tf.cast(dy[0]!, op.Inputs[0].dtype) : null],
    };

    public static readonly OpDef Floor = new("Floor")
    {
        Inputs = ["x"],
        Functions = ["tf.floor"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.Floor(x[0])],
        NotDifferentiable = true, // TF 1.x's _FloorGrad returns None
    };
}

/// <summary>Negation in the operand's own type: integers wrap (-int.MinValue is int.MinValue, as TF's C++).</summary>
internal readonly struct NegOp : IMap
{
    public static T Apply<T>(T x) where T : unmanaged, System.Numerics.INumber<T> => unchecked(-x);
}

/// <summary>x * x in the operand's own type: integers wrap (tf.square(-293866939) is TF's wrapped int32, never via double).</summary>
internal readonly struct SquareOp : IMap
{
    public static T Apply<T>(T x) where T : unmanaged, System.Numerics.INumber<T> => unchecked(x * x);
}

/// <summary>std::abs: floats clear the sign bit; integers x &lt; 0 ? -x : x with wrap (abs(int.MinValue) is int.MinValue).</summary>
internal readonly struct AbsOp : IMap
{
    public static T Apply<T>(T x) where T : unmanaged, System.Numerics.INumber<T>
    {
        if (typeof(T) == typeof(float)) return (T)(object)MathF.Abs((float)(object)x);
        if (typeof(T) == typeof(double)) return (T)(object)Math.Abs((double)(object)x);
        return x < T.Zero ? unchecked(-x) : x;
    }
}

/// <summary>Eigen's sign for real numbers: <c>(x &gt; 0) - (x &lt; 0)</c>.</summary>
internal readonly struct SignOp : IMap
{
    public static T Apply<T>(T x) where T : unmanaged, System.Numerics.INumber<T> =>
        x > T.Zero ? T.One : x < T.Zero ? -T.One : T.Zero;
}

/// <summary>TF 1.0's scalar_round_op_google: floor(x), plus one above a half, halves to the even neighbour; integers unchanged.</summary>
internal readonly struct RoundOp : IMap
{
    public static T Apply<T>(T x) where T : unmanaged, System.Numerics.INumber<T>
    {
        if (typeof(T) == typeof(float)) return (T)(object)Round((float)(object)x);
        if (typeof(T) == typeof(double)) return (T)(object)Round((double)(object)x);
        return x;
    }

    private static TF Round<TF>(TF x) where TF : System.Numerics.IFloatingPoint<TF>
    {
        TF half = TF.One / (TF.One + TF.One);
        TF roundVal = TF.Floor(x);
        TF fraction = x - roundVal;
        if (fraction > half) roundVal += TF.One;
        else if (fraction == half)
        {
            TF nearestEven = roundVal - (TF.One + TF.One) * TF.Floor(half * x);
            if (nearestEven == TF.One) roundVal += TF.One;
        }
        return roundVal;
    }
}
