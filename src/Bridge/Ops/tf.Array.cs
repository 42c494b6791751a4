namespace Bridge;

// Shapes and array manipulation.
public sealed partial class tensorflow
{
    /// <summary>The shape of a tensor as a 1-D int32 tensor (its run-time shape).</summary>
    public Tensor shape(object input, string? name = null, TF_DataType out_type = TF_DataType.TF_INT32)
    {
        var t = OpHelpers.ToTensor(input, "tf.shape");
        return t.graph.AddOp(OpKind.Shape, name ?? "Shape", [t], new DTypeAttr(out_type), [(new Shape(t.ndim), out_type)]).outputs[0];
    }

    /// <summary>The rank (number of dimensions) as an int32 scalar.</summary>
    public Tensor rank(object input, string? name = null)
    {
        var t = OpHelpers.ToTensor(input, "tf.rank");
        return t.graph.AddOp(OpKind.Rank, name ?? "Rank", [t], null, [(Shape.Scalar, TF_DataType.TF_INT32)]).outputs[0];
    }

    /// <summary>The number of elements as an int32 scalar.</summary>
    public Tensor size(object input, string? name = null, TF_DataType out_type = TF_DataType.TF_INT32)
    {
        var t = OpHelpers.ToTensor(input, "tf.size");
        return t.graph.AddOp(OpKind.Size, name ?? "Size", [t], null, [(Shape.Scalar, out_type)]).outputs[0];
    }

    /// <summary>The same values in a new shape; one dimension may be -1 (inferred from the size).</summary>
    public Tensor reshape(object tensor, Shape shape, string? name = null)
    {
        var t = OpHelpers.ToTensor(tensor, "tf.reshape");
        var target = shape.dims;
        var result = ReshapeTarget(t.shape, target);
        var op = t.graph.AddOp(OpKind.Reshape, name ?? "Reshape", [t], new ShapeAttr(t.shape.IsFullyDefined ? result.dims : target), [(result, t.dtype)], tfOps: 2);
        if (!t.shape.IsFullyDefined) op.RuntimeShapeCheck = s => [ReshapeTarget(s[0], target)];
        return op.outputs[0];
    }

    private static Shape ReshapeTarget(Shape input, long[] target)
    {
        int unknown = Array.FindAll(target, d => d == -1).Length;
        if (unknown > 1)
            throw new ValueError($"tf.reshape: the new shape [{string.Join(", ", target)}] has {unknown} dimensions of -1; at most one can be inferred. - help: give every dimension but one explicitly.");
        if (target.Any(d => d < -1))
            throw new ValueError($"tf.reshape: the new shape {OpHelpers.Fmt(new Shape(target))} has a negative dimension other than -1.");
        long known = target.Where(d => d >= 0).Aggregate(1L, (a, b) => a * b);
        long size = input.size;
        if (size < 0) return new Shape(target); // unknown input size: checked again at run time
        var dims = (long[])target.Clone();
        if (unknown == 1)
        {
            if (known == 0 || size % known != 0)
                throw new InvalidArgumentError($"tf.reshape: cannot reshape a tensor of shape {OpHelpers.Fmt(input)} ({size} values) into {OpHelpers.Fmt(new Shape(target))}: {size} is not a multiple of {known}. - help: the product of the known dimensions must divide the number of values.");
            dims[Array.IndexOf(dims, -1L)] = size / known;
        }
        else if (known != size)
            throw new InvalidArgumentError($"tf.reshape: cannot reshape a tensor of shape {OpHelpers.Fmt(input)} ({size} values) into {OpHelpers.Fmt(new Shape(target))} ({known} values). - help: the number of values must stay the same; use -1 for one dimension to infer it.");
        return new Shape(dims);
    }

    /// <summary>Removes dimensions of size 1: all of them, or only <paramref name="axis"/> (each must be 1).</summary>
    public Tensor squeeze(object input, Axis? axis = null, string? name = null)
    {
        var t = OpHelpers.ToTensor(input, "tf.squeeze");
        var axes = axis is null ? [] : axis.axis.Select(a => OpHelpers.Axis("tf.squeeze", a, t.ndim)).Distinct().ToArray();
        foreach (var a in axes)
            if (t.shape[a] >= 0 && t.shape[a] != 1)
                throw new InvalidArgumentError($"tf.squeeze: cannot squeeze axis {a}: its size is {t.shape[a]}, not 1 (input shape {OpHelpers.Fmt(t.shape)}). - help: squeeze only axes of size 1, or use tf.reshape.");
        if (axes.Length == 0 && !t.shape.IsFullyDefined)
            throw new ValueError($"tf.squeeze: the input shape {OpHelpers.Fmt(t.shape)} has unknown dimensions, so which ones are 1 is unknown. - help: name the axes to squeeze: tf.squeeze(x, axis: ...).");
        var dims = Enumerable.Range(0, t.ndim)
            .Where(i => axes.Length == 0 ? t.shape[i] != 1 : Array.IndexOf(axes, i) < 0)
            .Select(i => t.shape[i]).ToArray();
        var op = t.graph.AddOp(OpKind.Squeeze, name ?? "Squeeze", [t], new SqueezeAttr(axes), [(new Shape(dims), t.dtype)]);
        if (!t.shape.IsFullyDefined)
            op.RuntimeShapeCheck = s =>
            {
                foreach (var a in axes)
                    if (s[0][a] != 1) throw new InvalidArgumentError($"tf.squeeze: cannot squeeze axis {a}: its size is {s[0][a]}, not 1 (input shape {OpHelpers.Fmt(s[0])}).");
                return [];
            };
        return op.outputs[0];
    }

    /// <summary>Inserts a dimension of size 1 at <paramref name="axis"/> (in [-rank-1, rank]).</summary>
    public Tensor expand_dims(object input, int axis, string? name = null)
    {
        var t = OpHelpers.ToTensor(input, "tf.expand_dims");
        int a = OpHelpers.Axis("tf.expand_dims", axis, t.ndim + 1);
        var dims = t.shape.dims.ToList();
        dims.Insert(a, 1);
        return t.graph.AddOp(OpKind.ExpandDims, name ?? "ExpandDims", [t], new AxisAttr(a), [(new Shape(dims.ToArray()), t.dtype)], tfOps: 2).outputs[0];
    }

    /// <summary>Permutes the dimensions (default: reverses them).</summary>
    public Tensor transpose(object a, int[]? perm = null, string? name = null)
    {
        var t = OpHelpers.ToTensor(a, "tf.transpose");
        // TF 1.x builds the default permutation from Rank, Range and Sub ops: 8 op ids in all; 2 with perm given.
        int tfOps = perm is null ? 8 : 2;
        perm ??= Enumerable.Range(0, t.ndim).Reverse().ToArray();
        if (perm.Length != t.ndim || perm.Select(p => p < 0 ? p + t.ndim : p).Distinct().Count() != t.ndim || perm.Any(p => p < -t.ndim || p >= t.ndim))
            throw new ValueError($"tf.transpose: perm [{string.Join(", ", perm)}] is not a permutation of the {t.ndim} dimensions of a tensor of shape {OpHelpers.Fmt(t.shape)}. - help: list each axis 0..{t.ndim - 1} exactly once.");
        var p2 = perm.Select(p => p < 0 ? p + t.ndim : p).ToArray();
        var dims = p2.Select(p => t.shape[p]).ToArray();
        return t.graph.AddOp(OpKind.Transpose, name ?? "transpose", [t], new PermAttr(p2), [(new Shape(dims), t.dtype)], tfOps: tfOps).outputs[0];
    }

    /// <summary>
    /// One-hot encoding: adds a dimension of size <paramref name="depth"/> at <paramref name="axis"/> (default last).
    /// Index i gets on_value at position i and off_value elsewhere; negative or out-of-range indices give an all-off row.
    /// dtype defaults to float32.
    /// </summary>
    public Tensor one_hot(object indices, int depth, double on_value = 1, double off_value = 0, int axis = -1,
        TF_DataType dtype = TF_DataType.TF_FLOAT, string? name = null)
    {
        var t = OpHelpers.ToTensor(indices, "tf.one_hot");
        if (!(t.dtype is TF_DataType.TF_INT32 or TF_DataType.TF_INT64 or TF_DataType.TF_UINT8))
            throw new TypeError($"tf.one_hot: indices must be integers (int32, int64 or uint8), not {t.dtype.as_numpy_name()}. - help: tf.one_hot(tf.cast(indices, tf.int32), depth).");
        if (depth < 0)
            throw new InvalidArgumentError($"tf.one_hot: depth must be non-negative, got {depth}.");
        if (axis < -1 || axis > t.ndim)
            throw new ValueError($"tf.one_hot: axis {axis} is out of range for indices of rank {t.ndim}: it must be -1 or in [0, {t.ndim}]. - help: -1 puts the one-hot dimension last.");
        int a = axis == -1 ? t.ndim : axis;
        var dims = t.shape.dims.ToList();
        dims.Insert(a, depth);
        // TF 1.x: Consts for depth, on_value and off_value, then OneHot.
        return t.graph.AddOp(OpKind.OneHot, name ?? "one_hot", [t], new OneHotAttr(depth, on_value, off_value, a, dtype), [(new Shape(dims.ToArray()), dtype)], tfOps: 4).outputs[0];
    }

    /// <summary>Stacks tensors of one shape and dtype along a new axis (tf.stack, formerly tf.pack).</summary>
    public Tensor stack(IEnumerable<Tensor> values, int axis = 0, string? name = null) => Stack(values.ToArray(), axis, name);

    /// <summary>Stacks values given as C# arrays (e.g. <c>new[] { x, y, z }</c> of int[]), each converted to a tensor.</summary>
    public Tensor stack(System.Collections.IEnumerable values, int axis = 0, string? name = null) =>
        Stack(values.Cast<object>().Select(v => OpHelpers.ToTensor(v, "tf.stack")).ToArray(), axis, name);

    private static Tensor Stack(Tensor[] ts, int axis, string? name)
    {
        if (ts.Length == 0) throw new ValueError("tf.stack: needs at least one tensor.");
        var first = ts[0];
        foreach (var t in ts)
        {
            if (t.dtype != first.dtype)
                throw new TypeError($"tf.stack: all values must have one dtype, but {first.name} is {first.dtype.as_numpy_name()} and {t.name} is {t.dtype.as_numpy_name()}. - help: tf.cast them to one dtype first.");
            if (t.shape.ndim != first.shape.ndim || !t.shape.Dims.SequenceEqual(first.shape.Dims) && t.shape.IsFullyDefined && first.shape.IsFullyDefined)
                throw new ValueError($"tf.stack: all values must have one shape, but {first.name} is {OpHelpers.Fmt(first.shape)} and {t.name} is {OpHelpers.Fmt(t.shape)}.");
        }
        int a = OpHelpers.Axis("tf.stack", axis, first.ndim + 1);
        var dims = first.shape.dims.ToList();
        dims.Insert(a, ts.Length);
        return first.graph.AddOp(OpKind.Pack, name ?? "stack", ts, new AxisAttr(a), [(new Shape(dims.ToArray()), first.dtype)]).outputs[0];
    }

    /// <summary>Splits a tensor along <paramref name="axis"/> into tensors of one rank less.</summary>
    public Tensor[] unstack(object value, int? num = null, int axis = 0, string? name = null)
    {
        var t = OpHelpers.ToTensor(value, "tf.unstack");
        if (t.ndim == 0) throw new ValueError("tf.unstack: cannot unstack a scalar.");
        int a = OpHelpers.Axis("tf.unstack", axis, t.ndim);
        long n = num ?? t.shape[a];
        if (n < 0) throw new ValueError($"tf.unstack: the size of axis {a} is unknown in {OpHelpers.Fmt(t.shape)}. - help: pass num.");
        if (t.shape[a] >= 0 && n != t.shape[a]) throw new ValueError($"tf.unstack: num {n} differs from the size {t.shape[a]} of axis {a}.");
        var dims = Enumerable.Range(0, t.ndim).Where(i => i != a).Select(i => t.shape[i]).ToArray();
        var outs = Enumerable.Range(0, (int)n).Select(_ => (new Shape(dims), t.dtype)).ToArray();
        return t.graph.AddOp(OpKind.Unpack, name ?? "unstack", [t], new AxisAttr(a), outs).outputs;
    }

    /// <summary>Joins tensors along an existing axis.</summary>
    public Tensor concat(IEnumerable<object> values, int axis, string? name = null)
    {
        var ts = values.Select(v => OpHelpers.ToTensor(v, "tf.concat")).ToArray();
        if (ts.Length == 0) throw new ValueError("tf.concat: needs at least one tensor.");
        var first = ts[0];
        if (first.ndim == 0) throw new ValueError("tf.concat: cannot concatenate scalars. - help: use tf.stack.");
        int a = OpHelpers.Axis("tf.concat", axis, first.ndim);
        var dims = first.shape.dims;
        foreach (var t in ts.Skip(1))
        {
            if (t.dtype != first.dtype)
                throw new TypeError($"tf.concat: all values must have one dtype, but {first.name} is {first.dtype.as_numpy_name()} and {t.name} is {t.dtype.as_numpy_name()}.");
            if (t.ndim != first.ndim)
                throw new ValueError($"tf.concat: all values must have one rank, but {OpHelpers.Fmt(first.shape)} and {OpHelpers.Fmt(t.shape)} differ.");
            for (int i = 0; i < dims.Length; i++)
            {
                if (i == a) dims[i] = dims[i] < 0 || t.shape[i] < 0 ? -1 : dims[i] + t.shape[i];
                else if (dims[i] >= 0 && t.shape[i] >= 0 && dims[i] != t.shape[i])
                    throw new ValueError($"tf.concat: dimension {i} differs: {OpHelpers.Fmt(first.shape)} and {OpHelpers.Fmt(t.shape)}; only axis {a} may differ.");
            }
        }
        return first.graph.AddOp(OpKind.Concat, name ?? "concat", ts, new AxisAttr(a), [(new Shape(dims), first.dtype)], tfOps: 2).outputs[0];
    }

    /// <summary>A tensor of ones with the shape and (by default) the dtype of <paramref name="tensor"/>.</summary>
    public Tensor ones_like(object tensor, TF_DataType dtype = TF_DataType.DtInvalid, string? name = null) => Like(OpKind.OnesLike, "ones_like", tensor, dtype, 1, name);

    /// <summary>A tensor of zeros with the shape and (by default) the dtype of <paramref name="tensor"/>.</summary>
    public Tensor zeros_like(object tensor, TF_DataType dtype = TF_DataType.DtInvalid, string? name = null) => Like(OpKind.ZerosLike, "zeros_like", tensor, dtype, 0, name);

    /// <summary>A tensor of ones (float32 unless <paramref name="dtype"/> says otherwise).</summary>
    public Tensor ones(Shape shape, TF_DataType dtype = TF_DataType.TF_FLOAT, string? name = null) => Filled(shape, dtype, 1, name ?? "ones");

    /// <summary>A tensor of zeros (float32 unless <paramref name="dtype"/> says otherwise).</summary>
    public Tensor zeros(Shape shape, TF_DataType dtype = TF_DataType.TF_FLOAT, string? name = null) => Filled(shape, dtype, 0, name ?? "zeros");

    private static Tensor Like(OpKind kind, string fn, object tensor, TF_DataType dtype, double value, string? name)
    {
        var t = OpHelpers.ToTensor(tensor, "tf." + fn);
        var dt = dtype == TF_DataType.DtInvalid ? t.dtype : dtype;
        return t.graph.AddOp(kind, name ?? fn, [t], new FillAttr(value, dt), [(t.shape, dt)]).outputs[0];
    }

    private static Tensor Filled(Shape shape, TF_DataType dtype, double value, string name)
    {
        if (!shape.IsFullyDefined)
            throw new ValueError($"tf.{name}: the shape {OpHelpers.Fmt(shape)} must be fully known (no -1/None).");
        dtype.ClrType();
        var g = Bridge.Graph.Default;
        var op = g.AddOp(OpKind.Fill, name, [], new FillAttr(value, dtype, shape.dims), [(shape, dtype)]);
        return op.outputs[0];
    }
}
