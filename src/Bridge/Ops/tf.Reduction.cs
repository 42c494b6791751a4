using Bridge.Kernels;
using Bridge.Shapes;

namespace Bridge;

// Reductions (sum, mean, max, min, prod) and arg-reductions (argmax, argmin).
public sealed partial class tensorflow
{
    /// <summary>
    /// Mean over <paramref name="axis"/> (null: all axes; int, int[] or negative axes). Integer tensors give an
    /// integer mean truncated toward zero, as TF does: reduce_mean([1, 2]) = 1.
    /// </summary>
    public Tensor reduce_mean(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) =>
        Reduce(ReductionOps.Mean, "reduce_mean", input_tensor, axis, keepdims, name);

    /// <summary>Sum over <paramref name="axis"/>; integer sums keep the input dtype (int32 stays int32).</summary>
    public Tensor reduce_sum(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) =>
        Reduce(ReductionOps.Sum, "reduce_sum", input_tensor, axis, keepdims, name);

    /// <summary>Maximum over <paramref name="axis"/>.</summary>
    public Tensor reduce_max(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) =>
        Reduce(ReductionOps.Max, "reduce_max", input_tensor, axis, keepdims, name);

    /// <summary>Minimum over <paramref name="axis"/>.</summary>
    public Tensor reduce_min(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) =>
        Reduce(ReductionOps.Min, "reduce_min", input_tensor, axis, keepdims, name);

    /// <summary>Product over <paramref name="axis"/>.</summary>
    public Tensor reduce_prod(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) =>
        Reduce(ReductionOps.Prod, "reduce_prod", input_tensor, axis, keepdims, name);

    /// <summary>Logical AND over <paramref name="axis"/> of a bool tensor (true over an empty axis).</summary>
    public Tensor reduce_all(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) =>
        Reduce(ReductionOps.All, "reduce_all", input_tensor, axis, keepdims, name);

    /// <summary>Logical OR over <paramref name="axis"/> of a bool tensor (false over an empty axis).</summary>
    public Tensor reduce_any(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) =>
        Reduce(ReductionOps.Any, "reduce_any", input_tensor, axis, keepdims, name);

    /// <summary>
    /// How many elements are not zero over <paramref name="axis"/>: TF 1.x's
    /// <c>cast(reduce_sum(to_int64(not_equal(x, 0)), axis, keepdims), dtype)</c> (int64 unless <paramref name="dtype"/> says otherwise).
    /// </summary>
    public Tensor count_nonzero(object input_tensor, Axis? axis = null, bool keepdims = false, TF_DataType dtype = TF_DataType.TF_INT64, string? name = null)
    {
        var t = OpHelpers.ToTensor(input_tensor, "tf.count_nonzero");
        using (name_scope(name ?? "count_nonzero"))
        {
            var zero = tf_zero(t);
            return cast(reduce_sum(cast(not_equal(t, zero), TF_DataType.TF_INT64), axis, keepdims), dtype);
        }
    }

    private static Tensor tf_zero(Tensor like) =>
        OpHelpers.Constant(ValueConverter.Cast(new NDArray(new[] { 0.0 }, Array.Empty<long>()), like.dtype), like.graph, "zeros");

    /// <summary>Index of the largest value along <paramref name="axis"/> (default 0, as TF 1.x); int64; ties give the first index.</summary>
    public Tensor argmax(object input, int axis = 0, string? name = null, TF_DataType output_type = TF_DataType.TF_INT64) =>
        ArgReduce(ReductionOps.ArgMax, "argmax", input, axis, name, output_type);

    /// <summary>Index of the smallest value along <paramref name="axis"/> (default 0); int64.</summary>
    public Tensor argmin(object input, int axis = 0, string? name = null, TF_DataType output_type = TF_DataType.TF_INT64) =>
        ArgReduce(ReductionOps.ArgMin, "argmin", input, axis, name, output_type);

    /// <summary>TF 1.0's name of argmax (dimension instead of axis).</summary>
    public Tensor arg_max(object input, int dimension, TF_DataType output_type = TF_DataType.TF_INT64, string? name = null) =>
        ArgReduce(ReductionOps.ArgMax, "arg_max", input, dimension, name, output_type);

    /// <summary>TF 1.0's name of argmin.</summary>
    public Tensor arg_min(object input, int dimension, TF_DataType output_type = TF_DataType.TF_INT64, string? name = null) =>
        ArgReduce(ReductionOps.ArgMin, "arg_min", input, dimension, name, output_type);

    private static Tensor Reduce(OpDef def, string fn, object input, Axis? axis, bool keepdims, string? name)
    {
        var t = OpHelpers.ToTensor(input, "tf." + fn);
        def.RequireDType("tf." + fn, t.dtype);
        if (axis is not null && axis.axis.Distinct().Count() != axis.axis.Length)
            throw new InvalidArgumentError($"tf.{fn}: Invalid reduction arguments: Axes contains duplicate dimension: {axis.axis.GroupBy(a => a).First(g => g.Count() > 1).Key}. - help: list each axis once.");
        var attr = t.shape.IsRankKnown
            ? new ReduceAttr(OpHelpers.Axes("tf." + fn, axis, t.ndim), keepdims)
            : new ReduceAttr(axis?.axis, keepdims, Resolved: false);
        return def.Build("tf." + fn, name ?? def.Type, [t], attr).outputs[0];
    }

    private static Tensor ArgReduce(OpDef def, string fn, object input, int axis, string? name, TF_DataType outputType)
    {
        var t = OpHelpers.ToTensor(input, "tf." + fn);
        def.RequireDType("tf." + fn, t.dtype);
        if (outputType is not (TF_DataType.TF_INT64 or TF_DataType.TF_INT32))
            throw new TypeError($"tf.{fn}: output_type must be tf.int64 or tf.int32, not {outputType.as_numpy_name()}. - help: pass tf.int64 (the default) or tf.int32.");
        if (t.ndim == 0)
            throw new ValueError($"tf.{fn}: the input is a scalar; there is no axis to search. - help: pass a tensor of rank >= 1.");
        int a = OpHelpers.Axis("tf." + fn, axis, nn_api.RankOrThrow(t, "tf." + fn, "the axis"));
        var result = def.Build("tf." + fn, name ?? def.Type, [t], new AxisAttr(a)).outputs[0];
        return outputType == TF_DataType.TF_INT64 ? result : Binding.tf.cast(result, outputType);
    }
}

/// <summary>Reductions (TF's reduction_ops_*.cc and argmax_op.cc kernels, math_grad.py's _SumGrad and _MeanGrad).</summary>
[OpFamily("reduction")]
internal static class ReductionOps
{
    public static readonly OpDef Sum = Reducer("Sum", "tf.reduce_sum", Reduction.Sum, (op, dy) => [Spread(op, dy[0]!, mean: false)]);
    public static readonly OpDef Mean = Reducer("Mean", "tf.reduce_mean", Reduction.Mean, (op, dy) => [Spread(op, dy[0]!, mean: true)]);
    public static readonly OpDef Max = Reducer("Max", "tf.reduce_max", Reduction.Max, (op, dy) => [MinOrMaxGrad(op, dy[0]!)]);
    public static readonly OpDef Min = Reducer("Min", "tf.reduce_min", Reduction.Min, (op, dy) => [MinOrMaxGrad(op, dy[0]!)]);
    public static readonly OpDef All = Reducer("All", "tf.reduce_all", Reduction.All, null, dtypes: DTypeSet.Of(TF_DataType.TF_BOOL));
    public static readonly OpDef Any = Reducer("Any", "tf.reduce_any", Reduction.Any, null, dtypes: DTypeSet.Of(TF_DataType.TF_BOOL));
    public static readonly OpDef Prod = Reducer("Prod", "tf.reduce_prod", Reduction.Prod, null,
        noGradientYet: "TF 1.x's _ProdGrad (exclusive cumulative products both ways) is not built yet");

    private static OpDef Reducer(string type, string fn, Reduction kind, GradientFn? gradient, string? noGradientYet = null, DTypeSet? dtypes = null) => new(type)
    {
        Inputs = ["input"],
        Attribute = typeof(ReduceAttr),
        Functions = [fn],
        DTypes = dtypes ?? DTypeSet.RealNumbers,
        TfOpIds = 2,
        TfOpIdsReason = "a Const for the reduction indices, then the reduction",
        Infer = Reduced,
        Managed = (op, x) =>
        {
            var a = (ReduceAttr)op.Attr!;
            return [ManagedKernels.Reduce(kind, x[0], a.AxesFor(x[0].ndim), a.KeepDims)];
        },
        Gradient = gradient,
        NoGradientYet = noGradientYet,
        NotDifferentiable = gradient is null && noGradientYet is null, // reduce_all/any: bool
    };

    public static readonly OpDef ArgMax = ArgReducer("ArgMax", ["tf.argmax", "tf.arg_max"], max: true);
    public static readonly OpDef ArgMin = ArgReducer("ArgMin", ["tf.argmin", "tf.arg_min"], max: false);

    private static OpDef ArgReducer(string type, string[] functions, bool max) => new(type)
    {
        Inputs = ["input"],
        Attribute = typeof(AxisAttr),
        Functions = functions,
        DTypes = DTypeSet.RealNumbers,
        TfOpIds = 2,
        TfOpIdsReason = $"a Const for the axis, then {type}",
        Infer = ArgReduced,
        Managed = (op, x) => [ManagedKernels.ArgReduce(x[0], ((AxisAttr)op.Attr!).Axis, max)],
        NotDifferentiable = true,
    };

    /// <summary>The reduced shape: the reduced axes dropped (or kept as 1); unknown rank stays unknown unless all axes go.</summary>
    private static (Shape, TF_DataType)[] Reduced(OpContext c)
    {
        var a = c.A<ReduceAttr>();
        var s = c.Shapes[0];
        if (!s.IsRankKnown)
            return [(a.Axes is null && !a.KeepDims ? Shape.Scalar : Shape.Unknown, c.DTypes[0])];
        var axes = a.Resolved ? a.Axes! : OpHelpers.Axes(c.Fn, a.Axes is null ? null : new Axis(a.Axes), s.ndim);
        return [(new Shape(ShapeAlgebra.ReducedDims(s.Dims, axes, a.KeepDims)), c.DTypes[0])];
    }

    private static (Shape, TF_DataType)[] ArgReduced(OpContext c)
    {
        var s = c.Shapes[0];
        int axis = c.A<AxisAttr>().Axis;
        return [(new Shape(Enumerable.Range(0, s.ndim).Where(i => i != axis).Select(i => s[i]).ToArray()), TF_DataType.TF_INT64)];
    }

    /// <summary>
    /// TF's _MinOrMaxGrad: the gradient goes to the elements equal to the result, shared equally among ties:
    /// (indicators / count) * grad, each spread back over the reduced axes.
    /// </summary>
    private static Tensor MinOrMaxGrad(Operation op, Tensor g)
    {
        var tf = Binding.tf;
        var x = op.Inputs[0];
        var r = (ReduceAttr)op.Attr!;
        Tensor Spread(Tensor t, string name) =>
            GradientOps.BroadcastToShape.Build("tf.gradients", name, [t, x], new BroadcastGradAttr(r, DivideByCount: false)).outputs[0];
        var indicators = tf.cast(tf.equal(Spread(op.outputs[0], "Max_grad_y"), x), g.dtype);
        var count = tf.reduce_sum(indicators, axis: r.Axes is null ? null : new Axis(r.Axes), keepdims: r.KeepDims);
        return tf.multiply(tf.divide(indicators, Spread(count, "Max_grad_count")), Spread(g, "Max_grad"));
    }

    /// <summary>TF's _SumGrad / _MeanGrad: the gradient spread over the reduced axes (divided by their count for a mean).</summary>
    private static Tensor Spread(Operation op, Tensor g, bool mean)
    {
        var x = op.Inputs[0];
        var attr = new BroadcastGradAttr((ReduceAttr)op.Attr!, mean);
        return GradientOps.BroadcastToShape.Build("tf.gradients", mean ? "Mean_grad" : "Sum_grad", [g, x], attr).outputs[0];
    }
}

/// <summary>
/// Reduction axes and keepdims. When the input's rank is known the axes are normalised (0..rank-1, sorted, distinct);
/// when it is not, <see cref="Axes"/> holds the axes as given (null: all) and each run resolves them against its rank.
/// </summary>
internal sealed record ReduceAttr(int[]? Axes, bool KeepDims, bool Resolved = true)
{
    /// <summary>The normalised axes for an input of rank <paramref name="rank"/>.</summary>
    public int[] AxesFor(int rank) => Resolved ? Axes! : OpHelpers.Axes("reduction", Axes is null ? null : new Axis(Axes), rank);
}
