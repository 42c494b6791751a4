using Bridge.Kernels;

namespace Bridge;

// Logical ops, float classification, and where (select).
public sealed partial class tensorflow
{
    /// <summary>x AND y element-wise, bool tensors with broadcasting.</summary>
    public Tensor logical_and(object x, object y, string? name = null) => Binary(LogicOps.LogicalAnd, "logical_and", x, y, name);

    /// <summary>x OR y element-wise, bool tensors with broadcasting.</summary>
    public Tensor logical_or(object x, object y, string? name = null) => Binary(LogicOps.LogicalOr, "logical_or", x, y, name);

    /// <summary>NOT x element-wise (bool).</summary>
    public Tensor logical_not(object x, string? name = null) => Unary(LogicOps.LogicalNot, "logical_not", x, name);

    /// <summary>x XOR y: TF 1.x's <c>(x | y) &amp; ~(x &amp; y)</c>, built from the ops above.</summary>
    public Tensor logical_xor(object x, object y, string? name = null)
    {
        var (tx, ty) = Operands("tf.logical_xor", x, y);
        using (name_scope(name ?? "LogicalXor"))
            return logical_and(logical_or(tx, ty), logical_not(logical_and(tx, ty)));
    }

    /// <summary>Whether each element is NaN (float dtypes).</summary>
    public Tensor is_nan(object x, string? name = null) => Unary(LogicOps.IsNan, "is_nan", x, name, tfName: "IsNan");

    /// <summary>Whether each element is +inf or -inf (float dtypes).</summary>
    public Tensor is_inf(object x, string? name = null) => Unary(LogicOps.IsInf, "is_inf", x, name, tfName: "IsInf");

    /// <summary>Whether each element is neither infinite nor NaN (float dtypes).</summary>
    public Tensor is_finite(object x, string? name = null) => Unary(LogicOps.IsFinite, "is_finite", x, name, tfName: "IsFinite");

    /// <summary>
    /// TF 1.x's where: with x and y, the elements of x where <paramref name="condition"/> is true and of y elsewhere
    /// (TF's Select: x and y of one shape; the condition of that shape, or a vector choosing whole rows); with neither,
    /// the coordinates of the true elements as an int64 [count, rank] matrix (TF's Where).
    /// </summary>
    public Tensor where(object condition, object? x = null, object? y = null, string? name = null)
    {
        var c = OpHelpers.ToTensor(condition, "tf.where", TF_DataType.TF_BOOL);
        if (c.dtype != TF_DataType.TF_BOOL)
            throw new TypeError($"tf.where: the condition must be bool, not {c.dtype.as_numpy_name()}. - help: compare first, e.g. tf.where(x > 0, ...).");
        if (x is null && y is null)
            return LogicOps.Where.Build("tf.where", name ?? "Where", [c]).outputs[0];
        if (x is null || y is null)
            throw new ValueError("tf.where: x and y must both be given or both be left out. - help: tf.where(condition, x, y), or tf.where(condition) for the coordinates.");
        var (tx, ty) = Operands("tf.where", x, y);
        return LogicOps.Select.Build("tf.where", name ?? "Select", [c, tx, ty]).outputs[0];
    }
}

/// <summary>Logical ops, float classification and selection (TF's cwise_op_logical_*, cwise_op_is*, cwise_op_select, where_op).</summary>
[OpFamily("logic")]
internal static class LogicOps
{
    private static readonly tensorflow tf = Binding.tf;
    private static readonly DTypeSet Bools = DTypeSet.Of(TF_DataType.TF_BOOL);

    public static readonly OpDef LogicalAnd = new("LogicalAnd")
    {
        Inputs = ["x", "y"],
        Functions = ["tf.logical_and", "tf.logical_xor"],
        DTypes = Bools,
        Infer = Ops.Broadcasting,
        Managed = (_, x) => [ManagedKernels.Logical(x[0], x[1], (a, b) => a && b)],
        NotDifferentiable = true,
    };

    public static readonly OpDef LogicalOr = new("LogicalOr")
    {
        Inputs = ["x", "y"],
        Functions = ["tf.logical_or", "tf.logical_xor"],
        DTypes = Bools,
        Infer = Ops.Broadcasting,
        Managed = (_, x) => [ManagedKernels.Logical(x[0], x[1], (a, b) => a || b)],
        NotDifferentiable = true,
    };

    public static readonly OpDef LogicalNot = new("LogicalNot")
    {
        Inputs = ["x"],
        Functions = ["tf.logical_not", "tf.logical_xor"],
        DTypes = Bools,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [new NDArray(Array.ConvertAll((bool[])x[0].Storage, v => !v), x[0].Dims.ToArray())],
        NotDifferentiable = true,
    };

    public static readonly OpDef IsNan = Classify("IsNan", "tf.is_nan", new IsNanTest());
    public static readonly OpDef IsInf = Classify("IsInf", "tf.is_inf", new IsInfTest());
    public static readonly OpDef IsFinite = Classify("IsFinite", "tf.is_finite", new IsFiniteTest());

    private static OpDef Classify<TTest>(string type, string fn, TTest _) where TTest : ITest => new(type)
    {
        Inputs = ["x"],
        Functions = [fn],
        DTypes = DTypeSet.Floats,
        Infer = c => [(c.Shapes[0], TF_DataType.TF_BOOL)],
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.Test<TTest>(x[0])],
        NotDifferentiable = true,
    };

    public static readonly OpDef Select = new("Select")
    {
        Inputs = ["condition", "t", "e"],
        Functions = ["tf.where"],
        DTypes = DTypeSet.All,
        DTypeInput = 1,
        Infer = c =>
        {
            Shape cond = c.Shapes[0], t = c.Shapes[1], e = c.Shapes[2];
            var merged = t.MergeWith(e) ?? throw Error(c, $"{c.Fn}: x and y must have one shape, but x is {OpHelpers.Fmt(t)} and y is {OpHelpers.Fmt(e)}. - help: tf.reshape or broadcast them to one shape first.");
            bool rows = cond.IsRankKnown && merged.IsRankKnown && cond.ndim == 1 && merged.ndim > 1;
            bool ok = rows ? cond[0] < 0 || merged[0] < 0 || cond[0] == merged[0] : cond.is_compatible_with(merged);
            if (!ok)
                throw Error(c, $"{c.Fn}: the condition {OpHelpers.Fmt(cond)} must have the shape of x and y {OpHelpers.Fmt(merged)}, or be a vector of their first dimension. - help: reshape the condition.");
            return [(rows ? merged : merged.MergeWith(cond) ?? merged, c.DTypes[1])];
        },
        Managed = (_, x) => [ManagedKernels.Select(x[0], x[1], x[2])],
        // TF's _SelectGrad: the gradient goes to x where the condition holds, to y elsewhere.
        Gradient = (op, dy) =>
        {
            var zeros = tf.zeros_like(op.Inputs[1]);
            return [null, tf.where(op.Inputs[0], dy[0]!, zeros), tf.where(op.Inputs[0], zeros, dy[0]!)];
        },
    };

    public static readonly OpDef Where = new("Where")
    {
        Inputs = ["input"],
        Functions = ["tf.where"],
        DTypes = Bools,
        Infer = c => [(c.Shapes[0].IsRankKnown ? new Shape(-1L, c.Shapes[0].ndim) : Shape.OfRank(2), TF_DataType.TF_INT64)],
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.Where(x[0])],
        NotDifferentiable = true,
    };

    private static BridgeException Error(OpContext c, string message) => c.RunTime ? new InvalidArgumentError(message) : new ValueError(message);
}

internal readonly struct IsNanTest : ITest
{
    public static bool Apply<T>(T x) where T : unmanaged, System.Numerics.INumber<T> => T.IsNaN(x);
}

internal readonly struct IsInfTest : ITest
{
    public static bool Apply<T>(T x) where T : unmanaged, System.Numerics.INumber<T> => T.IsInfinity(x);
}

internal readonly struct IsFiniteTest : ITest
{
    public static bool Apply<T>(T x) where T : unmanaged, System.Numerics.INumber<T> => T.IsFinite(x);
}
