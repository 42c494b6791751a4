namespace Bridge;

// Element-wise arithmetic, comparisons, matmul and cast.
public sealed partial class tensorflow
{
    /// <summary>x + y, element-wise with numpy broadcasting. Both operands must have the same dtype (TF does not promote).</summary>
    public Tensor add(object x, object y, string? name = null) => Binary(OpKind.Add, "add", x, y, name);

    /// <summary>x - y, element-wise with broadcasting.</summary>
    public Tensor subtract(object x, object y, string? name = null) => Binary(OpKind.Sub, "subtract", x, y, name, tfName: "sub");

    /// <summary>x * y, element-wise with broadcasting (not a matrix product: see <see cref="matmul"/>).</summary>
    public Tensor multiply(object x, object y, string? name = null) => Binary(OpKind.Mul, "multiply", x, y, name, tfName: "mul");

    /// <summary>
    /// x / y (Python 3 true division): integer operands are first cast to float64 (int32 / int32 gives float64, as in
    /// TF 1.x); float operands divide in their own dtype.
    /// </summary>
    public Tensor divide(object x, object y, string? name = null) => TrueDiv(x, y, name, "divide");

    /// <summary>Same as <see cref="divide"/>.</summary>
    public Tensor truediv(object x, object y, string? name = null) => TrueDiv(x, y, name, "truediv");

    /// <summary>x == y element-wise (bool).</summary>
    public Tensor equal(object x, object y, string? name = null) => Binary(OpKind.Equal, "equal", x, y, name, boolResult: true);

    /// <summary>x != y element-wise (bool).</summary>
    public Tensor not_equal(object x, object y, string? name = null) => Binary(OpKind.NotEqual, "not_equal", x, y, name, boolResult: true);

    /// <summary>x &gt; y element-wise (bool).</summary>
    public Tensor greater(object x, object y, string? name = null) => Binary(OpKind.Greater, "greater", x, y, name, boolResult: true);

    /// <summary>x &lt; y element-wise (bool).</summary>
    public Tensor less(object x, object y, string? name = null) => Binary(OpKind.Less, "less", x, y, name, boolResult: true);

    /// <summary>x &gt;= y element-wise (bool).</summary>
    public Tensor greater_equal(object x, object y, string? name = null) => Binary(OpKind.GreaterEqual, "greater_equal", x, y, name, boolResult: true);

    /// <summary>x &lt;= y element-wise (bool).</summary>
    public Tensor less_equal(object x, object y, string? name = null) => Binary(OpKind.LessEqual, "less_equal", x, y, name, boolResult: true);

    /// <summary>-x.</summary>
    public Tensor negative(object x, string? name = null) => Unary(OpKind.Neg, "negative", x, name, floatOnly: false, tfName: "Neg");

    /// <summary>x * x.</summary>
    public Tensor square(object x, string? name = null) => Unary(OpKind.Square, "square", x, name, floatOnly: false);

    /// <summary>Square root (float dtypes only).</summary>
    public Tensor sqrt(object x, string? name = null) => Unary(OpKind.Sqrt, "sqrt", x, name);

    /// <summary>e^x (float dtypes only).</summary>
    public Tensor exp(object x, string? name = null) => Unary(OpKind.Exp, "exp", x, name);

    /// <summary>Natural logarithm (float dtypes only); log(0) = -inf.</summary>
    public Tensor log(object x, string? name = null) => Unary(OpKind.Log, "log", x, name);

    /// <summary>|x|.</summary>
    public Tensor abs(object x, string? name = null) => Unary(OpKind.Abs, "abs", x, name, floatOnly: false);

    /// <summary>1 / (1 + e^-x) (float dtypes only).</summary>
    public Tensor sigmoid(object x, string? name = null) => Unary(OpKind.Sigmoid, "sigmoid", x, name);

    /// <summary>
    /// Matrix product of two tensors of rank 2 (or equal batch dimensions): a is [.., n, k], b is [.., k, m].
    /// Both must have the same dtype.
    /// </summary>
    public Tensor matmul(object a, object b, bool transpose_a = false, bool transpose_b = false, string? name = null)
    {
        var (ta, tb) = Operands("tf.matmul", a, b);
        if (ta.ndim < 2 || tb.ndim < 2)
            throw new ValueError($"tf.matmul: both operands must have rank >= 2, but a is {OpHelpers.Fmt(ta.shape)} (rank {ta.ndim}) and b is {OpHelpers.Fmt(tb.shape)} (rank {tb.ndim}). - help: make a vector a matrix with tf.reshape(v, [1, -1]) or tf.expand_dims, or use tf.multiply for an element-wise product.");
        Shape Infer(Shape sa, Shape sb)
        {
            if (sa.ndim != sb.ndim)
                throw new ValueError($"tf.matmul: operands must have the same rank, but a is {OpHelpers.Fmt(sa)} and b is {OpHelpers.Fmt(sb)}.");
            long n = transpose_a ? sa[-1] : sa[-2], ka = transpose_a ? sa[-2] : sa[-1];
            long kb = transpose_b ? sb[-1] : sb[-2], m = transpose_b ? sb[-2] : sb[-1];
            if (ka >= 0 && kb >= 0 && ka != kb)
            {
                string hint = !transpose_b && (sb[-1] == ka) ? $" Did you mean tf.matmul(a, b, transpose_b: true) or tf.matmul(a, tf.transpose(b))?" : "";
                throw new InvalidArgumentError($"tf.matmul: inner dimensions differ: a is {OpHelpers.Fmt(sa)}, b is {OpHelpers.Fmt(sb)} ({ka} != {kb}).{hint} - help: the last dimension of a must equal the first dimension of b.");
            }
            var dims = new long[sa.ndim];
            for (int i = 0; i < sa.ndim - 2; i++)
            {
                if (sa[i] >= 0 && sb[i] >= 0 && sa[i] != sb[i])
                    throw new InvalidArgumentError($"tf.matmul: batch dimensions differ: a is {OpHelpers.Fmt(sa)}, b is {OpHelpers.Fmt(sb)}.");
                dims[i] = Math.Max(sa[i], sb[i]);
            }
            dims[^2] = n;
            dims[^1] = m;
            return new Shape(dims);
        }
        var op = ta.graph.AddOp(OpKind.MatMul, name ?? "MatMul", [ta, tb], new MatMulAttr(transpose_a, transpose_b), [(Infer(ta.shape, tb.shape), ta.dtype)]);
        if (OpHelpers.AnyUnknown(ta, tb)) op.RuntimeShapeCheck = s => [Infer(s[0], s[1])];
        return op.outputs[0];
    }

    /// <summary>
    /// Converts to another dtype: float to integer truncates toward zero (1.8 -> 1, -1.8 -> -1); bool becomes 0/1;
    /// nonzero becomes true. Casting to the same dtype returns the input unchanged.
    /// </summary>
    public Tensor cast(object x, TF_DataType dtype, string? name = null)
    {
        var t = OpHelpers.ToTensor(x, "tf.cast");
        if (t.dtype == dtype) return t;
        dtype.ClrType(); // rejects unsupported dtypes with a clear message
        return t.graph.AddOp(OpKind.Cast, name ?? "Cast", [t], new DTypeAttr(dtype), [(t.shape, dtype)]).outputs[0];
    }

    internal static Tensor Unary(OpKind kind, string fn, object x, string? name, bool floatOnly = true, string? tfName = null)
    {
        var t = OpHelpers.ToTensor(x, "tf." + fn);
        if (floatOnly && !t.dtype.is_floating())
            throw new TypeError($"tf.{fn}: the input has dtype {t.dtype.as_numpy_name()}, but {fn} is defined for float32 and float64 only. - help: tf.{fn}(tf.cast(x, tf.float32)).");
        if (t.dtype == TF_DataType.TF_BOOL)
            throw new TypeError($"tf.{fn}: bool tensors are not supported. - help: tf.cast(x, tf.float32) first.");
        return t.graph.AddOp(kind, name ?? tfName ?? Capitalise(fn), [t], null, [(t.shape, t.dtype)]).outputs[0];
    }

    internal static Tensor Binary(OpKind kind, string fn, object x, object y, string? name, bool boolResult = false, string? tfName = null)
    {
        var (tx, ty) = Operands("tf." + fn, x, y);
        if (tx.dtype == TF_DataType.TF_BOOL && !boolResult)
            throw new TypeError($"tf.{fn}: bool tensors are not supported. - help: tf.cast(x, tf.float32) first.");
        var shape = OpHelpers.Broadcast("tf." + fn, tx.shape, ty.shape);
        var op = tx.graph.AddOp(kind, name ?? Capitalise(tfName ?? fn), [tx, ty], null, [(shape, boolResult ? TF_DataType.TF_BOOL : tx.dtype)]);
        if (OpHelpers.AnyUnknown(tx, ty)) op.RuntimeShapeCheck = s => [OpHelpers.Broadcast("tf." + fn, s[0], s[1])];
        return op.outputs[0];
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
        return Binary(OpKind.RealDiv, fn, tx, ty, name, tfName: "truediv");
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

    private static string Capitalise(string fn) => string.Concat(fn.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
