using Bridge.Kernels;

namespace Bridge;

// TF 1.15's tf.math.reduce_euclidean_norm (TF 1.0 has no such function).
public sealed partial class tensorflow
{
    /// <summary>The builder of <see cref="math_api.reduce_euclidean_norm"/>: TF 1.15's EuclideanNorm reduction.</summary>
    internal Tensor EuclideanNorm(object input_tensor, Axis? axis, bool keepdims, string? name) =>
        Reduce(EuclideanOps.EuclideanNorm, "math.reduce_euclidean_norm", input_tensor, axis, keepdims, name);
}

/// <summary>TF 1.15's EuclideanNorm reduction (reduction_ops_euclidean_norm.cc, math_grad.py's _EuclideanNormGrad).</summary>
[OpFamily("reduction")]
internal static class EuclideanOps
{
    private static readonly tensorflow tf = Binding.tf;

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
        // TF 1.15's _EuclideanNormGrad: x / (norm / grad), the norm and the gradient spread over the reduced axes.
        Gradient = (op, dy) =>
        {
            var x = op.Inputs[0];
            var r = (ReduceAttr)op.Attr!;
            Tensor Spread(Tensor t, string name) =>
                GradientOps.BroadcastToShape.Build("tf.gradients", name, [t, x], new BroadcastGradAttr(r, DivideByCount: false)).outputs[0];
            return [tf.divide(x, tf.divide(Spread(op.outputs[0], "EuclideanNorm_grad_norm"), Spread(dy[0]!, "EuclideanNorm_grad")))];
        },
        Differences = "TF 1.0 has no EuclideanNorm; this is TF 1.15's op",
    };
}
