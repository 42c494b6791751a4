using Bridge.Kernels;

namespace Bridge;

// The element-wise math the tf.nn compositions need: log1p (sigmoid_cross_entropy_with_logits) and
// squared_difference (moments).
public sealed partial class tensorflow
{
    /// <summary>
    /// TF's Log1p: ln(1 + x), accurate for small x (float dtypes). TF 1.0's Eigen has no packet log1p for SSE, so its
    /// CPU kernel calls the C library's log1pf/log1p for every element. Bridge computes float32 as ln(1 + x) in double
    /// (1 + x is exact in double for every float32 x not tiny) rounded to float32: the correctly rounded result but for
    /// rare double roundings, where glibc's log1pf (fdlibm's, under 1 ulp) may differ from it by an ulp. float64
    /// uses log(u) * x / (u - 1) with u = 1 + x, a few ulps from the true value, as the C library's log1p is.
    /// </summary>
    public Tensor log1p(object x, string? name = null) => Unary(NNMathOps.Log1p, "log1p", x, name);

    /// <summary>TF's SquaredDifference: (x - y) * (x - y), element-wise with broadcasting, in the dtype (one rounding of the difference, one of the product).</summary>
    public Tensor squared_difference(object x, object y, string? name = null) => Binary(NNMathOps.SquaredDifference, "squared_difference", x, y, name);
}

/// <summary>Log1p and SquaredDifference (TF's cwise_op_log1p.cc, cwise_op_squared_difference.cc; math_grad.py).</summary>
[OpFamily("math")]
internal static class NNMathOps
{
    private static readonly tensorflow tf = Binding.tf;

    public static readonly OpDef Log1p = new("Log1p")
    {
        Inputs = ["x"],
        Functions = ["tf.log1p"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.Map(x[0], v => (float)Log1pDouble(v), Log1pDouble)],
        // TF's _Log1pGrad: grad * reciprocal(1 + x).
        Gradient = (op, dy) => [tf.multiply(dy[0]!, tf.reciprocal(tf.add(1, op.Inputs[0])))],
        Differences = "float32 is ln(1 + x) in double rounded to float32 (TF 1.0: glibc's log1pf, within an ulp of it); float64 by log(u) * x / (u - 1)",
    };

    public static readonly OpDef SquaredDifference = new("SquaredDifference")
    {
        Inputs = ["x", "y"],
        Functions = ["tf.squared_difference", "tf.nn.moments"],
        DTypes = DTypeSet.FloatsAndWideInts,
        Infer = Ops.Broadcasting,
        Managed = (_, x) => [ManagedKernels.Zip<SquaredDifferenceOp>(x[0], x[1])],
        // TF 1.0's _SquaredDifferenceGrad: x_grad = 2 * grad * (x - y); x gets it summed to x's shape, y its negative.
        Gradient = (op, dy) =>
        {
            Tensor x = op.Inputs[0], y = op.Inputs[1];
            var g = tf.multiply(tf.multiply(2, dy[0]!), tf.subtract(x, y));
            return [Gradients.SumTo(g, x), tf.negative(Gradients.SumTo(g, y))];
        },
    };

    /// <summary>ln(1 + x) in double: exact argument where 1 + x is exact, else Goldberg's log(u) * x / (u - 1).</summary>
    internal static double Log1pDouble(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0) return x; // |x| below half an ulp of 1: ln(1 + x) rounds to x
        if (double.IsInfinity(u) || u <= 0) return Math.Log(u); // +inf; -inf at x = -1; NaN below
        return Math.Log(u) * (x / (u - 1.0));
    }
}

/// <summary>Eigen's scalar_squared_difference_op: <c>d = x - y; d * d</c>, in the operands' type.</summary>
internal readonly struct SquaredDifferenceOp : IZip
{
    public static T Apply<T>(T x, T y) where T : unmanaged, System.Numerics.INumber<T>
    {
        T d = x - y;
        return d * d;
    }
}
