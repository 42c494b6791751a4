using Bridge.Kernels;

namespace Bridge;

// Shapes and array manipulation.
public sealed partial class tensorflow
{
    /// <summary>The shape of a tensor as a 1-D int32 tensor (its run-time shape).</summary>
    public Tensor shape(object input, string? name = null, TF_DataType out_type = TF_DataType.TF_INT32)
    {
        var t = OpHelpers.ToTensor(input, "tf.shape");
        return ArrayOps.Shape.Build("tf.shape", name ?? "Shape", [t], new DTypeAttr(out_type)).outputs[0];
    }

    /// <summary>The rank (number of dimensions) as an int32 scalar.</summary>
    public Tensor rank(object input, string? name = null)
    {
        var t = OpHelpers.ToTensor(input, "tf.rank");
        return ArrayOps.Rank.Build("tf.rank", name ?? "Rank", [t]).outputs[0];
    }

    /// <summary>The number of elements as an int32 scalar.</summary>
    public Tensor size(object input, string? name = null, TF_DataType out_type = TF_DataType.TF_INT32)
    {
        var t = OpHelpers.ToTensor(input, "tf.size");
        return ArrayOps.Size.Build("tf.size", name ?? "Size", [t], new DTypeAttr(out_type)).outputs[0];
    }

    /// <summary>The same values in a new shape; one dimension may be -1 (inferred from the size).</summary>
    public Tensor reshape(object tensor, Shape shape, string? name = null)
    {
        var t = OpHelpers.ToTensor(tensor, "tf.reshape");
        if (shape.DynamicSource is not null) return DynamicReshape(t, shape, name);
        var target = shape.dims;
        // The kernel gets the target with its -1 already resolved when the input's size is known.
        var resolved = ReshapeTarget(t.shape, target);
        return ArrayOps.Reshape.Build("tf.reshape", name ?? "Reshape", [t], new ShapeAttr(t.shape.IsFullyDefined ? resolved.dims : target)).outputs[0];
    }

    internal static Shape ReshapeTarget(Shape input, long[] target)
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
                throw new ValueError($"tf.reshape: cannot reshape a tensor of shape {OpHelpers.Fmt(input)} ({size} values) into {OpHelpers.Fmt(new Shape(target))}: {size} is not a multiple of {known}. - help: the product of the known dimensions must divide the number of values.");
            dims[Array.IndexOf(dims, -1L)] = size / known;
        }
        else if (known != size)
            throw new ValueError($"tf.reshape: cannot reshape a tensor of shape {OpHelpers.Fmt(input)} ({size} values) into {OpHelpers.Fmt(new Shape(target))} ({known} values). - help: the number of values must stay the same; use -1 for one dimension to infer it.");
        return new Shape(dims);
    }

    /// <summary>Removes dimensions of size 1: all of them, or only <paramref name="axis"/> (each must be 1).</summary>
    public Tensor squeeze(object input, Axis? axis = null, string? name = null)
    {
        var t = OpHelpers.ToTensor(input, "tf.squeeze");
        int[] axes = axis is null ? [] : axis.axis.Select(a => OpHelpers.Axis("tf.squeeze", a, nn_api.RankOrThrow(t, "tf.squeeze", "the axes"))).Distinct().ToArray();
        return ArrayOps.Squeeze.Build("tf.squeeze", name ?? "Squeeze", [t], new SqueezeAttr(axes)).outputs[0];
    }

    /// <summary>Inserts a dimension of size 1 at <paramref name="axis"/> (in [-rank-1, rank]).</summary>
    public Tensor expand_dims(object input, int axis, string? name = null)
    {
        var t = OpHelpers.ToTensor(input, "tf.expand_dims");
        int a = OpHelpers.Axis("tf.expand_dims", axis, nn_api.RankOrThrow(t, "tf.expand_dims", "the axis") + 1);
        return ArrayOps.ExpandDims.Build("tf.expand_dims", name ?? "ExpandDims", [t], new AxisAttr(a)).outputs[0];
    }

    /// <summary>
    /// Permutes the dimensions (default: reverses them). perm must list each of 0..rank-1 once: TF 1.0's Transpose
    /// kernel rejects a negative entry ("-1 is out of range [0 .. 2)"), as Bridge does, but when the graph is built
    /// (a ValueError; TF 1.0 fails only when the op runs).
    /// </summary>
    public Tensor transpose(object a, int[]? perm = null, string? name = null)
    {
        var t = OpHelpers.ToTensor(a, "tf.transpose");
        // TF 1.x builds the default permutation from Rank, Range and Sub ops: 6 op ids more than with perm given.
        int extraTfOps = perm is null ? 6 : 0;
        perm ??= Enumerable.Range(0, nn_api.RankOrThrow(t, "tf.transpose", "the default permutation")).Reverse().ToArray();
        int n = t.shape.IsRankKnown ? t.ndim : perm.Length;
        if (perm.Any(p => p < 0 || p >= n))
        {
            int d = perm.First(p => p < 0 || p >= n);
            throw new ValueError($"tf.transpose: perm [{string.Join(", ", perm)}]: {d} is out of range [0 .. {n}) (TF 1.0's Transpose takes no negative axes) for a tensor of shape {OpHelpers.Fmt(t.shape)}. - help: list each axis 0..{n - 1} exactly once, e.g. [{string.Join(", ", perm.Select(p => p < 0 ? p + n : p))}].");
        }
        if (perm.Length != n || perm.Distinct().Count() != n)
            throw new ValueError($"tf.transpose: perm [{string.Join(", ", perm)}] is not a permutation of the {n} dimensions of a tensor of shape {OpHelpers.Fmt(t.shape)}. - help: list each axis 0..{n - 1} exactly once.");
        return ArrayOps.Transpose.Build("tf.transpose", name ?? "transpose", [t], new PermAttr(perm), extraTfOps).outputs[0];
    }

    /// <summary>
    /// One-hot encoding: adds a dimension of size <paramref name="depth"/> at <paramref name="axis"/> (default last).
    /// Index i gets on_value (default 1) at position i and off_value (default 0) elsewhere; negative or out-of-range
    /// indices give an all-off row. The dtype is TF 1.x's: <paramref name="dtype"/> if given, else that of on_value or
    /// off_value as literals convert (an int gives int32, a double float32), else float32; a value whose dtype differs
    /// from <paramref name="dtype"/>, or on and off values of two dtypes, are a TypeError, as in TF 1.x.
    /// on_value and off_value may be scalar tensors: a value known when the graph is built (a constant) is used as a
    /// number; one known only at run time (a placeholder) selects between the two with tf.where, which gives the same
    /// values but more op ids than TF's single OneHot op (it takes them as inputs), so random ops created after it
    /// get other seeds than in TF.
    /// </summary>
    public Tensor one_hot(object indices, int depth, object? on_value = null, object? off_value = null, int axis = -1,
        TF_DataType dtype = TF_DataType.DtInvalid, string? name = null)
    {
        Tensor? onT = RunTimeScalar(on_value, "on_value"), offT = RunTimeScalar(off_value, "off_value");
        if (onT is not null || offT is not null)
        {
            // TF's OneHot reads them when it runs: select between them where a one-hot of 1s and 0s is set.
            var onTensor = onT ?? OpHelpers.ToTensor(on_value ?? 1, "tf.one_hot", (offT ?? onT)!.dtype);
            var offTensor = offT ?? OpHelpers.ToTensor(off_value ?? 0, "tf.one_hot", onTensor.dtype);
            if (onTensor.dtype != offTensor.dtype)
                throw new TypeError($"tf.one_hot: dtype {onTensor.dtype.as_numpy_name()} of on_value does not match dtype {offTensor.dtype.as_numpy_name()} of off_value. - help: give both as ints or both as floats.");
            if (dtype != TF_DataType.DtInvalid && onTensor.dtype != dtype)
                throw new TypeError($"tf.one_hot: dtype {onTensor.dtype.as_numpy_name()} of on_value does not match dtype parameter {dtype.as_numpy_name()}. - help: leave dtype out.");
            var tf = Binding.tf;
            var mask = tf.cast(one_hot(indices, depth, 1, 0, axis, TF_DataType.TF_INT32, name), TF_DataType.TF_BOOL);
            var zeros = tf.zeros_like(tf.cast(mask, onTensor.dtype));
            return tf.where(mask, tf.add(zeros, onTensor), tf.add(zeros, offTensor));
        }
        var on = OneHotValue(on_value, "on_value");
        var off = OneHotValue(off_value, "off_value");
        if (on is not null && off is not null && on.dtype != off.dtype)
            throw new TypeError($"tf.one_hot: dtype {on.dtype.as_numpy_name()} of on_value does not match dtype {off.dtype.as_numpy_name()} of off_value. - help: give both as ints or both as floats.");
        foreach (var (v, what) in new[] { (on, "on_value"), (off, "off_value") })
            if (v is not null && dtype != TF_DataType.DtInvalid && v.dtype != dtype)
                throw new TypeError($"tf.one_hot: dtype {v.dtype.as_numpy_name()} of {what} does not match dtype parameter {dtype.as_numpy_name()}. - help: write the value in that dtype (e.g. 1.0 for float32), or leave dtype out.");
        if (dtype == TF_DataType.DtInvalid) dtype = on?.dtype ?? off?.dtype ?? TF_DataType.TF_FLOAT;
        var t = OpHelpers.ToTensor(indices, "tf.one_hot");
        if (!(t.dtype is TF_DataType.TF_INT32 or TF_DataType.TF_INT64 or TF_DataType.TF_UINT8))
            throw new TypeError($"tf.one_hot: indices must be integers (int32, int64 or uint8), not {t.dtype.as_numpy_name()}. - help: tf.one_hot(tf.cast(indices, tf.int32), depth).");
        if (depth < 0)
            throw new InvalidArgumentError($"tf.one_hot: depth must be non-negative, got {depth}.");
        int rank = axis == -1 ? t.ndim : nn_api.RankOrThrow(t, "tf.one_hot", "the axis");
        if (axis < -1 || axis > rank)
            throw new ValueError($"tf.one_hot: axis {axis} is out of range for indices of rank {rank}: it must be -1 or in [0, {rank}]. - help: -1 puts the one-hot dimension last.");
        dtype.ClrType();
        return ArrayOps.OneHot.Build("tf.one_hot", name ?? "one_hot", [t], new OneHotAttr(depth, OneHotScalar(on, 1, dtype), OneHotScalar(off, 0, dtype), axis, dtype)).outputs[0];
    }

    /// <summary>one_hot's on or off value as a 0-d array of the output dtype (its own dtype was checked to be it), or the default.</summary>
    private static NDArray OneHotScalar(NDArray? value, double otherwise, TF_DataType dtype) =>
        value is null ? FillAttr.ScalarOf(otherwise, dtype) : new NDArray(ValueConverter.Cast(value, dtype).Storage, Array.Empty<long>());

    // A tensor on_value/off_value whose value is known only when the graph runs (a constant's is used as a number).
    private static Tensor? RunTimeScalar(object? value, string what)
    {
        if (value is not (Tensor or ITensorConvertible)) return null;
        var t = OpHelpers.ToTensor(value, "tf.one_hot");
        if (t.shape.IsRankKnown && t.ndim != 0)
            throw new ValueError($"tf.one_hot: {what} must be a scalar, got shape {OpHelpers.Fmt(t.shape)}. - help: pass one number.");
        return ConstantValue.Of(t) is null ? t : null;
    }

    private static NDArray? OneHotValue(object? value, string what)
    {
        if (value is null) return null;
        var nd = value is Tensor or ITensorConvertible
            ? ConstantValue.Of(OpHelpers.ToTensor(value, "tf.one_hot"))!  // known when built (RunTimeScalar took the others)
            : ValueConverter.ToNDArray(value, ValueConverter.Rules.TensorFlow, TF_DataType.DtInvalid, "tf.one_hot");
        if (nd.size != 1) throw new ValueError($"tf.one_hot: {what} must be a scalar, got shape {nd.shape}. - help: pass one number.");
        return nd;
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
            if (t.dtype != first.dtype)
                throw new TypeError($"tf.stack: all values must have one dtype, but {first.name} is {first.dtype.as_numpy_name()} and {t.name} is {t.dtype.as_numpy_name()}. - help: tf.cast them to one dtype first.");
        int rank = ts.Select(t => t.ndim).FirstOrDefault(r => r >= 0, -1);
        if (rank < 0) throw new ValueError("tf.stack: the rank of every value is unknown, so the axis cannot be resolved. - help: give one of the placeholders a shape.");
        int a = OpHelpers.Axis("tf.stack", axis, rank + 1);
        return ArrayOps.Pack.Build("tf.stack", name ?? "stack", ts, new AxisAttr(a)).outputs[0];
    }

    /// <summary>Splits a tensor along <paramref name="axis"/> into tensors of one rank less.</summary>
    public Tensor[] unstack(object value, int? num = null, int axis = 0, string? name = null)
    {
        var t = OpHelpers.ToTensor(value, "tf.unstack");
        int rank = nn_api.RankOrThrow(t, "tf.unstack", "the axis");
        if (rank == 0) throw new ValueError("tf.unstack: cannot unstack a scalar. - help: pass a tensor of rank >= 1.");
        int a = OpHelpers.Axis("tf.unstack", axis, rank);
        long n = num ?? t.shape[a];
        if (n < 0) throw new ValueError($"tf.unstack: the size of axis {a} is unknown in {OpHelpers.Fmt(t.shape)}. - help: pass num.");
        if (t.shape[a] >= 0 && n != t.shape[a]) throw new ValueError($"tf.unstack: num {n} differs from the size {t.shape[a]} of axis {a}. - help: leave num out, or pass the axis' size.");
        return ArrayOps.Unpack.Build("tf.unstack", name ?? "unstack", [t], new UnpackAttr(a, (int)n)).outputs;
    }

    /// <summary>Joins tensors along an existing axis.</summary>
    public Tensor concat(IEnumerable<object> values, int axis, string? name = null)
    {
        var ts = values.Select(v => OpHelpers.ToTensor(v, "tf.concat")).ToArray();
        if (ts.Length == 0) throw new ValueError("tf.concat: needs at least one tensor.");
        var first = ts[0];
        foreach (var t in ts.Skip(1))
            if (t.dtype != first.dtype)
                throw new TypeError($"tf.concat: all values must have one dtype, but {first.name} is {first.dtype.as_numpy_name()} and {t.name} is {t.dtype.as_numpy_name()}. - help: tf.cast them to one dtype first.");
        int rank = ts.Select(t => t.ndim).FirstOrDefault(r => r >= 0, -1);
        if (rank < 0) throw new ValueError("tf.concat: the rank of every value is unknown, so the axis cannot be resolved. - help: give one of the placeholders a shape.");
        if (rank == 0) throw new ValueError("tf.concat: cannot concatenate scalars. - help: use tf.stack.");
        int a = OpHelpers.Axis("tf.concat", axis, rank);
        return ArrayOps.Concat.Build("tf.concat", name ?? "concat", ts, new AxisAttr(a)).outputs[0];
    }

    /// <summary>The same value as a new node (TF's Identity; gradients flow through it).</summary>
    public Tensor identity(object input, string? name = null)
    {
        var t = OpHelpers.ToTensor(input, "tf.identity");
        return StateOps.Identity.Build("tf.identity", name ?? "Identity", [t]).outputs[0];
    }

    /// <summary>The same value, through which no gradient flows (TF's StopGradient: tf.gradients treats it as a constant).</summary>
    public Tensor stop_gradient(object input, string? name = null)
    {
        var t = OpHelpers.ToTensor(input, "tf.stop_gradient");
        return ArrayOps.StopGradient.Build("tf.stop_gradient", name ?? "StopGradient", [t]).outputs[0];
    }

    /// <summary>A tensor of ones with the shape and (by default) the dtype of <paramref name="tensor"/>.</summary>
    public Tensor ones_like(object tensor, TF_DataType dtype = TF_DataType.DtInvalid, string? name = null) => Like(ArrayOps.OnesLike, "ones_like", tensor, dtype, 1, name);

    /// <summary>A tensor of zeros with the shape and (by default) the dtype of <paramref name="tensor"/>.</summary>
    public Tensor zeros_like(object tensor, TF_DataType dtype = TF_DataType.DtInvalid, string? name = null) => Like(ArrayOps.ZerosLike, "zeros_like", tensor, dtype, 0, name);

    /// <summary>A tensor of ones (float32 unless <paramref name="dtype"/> says otherwise).</summary>
    public Tensor ones(Shape shape, TF_DataType dtype = TF_DataType.TF_FLOAT, string? name = null) => Filled(shape, dtype, 1, name ?? "ones");

    /// <summary>A tensor of zeros (float32 unless <paramref name="dtype"/> says otherwise).</summary>
    public Tensor zeros(Shape shape, TF_DataType dtype = TF_DataType.TF_FLOAT, string? name = null) => Filled(shape, dtype, 0, name ?? "zeros");

    private static Tensor Like(OpDef def, string fn, object tensor, TF_DataType dtype, double value, string? name)
    {
        var t = OpHelpers.ToTensor(tensor, "tf." + fn);
        var dt = dtype == TF_DataType.DtInvalid ? t.dtype : dtype;
        def.RequireDType("tf." + fn, dt, "the dtype");
        return def.Build("tf." + fn, name ?? fn, [t], FillAttr.Of(value, dt)).outputs[0];
    }

    private static Tensor Filled(Shape shape, TF_DataType dtype, double value, string name)
    {
        if (shape.DynamicSource is not null) return DynamicFill(shape, dtype, value, "tf." + name, name);
        OpHelpers.RequireNoNegativeDims("tf." + name, shape);
        if (!shape.IsFullyDefined)
            throw new ValueError($"tf.{name}: the shape {OpHelpers.Fmt(shape)} must be fully known (no -1/None). - help: give every dimension, or use tf.{name}_like(x) for the shape of a tensor.");
        dtype.ClrType();
        ArrayOps.Fill.RequireDType("tf." + name, dtype, "the dtype");
        return ArrayOps.Fill.Build("tf." + name, name, [], FillAttr.Of(value, dtype, shape.dims)).outputs[0];
    }
}

/// <summary>Shapes and array manipulation (TF's array_ops kernels, array_grad.py gradients).</summary>
[OpFamily("array")]
internal static class ArrayOps
{
    private static readonly tensorflow tf = Binding.tf;

    public static readonly OpDef Shape = new("Shape")
    {
        Inputs = ["input"],
        Attribute = typeof(DTypeAttr),
        Functions = ["tf.shape"],
        DTypes = DTypeSet.All,
        Infer = c => [(c.Shapes[0].IsRankKnown ? new Shape(c.Shapes[0].ndim) : new Shape(-1L), c.A<DTypeAttr>().DType)],
        ChecksShapesAtRunTime = false,
        Managed = (op, x) => [ManagedKernels.Ints(x[0].Dims.ToArray(), op.outputs[0].dtype, [x[0].ndim])],
        NotDifferentiable = true,
    };

    public static readonly OpDef Rank = new("Rank")
    {
        Inputs = ["input"],
        Functions = ["tf.rank"],
        DTypes = DTypeSet.All,
        Infer = _ => [(Bridge.Shape.Scalar, TF_DataType.TF_INT32)],
        ChecksShapesAtRunTime = false,
        Managed = (op, x) => [ManagedKernels.Ints([x[0].ndim], op.outputs[0].dtype, [])],
        NotDifferentiable = true,
    };

    public static readonly OpDef Size = new("Size")
    {
        Inputs = ["input"],
        Attribute = typeof(DTypeAttr),
        Functions = ["tf.size"],
        DTypes = DTypeSet.All,
        Infer = c => [(Bridge.Shape.Scalar, c.A<DTypeAttr>().DType)],
        ChecksShapesAtRunTime = false,
        Managed = (op, x) => [ManagedKernels.Ints([x[0].size], op.outputs[0].dtype, [])],
        NotDifferentiable = true,
    };

    public static readonly OpDef Reshape = new("Reshape")
    {
        Inputs = ["tensor"],
        Attribute = typeof(ShapeAttr),
        Functions = ["tf.reshape"],
        DTypes = DTypeSet.All,
        TfOpIds = 2,
        TfOpIdsReason = "a Const for the new shape, then Reshape",
        Infer = c => [(tensorflow.ReshapeTarget(c.Shapes[0], c.A<ShapeAttr>().Dims), c.DTypes[0])],
        Managed = (op, x) => [ManagedKernels.Reshape(x[0], ((ShapeAttr)op.Attr!).Dims)],
        Gradient = (op, dy) => [ReshapeLikeInput(op, dy[0]!)],
    };

    public static readonly OpDef Squeeze = new("Squeeze")
    {
        Inputs = ["input"],
        Attribute = typeof(SqueezeAttr),
        Functions = ["tf.squeeze"],
        DTypes = DTypeSet.All,
        Infer = c => [(SqueezedShape(c), c.DTypes[0])],
        Managed = (op, x) => [ManagedKernels.Squeeze(x[0], ((SqueezeAttr)op.Attr!).Axes)],
        Gradient = (op, dy) => [ReshapeLikeInput(op, dy[0]!)],
    };

    public static readonly OpDef ExpandDims = new("ExpandDims")
    {
        Inputs = ["input"],
        Attribute = typeof(AxisAttr),
        Functions = ["tf.expand_dims"],
        DTypes = DTypeSet.All,
        TfOpIds = 2,
        TfOpIdsReason = "a Const for the axis, then ExpandDims",
        Infer = c => [(Inserted(c.Shapes[0], c.A<AxisAttr>().Axis, 1), c.DTypes[0])],
        ChecksShapesAtRunTime = false,
        Managed = (op, x) => [ManagedKernels.ExpandDims(x[0], ((AxisAttr)op.Attr!).Axis)],
        Gradient = (op, dy) => [ReshapeLikeInput(op, dy[0]!)],
    };

    public static readonly OpDef Transpose = new("Transpose")
    {
        Inputs = ["x"],
        Attribute = typeof(PermAttr),
        Functions = ["tf.transpose"],
        DTypes = DTypeSet.All,
        TfOpIds = 2,
        TfOpIdsReason = "a Const for perm, then Transpose (without perm TF 1.x computes it with Rank, Range and Sub: 6 more)",
        Infer = c =>
        {
            var perm = c.A<PermAttr>().Perm;
            var s = c.Shapes[0];
            if (!s.IsRankKnown) return [(Bridge.Shape.OfRank(perm.Length), c.DTypes[0])];
            if (s.ndim != perm.Length)
                throw new ValueError($"{c.Fn}: perm has {perm.Length} entries but the input {OpHelpers.Fmt(s)} has rank {s.ndim}. - help: give one entry per dimension.");
            return [(new Shape(perm.Select(p => s[p]).ToArray()), c.DTypes[0])];
        },
        Managed = (op, x) => [ManagedKernels.Transpose(x[0], ((PermAttr)op.Attr!).Perm)],
        Gradient = (op, dy) =>
        {
            var perm = ((PermAttr)op.Attr!).Perm;
            var inverse = new int[perm.Length];
            for (int i = 0; i < perm.Length; i++) inverse[perm[i]] = i;
            return [tf.transpose(dy[0]!, inverse)];
        },
    };

    public static readonly OpDef OneHot = new("OneHot")
    {
        Inputs = ["indices"],
        Attribute = typeof(OneHotAttr),
        Functions = ["tf.one_hot"],
        DTypes = DTypeSet.Of(TF_DataType.TF_INT32, TF_DataType.TF_INT64, TF_DataType.TF_UINT8),
        TfOpIds = 4,
        TfOpIdsReason = "Consts for depth, on_value and off_value, then OneHot",
        Infer = c =>
        {
            var a = c.A<OneHotAttr>();
            var s = c.Shapes[0];
            return [(s.IsRankKnown ? Inserted(s, a.Axis == -1 ? s.ndim : a.Axis, a.Depth) : Bridge.Shape.Unknown, a.DType)];
        },
        ChecksShapesAtRunTime = false,
        Managed = (op, x) => [ManagedKernels.OneHot(x[0], (OneHotAttr)op.Attr!)],
        NotDifferentiable = true,
    };

    public static readonly OpDef Pack = new("Pack")
    {
        Inputs = ["*values"],
        Attribute = typeof(AxisAttr),
        Functions = ["tf.stack"],
        DTypes = DTypeSet.All,
        Infer = c => [(Inserted(Common(c, "tf.stack"), c.A<AxisAttr>().Axis, c.Shapes.Length), c.DTypes[0])],
        Managed = (op, x) => [ManagedKernels.Pack(x, ((AxisAttr)op.Attr!).Axis)],
        Gradient = (op, dy) => tf.unstack(dy[0]!, num: op.Inputs.Length, axis: ((AxisAttr)op.Attr!).Axis),
    };

    public static readonly OpDef Unpack = new("Unpack")
    {
        Inputs = ["value"],
        Attribute = typeof(UnpackAttr),
        Functions = ["tf.unstack"],
        DTypes = DTypeSet.All,
        Infer = c =>
        {
            var a = c.A<UnpackAttr>();
            var s = c.Shapes[0];
            if (c.RunTime && s[a.Axis] != a.Num)
                throw new InvalidArgumentError($"{c.Fn}: the input {OpHelpers.Fmt(s)} has {s[a.Axis]} values along axis {a.Axis}, but the graph unstacks {a.Num}. - help: feed a value with {a.Num} along that axis.");
            var dims = Enumerable.Range(0, s.ndim).Where(i => i != a.Axis).Select(i => s[i]).ToArray();
            return Enumerable.Range(0, a.Num).Select(_ => (new Shape(dims), c.DTypes[0])).ToArray();
        },
        Managed = (op, x) => ManagedKernels.Unpack(x[0], ((UnpackAttr)op.Attr!).Axis),
        // TF's _UnpackGrad: the output gradients stacked back; outputs nothing depends on give zeros.
        Gradient = (op, dy) => [tf.stack(dy.Select((g, i) => g ?? tf.zeros_like(op.outputs[i])).ToArray(), axis: ((UnpackAttr)op.Attr!).Axis)],
    };

    public static readonly OpDef Concat = new("Concat")
    {
        Inputs = ["*values"],
        Attribute = typeof(AxisAttr),
        Functions = ["tf.concat"],
        DTypes = DTypeSet.All,
        TfOpIds = 2,
        TfOpIdsReason = "a Const for the axis, then ConcatV2",
        Infer = c => [(Concatenated(c), c.DTypes[0])],
        Managed = (op, x) => [ManagedKernels.Concat(x, ((AxisAttr)op.Attr!).Axis)],
        // TF's _ConcatGrad: each input gets its slice of the gradient along the axis.
        Gradient = (op, dy) => op.Inputs.Select((x, i) => (Tensor?)GradientOps.ConcatSlice.Build("tf.gradients", "Slice", [dy[0]!, .. op.Inputs], new ConcatSliceAttr(((AxisAttr)op.Attr!).Axis, i)).outputs[0]).ToArray(),
        Differences = "op type Concat (TF 1.x: ConcatV2, with the axis as an input)",
    };

    public static readonly OpDef StopGradient = new("StopGradient")
    {
        Inputs = ["input"],
        Functions = ["tf.stop_gradient"],
        DTypes = DTypeSet.All,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [x[0]],
        NotDifferentiable = true, // TF: ops.NotDifferentiable("StopGradient")
    };

    public static readonly OpDef OnesLike = Like("OnesLike", "tf.ones_like");
    public static readonly OpDef ZerosLike = Like("ZerosLike", "tf.zeros_like");

    public static readonly OpDef Fill = new("Fill")
    {
        Inputs = [],
        Attribute = typeof(FillAttr),
        Functions = ["tf.ones", "tf.zeros"],
        DTypes = DTypeSet.Pod,
        TfOpIdsReason = "TF 1.x makes a small tf.ones/tf.zeros one Const",
        Infer = c => [(new Shape(c.A<FillAttr>().Dims!), c.A<FillAttr>().DType)],
        Managed = (op, _) => [ManagedKernels.Full(((FillAttr)op.Attr!).Dims!, (FillAttr)op.Attr!)],
        NotDifferentiable = true,
        Differences = "op type Fill for what TF 1.x builds as a Const (or Fill when large)",
    };

    public static readonly OpDef StridedSlice = new("StridedSlice")
    {
        Inputs = ["input"],
        Attribute = typeof(StridedSliceAttr),
        Functions = ["tf.strided_slice", "Tensor[...]"],
        DTypes = DTypeSet.All,
        TfOpIds = 4,
        TfOpIdsReason = "Consts for begin, end and strides, then StridedSlice",
        Infer = c =>
        {
            var r = ArrayOps2.ResolveStridedSlice(c.Fn, c.Shapes[0], c.A<StridedSliceAttr>(), c.RunTime);
            return [(r is null ? Bridge.Shape.Unknown : new Shape(r.FinalDims), c.DTypes[0])];
        },
        Managed = (op, x) =>
        {
            var map = ArrayOps2.Map(op.Def, op.Attr, x[0].Dims.ToArray(), null, "tf.strided_slice", out var dims);
            return [ManagedKernels.Take(x[0], map, dims)];
        },
        // TF's _StridedSliceGrad: StridedSliceGrad places the gradient where the slice came from, zeros elsewhere.
        Gradient = (op, dy) => [GradientOps.StridedSliceGrad.Build("tf.gradients", "StridedSliceGrad", [dy[0]!, op.Inputs[0]], op.Attr).outputs[0]],
    };

    private static OpDef Like(string type, string fn) => new(type)
    {
        Inputs = ["tensor"],
        Attribute = typeof(FillAttr),
        Functions = [fn],
        DTypes = DTypeSet.Pod,
        Infer = c => [(c.Shapes[0], c.A<FillAttr>().DType)],
        ChecksShapesAtRunTime = false,
        Managed = (op, x) => [ManagedKernels.Full(x[0].Dims.ToArray(), (FillAttr)op.Attr!)],
        NotDifferentiable = true,
    };

    private static Tensor ReshapeLikeInput(Operation op, Tensor g) =>
        GradientOps.ReshapeLike.Build("tf.gradients", "Reshape_grad", [g, op.Inputs[0]]).outputs[0];

    /// <summary><paramref name="s"/> with a dimension of size <paramref name="size"/> inserted at <paramref name="axis"/>.</summary>
    private static Shape Inserted(Shape s, int axis, long size)
    {
        if (!s.IsRankKnown) return Bridge.Shape.Unknown;
        var dims = s.dims.ToList();
        dims.Insert(axis, size);
        return new Shape(dims.ToArray());
    }

    private static Shape SqueezedShape(OpContext c)
    {
        var s = c.Shapes[0];
        var axes = c.A<SqueezeAttr>().Axes;
        if (!s.IsRankKnown) return Bridge.Shape.Unknown;
        foreach (var a in axes)
            if (s[a] >= 0 && s[a] != 1)
                throw new ValueError($"{c.Fn}: cannot squeeze axis {a}: its size is {s[a]}, not 1 (input shape {OpHelpers.Fmt(s)}). - help: squeeze only axes of size 1, or use tf.reshape.");
        // Which unknown dimensions are 1 is only known when the graph runs (TF: a shape of unknown rank).
        if (axes.Length == 0 && !s.IsFullyDefined) return Bridge.Shape.Unknown;
        return new Shape(Enumerable.Range(0, s.ndim).Where(i => axes.Length == 0 ? s[i] != 1 : Array.IndexOf(axes, i) < 0).Select(i => s[i]).ToArray());
    }

    /// <summary>The one shape all inputs share (what each says where others do not know); stack needs them all equal.</summary>
    private static Shape Common(OpContext c, string what)
    {
        var merged = c.Shapes[0];
        for (int i = 1; i < c.Shapes.Length; i++)
        {
            var next = merged.MergeWith(c.Shapes[i]);
            if (next is null)
            {
                var message = $"{c.Fn}: all values must have one shape, but value 0 is {OpHelpers.Fmt(c.Shapes[0])} and value {i} is {OpHelpers.Fmt(c.Shapes[i])}. - help: reshape them to one shape before {what}.";
                throw c.RunTime ? new InvalidArgumentError(message) : new ValueError(message);
            }
            merged = next;
        }
        return merged;
    }

    private static Shape Concatenated(OpContext c)
    {
        int a = c.A<AxisAttr>().Axis;
        Shape? first = null;
        var dims = Array.Empty<long>();
        foreach (var s in c.Shapes)
        {
            if (!s.IsRankKnown) { if (first is not null) dims[a] = -1; continue; }
            if (first is null) { first = s; dims = s.dims; continue; }
            if (s.ndim != first.ndim)
                throw Error(c, $"{c.Fn}: all values must have one rank, but {OpHelpers.Fmt(first)} and {OpHelpers.Fmt(s)} differ. - help: reshape them to one rank.");
            for (int i = 0; i < dims.Length; i++)
            {
                if (i == a) dims[i] = dims[i] < 0 || s[i] < 0 ? -1 : dims[i] + s[i];
                else if (dims[i] >= 0 && s[i] >= 0 && dims[i] != s[i])
                    throw Error(c, $"{c.Fn}: dimension {i} differs: {OpHelpers.Fmt(first)} and {OpHelpers.Fmt(s)}; only axis {a} may differ. - help: make the other dimensions equal.");
                else if (dims[i] < 0) dims[i] = s[i];
            }
        }
        if (first is null) return Bridge.Shape.Unknown;
        if (c.Shapes.Any(s => !s.IsRankKnown)) dims[a] = -1;
        return new Shape(dims);
    }

    private static BridgeException Error(OpContext c, string message) => c.RunTime ? new InvalidArgumentError(message) : new ValueError(message);
}

/// <summary>Squeeze: the axes to drop (empty: every size-1 axis).</summary>
internal sealed record SqueezeAttr(int[] Axes);

/// <summary>Transpose: the permutation.</summary>
internal sealed record PermAttr(int[] Perm);

/// <summary>
/// one_hot: depth, on and off values (0-d arrays of the output dtype: exact, where a double would round an int64
/// beyond 2^53), output axis (-1: last), output dtype.
/// </summary>
internal sealed record OneHotAttr(int Depth, NDArray On, NDArray Off, int Axis, TF_DataType DType);

/// <summary>
/// Fill: the value (a 0-d array of DType: exact for every dtype, where a double would round an int64 beyond 2^53) of
/// fill/ones/zeros/ones_like/zeros_like; the shape for fill/ones/zeros (the *_like ops take their input's).
/// </summary>
internal sealed record FillAttr(NDArray Value, TF_DataType DType, long[]? Dims = null)
{
    /// <summary>A fill of <paramref name="value"/> (0, 1, or a float) converted to <paramref name="dtype"/>.</summary>
    internal static FillAttr Of(double value, TF_DataType dtype, long[]? dims = null) => new(ScalarOf(value, dtype), dtype, dims);

    /// <summary><paramref name="value"/> as a 0-d array of <paramref name="dtype"/>.</summary>
    internal static NDArray ScalarOf(double value, TF_DataType dtype) => ValueConverter.Cast(new NDArray(new[] { value }), dtype);
}

/// <summary>unstack: the axis and how many outputs.</summary>
internal sealed record UnpackAttr(int Axis, int Num);

/// <summary>reshape: the target shape (with at most one -1, resolved when the input's size is known).</summary>
internal sealed record ShapeAttr(long[] Dims);
