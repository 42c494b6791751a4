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

    /// <summary>max(x, y) element-wise with broadcasting (Eigen's <c>x &lt; y ? y : x</c>: a NaN in x wins, one in y does not).</summary>
    public Tensor maximum(object x, object y, string? name = null) => Binary(MathOps.Maximum, "maximum", x, y, name);

    /// <summary>min(x, y) element-wise with broadcasting (Eigen's <c>y &lt; x ? y : x</c>).</summary>
    public Tensor minimum(object x, object y, string? name = null) => Binary(MathOps.Minimum, "minimum", x, y, name);

    /// <summary>x ** y element-wise: floats by the C library's pow (as TF's Eigen), integers by repeated squaring with two's-complement wrap (a negative integer exponent is an error).</summary>
    public Tensor pow(object x, object y, string? name = null) => Binary(MathOps.Pow, "pow", x, y, name);

    /// <summary>x // y: floor division (integers round toward -inf; floats floor(x / y)); integer division by zero is an InvalidArgumentError.</summary>
    public Tensor floordiv(object x, object y, string? name = null) => Binary(MathOps.FloorDiv, "floordiv", x, y, name, tfName: "floor_div");

    /// <summary>x % y with the sign of y (Python's %; TF's FloorMod).</summary>
    public Tensor floormod(object x, object y, string? name = null) => Binary(MathOps.FloorMod, "floormod", x, y, name, tfName: "floor_mod");

    /// <summary>Same as <see cref="floormod"/>.</summary>
    public Tensor mod(object x, object y, string? name = null) => Binary(MathOps.FloorMod, "mod", x, y, name, tfName: "floor_mod");

    /// <summary>x / y for integers, rounded toward zero (C's division); division by zero is an InvalidArgumentError.</summary>
    public Tensor truncatediv(object x, object y, string? name = null) => Binary(MathOps.TruncateDiv, "truncatediv", x, y, name, tfName: "truncate_div");

    /// <summary>The element-wise sum of tensors of one shape and dtype (TF's AddN); one input is returned as it is.</summary>
    public Tensor add_n(IEnumerable<object> inputs, string? name = null)
    {
        var ts = inputs.Select(v => OpHelpers.ToTensor(v, "tf.add_n")).ToArray();
        if (ts.Length == 0 || ts.Any(t => t.dtype != ts[0].dtype))
            throw new ValueError("tf.add_n: inputs must be a list of at least one Tensor with the same dtype and shape. - help: tf.cast them to one dtype.");
        if (ts.Length == 1) return ts[0];
        return GradientOps.AddN.Build("tf.add_n", name ?? "AddN", ts).outputs[0];
    }

    /// <summary>
    /// Clips to [clip_value_min, clip_value_max]: TF 1.x's <c>maximum(minimum(t, clip_value_max), clip_value_min)</c>,
    /// so it is differentiable through both and NaN stays NaN.
    /// </summary>
    public Tensor clip_by_value(object t, object clip_value_min, object clip_value_max, string? name = null)
    {
        var tt = OpHelpers.ToTensor(t, "tf.clip_by_value");
        var tMin = minimum(tt, clip_value_max);
        return maximum(tMin, clip_value_min, name);
    }

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

    public static readonly OpDef Maximum = new("Maximum")
    {
        Inputs = ["x", "y"],
        Functions = ["tf.maximum", "tf.clip_by_value"],
        DTypes = DTypeSet.FloatsAndWideInts,
        Infer = Ops.Broadcasting,
        Managed = (_, x) => [ManagedKernels.Zip<MaximumOp>(x[0], x[1])],
        Gradient = (op, dy) => MaximumMinimumGrad(op, dy[0]!, tf.greater_equal),
    };

    public static readonly OpDef Minimum = new("Minimum")
    {
        Inputs = ["x", "y"],
        Functions = ["tf.minimum", "tf.clip_by_value"],
        DTypes = DTypeSet.FloatsAndWideInts,
        Infer = Ops.Broadcasting,
        Managed = (_, x) => [ManagedKernels.Zip<MinimumOp>(x[0], x[1])],
        Gradient = (op, dy) => MaximumMinimumGrad(op, dy[0]!, tf.less_equal),
    };

    public static readonly OpDef Pow = new("Pow")
    {
        Inputs = ["x", "y"],
        Functions = ["tf.pow", "Tensor ** x"],
        DTypes = DTypeSet.FloatsAndWideInts,
        Infer = Ops.Broadcasting,
        Managed = (_, x) => [ManagedKernels.Zip<PowOp>(x[0], x[1])],
        // TF 1.x's _PowGrad: grad * y * x^(y - 1); grad * z * log(x) where x > 0, else 0.
        Gradient = (op, dy) =>
        {
            Tensor g = dy[0]!, x = op.Inputs[0], y = op.Inputs[1], z = op.outputs[0];
            var gx = tf.multiply(tf.multiply(g, y), tf.pow(x, tf.subtract(y, 1)));
            var logX = tf.where(tf.greater(x, 0), tf.log(x), tf.zeros_like(x));
            return [Gradients.SumTo(gx, x), Gradients.SumTo(tf.multiply(tf.multiply(g, z), logX), y)];
        },
    };

    public static readonly OpDef FloorDiv = new("FloorDiv")
    {
        Inputs = ["x", "y"],
        Functions = ["tf.floordiv", "Tensor // x (Python)"],
        DTypes = DTypeSet.Of(TF_DataType.TF_FLOAT, TF_DataType.TF_DOUBLE, TF_DataType.TF_UINT8, TF_DataType.TF_INT16, TF_DataType.TF_INT32, TF_DataType.TF_INT64),
        Infer = Ops.Broadcasting,
        Managed = (_, x) => [ManagedKernels.Zip<FloorDivOp>(x[0], x[1])],
        NotDifferentiable = true, // TF's _FloorDivGrad returns None
    };

    public static readonly OpDef FloorMod = new("FloorMod")
    {
        Inputs = ["x", "y"],
        Functions = ["tf.floormod", "tf.mod", "Tensor % x"],
        DTypes = DTypeSet.FloatsAndWideInts,
        Infer = Ops.Broadcasting,
        Managed = (_, x) => [ManagedKernels.Zip<FloorModOp>(x[0], x[1])],
        // TF r1.15's _FloorModGrad: (grad, -grad * floor_div(x, y)), each summed back to its operand's shape.
        Gradient = (op, dy) =>
        {
            Tensor g = dy[0]!, x = op.Inputs[0], y = op.Inputs[1];
            return [Gradients.SumTo(g, x), Gradients.SumTo(tf.multiply(g, tf.negative(tf.floordiv(x, y))), y)];
        },
        Differences = "the gradient is r1.15's (TF 1.0 has none for FloorMod)",
    };

    public static readonly OpDef TruncateDiv = new("TruncateDiv")
    {
        Inputs = ["x", "y"],
        Functions = ["tf.truncatediv"],
        DTypes = DTypeSet.Of(TF_DataType.TF_UINT8, TF_DataType.TF_INT16, TF_DataType.TF_INT32, TF_DataType.TF_INT64),
        Infer = Ops.Broadcasting,
        Managed = (_, x) => [ManagedKernels.Zip<TruncateDivOp>(x[0], x[1])],
        NotDifferentiable = true, // TF's _TruncateDivGrad returns None
    };

    /// <summary>TF's _MaximumMinimumGrad: the gradient goes to x where the selector holds, else to y.</summary>
    private static Tensor?[] MaximumMinimumGrad(Operation op, Tensor g, Func<object, object, string?, Tensor> selector)
    {
        Tensor x = op.Inputs[0], y = op.Inputs[1];
        var zeros = tf.zeros_like(g);
        var xmask = selector(x, y, null);
        var xgrad = tf.where(xmask, g, zeros);
        var ygrad = tf.where(tf.logical_not(xmask), g, zeros);
        return [Gradients.SumTo(xgrad, x), Gradients.SumTo(ygrad, y)];
    }

    public static readonly OpDef Equal = Comparison("Equal", "tf.equal", (a, b) => a == b, (a, b) => a == b, DTypeSet.Pod);
    public static readonly OpDef NotEqual = Comparison("NotEqual", "tf.not_equal", (a, b) => a != b, (a, b) => a != b, DTypeSet.Pod);
    public static readonly OpDef Greater = Comparison("Greater", "tf.greater", (a, b) => a > b, (a, b) => a > b, DTypeSet.RealNumbers, "Tensor > x");
    public static readonly OpDef Less = Comparison("Less", "tf.less", (a, b) => a < b, (a, b) => a < b, DTypeSet.RealNumbers, "Tensor < x");
    public static readonly OpDef GreaterEqual = Comparison("GreaterEqual", "tf.greater_equal", (a, b) => a >= b, (a, b) => a >= b, DTypeSet.RealNumbers, "Tensor >= x");
    public static readonly OpDef LessEqual = Comparison("LessEqual", "tf.less_equal", (a, b) => a <= b, (a, b) => a <= b, DTypeSet.RealNumbers, "Tensor <= x");

    private static OpDef Comparison(string type, string fn, Func<double, double, bool> compare, Func<long, long, bool> integers, DTypeSet dtypes, string? @operator = null) => new(type)
    {
        Inputs = ["x", "y"],
        Functions = @operator is null ? [fn] : [fn, @operator],
        DTypes = dtypes,
        Infer = c => [(OpHelpers.Broadcast(c.Fn, c.Shapes[0], c.Shapes[1]), TF_DataType.TF_BOOL)],
        Managed = (_, x) => [ManagedKernels.Compare(x[0], x[1], compare, integers)],
        NotDifferentiable = true,
    };
}

// The typed element-wise functions, as TF 1.0's CPU functors compute them (tensorflow/core/kernels/cwise_ops.h).

/// <summary>Eigen's scalar_max_op: <c>x &lt; y ? y : x</c>.</summary>
internal readonly struct MaximumOp : IZip
{
    public static T Apply<T>(T x, T y) where T : unmanaged, System.Numerics.INumber<T> => x < y ? y : x;
}

/// <summary>Eigen's scalar_min_op: <c>y &lt; x ? y : x</c>.</summary>
internal readonly struct MinimumOp : IZip
{
    public static T Apply<T>(T x, T y) where T : unmanaged, System.Numerics.INumber<T> => y < x ? y : x;
}

/// <summary>numext::pow: the C library's pow for floats, square-and-multiply (wrapping) for integers.</summary>
internal readonly struct PowOp : IZip
{
    public static T Apply<T>(T x, T y) where T : unmanaged, System.Numerics.INumber<T>
    {
        if (typeof(T) == typeof(float)) return (T)(object)MathF.Pow((float)(object)x, (float)(object)y);
        if (typeof(T) == typeof(double)) return (T)(object)Math.Pow((double)(object)x, (double)(object)y);
        if (y < T.Zero)
            throw new InvalidArgumentError("tf.pow: integers to negative integer powers are not allowed. - help: tf.cast the operands to tf.float32 first.");
        T result = T.One, b = x, e = y, two = T.One + T.One;
        while (e > T.Zero)
        {
            if (!T.IsZero(e % two)) result *= b;
            e /= two;
            if (e > T.Zero) b *= b;
        }
        return result;
    }
}

/// <summary>TF's google_floor_div (integers, with the zero check) and google_floor_div_real (floats: floor(x / y)).</summary>
internal readonly struct FloorDivOp : IZip
{
    public static T Apply<T>(T x, T y) where T : unmanaged, System.Numerics.INumber<T>
    {
        if (typeof(T) == typeof(float)) return (T)(object)MathF.Floor((float)(object)x / (float)(object)y);
        if (typeof(T) == typeof(double)) return (T)(object)Math.Floor((double)(object)x / (double)(object)y);
        IntegerOps.CheckDivisor(y);
        if (IntegerOps.IsMinusOne(y)) return unchecked(-x); // the lowest value divided by -1 wraps to itself
        if ((x < T.Zero) != (y < T.Zero))
        {
            T absX = T.Abs(x), absY = T.Abs(y);
            return -(absX + absY - T.One) / absY;
        }
        return x / y;
    }
}

/// <summary>TF 1.0's google_floor_fmod (floats) and google_floor_mod (integers, with the zero check).</summary>
internal readonly struct FloorModOp : IZip
{
    public static T Apply<T>(T x, T y) where T : unmanaged, System.Numerics.INumber<T>
    {
        if (!(typeof(T) == typeof(float) || typeof(T) == typeof(double)))
        {
            IntegerOps.CheckDivisor(y);
            if (IntegerOps.IsMinusOne(y)) return T.Zero; // .NET's lowest % -1 throws; the remainder is 0
        }
        T trunc = x % y; // C#'s % on floats is C's fmod
        return (x < T.Zero) == (y < T.Zero) ? trunc : (trunc + y) % y;
    }
}

/// <summary>TF's safe_div for integers: C's truncating division, with the zero check.</summary>
internal readonly struct TruncateDivOp : IZip
{
    public static T Apply<T>(T x, T y) where T : unmanaged, System.Numerics.INumber<T>
    {
        IntegerOps.CheckDivisor(y);
        return IntegerOps.IsMinusOne(y) ? unchecked(-x) : x / y; // the lowest value / -1 wraps (.NET would throw)
    }
}

internal static class IntegerOps
{
    /// <summary>Whether a signed integer divisor is -1: .NET throws OverflowException for int.MinValue / -1 (and %), where TF's C++ wraps.</summary>
    public static bool IsMinusOne<T>(T y) where T : System.Numerics.INumber<T> => T.IsNegative(y) && y == -T.One;

    /// <summary>TF's safe_div_or_mod_op: an integer divisor of 0 fails the op.</summary>
    public static void CheckDivisor<T>(T y) where T : System.Numerics.INumber<T>
    {
        if (T.IsZero(y))
            throw new InvalidArgumentError("Integer division by zero. - help: make sure no divisor is 0 (e.g. tf.maximum(y, 1)), or divide floats.");
    }
}
