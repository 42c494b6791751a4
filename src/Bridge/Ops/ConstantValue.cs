using Bridge.Kernels;

namespace Bridge;

/// <summary>
/// TF's tensor_util.constant_value: the value of a tensor when it is known as the graph is built (a Const, the
/// Shape/Size/Rank of a tensor whose static shape is fully known, and any kernel op whose inputs all are), else null.
/// Lets shape, axis, begin and size arguments be tensors, as TF accepts them.
/// </summary>
internal static class ConstantValue
{
    private const long MaxFoldedSize = 1 << 16;

    public static NDArray? Of(Tensor t) => Of(t, 0);

    private static NDArray? Of(Tensor t, int depth)
    {
        if (depth > 64) return null;
        var op = t.op;
        var def = op.Def;
        switch (def.Type)
        {
            case "Const":
                return ((ConstAttr)op.Attr!).Value;
            case "Shape":
            {
                var s = op.Inputs[0].shape;
                return s.IsFullyDefined ? ManagedKernels.Ints(s.dims, t.dtype, [s.ndim]) : null;
            }
            case "Size":
            {
                var s = op.Inputs[0].shape;
                return s.IsFullyDefined ? ManagedKernels.Ints([s.size], t.dtype, []) : null;
            }
            case "Rank":
            {
                var s = op.Inputs[0].shape;
                return s.IsRankKnown ? ManagedKernels.Ints([s.ndim], t.dtype, []) : null;
            }
        }
        if (def.Role != OpRole.Kernel || def.Managed is null || def.WrittenVariables > 0 || def.Family == "random" || def.Family == "summary")
            return null;
        if (!t.shape.IsFullyDefined || t.shape.size > MaxFoldedSize) return null;
        var inputs = new NDArray[op.Inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            var v = Of(op.Inputs[i], depth + 1);
            if (v is null) return null;
            inputs[i] = v;
        }
        try
        {
            var outputs = def.Managed(op, inputs);
            return outputs[Array.IndexOf(op.outputs, t)];
        }
        catch (BridgeException)
        {
            return null; // the run reports it
        }
    }

    /// <summary>
    /// A list of integers given as ints, int[]/long[], a Shape, an integer NDArray, a list mixing numbers and scalar
    /// tensors, or a tensor whose value is known when the graph is built; anything else is TF's error, naming
    /// <paramref name="fn"/> and <paramref name="what"/>.
    /// </summary>
    public static long[] Ints(object? value, string fn, string what)
    {
        switch (value)
        {
            case null:
                throw new ValueError($"{fn}: {what} is required (None was given). - help: pass a list of ints.");
            case int i: return [i];
            case long l: return [l];
            case int[] a: return Array.ConvertAll(a, x => (long)x);
            case long[] a: return (long[])a.Clone();
            case Shape s:
                if (!s.IsFullyDefined)
                    throw new ValueError($"{fn}: {what} {OpHelpers.Fmt(s)} must be fully known. - help: give every dimension.");
                return s.dims;
            case NDArray nd: return FromArray(nd, fn, what);
            case Tensor or ITensorConvertible:
            {
                var t = value as Tensor ?? ((ITensorConvertible)value).AsTensor();
                var v = Of(t) ?? throw new ValueError(
                    $"{fn}: {what} is the tensor '{t.name}' (op {t.op.type}), whose value is not known when the graph is built; Bridge needs it then (as TF's constant_value). - help: pass a list of ints, a tf.constant, or tf.shape of a tensor whose shape is fully known.");
                return FromArray(v, fn, what);
            }
            case System.Collections.IEnumerable list and not string:
            {
                var r = new List<long>();
                foreach (var item in list)
                {
                    var part = Ints(item, fn, what);
                    if (part.Length != 1 && item is not (int or long))
                        throw new ValueError($"{fn}: each entry of {what} must be one integer, but one has {part.Length} values. - help: pass a flat list of ints.");
                    r.AddRange(part);
                }
                return r.ToArray();
            }
            case float or double:
                throw new TypeError($"{fn}: {what} must be int32 or int64, not float32 ({value}). - help: pass ints.");
            default:
                throw new TypeError($"{fn}: {what} must be integers, not {value.GetType().Name} ({value}). - help: pass ints, a list of ints or an int32 tensor.");
        }
    }

    /// <summary>
    /// A shape argument given as a tensor (or a list holding tensors, auto-packed as TF does): its value when known
    /// as the graph is built; otherwise a shape whose known dimensions are TF's constant_value_as_shape and that
    /// carries the tensor, read when the graph runs (see <see cref="Shape.DynamicSource"/>).
    /// </summary>
    public static Shape ShapeArg(object value, string fn)
    {
        var t = value as Tensor ?? (value as ITensorConvertible)?.AsTensor() ?? OpHelpers.ToTensor(value, fn);
        if (!(t.dtype is TF_DataType.TF_INT32 or TF_DataType.TF_INT64))
            throw new TypeError($"{fn}: a shape must be int32 or int64, but '{t.name}' is {t.dtype.as_numpy_name()}. - help: tf.cast it to tf.int32.");
        if (t.shape.IsRankKnown && t.ndim != 1)
            throw new ValueError($"{fn}: a shape must be a vector, but '{t.name}' has shape {OpHelpers.Fmt(t.shape)}. - help: pass a 1-D tensor such as tf.shape(y).");
        var v = Of(t);
        if (v is not null) return new Shape(v.ToArray<long>()) { FromTensor = true };
        return Shape.Dynamic(AsShape(t), t);
    }

    /// <summary>TF's constant_value_as_shape: the dimensions a shape tensor is known to hold (-1 where unknown).</summary>
    public static Shape AsShape(Tensor t)
    {
        var op = t.op;
        if (op.type == "Shape") return op.Inputs[0].shape;
        if (op.type == "Pack" && op.Inputs.All(i => i.ndim == 0))
            return new Shape(op.Inputs.Select(i => Of(i) is { } v ? v.GetInt64(0) : -1L).ToArray());
        if (op.type == "Concat")
        {
            var parts = op.Inputs.Select(AsShape).ToArray();
            if (parts.All(p => p.IsRankKnown)) return new Shape(parts.SelectMany(p => p.dims).ToArray());
        }
        var value = Of(t);
        if (value is not null) return new Shape(value.ToArray<long>());
        return t.shape.IsFullyDefined ? Shape.OfRank((int)t.shape[0]) : Shape.Unknown;
    }

    /// <summary>Like <see cref="Ints"/> for a value that must be one integer.</summary>
    public static long Int(object? value, string fn, string what)
    {
        var v = Ints(value, fn, what);
        if (v.Length != 1 || (value is NDArray { ndim: > 0 }) || (value is Tensor { ndim: > 0 }))
            throw new ValueError($"{fn}: {what} must be a scalar, but has {v.Length} values. - help: pass one int.");
        return v[0];
    }

    private static long[] FromArray(NDArray nd, string fn, string what)
    {
        if (!(nd.dtype is TF_DataType.TF_INT32 or TF_DataType.TF_INT64 or TF_DataType.TF_INT16 or TF_DataType.TF_INT8 or TF_DataType.TF_UINT8))
            throw new TypeError($"{fn}: {what} must be int32 or int64, not {nd.dtype.as_numpy_name()}. - help: pass ints, or tf.cast it to tf.int32.");
        if (nd.ndim > 1)
            throw new ValueError($"{fn}: {what} must be a scalar or a vector, but has shape {OpHelpers.Fmt(nd.shape)}.");
        return nd.ToArray<long>();
    }

    /// <summary>A scalar number (float or int) given as a C# number, an NDArray or a tensor known when the graph is built; null for a tensor that is not.</summary>
    public static NDArray? Scalar(object value, string fn, string what)
    {
        NDArray? nd = value switch
        {
            Tensor t => Of(t),
            ITensorConvertible c => Of(c.AsTensor()),
            NDArray a => a,
            _ => ValueConverter.ToNDArray(value, ValueConverter.Rules.TensorFlow, TF_DataType.DtInvalid, fn),
        };
        if (nd is not null && nd.size != 1 | nd is { ndim: > 0 })
            throw new ValueError($"{fn}: {what} must be a scalar, but has shape {OpHelpers.Fmt(nd!.shape)}. - help: pass one number.");
        return nd;
    }
}
