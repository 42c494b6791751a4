using Bridge.Kernels;

namespace Bridge;

/// <summary>
/// The ops the gradient rules build (TF's AddN, SigmoidGrad, and Bridge's one-node forms of TF's
/// BroadcastGradientArgs + Sum + Reshape, Tile and Reshape, StridedSliceGrad and Slice chains). Gradients flow
/// through float tensors only (tf.gradients differentiates float losses; Cast passes none to integers).
/// </summary>
[OpFamily("gradient")]
internal static class GradientOps
{
    private const string SecondOrder = "second-order gradients (the gradient of a gradient) are not built yet";

    public static readonly OpDef AddN = new("AddN")
    {
        Inputs = ["*inputs"],
        Functions = ["tf.gradients"], // it sums the gradients that reach one tensor
        DTypes = DTypeSet.RealNumbers,
        Infer = c =>
        {
            var merged = c.Shapes[0];
            foreach (var s in c.Shapes.Skip(1))
                merged = merged.MergeWith(s) ?? throw new ValueError($"{c.Fn}: AddN's inputs must have one shape, but {OpHelpers.Fmt(c.Shapes[0])} and {OpHelpers.Fmt(s)} differ. - help: reshape them to one shape.");
            return [(merged, c.DTypes[0])];
        },
        Managed = (_, x) => [x.Skip(1).Aggregate(x[0], ManagedKernels.Binary<Plus>)],
        Gradient = (op, dy) => op.Inputs.Select(_ => dy[0]).ToArray(),
    };

    public static readonly OpDef SigmoidGrad = new("SigmoidGrad")
    {
        Inputs = ["y", "dy"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.SigmoidGrad(x[0], x[1])],
        NoGradientYet = SecondOrder,
    };

    /// <summary>Sums a broadcast gradient (input 0) back to the shape of input 1.</summary>
    public static readonly OpDef SumToShape = new("SumToShape")
    {
        Inputs = ["grad", "like"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.ShapedLikeSecond,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.SumToShape(x[0], x[1].Dims.ToArray())],
        NoGradientYet = SecondOrder,
        Differences = "one node for TF's BroadcastGradientArgs, Sum and Reshape",
    };

    /// <summary>Spreads a reduction's gradient (input 0) over the reduced axes of input 1 (divided by the count for a mean).</summary>
    public static readonly OpDef BroadcastToShape = new("BroadcastToShape")
    {
        Inputs = ["grad", "like"],
        Attribute = typeof(BroadcastGradAttr),
        DTypes = DTypeSet.Floats,
        Infer = Ops.ShapedLikeSecond,
        ChecksShapesAtRunTime = false,
        Managed = (op, x) => [ManagedKernels.BroadcastGrad(x[0], x[1].Dims.ToArray(), (BroadcastGradAttr)op.Attr!)],
        NoGradientYet = SecondOrder,
        Differences = "one node for TF's _SumGrad/_MeanGrad chain (Reshape, Tile, and RealDiv for a mean)",
    };

    /// <summary>The gradient (input 0) reshaped like input 1.</summary>
    public static readonly OpDef ReshapeLike = new("ReshapeLike")
    {
        Inputs = ["grad", "like"],
        DTypes = DTypeSet.All,
        Infer = Ops.ShapedLikeSecond,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.Reshape(x[0], x[1].Dims.ToArray())],
        Gradient = (op, dy) => [Build(ReshapeLike!, "Reshape_grad", dy[0]!, op.Inputs[0]), null],
    };

    /// <summary>The gradient of a strided slice (input 0) placed where the slice came from in zeros shaped like its input (input 1).</summary>
    public static readonly OpDef StridedSliceGrad = new("StridedSliceGrad")
    {
        Inputs = ["grad", "like"],
        Attribute = typeof(StridedSliceAttr),
        DTypes = DTypeSet.Floats,
        Infer = Ops.ShapedLikeSecond,
        ChecksShapesAtRunTime = false,
        Managed = (op, x) =>
        {
            var dims = x[1].Dims.ToArray();
            var map = ArrayOps2.Map(ArrayOps.StridedSlice, op.Attr, dims, null, "tf.gradients", out _);
            return [ManagedKernels.ScatterAdd(x[0], map, dims)];
        },
        NoGradientYet = SecondOrder,
    };

    /// <summary>concat's gradient for one input: the slice of the gradient (input 0) along the axis where that input went.</summary>
    public static readonly OpDef ConcatSlice = new("ConcatSlice")
    {
        Inputs = ["grad", "*values"],
        Attribute = typeof(ConcatSliceAttr),
        DTypes = DTypeSet.Floats,
        Infer = c => [(c.Shapes[1 + c.A<ConcatSliceAttr>().Input], c.DTypes[0])],
        ChecksShapesAtRunTime = false,
        Managed = (op, x) => [ManagedKernels.ConcatSlice(x, (ConcatSliceAttr)op.Attr!)],
        NoGradientYet = SecondOrder,
        Differences = "one node for TF's _ConcatGrad slices",
    };

    private static Tensor Build(OpDef def, string name, Tensor a, Tensor b) => def.Build("tf.gradients", name, [a, b]).outputs[0];
}

/// <summary>Gradient of a reduction: the reduction's axes and keepdims, and whether to divide by the count (mean).</summary>
internal sealed record BroadcastGradAttr(ReduceAttr Reduce, bool DivideByCount);

/// <summary>Gradient of concat: the axis and which input's slice (the inputs follow the gradient as the op's inputs).</summary>
internal sealed record ConcatSliceAttr(int Axis, int Input);
