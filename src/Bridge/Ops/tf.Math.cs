using Bridge.Kernels;

namespace Bridge;

// Element-wise binary arithmetic and comparisons, with numpy broadcasting.
public sealed partial class tensorflow
{
    /// <summary>x + y, element-wise with numpy broadcasting. Both operands must have the same dtype (TF does not promote).</summary>
    public Tensor add(object x, object y, string? name = null) => Binary(MathOps.Add, "add", x, y, name);

    /// <summary>x - y, element-wise with broadcasting.</summary>
    public Tensor subtract(object x, object y, string? name = null) => Binary(MathOps.Sub, "subtract", x, y, name, tfName: "sub");

    /// <summary>x * y, element-wise with broadcasting (not a matrix product: see <see cref="matmul"/>).</summary>
    public Tensor multiply(object x, object y, string? name = null) => Binary(MathOps.Mul, "multiply", x, y, name, tfName: "mul");

    /// <summary>
    /// x / y (Python 3 true division): integer operands are first cast to float64 (int32 / int32 gives float64, as in
    /// TF 1.x); float operands divide in their own dtype.
    /// </summary>
    public Tensor divide(object x, object y, string? name = null) => TrueDiv(x, y, name, "divide");

    /// <summary>Same as <see cref="divide"/>.</summary>
    public Tensor truediv(object x, object y, string? name = null) => TrueDiv(x, y, name, "truediv");

    /// <summary>x == y element-wise (bool).</summary>
    public Tensor equal(object x, object y, string? name = null) => Binary(MathOps.Equal, "equal", x, y, name);

    /// <summary>x != y element-wise (bool).</summary>
    public Tensor not_equal(object x, object y, string? name = null) => Binary(MathOps.NotEqual, "not_equal", x, y, name);

    /// <summary>x &gt; y element-wise (bool).</summary>
    public Tensor greater(object x, object y, string? name = null) => Binary(MathOps.Greater, "greater", x, y, name);

    /// <summary>x &lt; y element-wise (bool).</summary>
    public Tensor less(object x, object y, string? name = null) => Binary(MathOps.Less, "less", x, y, name);

    /// <summary>x &gt;= y element-wise (bool).</summary>
    public Tensor greater_equal(object x, object y, string? name = null) => Binary(MathOps.GreaterEqual, "greater_equal", x, y, name);

    /// <summary>x &lt;= y element-wise (bool).</summary>
    public Tensor less_equal(object x, object y, string? name = null) => Binary(MathOps.LessEqual, "less_equal", x, y, name);

    internal static Tensor Binary(OpDef def, string fn, object x, object y, string? name, string? tfName = null)
    {
        var (tx, ty) = Operands("tf." + fn, x, y);
        def.RequireDType("tf." + fn, tx.dtype, "x");
        return def.Build("tf." + fn, name ?? Capitalise(tfName ?? fn), [tx, ty]).outputs[0];
    }

    private static Tensor TrueDiv(object x, object y, string? name, string fn)
    {
        var (tx, ty) = Operands("tf." + fn, x, y);
        if (tx.dtype.is_integer())
        {
            // TF 1.x's truediv: int8/int16/uint8 divide in float32, int32/int64 in float64.
            var target = tx.dtype is TF_DataType.TF_INT32 or TF_DataType.TF_INT64 ? TF_DataType.TF_DOUBLE : TF_DataType.TF_FLOAT;
            tx = Binding.tf.cast(tx, target);
            ty = Binding.tf.cast(ty, target);
        }
        return Binary(MathOps.RealDiv, fn, tx, ty, name, tfName: "truediv");
    }

    /// <summary>
    /// Converts the two operands of a binary op: a C# number, array or NDArray meeting a tensor takes the tensor's
    /// dtype (as Python values do in TF); two tensors must already agree: TF 1.x never promotes.
    /// </summary>
    internal static (Tensor, Tensor) Operands(string op, object x, object y)
    {
        var tx = x as Tensor ?? (x as ITensorConvertible)?.AsTensor();
        var ty = y as Tensor ?? (y as ITensorConvertible)?.AsTensor();
        if (tx is null && ty is null)
        {
            tx = OpHelpers.ToTensor(x, op);
            ty = OpHelpers.ToTensor(y, op, tx.dtype);
        }
        else if (tx is null) tx = OpHelpers.ToTensor(x, op, ty!.dtype);
        else ty ??= OpHelpers.ToTensor(y, op, tx.dtype);
        if (tx.dtype != ty.dtype)
            throw new TypeError($"{op}: x is {tx.dtype.as_numpy_name()} ({tx.name}) but y is {ty.dtype.as_numpy_name()} ({ty.name}); TF 1.x does not convert between dtypes. - help: tf.cast one operand, e.g. tf.cast(y, tf.{tx.dtype.as_numpy_name()}).");
        return (tx, ty);
    }

    internal static string Capitalise(string fn) => string.Concat(fn.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}

/// <summary>Element-wise binary ops (TF's cwise_op_*.cc kernels, math_grad.py gradients).</summary>
[OpFamily("math")]
internal static class MathOps
{
    private static readonly tensorflow tf = Binding.tf;

    public static readonly OpDef Add = new("Add")
    {
        Inputs = ["x", "y"],
        Functions = ["tf.add", "Tensor + Tensor"],
        DTypes = DTypeSet.RealNumbers,
        Infer = Ops.Broadcasting,
        Managed = (_, x) => [ManagedKernels.Binary<Plus>(x[0], x[1])],
        Gradient = (op, dy) => [Gradients.SumTo(dy[0]!, op.Inputs[0]), Gradients.SumTo(dy[0]!, op.Inputs[1])],
    };

    public static readonly OpDef Sub = new("Sub")
    {
        Inputs = ["x", "y"],
        Functions = ["tf.subtract", "Tensor - Tensor"],
        DTypes = DTypeSet.RealNumbers,
        Infer = Ops.Broadcasting,
        Managed = (_, x) => [ManagedKernels.Binary<Minus>(x[0], x[1])],
        Gradient = (op, dy) => [Gradients.SumTo(dy[0]!, op.Inputs[0]), tf.negative(Gradients.SumTo(dy[0]!, op.Inputs[1]))],
    };

    public static readonly OpDef Mul = new("Mul")
    {
        Inputs = ["x", "y"],
        Functions = ["tf.multiply", "Tensor * Tensor"],
        DTypes = DTypeSet.RealNumbers,
        Infer = Ops.Broadcasting,
        Managed = (_, x) => [ManagedKernels.Binary<Times>(x[0], x[1])],
        Gradient = (op, dy) =>
        {
            Tensor g = dy[0]!, a = op.Inputs[0], b = op.Inputs[1];
            return [Gradients.SumTo(tf.multiply(g, b), a), Gradients.SumTo(tf.multiply(a, g), b)];
        },
    };

    public static readonly OpDef RealDiv = new("RealDiv")
    {
        Inputs = ["x", "y"],
        Functions = ["tf.divide", "tf.truediv", "Tensor / Tensor"],
        DTypes = DTypeSet.Floats, // integers are cast to floats by the builder, as TF 1.x's truediv does
        Infer = Ops.Broadcasting,
        Managed = (_, x) => [ManagedKernels.Binary<Divide>(x[0], x[1])],
        Gradient = (op, dy) =>
        {
            Tensor g = dy[0]!, a = op.Inputs[0], b = op.Inputs[1];
            return [Gradients.SumTo(tf.divide(g, b), a), Gradients.SumTo(tf.multiply(g, tf.divide(tf.divide(tf.negative(a), b), b)), b)];
        },
    };

    public static readonly OpDef Equal = Comparison("Equal", "tf.equal", (a, b) => a == b, DTypeSet.Pod);
    public static readonly OpDef NotEqual = Comparison("NotEqual", "tf.not_equal", (a, b) => a != b, DTypeSet.Pod);
    public static readonly OpDef Greater = Comparison("Greater", "tf.greater", (a, b) => a > b, DTypeSet.RealNumbers, "Tensor > x");
    public static readonly OpDef Less = Comparison("Less", "tf.less", (a, b) => a < b, DTypeSet.RealNumbers, "Tensor < x");
    public static readonly OpDef GreaterEqual = Comparison("GreaterEqual", "tf.greater_equal", (a, b) => a >= b, DTypeSet.RealNumbers, "Tensor >= x");
    public static readonly OpDef LessEqual = Comparison("LessEqual", "tf.less_equal", (a, b) => a <= b, DTypeSet.RealNumbers, "Tensor <= x");

    private static OpDef Comparison(string type, string fn, Func<double, double, bool> compare, DTypeSet dtypes, string? @operator = null) => new(type)
    {
        Inputs = ["x", "y"],
        Functions = @operator is null ? [fn] : [fn, @operator],
        DTypes = dtypes,
        Infer = c => [(OpHelpers.Broadcast(c.Fn, c.Shapes[0], c.Shapes[1]), TF_DataType.TF_BOOL)],
        Managed = (_, x) => [ManagedKernels.Compare(x[0], x[1], compare)],
        NotDifferentiable = true,
    };
}
