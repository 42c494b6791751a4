using Bridge.Kernels;

namespace Bridge;

// TF 1.15's tf.math.reduce_euclidean_norm (TF 1.0 has no such function).
public sealed partial class tensorflow
{
    /// <summary>The builder of <see cref="math_api.reduce_euclidean_norm"/>: TF 1.15's EuclideanNorm reduction.</summary>
    internal Tensor EuclideanNorm(object input_tensor, Axis? axis, bool keepdims, string? name) =>
        Reduce(EuclideanOps.EuclideanNorm, "math.reduce_euclidean_norm", input_tensor, axis, keepdims, name);
}

/// <summary>TF 1.15's EuclideanNorm reduction (reduction_ops_euclidean.cc: sqrt of the sum of x * x), not differentiable in TF 1.15.</summary>
[OpFamily("reduction")]
internal static class EuclideanOps
{
    public static readonly OpDef EuclideanNorm = new("EuclideanNorm")
    {
        Inputs = ["input"],
        Attribute = typeof(ReduceAttr),
        Functions = ["tf.math.reduce_euclidean_norm"],
        DTypes = DTypeSet.RealNumbers,
        TfOpIds = 2,
        TfOpIdsReason = "a Const for the reduction indices, then EuclideanNorm",
        // The shape rule of the other reductions.
        Infer = c => ReductionOps.Max.Infer(c with { Def = ReductionOps.Max }),
        Managed = (op, x) =>
        {
            var a = (ReduceAttr)op.Attr!;
            return [ManagedKernels.EuclideanNorm(x[0], a.AxesFor(x[0].ndim), a.KeepDims)];
        },
        // TF 1.15's math_grad.py: ops.NotDifferentiable("EuclideanNorm") (later TF versions added a gradient).
        NotDifferentiable = true,
        Differences = "TF 1.0 has no EuclideanNorm; this is TF 1.15's op",
    };
}
