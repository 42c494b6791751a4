using Bridge.Kernels;

namespace Bridge;

// Sequences, slicing, gathering, splitting, tiling, padding, reversing and broadcasting (TF 1.x's array_ops.py and
// math_ops.range; kernels in ManagedKernels.Array2.cs; gradients as array_grad.py's, dense where TF's are
// IndexedSlices).
public sealed partial class tensorflow
{
    /// <summary>TF's <c>tf.newaxis</c> (Python's None in a slice): a new dimension of size 1, e.g. <c>x[tf.newaxis, ..]</c>.</summary>
    public object newaxis => SliceSpec.NewAxis;

    /// <summary>Python's <c>...</c> (Ellipsis) in a slice, for C#: as many full slices as the other entries leave, e.g. <c>x[tf.ellipsis, 0]</c>.</summary>
    public object ellipsis => SliceSpec.Ellipsis;

    /// <summary>A Python slice <c>start:stop:step</c> for C# indexers (null: omitted), e.g. <c>x[tf.s(null, null, 2)]</c> is <c>x[::2]</c>.</summary>
    public SliceSpec s(long? start = null, long? stop = null, long? step = null) => new(start, stop, step);

    /// <summary>
    /// TF 1.x's tf.range: start, start + delta, ... up to but not including limit (<c>tf.range(5)</c> is 0..4). The
    /// dtype is <paramref name="dtype"/>, else the widest of the arguments' in int32 &lt; int64 &lt; float32 &lt; float64
    /// (C# ints give int32, doubles float32, as TF's Python numbers). Values accumulate in the dtype (TF's kernel adds
    /// delta each step). delta 0, or a delta whose sign points away from limit, is TF's error. Arguments may be
    /// tensors whose value is known when the graph is built.
    /// </summary>
    public Tensor range(object start, object? limit = null, object? delta = null, TF_DataType dtype = TF_DataType.DtInvalid, string? name = null)
    {
        const string fn = "tf.range";
        if (limit is null) (start, limit) = (0, start);
        delta ??= 1;
        TF_DataType[] hierarchy = [TF_DataType.TF_INT32, TF_DataType.TF_INT64, TF_DataType.TF_FLOAT, TF_DataType.TF_DOUBLE];
        if (new[] { start, limit, delta }.Any(v => v is Tensor or ITensorConvertible && ConstantValue.Scalar(v, fn, "an argument") is null))
            return DynamicRange(start, limit, delta, dtype, name, hierarchy);
        var args = new[] { (start, "start"), (limit, "limit"), (delta, "delta") }.Select(p => (v: ConstantValue.Scalar(p.Item1, fn, p.Item2)!, what: p.Item2)).ToArray();
        bool inferred = dtype == TF_DataType.DtInvalid;
        if (inferred)
        {
            foreach (var (v, what) in args)
                if (Array.IndexOf(hierarchy, v.dtype) < 0)
                    throw new TypeError($"{fn}: {what} has dtype {v.dtype.as_numpy_name()}; TF 1.x's range infers its dtype from int32, int64, float32 and float64 only. - help: pass dtype=, or numbers.");
            dtype = args.Select(a => a.v.dtype).MaxBy(d => Array.IndexOf(hierarchy, d));
        }
        ArrayOps2.Range.RequireDType(fn, dtype, "the dtype");
        // The values as the dtype holds them (TF converts each argument to it first).
        double Conv(NDArray v) => ValueConverter.Cast(v, dtype).GetDouble(0);
        var a = new RangeAttr(Conv(args[0].v), Conv(args[1].v), Conv(args[2].v), dtype);
        // TF 1.x: Consts start, limit and delta, then Range; casts where an argument's dtype is not the inferred one.
        int casts = inferred ? args.Count(x => x.v.dtype != dtype) : 0;
        return ArrayOps2.Range.Build(fn, name ?? "range", [], a, extraTfOpIds: casts).outputs[0];
    }

    // TF's Range with an argument known only at run time (tf.range(tf.shape(x)[0]) of a placeholder x).
    private Tensor DynamicRange(object start, object limit, object delta, TF_DataType dtype, string? name, TF_DataType[] hierarchy)
    {
        const string fn = "tf.range";
        var ts = new[] { start, limit, delta }.Select(v => v is Tensor or ITensorConvertible ? OpHelpers.ToTensor(v, fn) : null).ToArray();
        var named = new[] { "start", "limit", "delta" };
        for (int i = 0; i < 3; i++)
            if (ts[i] is { } t && t.shape.IsRankKnown && t.ndim != 0)
                throw new ValueError($"{fn}: {named[i]} must be a scalar, but '{t.name}' has shape {OpHelpers.Fmt(t.shape)}. - help: pass one number.");
        if (dtype == TF_DataType.DtInvalid)
        {
            var dts = new[] { start, limit, delta }.Select((v, i) => ts[i]?.dtype ?? ConstantValue.Scalar(v, fn, named[i])!.dtype).ToArray();
            for (int i = 0; i < 3; i++)
                if (Array.IndexOf(hierarchy, dts[i]) < 0)
                    throw new TypeError($"{fn}: {named[i]} has dtype {dts[i].as_numpy_name()}; TF 1.x's range infers its dtype from int32, int64, float32 and float64 only. - help: pass dtype=, or numbers.");
            dtype = dts.MaxBy(d => Array.IndexOf(hierarchy, d));
        }
        ArrayOps2.DynamicRange.RequireDType(fn, dtype, "the dtype");
        var inputs = new Tensor[3];
        for (int i = 0; i < 3; i++)
        {
            var t = ts[i] ?? OpHelpers.ToTensor(new[] { start, limit, delta }[i], fn, dtype);
            if (t.dtype != dtype)
            {
                if (ts[i] is not null && !(ts[i]!.dtype is TF_DataType.TF_INT32 or TF_DataType.TF_INT64 or TF_DataType.TF_FLOAT or TF_DataType.TF_DOUBLE))
                    throw new TypeError($"{fn}: {named[i]} has dtype {t.dtype.as_numpy_name()}. - help: tf.cast it to {dtype.as_numpy_name()}.");
                t = cast(t, dtype);
            }
            inputs[i] = t;
        }
        return ArrayOps2.DynamicRange.Build(fn, name ?? "range", inputs).outputs[0];
    }

    /// <summary>
    /// TF 1.0's tf.linspace (LinSpace): <paramref name="num"/> evenly spaced values from start to stop, computed as
    /// TF 1.0's kernel does, start + step * i with step = (stop - start) / (num - 1) in the dtype (float32 for C#
    /// doubles/floats, float64 for NDArrays of doubles). TF 1.15 sets the last value to stop exactly; TF 1.0, which the
    /// course's labs ran, does not, and neither does Bridge.
    /// </summary>
    public Tensor linspace(object start, object stop, object num, string? name = null)
    {
        const string fn = "tf.linspace";
        var s0 = ConstantValue.Scalar(start, fn, "start") ?? throw new ValueError($"{fn}: start must be known when the graph is built. - help: pass a number.");
        var s1 = ConstantValue.Scalar(stop, fn, "stop") ?? throw new ValueError($"{fn}: stop must be known when the graph is built. - help: pass a number.");
        long n = ConstantValue.Int(num, fn, "num");
        var dtype = s0.dtype;
        if (s1.dtype != dtype)
            throw new TypeError($"{fn}: start is {dtype.as_numpy_name()} but stop is {s1.dtype.as_numpy_name()}; LinSpace takes one dtype. - help: write both as floats.");
        ArrayOps2.LinSpace.RequireDType(fn, dtype, "start");
        if (n <= 0) throw new ValueError($"{fn}: Requires num > 0: {n}. - help: ask for at least one value.");
        return ArrayOps2.LinSpace.Build(fn, name ?? "LinSpace", [], new LinSpaceAttr(s0.GetDouble(0), s1.GetDouble(0), (int)n, dtype)).outputs[0];
    }

    /// <summary><see cref="linspace"/> under its TF alias.</summary>
    public Tensor lin_space(object start, object stop, object num, string? name = null) => linspace(start, stop, num, name);

    /// <summary>
    /// TF's tf.fill: a tensor of shape <paramref name="dims"/> filled with the scalar <paramref name="value"/>, of the
    /// value's dtype (C# int: int32, double: float32, bool). dims may be a tensor whose value is known when the graph
    /// is built (tf.shape(y) of a fully known y). A value that is a tensor known only at run time gives zeros of dims
    /// plus the value (the gradient then reaches the value, as TF's _FillGrad).
    /// </summary>
    public Tensor fill(object dims, object value, string? name = null)
    {
        const string fn = "tf.fill";
        if (dims is Tensor or ITensorConvertible || (dims is System.Collections.IEnumerable list and not string && list.Cast<object>().Any(d => d is Tensor or ITensorConvertible)))
        {
            var dynamic = ConstantValue.ShapeArg(dims, fn);
            if (dynamic.DynamicSource is not null)
            {
                var sv = ConstantValue.Scalar(value, fn, "value") ?? throw new ValueError($"{fn}: with dims known only at run time, Bridge needs the value known when the graph is built. - help: pass a number.");
                ArrayOps.Fill.RequireDType(fn, sv.dtype, "the value");
                return DynamicFill(dynamic, sv.dtype, sv.GetDouble(0), fn, name ?? "Fill");
            }
            dims = dynamic.dims;
        }
        var shape = ConstantValue.Ints(dims, fn, "dims");
        if (shape.Any(d => d < 0))
            throw new ValueError($"{fn}: dims [{string.Join(", ", shape)}] has a negative dimension. - help: every dimension must be >= 0.");
        var v = ConstantValue.Scalar(value, fn, "value");
        if (v is null)
        {
            var t = OpHelpers.ToTensor(value, fn);
            return add(Filled(new Shape(shape), t.dtype, 0, "zeros"), t, name: name ?? "Fill");
        }
        ArrayOps.Fill.RequireDType(fn, v.dtype, "the value");
        // TF 1.x: Const(dims), Const(value), Fill.
        return ArrayOps.Fill.Build(fn, name ?? "Fill", [], new FillAttr(new NDArray(v.Storage, Array.Empty<long>()), v.dtype, shape), extraTfOpIds: 2).outputs[0];
    }

    /// <summary>
    /// TF's tf.convert_to_tensor: a tensor stays itself (its dtype must be <paramref name="dtype"/> if given, else
    /// ValueError as TF); numbers, arrays and NDArrays become a Const (of <paramref name="dtype"/> if given); lists
    /// holding tensors are stacked.
    /// </summary>
    public Tensor convert_to_tensor(object value, TF_DataType dtype = TF_DataType.DtInvalid, string? name = null)
    {
        const string fn = "tf.convert_to_tensor";
        if (value is Tensor or ITensorConvertible)
        {
            var t = OpHelpers.ToTensor(value, fn);
            if (dtype != TF_DataType.DtInvalid && t.dtype != dtype)
                throw new ValueError($"{fn}: Tensor conversion requested dtype {dtype.as_numpy_name()} for Tensor with dtype {t.dtype.as_numpy_name()}: '{t.name}'. - help: tf.cast it instead.");
            return t;
        }
        if (value is System.Collections.IEnumerable and not (string or NDArray)) // lists holding tensors stack
        {
            var t = OpHelpers.ToTensor(value, fn, dtype);
            if (t.op.type != "Const") return t;
        }
        var nd = ValueConverter.ToNDArray(value, ValueConverter.Rules.TensorFlow, dtype, fn);
        return OpHelpers.Constant(nd, Bridge.Graph.Default, name ?? "Const");
    }

    /// <summary>
    /// TF's tf.slice: the block of <paramref name="input_"/> starting at <paramref name="begin"/> of extent
    /// <paramref name="size"/> (-1: everything from begin to the end of that dimension). begin and size are lists of
    /// ints (or tensors known when the graph is built), one entry per dimension; out-of-range entries are TF's error.
    /// </summary>
    public Tensor slice(object input_, object begin, object size, string? name = null)
    {
        const string fn = "tf.slice";
        var t = OpHelpers.ToTensor(input_, fn);
        if (IsRunTimeValue(begin) || IsRunTimeValue(size))
        {
            var bt = IndexVector(begin, fn, "begin");
            var st = IndexVector(size, fn, "size");
            if (bt.shape[0] != st.shape[0])
                throw new ValueError($"{fn}: begin has {bt.shape[0]} entries but size has {st.shape[0]}. - help: give both one entry per dimension of {OpHelpers.Fmt(t.shape)}.");
            return ArrayOps2.DynamicSlice.Build(fn, name ?? "Slice", [t, bt, st]).outputs[0];
        }
        var b = ConstantValue.Ints(begin, fn, "begin");
        var s = ConstantValue.Ints(size, fn, "size");
        if (b.Length != s.Length)
            throw new ValueError($"{fn}: begin has {b.Length} entries but size has {s.Length}. - help: give both one entry per dimension of {OpHelpers.Fmt(t.shape)}.");
        // TF 1.x: Consts begin and size, then Slice.
        return ArrayOps2.Slice.Build(fn, name ?? "Slice", [t], new SliceAttr(b, s)).outputs[0];
    }

    /// <summary>
    /// TF's tf.strided_slice with all its masks: begin, end and strides (lists of ints, or tensors known when the
    /// graph is built, of one length); bit i of begin_mask/end_mask ignores begin[i]/end[i] (the full range),
    /// ellipsis_mask makes entry i an ellipsis, new_axis_mask a new dimension of size 1, shrink_axis_mask takes the
    /// single index begin[i] and drops the dimension. Entries past the list are full slices. Python's <c>x[...]</c>
    /// and C#'s indexers build this op.
    /// </summary>
    public Tensor strided_slice(object input_, object begin, object end, object? strides = null, int begin_mask = 0, int end_mask = 0,
        int ellipsis_mask = 0, int new_axis_mask = 0, int shrink_axis_mask = 0, string? name = null)
    {
        const string fn = "tf.strided_slice";
        var t = OpHelpers.ToTensor(input_, fn);
        if (IsRunTimeValue(begin) || IsRunTimeValue(end) || (strides is not null && IsRunTimeValue(strides)))
            return DynamicStridedSlice(t, begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask, name);
        var b = ConstantValue.Ints(begin, fn, "begin");
        var e = ConstantValue.Ints(end, fn, "end");
        var st = strides is null ? Enumerable.Repeat(1L, b.Length).ToArray() : ConstantValue.Ints(strides, fn, "strides");
        var attr = new StridedSliceAttr(b, e, st, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask);
        return ArrayOps.StridedSlice.Build(fn, name ?? "StridedSlice", [t], attr).outputs[0];
    }

    /// <summary>Whether a begin/end/strides argument holds a tensor whose value is only known when the graph runs.</summary>
    private static bool IsRunTimeValue(object value) => value switch
    {
        Tensor t => ConstantValue.Of(t) is null,
        ITensorConvertible c => ConstantValue.Of(c.AsTensor()) is null,
        Array a when a.GetType().GetElementType()!.IsPrimitive => false,
        System.Collections.IEnumerable list and not (string or NDArray) => list.Cast<object>().Any(v => v is not null && IsRunTimeValue(v)),
        _ => false,
    };

    // An int32 vector of begin/end/strides/size values, of a length known when the graph is built.
    private Tensor IndexVector(object v, string fn, string what)
    {
        var x = OpHelpers.ToTensor(v, fn, TF_DataType.TF_INT32);
        if (!(x.dtype is TF_DataType.TF_INT32 or TF_DataType.TF_INT64))
            throw new TypeError($"{fn}: {what} must be int32 or int64, not {x.dtype.as_numpy_name()}. - help: tf.cast it to tf.int32.");
        if (!x.shape.IsFullyDefined || x.ndim != 1)
            throw new ValueError($"{fn}: {what} must be a vector of a length known when the graph is built, but has shape {OpHelpers.Fmt(x.shape)}. - help: pass a list with one entry per dimension.");
        return x.dtype == TF_DataType.TF_INT32 ? x : cast(x, TF_DataType.TF_INT32);
    }

    // TF's StridedSlice with begin, end or strides known only at run time (e.g. x[i] of a placeholder i in Python).
    private Tensor DynamicStridedSlice(Tensor t, object begin, object end, object? strides, int bm, int em, int ellipsis, int newAxis, int shrink, string? name)
    {
        const string fn = "tf.strided_slice";
        Tensor Vector(object v, string what) => IndexVector(v, fn, what);
        var b = Vector(begin, "begin");
        var e = Vector(end, "end");
        var n = (int)b.shape[0];
        var s = strides is null ? OpHelpers.ToTensor(Enumerable.Repeat(1, n).ToArray(), fn) : Vector(strides, "strides");
        var zeros = new long[n];
        // The strides when known as the graph is built (for the static shape), else zeros.
        var knownStrides = ConstantValue.Of(s)?.ToArray<long>() ?? new long[n];
        var masks = new StridedSliceAttr(zeros, zeros, knownStrides, bm, em, ellipsis, newAxis, shrink);
        if (e.shape[0] != n || s.shape[0] != n)
            throw new ValueError($"{fn}: Expected begin, end, and strides to be 1D equal size tensors, but got shapes [{n}], [{e.shape[0]}], and [{s.shape[0]}] instead. - help: give each one entry per sliced dimension.");
        return ArrayOps2.DynamicStridedSlice.Build(fn, name ?? "StridedSlice", [t, b, e, s], masks).outputs[0];
    }

    /// <summary>
    /// TF's tf.gather (GatherV2): the slices of <paramref name="params"/> along <paramref name="axis"/> at
    /// <paramref name="indices"/> (int32 or int64); the output's shape is params.shape[:axis] + indices.shape +
    /// params.shape[axis+1:]. An index outside [0, size) is InvalidArgumentError when run, as TF's CPU kernel. TF 1.0's
    /// tf.gather had no axis (op Gather); the gradient is the dense equivalent of TF's IndexedSlices (repeated indices
    /// add up).
    /// </summary>
    public Tensor gather(object @params, object indices, int axis = 0, string? name = null)
    {
        const string fn = "tf.gather";
        var p = OpHelpers.ToTensor(@params, fn);
        var i = OpHelpers.ToTensor(indices, fn);
        RequireIndices(fn, i, "indices");
        int rank = nn_api.RankOrThrow(p, fn, "the axis");
        if (rank == 0) throw new ValueError($"{fn}: params must be at least 1-dimensional, but '{p.name}' is a scalar. - help: gather from a vector or more.");
        int a = OpHelpers.Axis(fn, axis, rank);
        return ArrayOps2.Gather.Build(fn, name ?? "GatherV2", [p, i], new AxisAttr(a)).outputs[0];
    }

    /// <summary>
    /// TF's tf.gather_nd: each row of the last dimension of <paramref name="indices"/> indexes into the first
    /// dimensions of <paramref name="params"/>; the output's shape is indices.shape[:-1] + params.shape[m:] for rows of
    /// length m. Indices out of range are InvalidArgumentError when run. The gradient is dense (TF's ScatterNd).
    /// </summary>
    public Tensor gather_nd(object @params, object indices, string? name = null)
    {
        const string fn = "tf.gather_nd";
        var p = OpHelpers.ToTensor(@params, fn);
        var i = OpHelpers.ToTensor(indices, fn);
        RequireIndices(fn, i, "indices");
        return ArrayOps2.GatherNd.Build(fn, name ?? "GatherNd", [p, i]).outputs[0];
    }

    private static void RequireIndices(string fn, Tensor i, string what)
    {
        if (!(i.dtype is TF_DataType.TF_INT32 or TF_DataType.TF_INT64))
            throw new TypeError($"{fn}: {what} must be int32 or int64, not {i.dtype.as_numpy_name()}. - help: tf.cast({what}, tf.int32).");
    }

    /// <summary>
    /// TF's tf.split: <paramref name="num_or_size_splits"/> an int n splits <paramref name="value"/> along
    /// <paramref name="axis"/> into n equal tensors (op Split; the size must divide evenly), a list of sizes into
    /// tensors of those sizes (op SplitV; one may be -1, the rest). Returns the list of tensors.
    /// </summary>
    public Tensor[] split(object value, object num_or_size_splits, int axis = 0, int? num = null, string? name = null)
    {
        const string fn = "tf.split";
        var t = OpHelpers.ToTensor(value, fn);
        int rank = nn_api.RankOrThrow(t, fn, "the axis");
        if (rank == 0) throw new ValueError($"{fn}: cannot split a scalar. - help: pass a tensor of rank >= 1.");
        int a = OpHelpers.Axis(fn, axis, rank);
        long dim = t.shape[a];
        bool isNumber = num_or_size_splits is int or long || num_or_size_splits is NDArray { ndim: 0 } || num_or_size_splits is Tensor { ndim: 0 };
        if (isNumber)
        {
            long n = ConstantValue.Int(num_or_size_splits, fn, "num_or_size_splits");
            if (n <= 0) throw new ValueError($"{fn}: the number of splits must be positive, got {n}. - help: pass n >= 1.");
            if (dim >= 0 && dim % n != 0)
                throw new ValueError($"{fn}: Dimension size must be evenly divisible by {n} but is {dim} (axis {a} of {OpHelpers.Fmt(t.shape)}). - help: pass a list of sizes to split unevenly.");
            return ArrayOps2.Split.Build(fn, name ?? "split", [t], new SplitAttr(a, (int)n, null)).outputs;
        }
        var sizes = ConstantValue.Ints(num_or_size_splits, fn, "num_or_size_splits");
        if (num is not null && num != sizes.Length)
            throw new ValueError($"{fn}: num {num} differs from the {sizes.Length} sizes given. - help: leave num out.");
        if (sizes.Length == 0) throw new ValueError($"{fn}: size_splits is empty. - help: give at least one size.");
        if (sizes.Count(s => s == -1) > 1 || sizes.Any(s => s < -1))
            throw new ValueError($"{fn}: size_splits [{string.Join(", ", sizes)}] may hold one -1 and otherwise sizes >= 0. - help: give the sizes, with at most one -1.");
        // TF 1.x: Consts size_splits and axis, then SplitV.
        return ArrayOps2.SplitV.Build(fn, name ?? "split", [t], new SplitAttr(a, sizes.Length, sizes)).outputs;
    }

    /// <summary>
    /// TF's tf.tile: <paramref name="input"/> repeated multiples[i] times along dimension i (multiples: one int
    /// &gt;= 0 per dimension, or a tensor known when the graph is built).
    /// </summary>
    public Tensor tile(object input, object multiples, string? name = null)
    {
        const string fn = "tf.tile";
        var t = OpHelpers.ToTensor(input, fn);
        var m = ConstantValue.Ints(multiples, fn, "multiples");
        if (m.Any(v => v < 0))
            throw new ValueError($"{fn}: Expected multiples >= 0, but got [{string.Join(", ", m)}]. - help: repeat each dimension 0 or more times.");
        return ArrayOps2.Tile.Build(fn, name ?? "Tile", [t], new TileAttr(m)).outputs[0];
    }

    /// <summary>
    /// TF's tf.pad: <paramref name="paddings"/> is [rank, 2] ints, [before, after] for each dimension. mode CONSTANT
    /// pads with <paramref name="constant_values"/> (op Pad; PadV2 when not 0, as TF 1.15: TF 1.0 had no
    /// constant_values), REFLECT mirrors without the edge (paddings &lt; the dimension), SYMMETRIC with it (paddings
    /// &lt;= the dimension) (op MirrorPad; constant_values is ignored there, as TF does); the mode is case-insensitive,
    /// as in TF.
    /// </summary>
    public Tensor pad(object tensor, object paddings, string mode = "CONSTANT", object? constant_values = null, string? name = null)
    {
        const string fn = "tf.pad";
        var t = OpHelpers.ToTensor(tensor, fn);
        var m = mode.ToUpperInvariant();
        if (m is not ("CONSTANT" or "REFLECT" or "SYMMETRIC"))
            throw new ValueError($"{fn}: Unknown padding mode: {mode}. - help: use 'CONSTANT', 'REFLECT' or 'SYMMETRIC'.");
        var flat = ConstantValue.Ints(Flatten(paddings), fn, "paddings");
        int rows = PaddingRows(paddings, flat.Length);
        int rank = t.shape.IsRankKnown ? t.ndim : rows;
        if (rows < 0 || rows != rank || flat.Length != 2 * rank)
            throw new ValueError($"{fn}: paddings must be a matrix of shape [{rank}, 2] (one [before, after] per dimension of {OpHelpers.Fmt(t.shape)}), but has {flat.Length} values{(rows >= 0 ? $" in {rows} rows" : "")}. - help: e.g. [[1, 1], [2, 2]] for a matrix.");
        var before = Enumerable.Range(0, rank).Select(i => flat[2 * i]).ToArray();
        var after = Enumerable.Range(0, rank).Select(i => flat[2 * i + 1]).ToArray();
        if (flat.Any(v => v < 0))
            throw new ValueError($"{fn}: Paddings must be non-negative: [{string.Join(", ", flat)}]. - help: pad by 0 or more.");
        double value = 0;
        if (constant_values is not null && m == "CONSTANT") // TF 1.x ignores it in the mirror modes
        {
            var v = ConstantValue.Scalar(constant_values, fn, "constant_values") ?? throw new ValueError($"{fn}: constant_values must be known when the graph is built. - help: pass a number.");
            value = v.GetDouble(0);
        }
        var attr = new PadAttr(before, after, m, value);
        var def = m != "CONSTANT" ? ArrayOps2.MirrorPad : value != 0 ? ArrayOps2.PadV2 : ArrayOps2.Pad;
        return def.Build(fn, name ?? def.Type, [t], attr).outputs[0];
    }

    private static object Flatten(object paddings) => paddings switch
    {
        int[,] a => a.Cast<int>().ToArray(),
        long[,] a => a.Cast<long>().ToArray(),
        int[][] a => a.SelectMany(r => r).ToArray(),
        long[][] a => a.SelectMany(r => r).ToArray(),
        NDArray nd when nd.ndim == 2 => new NDArray(nd.Storage, nd.size),
        Tensor or ITensorConvertible when ConstantValue.Of(paddings as Tensor ?? ((ITensorConvertible)paddings).AsTensor()) is { ndim: 2 } v => new NDArray(v.Storage, v.size),
        System.Collections.IEnumerable list and not (string or Array or NDArray) => list.Cast<object>().SelectMany(r => r is System.Collections.IEnumerable inner and not string ? inner.Cast<object>() : [r]).ToList(),
        _ => paddings,
    };

    private static int PaddingRows(object paddings, int n) => paddings switch
    {
        int[,] a => a.GetLength(1) == 2 ? a.GetLength(0) : -1,
        long[,] a => a.GetLength(1) == 2 ? a.GetLength(0) : -1,
        int[][] a => a.All(r => r.Length == 2) ? a.Length : -1,
        long[][] a => a.All(r => r.Length == 2) ? a.Length : -1,
        NDArray nd => nd.ndim == 2 && nd.shape[1] == 2 ? (int)nd.shape[0] : -1,
        Tensor t => t.ndim == 2 && t.shape[1] == 2 ? (int)t.shape[0] : -1,
        System.Collections.IEnumerable list and not string => list.Cast<object>().All(r => r is System.Collections.IEnumerable inner and not string && inner.Cast<object>().Count() == 2) ? list.Cast<object>().Count() : -1,
        _ => -1,
    };

    /// <summary>TF's tf.reverse (ReverseV2, TF 1.0's tf.reverse too): the elements in reverse order along each of <paramref name="axis"/>.</summary>
    public Tensor reverse(object tensor, object axis, string? name = null)
    {
        const string fn = "tf.reverse";
        var t = OpHelpers.ToTensor(tensor, fn);
        var axes = ConstantValue.Ints(axis, fn, "axis");
        int rank = nn_api.RankOrThrow(t, fn, "the axes");
        var norm = axes.Select(x => OpHelpers.Axis(fn, (int)x, rank)).ToArray();
        var dup = norm.GroupBy(x => x).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new ValueError($"{fn}: axis {dup.Key} specified more than once. - help: list each axis once.");
        return ArrayOps2.ReverseV2.Build(fn, name ?? "ReverseV2", [t], new ReverseAttr(norm)).outputs[0];
    }

    /// <summary><see cref="reverse"/> under its TF 1.x name tf.reverse_v2.</summary>
    public Tensor reverse_v2(object tensor, object axis, string? name = null) => reverse(tensor, axis, name);

    /// <summary>
    /// TF's tf.broadcast_to (TF 1.15; TF 1.0 has none): <paramref name="input"/> broadcast to <paramref name="shape"/> by
    /// numpy's rules (each dimension of the input, aligned right, is 1 or the target's). The gradient sums back.
    /// </summary>
    public Tensor broadcast_to(object input, object shape, string? name = null)
    {
        const string fn = "tf.broadcast_to";
        var t = OpHelpers.ToTensor(input, fn);
        var dims = ConstantValue.Ints(shape, fn, "shape");
        if (dims.Any(d => d < 0))
            throw new ValueError($"{fn}: shape [{string.Join(", ", dims)}] has a negative dimension. - help: give every dimension.");
        return ArrayOps2.BroadcastTo.Build(fn, name ?? "BroadcastTo", [t], new ShapeAttr(dims)).outputs[0];
    }

    /// <summary>
    /// TF's tf.boolean_mask, composed as TF's Python does: the dimensions axis..axis+k of <paramref name="tensor"/>
    /// are flattened (a reshape, skipped when the mask is 1-D), then the entries where the k-D bool
    /// <paramref name="mask"/> is true are gathered (where + squeeze + gather). axis is TF 1.15's (TF 1.0 had none).
    /// </summary>
    public Tensor boolean_mask(object tensor, object mask, int? axis = null, string? name = null)
    {
        const string fn = "tf.boolean_mask";
        var t = OpHelpers.ToTensor(tensor, fn);
        var m = OpHelpers.ToTensor(mask, fn);
        if (m.dtype != TF_DataType.TF_BOOL)
            throw new TypeError($"{fn}: mask must be bool, not {m.dtype.as_numpy_name()}. - help: compare first, e.g. tf.greater(x, 0), or tf.cast(mask, tf.bool).");
        int k = m.ndim;
        if (k == 0) throw new ValueError($"{fn}: mask cannot be scalar. - help: pass a mask with the shape of the tensor's leading dimensions.");
        if (k < 0) throw new ValueError($"{fn}: Number of mask dimensions must be specified, even if some dimensions are None. - help: give the mask a static rank.");
        int rank = nn_api.RankOrThrow(t, fn, "the mask");
        int a = axis ?? 0;
        if (a < 0) a += rank;
        if (a < 0 || a + k > rank)
            throw new ValueError($"{fn}: a mask of rank {k} at axis {axis ?? 0} does not fit a tensor of shape {OpHelpers.Fmt(t.shape)}. - help: the mask covers dimensions axis..axis+{k - 1}.");
        for (int i = 0; i < k; i++)
            if (t.shape[a + i] >= 0 && m.shape[i] >= 0 && t.shape[a + i] != m.shape[i])
                throw new ValueError($"{fn}: Shapes {OpHelpers.Fmt(new Shape(t.shape.dims[a..(a + k)]))} and {OpHelpers.Fmt(m.shape)} are incompatible (tensor {OpHelpers.Fmt(t.shape)}, mask {OpHelpers.Fmt(m.shape)}, axis {a}). - help: the mask's shape must be the tensor's at axis..axis+{k - 1}.");
        var reshaped = t;
        var flatMask = m;
        if (k > 1)
        {
            var dims = t.shape.dims;
            var target = dims[..a].Append(-1L).Concat(dims[(a + k)..]).ToArray();
            if (target.Count(d => d < 0) > 1)
                throw new ValueError($"{fn}: Bridge needs the dimensions of {OpHelpers.Fmt(t.shape)} outside the mask known to flatten a {k}-D mask. - help: give the placeholder a fuller shape.");
            reshaped = reshape(t, new Shape(target));
            flatMask = reshape(m, new Shape(-1L));
        }
        var indices = squeeze(where(flatMask), axis: 1);
        return gather(reshaped, indices, axis: a, name: name ?? "boolean_mask");
    }

    /// <summary>
    /// TF's tf.meshgrid: N-D coordinate arrays from 1-D <paramref name="args"/>, composed as TF's Python (reshape,
    /// ones, multiply). indexing 'xy' (default, Cartesian) swaps the first two output dimensions; 'ij' is matrix
    /// indexing. The inputs' sizes must be known when the graph is built.
    /// </summary>
    public Tensor[] meshgrid(object[] args, string indexing = "xy", string? name = null)
    {
        const string fn = "tf.meshgrid";
        if (indexing is not ("xy" or "ij"))
            throw new ValueError($"{fn}: indexing parameter must be either 'xy' or 'ij', not '{indexing}'.");
        var ts = args.Select(x => OpHelpers.ToTensor(x, fn)).ToArray();
        int n = ts.Length;
        if (n == 0) return [];
        var output = new Tensor[n];
        var sizes = new long[n];
        for (int i = 0; i < n; i++)
        {
            var dims = Enumerable.Repeat(1L, n).ToArray();
            dims[i] = -1;
            output[i] = reshape(ts[i], new Shape(dims));
            sizes[i] = ts[i].shape.IsFullyDefined ? ts[i].shape.size : throw new ValueError($"{fn}: the size of '{ts[i].name}' {OpHelpers.Fmt(ts[i].shape)} must be known when the graph is built. - help: give the placeholder a full shape.");
        }
        if (indexing == "xy" && n > 1)
        {
            var d0 = Enumerable.Repeat(1L, n).ToArray(); d0[1] = -1;
            var d1 = Enumerable.Repeat(1L, n).ToArray(); d1[0] = -1;
            output[0] = reshape(output[0], new Shape(d0));
            output[1] = reshape(output[1], new Shape(d1));
            (sizes[0], sizes[1]) = (sizes[1], sizes[0]);
        }
        var ones = Filled(new Shape(sizes), ts[0].dtype, 1, "ones");
        return output.Select(x => multiply(x, ones)).ToArray();
    }

    /// <summary>
    /// <see cref="reshape(object, Shape, string?)"/> with the shape as a tensor: its value when known as the graph is
    /// built (tf.shape(y) of a fully known y, a tf.constant), else read when the graph runs (TF's Reshape with its
    /// shape as an input; then the static shape holds what TF's constant_value_as_shape knows).
    /// </summary>
    public Tensor reshape(object tensor, Tensor shape, string? name = null) => reshape(tensor, ConstantValue.ShapeArg(shape, "tf.reshape"), name);

    /// <summary>
    /// <see cref="reshape(object, Tensor, string?)"/> with the shape as a list mixing ints and scalar tensors, e.g.
    /// <c>new object[] { tf.shape(x)[0], -1 }</c>, auto-packed as TF does.
    /// </summary>
    public Tensor reshape(object tensor, object[] shape, string? name = null) =>
        reshape(tensor, shape.Any(d => d is Tensor or ITensorConvertible) ? ConstantValue.ShapeArg(shape, "tf.reshape") : new Shape(ConstantValue.Ints(shape, "tf.reshape", "shape")), name);

    /// <summary><see cref="zeros(Shape, TF_DataType, string?)"/> with the shape as a tensor (known when the graph is built, or read when it runs).</summary>
    public Tensor zeros(Tensor shape, TF_DataType dtype = TF_DataType.TF_FLOAT, string? name = null) =>
        zeros(ConstantValue.ShapeArg(shape, "tf.zeros"), dtype, name);

    /// <summary><see cref="ones(Shape, TF_DataType, string?)"/> with the shape as a tensor (known when the graph is built, or read when it runs).</summary>
    public Tensor ones(Tensor shape, TF_DataType dtype = TF_DataType.TF_FLOAT, string? name = null) =>
        ones(ConstantValue.ShapeArg(shape, "tf.ones"), dtype, name);

    private static Tensor DynamicReshape(Tensor t, Shape shape, string? name)
    {
        var known = shape.IsRankKnown ? shape.dims : null;
        if (known is not null && known.Count(d => d == -1) == 0 && t.shape.IsFullyDefined && known.Aggregate(1L, (p, q) => p * q) != t.shape.size)
            throw new ValueError($"tf.reshape: cannot reshape a tensor of shape {OpHelpers.Fmt(t.shape)} ({t.shape.size} values) into {OpHelpers.Fmt(shape)}. - help: the number of values must stay the same.");
        return ArrayOps2.DynamicReshape.Build("tf.reshape", name ?? "Reshape", [t, shape.DynamicSource!], new PartialShapeAttr(known is null ? Shape.Unknown : new Shape(known))).outputs[0];
    }

    private static Tensor DynamicFill(Shape shape, TF_DataType dtype, double value, string fn, string name)
    {
        dtype.ClrType();
        ArrayOps2.DynamicFill.RequireDType(fn, dtype, "the dtype");
        return ArrayOps2.DynamicFill.Build(fn, name, [shape.DynamicSource!], FillAttr.Of(value, dtype, shape.IsRankKnown ? shape.dims : null)).outputs[0];
    }
}

/// <summary>
/// One entry of a C# slice (<c>x[tf.s(1, null, 2)]</c> is Python's <c>x[1::2]</c>); also the markers
/// <see cref="tensorflow.newaxis"/> and <see cref="tensorflow.ellipsis"/>.
/// </summary>
public sealed class SliceSpec(long? start, long? stop, long? step)
{
    /// <summary>The first index (null: from the start, or the end for a negative step).</summary>
    public long? start { get; } = start;

    /// <summary>The index to stop before (null: to the end).</summary>
    public long? stop { get; } = stop;

    /// <summary>The step (null: 1).</summary>
    public long? step { get; } = step;

    internal static readonly object NewAxis = new Marker("tf.newaxis");
    internal static readonly object Ellipsis = new Marker("tf.ellipsis");

    private sealed class Marker(string name)
    {
        public override string ToString() => name;
    }

    /// <summary>Python's notation: <c>1::2</c>.</summary>
    public override string ToString() => $"{start}:{stop}:{step}";

    /// <summary>
    /// TF 1.x's _SliceHelper: the strided_slice arguments of an index (ints and <see cref="Index"/> take one element
    /// and drop the dimension, <see cref="Range"/>s and <see cref="SliceSpec"/>s slice, newaxis adds a dimension,
    /// ellipsis stands for the full slices the rest leave; strings are numpy's "1:3, ::2, newaxis, ..., -1").
    /// </summary>
    internal static StridedSliceAttr Parse(object[] items, string fn) => Parse(items, fn, null);

    /// <summary><see cref="Parse(object[], string)"/>; index tensors whose value is only known at run time are listed in <paramref name="runTime"/> (by entry) instead.</summary>
    internal static StridedSliceAttr Parse(object[] items, string fn, List<(int entry, Tensor index)>? runTime)
    {
        var expanded = new List<object>();
        foreach (var item in items)
            if (item is string text) expanded.AddRange(ParseText(text, fn));
            else expanded.Add(item);
        int n = expanded.Count;
        var begin = new long[n];
        var end = new long[n];
        var strides = new long[n];
        int bm = 0, em = 0, ellipsis = 0, newAxis = 0, shrink = 0;
        for (int i = 0; i < n; i++)
        {
            strides[i] = 1;
            switch (expanded[i])
            {
                case int or long or short or sbyte or byte:
                    begin[i] = Convert.ToInt64(expanded[i]);
                    end[i] = begin[i] + 1;
                    shrink |= 1 << i;
                    break;
                case Index x:
                    if (x.IsFromEnd && x.Value == 0)
                        throw new IndexError($"{fn}: ^0 is one past the end: it selects no element. - help: use ^1 for the last element.");
                    begin[i] = x.IsFromEnd ? -x.Value : x.Value;
                    end[i] = begin[i] + 1;
                    shrink |= 1 << i;
                    break;
                case Range r:
                    if (r.Start.IsFromEnd && r.Start.Value == 0) begin[i] = long.MaxValue >> 2; // ^0: past the end (clamped)
                    else begin[i] = r.Start.IsFromEnd ? -r.Start.Value : r.Start.Value;
                    if (r.Start.Equals(Index.Start)) bm |= 1 << i;
                    if (r.End.IsFromEnd && r.End.Value == 0) em |= 1 << i;
                    else end[i] = r.End.IsFromEnd ? -r.End.Value : r.End.Value;
                    break;
                case SliceSpec s:
                    strides[i] = s.step ?? 1;
                    if (strides[i] == 0) throw new ValueError($"{fn}: slice step cannot be zero. - help: use a step of 1, 2, ... or -1, -2, ...");
                    if (s.start is null) bm |= 1 << i; else begin[i] = s.start.Value;
                    if (s.stop is null) em |= 1 << i; else end[i] = s.stop.Value;
                    break;
                case var o when ReferenceEquals(o, NewAxis):
                    newAxis |= 1 << i;
                    break;
                case var o when ReferenceEquals(o, Ellipsis):
                    ellipsis |= 1 << i;
                    break;
                case Tensor t when runTime is not null && ConstantValue.Of(t) is null:
                    if (!(t.dtype is TF_DataType.TF_INT32 or TF_DataType.TF_INT64) || (t.shape.IsRankKnown && t.ndim != 0))
                        throw new TypeError($"{fn}: an index tensor must be a scalar int32 or int64, but '{t.name}' is {t.dtype.as_numpy_name()} of shape {OpHelpers.Fmt(t.shape)}. - help: tf.cast it to tf.int32.");
                    runTime.Add((i, t));
                    shrink |= 1 << i;
                    break;
                case Tensor t:
                    begin[i] = ConstantValue.Int(t, fn, "an index tensor");
                    end[i] = begin[i] + 1;
                    shrink |= 1 << i;
                    break;
                default:
                    throw new TypeError($"{fn}: {expanded[i]?.GetType().Name ?? "null"} is not a valid index. - help: index with ints, ^1, ranges (1..3, ..^1), tf.s(start, stop, step), tf.newaxis, tf.ellipsis, or a string such as \"1:3, ::2, newaxis, ..., -1\".");
            }
        }
        return new StridedSliceAttr(begin, end, strides, bm, em, ellipsis, newAxis, shrink);
    }

    private static IEnumerable<object> ParseText(string text, string fn)
    {
        foreach (var raw in text.Split(','))
        {
            var p = raw.Trim();
            if (p is "..." or "Ellipsis") { yield return Ellipsis; continue; }
            if (p is "newaxis" or "tf.newaxis" or "None" or "np.newaxis") { yield return NewAxis; continue; }
            var f = p.Split(':');
            long? Num(int k)
            {
                if (k >= f.Length || f[k].Trim().Length == 0) return null;
                if (long.TryParse(f[k].Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v)) return v;
                throw new IndexError($"{fn}: cannot parse \"{p}\" in \"{text}\". - help: write slices such as \"1:3, ::2, newaxis, ..., -1\".");
            }
            if (f.Length > 3 || p.Length == 0)
                throw new IndexError($"{fn}: cannot parse \"{p}\" in \"{text}\". - help: write slices such as \"1:3, ::2, newaxis, ..., -1\".");
            if (f.Length == 1) yield return Num(0)!.Value;
            else yield return new SliceSpec(Num(0), Num(1), Num(2));
        }
    }
}

/// <summary>The selection ops: TF's array_ops kernels, with array_grad.py's gradients (dense where TF's are IndexedSlices).</summary>
[OpFamily("array")]
internal static class ArrayOps2
{
    private static readonly tensorflow tf = Binding.tf;

    private static readonly DTypeSet RangeTypes = DTypeSet.Of(TF_DataType.TF_FLOAT, TF_DataType.TF_DOUBLE, TF_DataType.TF_INT32, TF_DataType.TF_INT64);

    public static readonly OpDef Range = new("Range")
    {
        Inputs = [],
        Attribute = typeof(RangeAttr),
        Functions = ["tf.range"],
        DTypes = RangeTypes,
        TfOpIds = 4,
        TfOpIdsReason = "Consts start, limit and delta, then Range (TF 1.x adds a Cast for each argument of another dtype than the inferred one)",
        Infer = c =>
        {
            var a = c.A<RangeAttr>();
            string S(double v) => a.DType is TF_DataType.TF_INT32 or TF_DataType.TF_INT64 ? ((long)v).ToString(System.Globalization.CultureInfo.InvariantCulture) : v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            if (a.Delta == 0) throw new ValueError($"{c.Fn}: Requires delta != 0: {S(a.Delta)}. - help: step by a non-zero delta.");
            if (a.Delta > 0 && a.Start > a.Limit) throw new ValueError($"{c.Fn}: Requires start <= limit when delta > 0: {S(a.Start)}/{S(a.Limit)}. - help: swap start and limit, or use a negative delta.");
            if (a.Delta < 0 && a.Start < a.Limit) throw new ValueError($"{c.Fn}: Requires start >= limit when delta < 0: {S(a.Start)}/{S(a.Limit)}. - help: use a positive delta.");
            return [(new Shape(ManagedKernels.Range(a).size), a.DType)];
        },
        Managed = (op, _) => [ManagedKernels.Range((RangeAttr)op.Attr!)],
        NotDifferentiable = true, // TF: ops.NotDifferentiable("Range")
    };

    public static readonly OpDef DynamicRange = new("DynamicRange")
    {
        Inputs = ["start", "limit", "delta"],
        Functions = ["tf.range"],
        DTypes = RangeTypes,
        Infer = c => [(new Shape(-1L), c.DTypes[0])],
        ChecksShapesAtRunTime = false,
        Managed = (op, x) =>
        {
            for (int i = 0; i < 3; i++)
                if (x[i].size != 1)
                    throw new InvalidArgumentError($"tf.range: {op.Def.Inputs[i]} must be a scalar, not shape {OpHelpers.Fmt(x[i].shape)}. - help: pass one number.");
            var a = new RangeAttr(x[0].GetDouble(0), x[1].GetDouble(0), x[2].GetDouble(0), x[0].dtype);
            try
            {
                Range!.Infer(new OpContext("tf.range", Range, [], [], a, RunTime: true));
            }
            catch (ValueError e)
            {
                throw new InvalidArgumentError(e.Message);
            }
            return [ManagedKernels.Range(a)];
        },
        NotDifferentiable = true, // TF: ops.NotDifferentiable("Range")
        Differences = "TF's Range with an argument known only at run time; Bridge names it apart from the Range whose arguments are known when the graph is built",
    };

    public static readonly OpDef LinSpace = new("LinSpace")
    {
        Inputs = [],
        Attribute = typeof(LinSpaceAttr),
        Functions = ["tf.linspace", "tf.lin_space"],
        DTypes = DTypeSet.Floats,
        TfOpIds = 4,
        TfOpIdsReason = "Consts start, stop and num, then LinSpace",
        Infer = c => [(new Shape((long)c.A<LinSpaceAttr>().Num), c.A<LinSpaceAttr>().DType)],
        Managed = (op, _) => [ManagedKernels.LinSpace((LinSpaceAttr)op.Attr!)],
        NotDifferentiable = true, // TF: ops.NotDifferentiable("LinSpace")
        Differences = "TF 1.0's kernel: the last value is start + step * (num - 1), not stop exactly as in TF 1.15",
    };

    public static readonly OpDef Slice = new("Slice")
    {
        Inputs = ["input"],
        Attribute = typeof(SliceAttr),
        Functions = ["tf.slice"],
        DTypes = DTypeSet.All,
        TfOpIds = 3,
        TfOpIdsReason = "Consts begin and size, then Slice",
        Infer = c => [(SliceShape(c), c.DTypes[0])],
        Managed = (op, x) => [Select(op, x[0].Dims.ToArray(), x, out var dims) is var map ? ManagedKernels.Take(x[0], map, dims) : null!],
        // TF's _SliceGrad pads the gradient back to the input's shape.
        Gradient = (op, dy) => [TakeGrad(op, dy[0]!)],
    };

    public static readonly OpDef Gather = new("GatherV2")
    {
        Inputs = ["params", "indices"],
        Attribute = typeof(AxisAttr),
        Functions = ["tf.gather", "tf.boolean_mask"],
        DTypes = DTypeSet.All,
        TfOpIds = 2,
        TfOpIdsReason = "a Const for the axis, then GatherV2",
        Infer = c =>
        {
            int a = c.A<AxisAttr>().Axis;
            var p = c.Shapes[0];
            var i = c.Shapes[1];
            if (!p.IsRankKnown || !i.IsRankKnown) return [(Bridge.Shape.Unknown, c.DTypes[0])];
            return [(new Shape([.. p.dims[..a], .. i.dims, .. p.dims[(a + 1)..]]), c.DTypes[0])];
        },
        Managed = (op, x) => [Select(op, x[0].Dims.ToArray(), x, out var dims) is var map ? ManagedKernels.Take(x[0], map, dims) : null!],
        // TF's _GatherV2Grad: IndexedSlices of the gradient at the indices; here their dense sum (UnsortedSegmentSum).
        Gradient = (op, dy) => [GatherGradFor(op, dy[0]!), null],
        Differences = "TF 1.15's GatherV2 with an axis (TF 1.0's tf.gather built Gather, without axis, one op id fewer); the gradient is dense (TF: IndexedSlices)",
    };

    public static readonly OpDef GatherNd = new("GatherNd")
    {
        Inputs = ["params", "indices"],
        Functions = ["tf.gather_nd"],
        DTypes = DTypeSet.All,
        Infer = c =>
        {
            var p = c.Shapes[0];
            var i = c.Shapes[1];
            if (!p.IsRankKnown || !i.IsRankKnown) return [(Bridge.Shape.Unknown, c.DTypes[0])];
            if (i.ndim == 0) throw Error(c, $"{c.Fn}: indices must be at least a vector, but are a scalar. - help: pass [i, j, ...] rows.");
            long m = i[-1];
            if (m < 0) return [(Bridge.Shape.Unknown, c.DTypes[0])];
            if (m > p.ndim)
                throw Error(c, $"{c.Fn}: index innermost dimension length must be <= params rank; saw: {m} vs. {p.ndim} (params {OpHelpers.Fmt(p)}, indices {OpHelpers.Fmt(i)}). - help: each index row has at most one entry per dimension of params.");
            return [(new Shape([.. i.dims[..^1], .. p.dims[(int)m..]]), c.DTypes[0])];
        },
        Managed = (op, x) => [Select(op, x[0].Dims.ToArray(), x, out var dims) is var map ? ManagedKernels.Take(x[0], map, dims) : null!],
        Gradient = (op, dy) => [GatherGradFor(op, dy[0]!), null],
        Differences = "the gradient is dense (TF: ScatterNd into zeros, the same values)",
    };

    public static readonly OpDef Split = SplitDef("Split", 3, "Consts for the axis, then Split (the axis is its first input in TF)");
    public static readonly OpDef SplitV = SplitDef("SplitV", 3, "Consts size_splits and axis, then SplitV");

    public static readonly OpDef Tile = new("Tile")
    {
        Inputs = ["input"],
        Attribute = typeof(TileAttr),
        Functions = ["tf.tile"],
        DTypes = DTypeSet.All,
        TfOpIds = 2,
        TfOpIdsReason = "a Const for multiples, then Tile",
        Infer = c =>
        {
            var s = c.Shapes[0];
            var m = c.A<TileAttr>().Multiples;
            if (!s.IsRankKnown) return [(Bridge.Shape.OfRank(m.Length), c.DTypes[0])];
            if (m.Length != s.ndim)
                throw Error(c, $"{c.Fn}: Expected multiples argument to be a vector of length {s.ndim} but got length {m.Length} (input {OpHelpers.Fmt(s)}). - help: give one multiple per dimension.");
            return [(new Shape(s.dims.Select((d, i) => d < 0 ? -1 : d * m[i]).ToArray()), c.DTypes[0])];
        },
        Managed = (op, x) => [Select(op, x[0].Dims.ToArray(), x, out var dims) is var map ? ManagedKernels.Take(x[0], map, dims) : null!],
        // TF's _TileGrad: the gradient reshaped to [m0, d0, m1, d1, ...] and summed over the multiples.
        Gradient = (op, dy) => [TakeGrad(op, dy[0]!)],
    };

    public static readonly OpDef Pad = PadDef("Pad", 2, "a Const for paddings, then Pad");
    public static readonly OpDef PadV2 = PadDef("PadV2", 3, "Consts paddings and constant_values, then PadV2");
    public static readonly OpDef MirrorPad = PadDef("MirrorPad", 2, "a Const for paddings, then MirrorPad");

    public static readonly OpDef ReverseV2 = new("ReverseV2")
    {
        Inputs = ["tensor"],
        Attribute = typeof(ReverseAttr),
        Functions = ["tf.reverse", "tf.reverse_v2"],
        DTypes = DTypeSet.All,
        TfOpIds = 2,
        TfOpIdsReason = "a Const for the axes, then ReverseV2",
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (op, x) => [Select(op, x[0].Dims.ToArray(), x, out var dims) is var map ? ManagedKernels.Take(x[0], map, dims) : null!],
        // TF's _ReverseV2Grad: reverse the gradient along the same axes.
        Gradient = (op, dy) => [tf.reverse(dy[0]!, ((ReverseAttr)op.Attr!).Axes)],
    };

    public static readonly OpDef BroadcastTo = new("BroadcastTo")
    {
        Inputs = ["input"],
        Attribute = typeof(ShapeAttr),
        Functions = ["tf.broadcast_to"],
        DTypes = DTypeSet.All,
        TfOpIds = 2,
        TfOpIdsReason = "a Const for the shape, then BroadcastTo",
        Infer = c =>
        {
            var s = c.Shapes[0];
            var target = c.A<ShapeAttr>().Dims;
            if (s.IsRankKnown)
            {
                bool ok = s.ndim <= target.Length;
                for (int i = 0; ok && i < s.ndim; i++)
                {
                    long d = s[s.ndim - 1 - i], t = target[^(i + 1)];
                    ok = d < 0 || d == 1 || d == t;
                }
                if (!ok)
                    throw Error(c, $"{c.Fn}: the input {OpHelpers.Fmt(s)} cannot broadcast to {OpHelpers.Fmt(new Shape(target))}: each dimension (aligned right) must be 1 or the target's. - help: reshape the input first.");
            }
            return [(new Shape(target), c.DTypes[0])];
        },
        Managed = (op, x) => [Select(op, x[0].Dims.ToArray(), x, out var dims) is var map ? ManagedKernels.Take(x[0], map, dims) : null!],
        // TF's _BroadcastToGrad: the gradient summed back to the input's shape.
        Gradient = (op, dy) => [GradientOps.SumToShape.Build("tf.gradients", "BroadcastTo_grad", [dy[0]!, op.Inputs[0]]).outputs[0]],
    };

    public static readonly OpDef DynamicReshape = new("DynamicReshape")
    {
        Inputs = ["tensor", "shape"],
        Attribute = typeof(PartialShapeAttr),
        Functions = ["tf.reshape"],
        DTypes = DTypeSet.All,
        Infer = c => [(c.A<PartialShapeAttr>().Shape, c.DTypes[0])],
        ChecksShapesAtRunTime = false,
        Managed = (_, x) =>
        {
            var target = x[1].ToArray<long>();
            int unknown = target.Count(d => d == -1);
            long known = target.Where(d => d >= 0).Aggregate(1L, (p, q) => p * q);
            bool ok = unknown <= 1 && target.All(d => d >= -1) && (unknown == 1 ? known != 0 && x[0].size % known == 0 : known == x[0].size);
            if (!ok)
                throw new InvalidArgumentError($"tf.reshape: Input to reshape is a tensor with {x[0].size} values, but the requested shape [{string.Join(", ", target)}] {(unknown == 1 ? $"requires a multiple of {known}" : $"has {known}")}. - help: the number of values must stay the same; use -1 for one dimension to infer it.");
            return [ManagedKernels.Reshape(x[0], target)];
        },
        Gradient = (op, dy) => [GradientOps.ReshapeLike.Build("tf.gradients", "Reshape_grad", [dy[0]!, op.Inputs[0]]).outputs[0], null],
        Differences = "TF's Reshape with its shape known only at run time (tf.reshape(x, tf.shape(y)) of a partly known y); Bridge names it apart from the Reshape whose shape is known when the graph is built",
    };

    public static readonly OpDef DynamicStridedSlice = new("DynamicStridedSlice")
    {
        Inputs = ["input", "begin", "end", "strides"],
        Attribute = typeof(StridedSliceAttr),
        Functions = ["tf.strided_slice", "Tensor[...]"],
        DTypes = DTypeSet.All,
        Infer = c =>
        {
            // The rank follows from the masks; dimensions taken whole (both masks, strides known) keep their size,
            // the others are known when the graph runs.
            var s = c.Shapes[0];
            var a = c.A<StridedSliceAttr>();
            bool stridesKnown = a.Strides.All(v => v != 0);
            var r = stridesKnown
                ? ResolveStridedSlice(c.Fn, s, a, runTime: false, boundsUnknown: true)
                : ResolveStridedSlice(c.Fn, s.IsRankKnown ? Bridge.Shape.OfRank(s.ndim) : s, a with { Strides = a.Strides.Select(_ => 1L).ToArray() }, runTime: false);
            return [(r is null ? Bridge.Shape.Unknown : new Shape(r.FinalDims), c.DTypes[0])];
        },
        ChecksShapesAtRunTime = false,
        Managed = (op, x) =>
        {
            var map = Map(ArrayOps.StridedSlice, WithValues((StridedSliceAttr)op.Attr!, x), x[0].Dims.ToArray(), null, "tf.strided_slice", out var dims);
            return [ManagedKernels.Take(x[0], map, dims)];
        },
        Gradient = (op, dy) => [DynamicStridedSliceGrad!.Build("tf.gradients", "StridedSliceGrad", [dy[0]!, .. op.Inputs], op.Attr).outputs[0], null, null, null],
        Differences = "TF's StridedSlice with begin, end or strides known only at run time; Bridge names it apart from the StridedSlice whose bounds are known when the graph is built",
    };

    /// <summary>The gradient of a DynamicStridedSlice (input 0) placed where the slice came from in zeros like its input.</summary>
    public static readonly OpDef DynamicStridedSliceGrad = new("DynamicStridedSliceGrad")
    {
        Inputs = ["grad", "like", "begin", "end", "strides"],
        Attribute = typeof(StridedSliceAttr),
        Functions = ["tf.gradients"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.ShapedLikeSecond,
        ChecksShapesAtRunTime = false,
        Managed = (op, x) =>
        {
            var dims = x[1].Dims.ToArray();
            var map = Map(ArrayOps.StridedSlice, WithValues((StridedSliceAttr)op.Attr!, x[1..]), dims, null, "tf.gradients", out _);
            return [ManagedKernels.ScatterAdd(x[0], map, dims)];
        },
        NoGradientYet = "second-order gradients (the gradient of a gradient) are not built yet",
    };

    // The masks of the attribute with the begin, end and strides fed as x[1], x[2], x[3].
    private static StridedSliceAttr WithValues(StridedSliceAttr a, NDArray[] x) =>
        a with { Begin = x[1].ToArray<long>(), End = x[2].ToArray<long>(), Strides = x[3].ToArray<long>() };

    public static readonly OpDef DynamicSlice = new("DynamicSlice")
    {
        Inputs = ["input", "begin", "size"],
        Functions = ["tf.slice"],
        DTypes = DTypeSet.All,
        Infer = c =>
        {
            var s = c.Shapes[0];
            int n = (int)c.Shapes[1][0];
            if (s.IsRankKnown && s.ndim != n)
                throw Error(c, $"{c.Fn}: Expected begin and size arguments to be 1-D tensors of size {s.ndim}, but got shapes [{n}] and [{c.Shapes[2][0]}] instead (input {OpHelpers.Fmt(s)}). - help: give one begin and one size per dimension.");
            return [(Bridge.Shape.OfRank(n), c.DTypes[0])];
        },
        ChecksShapesAtRunTime = false,
        Managed = (op, x) =>
        {
            var a = new SliceAttr(x[1].ToArray<long>(), x[2].ToArray<long>());
            var map = Map(Slice, a, x[0].Dims.ToArray(), null, "tf.slice", out var dims);
            return [ManagedKernels.Take(x[0], map, dims)];
        },
        Gradient = (op, dy) => [DynamicSliceGrad!.Build("tf.gradients", "Slice_grad", [dy[0]!, .. op.Inputs]).outputs[0], null, null],
        Differences = "TF's Slice with begin or size known only at run time; Bridge names it apart from the Slice whose bounds are known when the graph is built",
    };

    /// <summary>The gradient of a DynamicSlice (input 0) padded back into zeros like its input (TF's _SliceGrad).</summary>
    public static readonly OpDef DynamicSliceGrad = new("DynamicSliceGrad")
    {
        Inputs = ["grad", "like", "begin", "size"],
        Functions = ["tf.gradients"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.ShapedLikeSecond,
        ChecksShapesAtRunTime = false,
        Managed = (op, x) =>
        {
            var dims = x[1].Dims.ToArray();
            var map = Map(Slice, new SliceAttr(x[2].ToArray<long>(), x[3].ToArray<long>()), dims, null, "tf.gradients", out _);
            return [ManagedKernels.ScatterAdd(x[0], map, dims)];
        },
        NoGradientYet = "second-order gradients (the gradient of a gradient) are not built yet",
    };

    public static readonly OpDef DynamicFill = new("DynamicFill")
    {
        Inputs = ["dims"],
        Attribute = typeof(FillAttr),
        Functions = ["tf.fill", "tf.zeros", "tf.ones"],
        DTypes = DTypeSet.Pod,
        DTypeInput = 1, // its dtype is the attribute's, not the dims'
        TfOpIds = 2,
        TfOpIdsReason = "a Const for the value, then Fill",
        Infer = c => [(c.A<FillAttr>().Dims is { } d ? new Shape(d) : Bridge.Shape.Unknown, c.A<FillAttr>().DType)],
        ChecksShapesAtRunTime = false,
        Managed = (op, x) =>
        {
            var dims = x[0].ToArray<long>();
            if (dims.Any(d => d < 0))
                throw new InvalidArgumentError($"tf.fill: dims [{string.Join(", ", dims)}] has a negative dimension. - help: every dimension must be >= 0.");
            return [ManagedKernels.Full(dims, (FillAttr)op.Attr!)];
        },
        NotDifferentiable = true,
        Differences = "TF's Fill with its dims known only at run time (tf.zeros(tf.shape(y)) of a partly known y); Bridge names it apart from the Fill whose dims are known when the graph is built",
    };

    /// <summary>The gradient of a selection (Slice, Tile, Pad, MirrorPad): the output gradient added back through its index map.</summary>
    public static readonly OpDef SelectionGrad = new("SelectionGrad")
    {
        Inputs = ["grad", "like"],
        Attribute = typeof(SelectionGradAttr),
        Functions = ["tf.gradients"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.ShapedLikeSecond,
        ChecksShapesAtRunTime = false,
        Managed = (op, x) => [ScatterBack(op, x[0], x[1], [])],
        NoGradientYet = "second-order gradients (the gradient of a gradient) are not built yet",
        Differences = "one node for TF's Pad (of Slice), Slice (of Pad), MirrorPadGrad and Tile's Reshape + Sum",
    };

    /// <summary>The gradient of GatherV2 and GatherNd: the output gradient added at the gathered positions of zeros like params.</summary>
    public static readonly OpDef GatherGrad = new("GatherGrad")
    {
        Inputs = ["grad", "like", "indices"],
        Attribute = typeof(SelectionGradAttr),
        Functions = ["tf.gradients"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.ShapedLikeSecond,
        ChecksShapesAtRunTime = false,
        Managed = (op, x) => [ScatterBack(op, x[0], x[1], [x[1], x[2]])],
        NoGradientYet = "second-order gradients (the gradient of a gradient) are not built yet",
        Differences = "dense: one node for TF's IndexedSlices (UnsortedSegmentSum) or ScatterNd",
    };

    private static OpDef SplitDef(string type, int ids, string reason) => new(type)
    {
        Inputs = ["value"],
        Attribute = typeof(SplitAttr),
        Functions = ["tf.split"],
        DTypes = DTypeSet.All,
        TfOpIds = ids - (type == "Split" ? 1 : 0),
        TfOpIdsReason = reason,
        Infer = c =>
        {
            var sizes = SplitSizes(c, c.Shapes[0]);
            var s = c.Shapes[0];
            int a = c.A<SplitAttr>().Axis;
            return sizes.Select(n => (new Shape(s.dims.Select((d, i) => i == a ? n : d).ToArray()), c.DTypes[0])).ToArray();
        },
        Managed = (op, x) =>
        {
            var a = (SplitAttr)op.Attr!;
            var sizes = SplitSizes(new OpContext("tf.split", op.Def, [x[0].shape], [x[0].dtype], a, true), x[0].shape);
            var r = new NDArray[sizes.Length];
            long begin = 0;
            for (int k = 0; k < sizes.Length; k++)
            {
                var b = new long[x[0].ndim];
                var sz = x[0].Dims.ToArray();
                b[a.Axis] = begin;
                sz[a.Axis] = sizes[k];
                var map = SliceMap(b, sz, x[0].Dims.ToArray());
                r[k] = ManagedKernels.Take(x[0], map, sz);
                begin += sizes[k];
            }
            return r;
        },
        // TF's _SplitGrad / _SplitVGrad: the gradients concatenated (zeros for outputs nothing depends on).
        Gradient = (op, dy) => [tf.concat(dy.Select((g, i) => (object)(g ?? tf.zeros_like(op.outputs[i]))).ToArray(), ((SplitAttr)op.Attr!).Axis)],
    };

    private static OpDef PadDef(string type, int ids, string reason) => new(type)
    {
        Inputs = ["input"],
        Attribute = typeof(PadAttr),
        Functions = ["tf.pad"],
        DTypes = DTypeSet.All,
        TfOpIds = ids,
        TfOpIdsReason = reason,
        Infer = c =>
        {
            var s = c.Shapes[0];
            var a = c.A<PadAttr>();
            if (!s.IsRankKnown) return [(Bridge.Shape.OfRank(a.Before.Length), c.DTypes[0])];
            if (s.ndim != a.Before.Length)
                throw Error(c, $"{c.Fn}: paddings has {a.Before.Length} rows but the input {OpHelpers.Fmt(s)} has rank {s.ndim}; it must be a matrix of shape [{s.ndim}, 2]. - help: give one [before, after] per dimension.");
            for (int i = 0; i < s.ndim; i++)
            {
                long d = s[i];
                if (d < 0) continue;
                if (a.Mode == "SYMMETRIC" && (a.Before[i] > d || a.After[i] > d))
                    throw Error(c, $"{c.Fn}: paddings must be no greater than the dimension size: {a.Before[i]}, {a.After[i]} greater than {d} (dimension {i} of {OpHelpers.Fmt(s)}, mode SYMMETRIC). - help: pad by at most the dimension's size.");
                if (a.Mode == "REFLECT" && (a.Before[i] >= d || a.After[i] >= d))
                    throw Error(c, $"{c.Fn}: paddings must be less than the dimension size: {a.Before[i]}, {a.After[i]} not less than {d} (dimension {i} of {OpHelpers.Fmt(s)}, mode REFLECT). - help: pad by less than the dimension's size, or use SYMMETRIC.");
            }
            return [(new Shape(s.dims.Select((d, i) => d < 0 ? -1 : d + a.Before[i] + a.After[i]).ToArray()), c.DTypes[0])];
        },
        Managed = (op, x) => [Select(op, x[0].Dims.ToArray(), x, out var dims) is var map ? ManagedKernels.Take(x[0], map, dims, ((PadAttr)op.Attr!).Value) : null!],
        Gradient = (op, dy) => [TakeGrad(op, dy[0]!)],
        Differences = type == "PadV2" ? "TF 1.15's PadV2 (TF 1.0's tf.pad had no constant_values)" : null,
    };

    private static Tensor TakeGrad(Operation op, Tensor dy) =>
        SelectionGrad.Build("tf.gradients", op.Def.Type + "_grad", [dy, op.Inputs[0]], new SelectionGradAttr(op.Def, op.Attr)).outputs[0];

    private static Tensor GatherGradFor(Operation op, Tensor dy) =>
        GatherGrad.Build("tf.gradients", op.Def.Type + "_grad", [dy, op.Inputs[0], op.Inputs[1]], new SelectionGradAttr(op.Def, op.Attr)).outputs[0];

    private static NDArray ScatterBack(Operation op, NDArray grad, NDArray like, NDArray[] forwardInputs)
    {
        var a = (SelectionGradAttr)op.Attr!;
        var inDims = like.Dims.ToArray();
        var map = Map(a.Forward, a.ForwardAttr, inDims, forwardInputs.Length > 1 ? forwardInputs[1] : null, "tf.gradients", out _);
        return ManagedKernels.ScatterAdd(grad, map, inDims);
    }

    private static long[] Select(Operation op, long[] inDims, NDArray[] x, out long[] dims) =>
        Map(op.Def, op.Attr, inDims, x.Length > 1 ? x[1] : null, op.Def.Functions.FirstOrDefault() ?? op.Def.Type, out dims);

    /// <summary>The index map of one selection op on an input of <paramref name="inDims"/> (output element -> input element, -1 padding), and the output's dims.</summary>
    internal static long[] Map(OpDef def, object? attr, long[] inDims, NDArray? indices, string fn, out long[] dims)
    {
        int n = inDims.Length;
        var tables = new long[n][];
        switch (def.Type)
        {
            case "StridedSlice":
            {
                var r = ResolveStridedSlice(fn, new Shape(inDims), (StridedSliceAttr)attr!, runTime: true)!;
                for (int i = 0; i < n; i++) tables[i] = Seq(r.Begin[i], r.Stride[i], r.Size[i]);
                dims = r.FinalDims;
                return ManagedKernels.AxisMap(tables, inDims);
            }
            case "Slice":
            {
                var a = (SliceAttr)attr!;
                var size = CheckSlice(fn, new Shape(inDims), a, runTime: true);
                dims = size;
                return SliceMap(a.Begin, size, inDims);
            }
            case "Tile":
            {
                var m = ((TileAttr)attr!).Multiples;
                for (int i = 0; i < n; i++) tables[i] = Enumerable.Range(0, (int)(inDims[i] * m[i])).Select(c => c % inDims[i]).ToArray();
                dims = tables.Select(t => (long)t.Length).ToArray();
                return ManagedKernels.AxisMap(tables, inDims);
            }
            case "Pad" or "PadV2" or "MirrorPad":
            {
                var a = (PadAttr)attr!;
                for (int i = 0; i < n; i++)
                {
                    long d = inDims[i], before = a.Before[i];
                    tables[i] = new long[d + before + a.After[i]];
                    for (long c = 0; c < tables[i].Length; c++)
                    {
                        long x = c - before;
                        if (a.Mode == "CONSTANT") { tables[i][c] = x >= 0 && x < d ? x : -1; continue; }
                        long offset = a.Mode == "REFLECT" ? 1 : 0;
                        if (x < 0) x = -x - 1 + offset;
                        else if (x >= d) x = 2 * d - 1 - x - offset;
                        tables[i][c] = x;
                    }
                }
                dims = tables.Select(t => (long)t.Length).ToArray();
                return ManagedKernels.AxisMap(tables, inDims);
            }
            case "ReverseV2":
            {
                var axes = ((ReverseAttr)attr!).Axes;
                for (int i = 0; i < n; i++)
                {
                    long d = inDims[i];
                    tables[i] = Array.IndexOf(axes, i) >= 0 ? Seq(d - 1, -1, d) : Seq(0, 1, d);
                }
                dims = (long[])inDims.Clone();
                return ManagedKernels.AxisMap(tables, inDims);
            }
            case "BroadcastTo":
            {
                var target = ((ShapeAttr)attr!).Dims;
                var outTables = new long[target.Length][];
                for (int i = 0; i < target.Length; i++)
                {
                    int j = i - (target.Length - n);
                    outTables[i] = j < 0 || inDims[j] == 1 ? new long[target[i]] : Seq(0, 1, target[i]);
                }
                // Leading new dimensions index a size-1 axis of the input.
                var padded = Enumerable.Repeat(1L, target.Length - n).Concat(inDims).ToArray();
                dims = (long[])target.Clone();
                return ManagedKernels.AxisMap(outTables, padded);
            }
            case "GatherV2":
            {
                int axis = ((AxisAttr)attr!).Axis;
                var idx = indices!.ToArray<long>();
                for (int k = 0; k < idx.Length; k++)
                    if (idx[k] < 0 || idx[k] >= inDims[axis])
                        throw new InvalidArgumentError($"{fn}: indices[{k}] = {idx[k]} is not in [0, {inDims[axis]}) (params {OpHelpers.Fmt(new Shape(inDims))}, axis {axis}). - help: every index must be in range for that axis.");
                for (int i = 0; i < n; i++) tables[i] = i == axis ? idx : Seq(0, 1, inDims[i]);
                dims = [.. inDims[..axis], .. indices.Dims, .. inDims[(axis + 1)..]];
                return ManagedKernels.AxisMap(tables, inDims);
            }
            case "GatherNd":
            {
                int m = (int)indices!.Dims[^1];
                var idx = indices.ToArray<long>();
                long rows = indices.Dims.ToArray()[..^1].Aggregate(1L, (p, q) => p * q);
                var strides = ManagedKernels.RowStrides(inDims);
                long inner = inDims[m..].Aggregate(1L, (p, q) => p * q);
                var map = new long[rows * inner];
                for (long r = 0; r < rows; r++)
                {
                    long b = 0;
                    for (int j = 0; j < m; j++)
                    {
                        long v = idx[r * m + j];
                        if (v < 0 || v >= inDims[j])
                            throw new InvalidArgumentError($"{fn}: indices[{r}] = [{string.Join(", ", idx.Skip((int)(r * m)).Take(m))}] does not index into param (shape: {OpHelpers.Fmt(new Shape(inDims))}). - help: entry j of each index row must be in [0, params.shape[j]).");
                        b += v * strides[j];
                    }
                    for (long k = 0; k < inner; k++) map[r * inner + k] = b + k;
                }
                dims = [.. indices.Dims[..^1], .. inDims[m..]];
                return map;
            }
            default:
                throw new InvalidOperationException($"{def.Type} is not a selection op");
        }
    }

    private static long[] Seq(long start, long step, long count)
    {
        var r = new long[Math.Max(0, count)];
        for (long i = 0; i < r.Length; i++) r[i] = start + i * step;
        return r;
    }

    private static long[] SliceMap(long[] begin, long[] size, long[] inDims)
    {
        var tables = new long[inDims.Length][];
        for (int i = 0; i < inDims.Length; i++) tables[i] = Seq(begin[i], 1, size[i]);
        return ManagedKernels.AxisMap(tables, inDims);
    }

    private static BridgeException Error(OpContext c, string message) => c.RunTime ? new InvalidArgumentError(message) : new ValueError(message);

    private static Shape SliceShape(OpContext c)
    {
        var s = c.Shapes[0];
        var a = c.A<SliceAttr>();
        if (!s.IsRankKnown) return Bridge.Shape.OfRank(a.Begin.Length);
        return new Shape(CheckSlice(c.Fn, s, a, c.RunTime));
    }

    /// <summary>TF's Slice checks; the sizes with -1 resolved where the dimension is known.</summary>
    private static long[] CheckSlice(string fn, Shape s, SliceAttr a, bool runTime)
    {
        BridgeException E(string m) => runTime ? new InvalidArgumentError(m) : new ValueError(m);
        if (s.ndim != a.Begin.Length)
            throw E($"{fn}: Expected begin and size arguments to be 1-D tensors of size {s.ndim}, but got shapes [{a.Begin.Length}] and [{a.Size.Length}] instead (input {OpHelpers.Fmt(s)}). - help: give one begin and one size per dimension.");
        var size = new long[s.ndim];
        for (int i = 0; i < s.ndim; i++)
        {
            long d = s[i], b = a.Begin[i], z = a.Size[i];
            if (d < 0) { size[i] = z; continue; }
            if (b < 0 || b > d)
                throw E($"{fn}: Expected begin[{i}] in [0, {d}], but got {b} (input {OpHelpers.Fmt(s)}). - help: begin counts from 0 and cannot pass the end.");
            if (z == -1) z = d - b;
            if (z < 0 || z > d - b)
                throw E($"{fn}: Expected size[{i}] in [0, {d - b}], but got {a.Size[i]} (input {OpHelpers.Fmt(s)}, begin {b}). - help: use -1 for the rest of the dimension.");
            size[i] = z;
        }
        return size;
    }

    private static long[] SplitSizes(OpContext c, Shape s)
    {
        var a = c.A<SplitAttr>();
        long dim = s.IsRankKnown ? s[a.Axis] : -1;
        if (a.Sizes is null)
        {
            if (dim < 0) return Enumerable.Repeat(-1L, a.Num).ToArray();
            if (dim % a.Num != 0)
                throw Error(c, $"{c.Fn}: Number of ways to split should evenly divide the split dimension, but got split_dim {a.Axis} (size = {dim}) and num_split {a.Num} (input {OpHelpers.Fmt(s)}). - help: pass a list of sizes to split unevenly.");
            return Enumerable.Repeat(dim / a.Num, a.Num).ToArray();
        }
        var sizes = (long[])a.Sizes.Clone();
        int unknown = Array.IndexOf(sizes, -1L);
        long known = sizes.Where(v => v >= 0).Sum();
        if (dim < 0) return sizes;
        if ((unknown < 0 && known != dim) || (unknown >= 0 && known > dim))
            throw Error(c, $"{c.Fn}: Determined shape must either match input shape along split_dim exactly if fully specified, or be less than the size of the input along split_dim if not fully specified.  Got: {known} (sizes [{string.Join(", ", a.Sizes)}], axis {a.Axis} of {OpHelpers.Fmt(s)}, size {dim}). - help: the sizes must add up to {dim}.");
        if (unknown >= 0) sizes[unknown] = dim - known;
        return sizes;
    }

    /// <summary>TF's strided_slice resolution (ValidateStridedSliceOp): per input dimension begin, stride and size, and the output's dims.</summary>
    internal sealed record SliceResolution(long[] Begin, long[] Stride, long[] Size, long[] FinalDims);

    internal static SliceResolution? ResolveStridedSlice(string fn, Shape input, StridedSliceAttr a, bool runTime, bool boundsUnknown = false)
    {
        BridgeException E(string m) => runTime ? new InvalidArgumentError(m) : new ValueError(m);
        int n = a.Strides.Length;
        if (a.Begin.Length != n || a.End.Length != n)
            throw new ValueError($"{fn}: Expected begin, end, and strides to be 1D equal size tensors, but got shapes [{a.Begin.Length}], [{a.End.Length}], and [{n}] instead. - help: give begin, end and strides one entry each per sliced dimension.");
        int ellipsisMask = a.EllipsisMask;
        if (ellipsisMask != 0 && (ellipsisMask & (ellipsisMask - 1)) != 0)
            throw new ValueError($"{fn}: Multiple ellipses in slice spec not allowed. - help: use one ellipsis (...).");
        if (!input.IsRankKnown) return null;
        int sparseDims = n, addAfterEllipsis = 0;
        bool seen = false;
        for (int i = 0; i < n; i++)
        {
            if (seen && ((1 << i) & a.NewAxisMask) != 0) addAfterEllipsis++;
            if (((1 << i) & ellipsisMask) != 0) seen = true;
        }
        if (!seen) { ellipsisMask |= 1 << sparseDims; sparseDims++; }
        int dims = input.ndim;
        var begin = new long[dims];
        var end = new long[dims];
        var strides = new long[dims];
        int bm = 0, em = 0, sm = 0;
        var final = new List<int>(); // input dimension, -1 new axis
        int full = 0;
        for (int i = 0; i < sparseDims; i++)
        {
            if (((1 << i) & ellipsisMask) != 0)
            {
                int next = Math.Min(dims - (sparseDims - i) + 1 + addAfterEllipsis, dims);
                for (; full < next; full++)
                {
                    strides[full] = 1;
                    bm |= 1 << full;
                    em |= 1 << full;
                    final.Add(full);
                }
            }
            else if (((1 << i) & a.NewAxisMask) != 0)
                final.Add(-1);
            else
            {
                if (full == dims)
                    throw new ValueError($"{fn}: Index out of range using input dim {full}; input has only {dims} dims (shape {OpHelpers.Fmt(input)}). - help: index at most {dims} dimensions.");
                begin[full] = a.Begin[i];
                end[full] = a.End[i];
                strides[full] = a.Strides[i];
                if ((a.BeginMask & (1 << i)) != 0) bm |= 1 << full;
                if ((a.EndMask & (1 << i)) != 0) em |= 1 << full;
                if ((a.ShrinkAxisMask & (1 << i)) != 0) sm |= 1 << full;
                else final.Add(full);
                full++;
            }
        }
        var size = new long[dims];
        for (int i = 0; i < dims; i++)
        {
            long st = strides[i], d = input[i];
            if (st == 0) throw E($"{fn}: strides[{i}] must be non-zero. - help: use a step of 1, 2, ... or -1, -2, ...");
            bool shrink = (sm & (1 << i)) != 0;
            if (shrink && st <= 0) throw E($"{fn}: only stride 1 allowed on non-range indexing.");
            if (d < 0 || (boundsUnknown && !shrink && !((bm & (1 << i)) != 0 && (em & (1 << i)) != 0))) { size[i] = shrink ? 1 : -1; continue; }
            if (boundsUnknown && shrink) { size[i] = 1; continue; }
            long lo = st > 0 ? 0 : -1, hi = st > 0 ? d : d - 1;
            long Canon(long x, bool isEnd, bool masked)
            {
                if (masked) return st > 0 ? (isEnd ? hi : lo) : (isEnd ? lo : hi);
                long f = x < 0 ? d + x : x;
                return Math.Clamp(f, lo, hi);
            }
            if (shrink)
            {
                long x = begin[i] < 0 ? d + begin[i] : begin[i];
                if (x < 0 || x >= d)
                    throw E($"{fn}: slice index {begin[i]} of dimension {i} out of bounds: index {begin[i]} is out of bounds for axis {i} with size {d} (shape {OpHelpers.Fmt(input)}). - help: use an index in [{-d}, {d}).");
                begin[i] = x;
                size[i] = 1;
                continue;
            }
            begin[i] = Canon(begin[i], false, (bm & (1 << i)) != 0);
            end[i] = Canon(end[i], true, (em & (1 << i)) != 0);
            long len = end[i] - begin[i];
            size[i] = len == 0 || (len < 0) != (st < 0) ? 0 : len / st + (len % st != 0 ? 1 : 0);
        }
        var finalDims = final.Select(f => f < 0 ? 1 : size[f]).ToArray();
        return new SliceResolution(begin, strides, size, finalDims);
    }
}

/// <summary>tf.range: start, limit, delta (as the dtype holds them) and the dtype.</summary>
internal sealed record RangeAttr(double Start, double Limit, double Delta, TF_DataType DType);

/// <summary>tf.linspace: start, stop, num and the dtype.</summary>
internal sealed record LinSpaceAttr(double Start, double Stop, int Num, TF_DataType DType);

/// <summary>tf.slice: begin and size (-1: the rest) per dimension.</summary>
internal sealed record SliceAttr(long[] Begin, long[] Size);

/// <summary>tf.strided_slice: begin, end, strides and TF's five masks.</summary>
internal sealed record StridedSliceAttr(long[] Begin, long[] End, long[] Strides, int BeginMask = 0, int EndMask = 0,
    int EllipsisMask = 0, int NewAxisMask = 0, int ShrinkAxisMask = 0);

/// <summary>tf.split: the axis, the number of outputs, and their sizes (null: equal; one may be -1).</summary>
internal sealed record SplitAttr(int Axis, int Num, long[]? Sizes);

/// <summary>tf.tile: the multiples.</summary>
internal sealed record TileAttr(long[] Multiples);

/// <summary>tf.pad: padding before and after each dimension, the mode (CONSTANT, REFLECT, SYMMETRIC), the constant.</summary>
internal sealed record PadAttr(long[] Before, long[] After, string Mode, double Value);

/// <summary>tf.reverse: the axes (normalised).</summary>
internal sealed record ReverseAttr(int[] Axes);

/// <summary>A reshape whose shape is read when the graph runs: what is known of the result when it is built.</summary>
internal sealed record PartialShapeAttr(Shape Shape);

/// <summary>The gradient of a selection: the forward op's definition and attribute (its index map).</summary>
internal sealed record SelectionGradAttr(OpDef Forward, object? ForwardAttr);
