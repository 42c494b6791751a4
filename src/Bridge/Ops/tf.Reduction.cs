namespace Bridge;

// Reductions (sum, mean, max, min, prod) and arg-reductions (argmax, argmin).
public sealed partial class tensorflow
{
    /// <summary>
    /// Mean over <paramref name="axis"/> (null: all axes; int, int[] or negative axes). Integer tensors give an
    /// integer mean truncated toward zero, as TF does: reduce_mean([1, 2]) = 1.
    /// </summary>
    public Tensor reduce_mean(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) =>
        Reduce(OpKind.Mean, "reduce_mean", input_tensor, axis, keepdims, name);

    /// <summary>Sum over <paramref name="axis"/>; integer sums keep the input dtype (int32 stays int32).</summary>
    public Tensor reduce_sum(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) =>
        Reduce(OpKind.Sum, "reduce_sum", input_tensor, axis, keepdims, name);

    /// <summary>Maximum over <paramref name="axis"/>.</summary>
    public Tensor reduce_max(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) =>
        Reduce(OpKind.Max, "reduce_max", input_tensor, axis, keepdims, name);

    /// <summary>Minimum over <paramref name="axis"/>.</summary>
    public Tensor reduce_min(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) =>
        Reduce(OpKind.Min, "reduce_min", input_tensor, axis, keepdims, name);

    /// <summary>Product over <paramref name="axis"/>.</summary>
    public Tensor reduce_prod(object input_tensor, Axis? axis = null, bool keepdims = false, string? name = null) =>
        Reduce(OpKind.Prod, "reduce_prod", input_tensor, axis, keepdims, name);

    /// <summary>Index of the largest value along <paramref name="axis"/> (default 0, as TF 1.x); int64; ties give the first index.</summary>
    public Tensor argmax(object input, int axis = 0, string? name = null, TF_DataType output_type = TF_DataType.TF_INT64) =>
        ArgReduce(OpKind.ArgMax, "argmax", input, axis, name, output_type);

    /// <summary>Index of the smallest value along <paramref name="axis"/> (default 0); int64.</summary>
    public Tensor argmin(object input, int axis = 0, string? name = null, TF_DataType output_type = TF_DataType.TF_INT64) =>
        ArgReduce(OpKind.ArgMin, "argmin", input, axis, name, output_type);

    /// <summary>TF 1.0's name of argmax (dimension instead of axis).</summary>
    public Tensor arg_max(object input, int dimension, TF_DataType output_type = TF_DataType.TF_INT64, string? name = null) =>
        ArgReduce(OpKind.ArgMax, "arg_max", input, dimension, name, output_type);

    /// <summary>TF 1.0's name of argmin.</summary>
    public Tensor arg_min(object input, int dimension, TF_DataType output_type = TF_DataType.TF_INT64, string? name = null) =>
        ArgReduce(OpKind.ArgMin, "arg_min", input, dimension, name, output_type);

    private static Tensor Reduce(OpKind kind, string fn, object input, Axis? axis, bool keepdims, string? name)
    {
        var t = OpHelpers.ToTensor(input, "tf." + fn);
        if (t.dtype == TF_DataType.TF_BOOL)
            throw new TypeError($"tf.{fn}: bool tensors cannot be reduced. - help: tf.{fn}(tf.cast(x, tf.float32)) (or tf.int32 to count).");
        var axes = OpHelpers.Axes("tf." + fn, axis, t.ndim);
        var dims = new List<long>();
        for (int i = 0; i < t.ndim; i++)
        {
            if (Array.IndexOf(axes, i) < 0) dims.Add(t.shape[i]);
            else if (keepdims) dims.Add(1);
        }
        // TF 1.x creates a Const for the reduction indices, then the reduction: two op ids.
        string opName = name ?? kind switch { OpKind.Sum => "Sum", OpKind.Mean => "Mean", OpKind.Max => "Max", OpKind.Min => "Min", _ => "Prod" };
        return t.graph.AddOp(kind, opName, [t], new ReduceAttr(axes, keepdims), [(new Shape(dims.ToArray()), t.dtype)], tfOps: 2).outputs[0];
    }

    private static Tensor ArgReduce(OpKind kind, string fn, object input, int axis, string? name, TF_DataType outputType)
    {
        var t = OpHelpers.ToTensor(input, "tf." + fn);
        if (outputType is not (TF_DataType.TF_INT64 or TF_DataType.TF_INT32))
            throw new TypeError($"tf.{fn}: output_type must be tf.int64 or tf.int32, not {outputType.as_numpy_name()}.");
        if (t.ndim == 0)
            throw new ValueError($"tf.{fn}: the input is a scalar; there is no axis to search. - help: pass a tensor of rank >= 1.");
        int a = OpHelpers.Axis("tf." + fn, axis, t.ndim);
        var dims = Enumerable.Range(0, t.ndim).Where(i => i != a).Select(i => t.shape[i]).ToArray();
        var result = t.graph.AddOp(kind, name ?? (kind == OpKind.ArgMax ? "ArgMax" : "ArgMin"), [t], new AxisAttr(a), [(new Shape(dims), TF_DataType.TF_INT64)], tfOps: 2).outputs[0];
        return outputType == TF_DataType.TF_INT64 ? result : Binding.tf.cast(result, outputType);
    }
}
