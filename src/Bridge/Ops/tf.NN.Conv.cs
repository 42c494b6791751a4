using Bridge.Kernels;

namespace Bridge;

/// <summary>tf.nn's convolution and pooling (TF's nn_ops.py over the Conv2D, MaxPool and AvgPool ops).</summary>
public sealed partial class nn_api
{
    /// <summary>
    /// TF's Conv2D: the 2-D cross-correlation of <paramref name="input"/> [batch, in_height, in_width, in_channels]
    /// (NHWC) with <paramref name="filter"/> [filter_height, filter_width, in_channels, out_channels]:
    /// output[b, i, j, k] = sum over (di, dj, q) of input[b, strides[1]*i + rate_h*di - pad_top, strides[2]*j + rate_w*dj - pad_left, q] * filter[di, dj, q, k],
    /// zeros outside the input. <paramref name="padding"/> "VALID" uses no padding (output ceil((in - window + 1) / stride));
    /// "SAME" gives ceil(in / stride) outputs and pads total = max(0, (out - 1) * stride + window - in), total / 2 before
    /// and the rest after (TF's GetWindowedOutputSizeVerbose). <paramref name="strides"/> has 4 values with
    /// strides[0] = strides[3] = 1. <paramref name="dilations"/> (TF 1.5+; TF 1.0 has none) dilates the filter,
    /// dilations[0] = dilations[3] = 1. float32 and float64 (TF 1.15's CPU kernels; TF 1.0 has float32 only).
    /// <paramref name="data_format"/> must be "NHWC": TF 1.x's CPU kernel rejects "NCHW" ("Generic conv implementation
    /// only supports NHWC tensor format for now."), and Bridge rejects it when the graph is built.
    /// <paramref name="use_cudnn_on_gpu"/> is accepted and ignored (CPU). Gradients: Conv2DBackpropInput and
    /// Conv2DBackpropFilter, as TF's _Conv2DGrad.
    /// </summary>
    public Tensor conv2d(object input, object filter, int[] strides, string padding, bool use_cudnn_on_gpu = true,
        string data_format = "NHWC", int[]? dilations = null, string? name = null)
    {
        const string fn = "tf.nn.conv2d";
        var x = OpHelpers.ToTensor(input, fn);
        var f = OpHelpers.ToTensor(filter, fn, x.dtype);
        ConvOps.Conv2D.RequireDType(fn, x.dtype, "input");
        ConvOps.RequireSameDType(fn, x, f, "input", "filter");
        var attr = ConvOps.Attr(fn, "Conv2D", strides, padding, data_format, dilations);
        return ConvOps.Conv2D.Build(fn, name ?? "Conv2D", [x, f], attr).outputs[0];
    }

    /// <summary>
    /// TF's Conv2DBackpropInput: the gradient of <see cref="conv2d"/> with respect to its input, for an input of shape
    /// <paramref name="input_sizes"/> (4 ints, or an int32 tensor such as tf.shape(x)), the <paramref name="filter"/>
    /// and the output's gradient <paramref name="out_backprop"/> [batch, out_height, out_width, out_channels].
    /// Same strides, padding, dilations and data_format rules as conv2d.
    /// </summary>
    public Tensor conv2d_backprop_input(object input_sizes, object filter, object out_backprop, int[] strides, string padding,
        bool use_cudnn_on_gpu = true, string data_format = "NHWC", int[]? dilations = null, string? name = null)
    {
        const string fn = "tf.nn.conv2d_backprop_input";
        var sizes = ConvOps.SizesTensor(fn, input_sizes, "input_sizes");
        var f = OpHelpers.ToTensor(filter, fn);
        var dy = OpHelpers.ToTensor(out_backprop, fn, f.dtype);
        ConvOps.Conv2DBackpropInput.RequireDType(fn, f.dtype, "filter");
        ConvOps.RequireSameDType(fn, f, dy, "filter", "out_backprop");
        var attr = ConvOps.Attr(fn, "Conv2DBackpropInput", strides, padding, data_format, dilations) with { Sizes = ConstantValue.AsShape(sizes) };
        return ConvOps.Conv2DBackpropInput.Build(fn, name ?? "Conv2DBackpropInput", [sizes, f, dy], attr).outputs[0];
    }

    /// <summary>
    /// TF's Conv2DBackpropFilter: the gradient of <see cref="conv2d"/> with respect to its filter, of shape
    /// <paramref name="filter_sizes"/> (4 ints or an int32 tensor), from the <paramref name="input"/> and the output's
    /// gradient <paramref name="out_backprop"/>. Same strides, padding, dilations and data_format rules as conv2d.
    /// </summary>
    public Tensor conv2d_backprop_filter(object input, object filter_sizes, object out_backprop, int[] strides, string padding,
        bool use_cudnn_on_gpu = true, string data_format = "NHWC", int[]? dilations = null, string? name = null)
    {
        const string fn = "tf.nn.conv2d_backprop_filter";
        var x = OpHelpers.ToTensor(input, fn);
        var sizes = ConvOps.SizesTensor(fn, filter_sizes, "filter_sizes");
        var dy = OpHelpers.ToTensor(out_backprop, fn, x.dtype);
        ConvOps.Conv2DBackpropFilter.RequireDType(fn, x.dtype, "input");
        ConvOps.RequireSameDType(fn, x, dy, "input", "out_backprop");
        var attr = ConvOps.Attr(fn, "Conv2DBackpropFilter", strides, padding, data_format, dilations) with { Sizes = ConstantValue.AsShape(sizes) };
        return ConvOps.Conv2DBackpropFilter.Build(fn, name ?? "Conv2DBackpropFilter", [x, sizes, dy], attr).outputs[0];
    }

    /// <summary>
    /// TF's MaxPool: the maximum of each <paramref name="ksize"/> window of <paramref name="value"/> (NHWC), moved by
    /// <paramref name="strides"/>, with TF's "SAME"/"VALID" padding arithmetic (padded positions never win). ksize and
    /// strides have 4 values, pooling over rows and columns only (ksize[0] = ksize[3] = strides[0] = strides[3] = 1).
    /// float32 and float64 (TF 1.0's CPU kernel has float32 only, TF 1.15's all real types). The gradient (MaxPoolGrad)
    /// goes to the first maximum of each window in row-major order, as TF's CPU kernel routes ties. "NCHW" is rejected
    /// as TF 1.x's CPU kernel does ("Default MaxPoolingOp only supports NHWC.").
    /// </summary>
    public Tensor max_pool(object value, int[] ksize, int[] strides, string padding, string data_format = "NHWC", string? name = null)
    {
        const string fn = "tf.nn.max_pool";
        var x = OpHelpers.ToTensor(value, fn);
        ConvOps.MaxPool.RequireDType(fn, x.dtype, "value");
        var attr = ConvOps.PoolAttrOf(fn, "MaxPool", ksize, strides, padding, data_format);
        return ConvOps.MaxPool.Build(fn, name ?? "MaxPool", [x], attr).outputs[0];
    }

    /// <summary>
    /// TF's AvgPool: the mean of each <paramref name="ksize"/> window of <paramref name="value"/> (NHWC); with "SAME"
    /// padding a window that overlaps the border averages over its elements inside the input only (TF's kernel). Same
    /// ksize, strides and data_format rules as <see cref="max_pool"/>; float32 and float64.
    /// </summary>
    public Tensor avg_pool(object value, int[] ksize, int[] strides, string padding, string data_format = "NHWC", string? name = null)
    {
        const string fn = "tf.nn.avg_pool";
        var x = OpHelpers.ToTensor(value, fn);
        ConvOps.AvgPool.RequireDType(fn, x.dtype, "value");
        var attr = ConvOps.PoolAttrOf(fn, "AvgPool", ksize, strides, padding, data_format);
        return ConvOps.AvgPool.Build(fn, name ?? "AvgPool", [x], attr).outputs[0];
    }
}

/// <summary>
/// A convolution's attributes: strides and dilations of the rows and columns, SAME or VALID padding, and for the
/// backprop ops the static shape their sizes tensor is known to hold.
/// </summary>
internal sealed record ConvAttr(int StrideRows, int StrideCols, int DilationRows, int DilationCols, bool Same)
{
    public Shape? Sizes { get; init; }
}

/// <summary>A pooling op's attributes: window, strides, SAME or VALID; for AvgPoolGrad the static input shape.</summary>
internal sealed record PoolAttr(int WinRows, int WinCols, int StrideRows, int StrideCols, bool Same)
{
    public Shape? Sizes { get; init; }
}

/// <summary>Convolution and pooling ops (TF's conv_ops.cc, conv_grad_*_ops.cc, maxpooling_op.cc, avgpooling_op.cc, nn_grad.py).</summary>
[OpFamily("nn")]
internal static class ConvOps
{
    private static readonly tensorflow tf = Binding.tf;

    private const string SecondOrder = "second-order gradients (the gradient of a gradient) are not built yet";

    public static readonly OpDef Conv2D = new("Conv2D")
    {
        Inputs = ["input", "filter"],
        Functions = ["tf.nn.conv2d"],
        Attribute = typeof(ConvAttr),
        DTypes = DTypeSet.Floats,
        Infer = c =>
        {
            var a = c.A<ConvAttr>();
            Shape x = c.Shapes[0], f = c.Shapes[1];
            RequireRank4(c, x, "input", [x, f]);
            RequireRank4(c, f, "filter", [x, f]);
            if (x.IsRankKnown && f.IsRankKnown && x[3] >= 0 && f[2] >= 0 && x[3] != f[2])
                throw new ValueError($"{c.Fn}: Dimensions must be equal, but are {x[3]} and {f[2]} for 'Conv2D' (op: 'Conv2D') with input shapes: {Shapes(x, f)}: the filter's in_channels (its dimension 2) must equal the input's channels (its dimension 3). - help: give the filter shape [height, width, {x[3]}, out_channels] for this input, or check that the input is NHWC (channels last).");
            long outDepth = f.IsRankKnown ? f[3] : -1;
            if (!x.IsRankKnown) return [(new Shape(-1, -1, -1, outDepth), c.DTypes[0])];
            long rows = OutSize(c, "Conv2D", x[1], f.IsRankKnown ? f[0] : -1, a.StrideRows, a.DilationRows, a.Same, [x, f]);
            long cols = OutSize(c, "Conv2D", x[2], f.IsRankKnown ? f[1] : -1, a.StrideCols, a.DilationCols, a.Same, [x, f]);
            return [(new Shape(x[0], rows, cols, outDepth), c.DTypes[0])];
        },
        Managed = (op, x) => [ManagedKernels.Conv2D(x[0], x[1], Geometry(op, x[0].Dims.ToArray(), x[1].Dims.ToArray()))],
        // TF 1.0's _Conv2DGrad: the input's gradient from tf.shape(input), the filter's from tf.shape(filter).
        Gradient = (op, dy) =>
        {
            var a = (ConvAttr)op.Attr!;
            return [BackpropInput(tf.shape(op.Inputs[0]), op.Inputs[1], dy[0]!, a), BackpropFilter(op.Inputs[0], tf.shape(op.Inputs[1]), dy[0]!, a)];
        },
        Differences = "float32 sums each output's products in the filter's (row, column, in-channel) order (managed, and up to 32768 multiply-adds on libtorch's side) or in libtorch's order: the last bits can differ from TF's Eigen contraction; "
            + "float64 as TF 1.15 (TF 1.0's CPU kernel: float32 only); data_format NCHW is a ValueError when the graph is built (TF's CPU kernel fails when it runs)",
    };

    public static readonly OpDef Conv2DBackpropInput = new("Conv2DBackpropInput")
    {
        Inputs = ["input_sizes", "filter", "out_backprop"],
        Functions = ["tf.nn.conv2d_backprop_input", "tf.gradients"],
        Attribute = typeof(ConvAttr),
        DTypes = DTypeSet.Floats,
        DTypeInput = 1,
        Infer = c =>
        {
            var a = c.A<ConvAttr>();
            Shape f = c.Shapes[1], dy = c.Shapes[2];
            var sizes = a.Sizes is { IsRankKnown: true } s ? s : Shape.OfRank(4);
            RequireRank4(c, sizes, "input_sizes", [sizes, f, dy]);
            RequireRank4(c, f, "filter", [sizes, f, dy]);
            RequireRank4(c, dy, "out_backprop", [sizes, f, dy]);
            CheckBackprop(c, "Conv2DBackpropInput", a, sizes, f, dy);
            return [(sizes, c.DTypes[1])];
        },
        Managed = (op, x) =>
        {
            var sizes = Sizes(op, x[0].ToArray<long>(), "input_sizes");
            var g = Geometry(op, sizes, x[1].Dims.ToArray(), x[2].Dims.ToArray());
            return [ManagedKernels.Conv2DBackpropInput(x[1], x[2], g)];
        },
        // TF's _Conv2DBackpropInputGrad: none for the sizes; the filter's is a Conv2DBackpropFilter of (grad, out_backprop),
        // out_backprop's is the conv2d of grad with the filter.
        Gradient = (op, dy) =>
        {
            var a = (ConvAttr)op.Attr!;
            return [null, BackpropFilter(dy[0]!, tf.shape(op.Inputs[1]), op.Inputs[2], a), Conv(dy[0]!, op.Inputs[1], a)];
        },
    };

    public static readonly OpDef Conv2DBackpropFilter = new("Conv2DBackpropFilter")
    {
        Inputs = ["input", "filter_sizes", "out_backprop"],
        Functions = ["tf.nn.conv2d_backprop_filter", "tf.gradients"],
        Attribute = typeof(ConvAttr),
        DTypes = DTypeSet.Floats,
        Infer = c =>
        {
            var a = c.A<ConvAttr>();
            Shape x = c.Shapes[0], dy = c.Shapes[2];
            var sizes = a.Sizes is { IsRankKnown: true } s ? s : Shape.OfRank(4);
            RequireRank4(c, x, "input", [x, sizes, dy]);
            RequireRank4(c, sizes, "filter_sizes", [x, sizes, dy]);
            RequireRank4(c, dy, "out_backprop", [x, sizes, dy]);
            CheckBackprop(c, "Conv2DBackpropFilter", a, x, sizes, dy);
            return [(sizes, c.DTypes[0])];
        },
        Managed = (op, x) =>
        {
            var sizes = Sizes(op, x[1].ToArray<long>(), "filter_sizes");
            var g = Geometry(op, x[0].Dims.ToArray(), sizes, x[2].Dims.ToArray());
            return [ManagedKernels.Conv2DBackpropFilter(x[0], x[2], g)];
        },
        // TF's _Conv2DBackpropFilterGrad: the input's is a Conv2DBackpropInput of (grad, out_backprop), out_backprop's
        // the conv2d of the input with grad; none for the sizes.
        Gradient = (op, dy) =>
        {
            var a = (ConvAttr)op.Attr!;
            return [BackpropInput(tf.shape(op.Inputs[0]), dy[0]!, op.Inputs[2], a), null, Conv(op.Inputs[0], dy[0]!, a)];
        },
    };

    public static readonly OpDef MaxPool = new("MaxPool")
    {
        Inputs = ["input"],
        Functions = ["tf.nn.max_pool"],
        Attribute = typeof(PoolAttr),
        DTypes = DTypeSet.Floats,
        Infer = c => [(PoolShape(c, "MaxPool", c.Shapes[0]), c.DTypes[0])],
        Managed = (op, x) => [ManagedKernels.MaxPool(x[0], PoolGeometry(op, x[0].Dims.ToArray()))],
        // TF's _MaxPoolGrad: MaxPoolGrad(orig_input, orig_output, grad).
        Gradient = (op, dy) => [MaxPoolGrad!.Build("tf.gradients", "MaxPoolGrad", [op.Inputs[0], op.outputs[0], dy[0]!], op.Attr).outputs[0]],
        Differences = "float32 and float64 only (TF 1.15 also registers integer CPU kernels; TF 1.0 float32 only)",
    };

    public static readonly OpDef MaxPoolGrad = new("MaxPoolGrad")
    {
        Inputs = ["orig_input", "orig_output", "grad"],
        Attribute = typeof(PoolAttr),
        DTypes = DTypeSet.Floats,
        Infer = c =>
        {
            var expected = PoolShape(c, "MaxPoolGrad", c.Shapes[0]);
            foreach (var (s, what) in new[] { (c.Shapes[1], "orig_output"), (c.Shapes[2], "grad") })
                if (expected.MergeWith(s) is null)
                    throw new ValueError($"{c.Fn}: MaxPoolGrad's {what} has shape {OpHelpers.Fmt(s)}, but the pooling of orig_input {OpHelpers.Fmt(c.Shapes[0])} gives {OpHelpers.Fmt(expected)}. - help: pass the MaxPool's own input, output and the gradient of that output.");
            return [(c.Shapes[0], c.DTypes[0])];
        },
        Managed = (op, x) =>
        {
            var g = PoolGeometry(op, x[0].Dims.ToArray());
            RequirePooledGradient(op, x[0].Dims.ToArray(), x[2].Dims.ToArray(), g);
            return [ManagedKernels.MaxPoolGrad(x[0], x[2], g)];
        },
        NoGradientYet = SecondOrder,
    };

    public static readonly OpDef AvgPool = new("AvgPool")
    {
        Inputs = ["value"],
        Functions = ["tf.nn.avg_pool"],
        Attribute = typeof(PoolAttr),
        DTypes = DTypeSet.Floats,
        Infer = c => [(PoolShape(c, "AvgPool", c.Shapes[0]), c.DTypes[0])],
        Managed = (op, x) => [ManagedKernels.AvgPool(x[0], PoolGeometry(op, x[0].Dims.ToArray()))],
        // TF's _AvgPoolGrad: AvgPoolGrad(tf.shape(input), grad).
        Gradient = (op, dy) =>
        {
            var sizes = tf.shape(op.Inputs[0]);
            var a = (PoolAttr)op.Attr! with { Sizes = op.Inputs[0].shape };
            return [AvgPoolGrad!.Build("tf.gradients", "AvgPoolGrad", [sizes, dy[0]!], a).outputs[0]];
        },
    };

    public static readonly OpDef AvgPoolGrad = new("AvgPoolGrad")
    {
        Inputs = ["orig_input_shape", "grad"],
        Attribute = typeof(PoolAttr),
        DTypes = DTypeSet.Floats,
        DTypeInput = 1,
        Infer = c =>
        {
            var a = c.A<PoolAttr>();
            var sizes = a.Sizes is { IsRankKnown: true } s ? s : Shape.OfRank(4);
            var expected = PoolShape(c, "AvgPoolGrad", sizes);
            if (expected.MergeWith(c.Shapes[1]) is null)
                throw new ValueError($"{c.Fn}: AvgPoolGrad's grad has shape {OpHelpers.Fmt(c.Shapes[1])}, but the pooling of an input of shape {OpHelpers.Fmt(sizes)} gives {OpHelpers.Fmt(expected)}. - help: pass the AvgPool's input shape and the gradient of its output.");
            return [(sizes, c.DTypes[1])];
        },
        Managed = (op, x) =>
        {
            var sizes = x[0].ToArray<long>();
            var g = PoolGeometry(op, sizes);
            if (!x[1].Dims.SequenceEqual(new long[] { g.Batch, g.OutRows, g.OutCols, g.InDepth }))
                throw new InvalidArgumentError($"{op.RunTimeName}: AvgPoolGrad's grad has shape {x[1].shape.ToTfString()}, but pooling [{string.Join(", ", sizes)}] gives [{g.Batch}, {g.OutRows}, {g.OutCols}, {g.InDepth}]. - help: pass the gradient of the AvgPool's output.");
            return [ManagedKernels.AvgPoolGrad(x[1], g)];
        },
        // TF's _AvgPoolGradGrad: none for the shape; the gradient's is the average pooling of the incoming gradient.
        Gradient = (op, dy) => [null, AvgPool!.Build("tf.gradients", "AvgPool", [dy[0]!], (PoolAttr)op.Attr! with { Sizes = null }).outputs[0]],
    };

    // ---- builders shared by the tf.nn functions and the gradients ----

    private static Tensor Conv(Tensor x, Tensor f, ConvAttr a) => Conv2D.Build("tf.gradients", "Conv2D", [x, f], a with { Sizes = null }).outputs[0];

    private static Tensor BackpropInput(Tensor sizes, Tensor f, Tensor dy, ConvAttr a) =>
        Conv2DBackpropInput.Build("tf.gradients", "Conv2DBackpropInput", [sizes, f, dy], a with { Sizes = ConstantValue.AsShape(sizes) }).outputs[0];

    private static Tensor BackpropFilter(Tensor x, Tensor sizes, Tensor dy, ConvAttr a) =>
        Conv2DBackpropFilter.Build("tf.gradients", "Conv2DBackpropFilter", [x, sizes, dy], a with { Sizes = ConstantValue.AsShape(sizes) }).outputs[0];

    internal static void RequireSameDType(string fn, Tensor a, Tensor b, string an, string bn)
    {
        if (a.dtype != b.dtype)
            throw new TypeError($"{fn}: {an} has dtype {a.dtype.as_numpy_name()} but {bn} has dtype {b.dtype.as_numpy_name()}; TF 1.x's op takes one dtype. - help: tf.cast the {bn}, e.g. tf.cast({bn}, tf.{a.dtype.as_numpy_name()}).");
    }

    /// <summary>A sizes argument (4 ints or an int32 vector tensor) as an int32 tensor.</summary>
    internal static Tensor SizesTensor(string fn, object sizes, string what)
    {
        var t = sizes as Tensor ?? (sizes as ITensorConvertible)?.AsTensor()
            ?? OpHelpers.ToTensor(ConstantValue.Ints(sizes, fn, what).Select(v => (int)v).ToArray(), fn);
        if (t.dtype != TF_DataType.TF_INT32)
            throw new TypeError($"{fn}: {what} must be an int32 vector of 4 sizes, not {t.dtype.as_numpy_name()}. - help: pass 4 ints or tf.shape of a tensor.");
        if (t.shape.IsRankKnown && (t.ndim != 1 || t.shape[0] >= 0 && t.shape[0] != 4))
            throw new ValueError($"{fn}: {what} must be a vector of 4 sizes, but has shape {OpHelpers.Fmt(t.shape)}. - help: pass [batch, height, width, channels] (or [height, width, in, out] for a filter).");
        return t;
    }

    /// <summary>Checks the attributes as TF does (its shape functions and kernel constructors) and returns the record.</summary>
    internal static ConvAttr Attr(string fn, string op, int[]? strides, string? padding, string? dataFormat, int[]? dilations)
    {
        RequireNhwc(fn, dataFormat, "Generic conv implementation only supports NHWC tensor format for now.");
        if (strides is null || strides.Length != 4)
            throw new ValueError($"{fn}: {op} requires the stride attribute to contain 4 values, but got: {strides?.Length ?? 0}. - help: pass strides=[1, stride_height, stride_width, 1] (NHWC).");
        if (strides[0] != 1 || strides[3] != 1)
            throw new ValueError($"{fn}: Current implementation does not yet support strides in the batch and depth dimensions (strides [{string.Join(", ", strides)}]). - help: keep strides[0] = strides[3] = 1, e.g. [1, 2, 2, 1].");
        if (strides[1] <= 0 || strides[2] <= 0)
            throw new ValueError($"{fn}: Stride must be > 0, but got [{string.Join(", ", strides)}]. - help: pass positive strides, e.g. [1, 1, 1, 1].");
        dilations ??= [1, 1, 1, 1];
        if (dilations.Length != 4)
            throw new ValueError($"{fn}: Sliding window dilations field must specify 4 dimensions, but got {dilations.Length}. - help: pass dilations=[1, rate_height, rate_width, 1].");
        if (dilations[0] != 1 || dilations[3] != 1)
            throw new ValueError($"{fn}: Current implementation does not yet support dilations in the batch and depth dimensions (dilations [{string.Join(", ", dilations)}]). - help: keep dilations[0] = dilations[3] = 1.");
        if (dilations[1] <= 0 || dilations[2] <= 0)
            throw new ValueError($"{fn}: Dilated rates should be larger than 0, but got [{string.Join(", ", dilations)}]. - help: pass dilations of 1 or more.");
        return new ConvAttr(strides[1], strides[2], dilations[1], dilations[2], Same(fn, op, padding));
    }

    internal static PoolAttr PoolAttrOf(string fn, string op, int[]? ksize, int[]? strides, string? padding, string? dataFormat)
    {
        RequireNhwc(fn, dataFormat, $"Default {op}ingOp only supports NHWC.");
        if (strides is null || strides.Length != 4)
            throw new ValueError($"{fn}: {op} requires the stride attribute to contain 4 values, but got: {strides?.Length ?? 0}. - help: pass strides=[1, stride_height, stride_width, 1] (NHWC).");
        if (ksize is null || ksize.Length != 4)
            throw new ValueError($"{fn}: {op} requires the ksize attribute to contain 4 values, but got: {ksize?.Length ?? 0}. - help: pass ksize=[1, window_height, window_width, 1] (NHWC).");
        if (ksize[0] != 1 || strides[0] != 1)
            throw new ValueError($"{fn}: Pooling is not yet supported on the batch dimension (ksize [{string.Join(", ", ksize)}], strides [{string.Join(", ", strides)}]). - help: keep ksize[0] = strides[0] = 1.");
        if (ksize[3] != 1 || strides[3] != 1)
            throw new ValueError($"{fn}: Bridge pools over rows and columns only, as TF 1.x's CPU {op} does for NHWC (ksize [{string.Join(", ", ksize)}], strides [{string.Join(", ", strides)}]). - help: keep ksize[3] = strides[3] = 1.");
        if (ksize[1] <= 0 || ksize[2] <= 0 || strides[1] <= 0 || strides[2] <= 0)
            throw new ValueError($"{fn}: the window and the strides must be positive (ksize [{string.Join(", ", ksize)}], strides [{string.Join(", ", strides)}]). - help: pass e.g. ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1].");
        return new PoolAttr(ksize[1], ksize[2], strides[1], strides[2], Same(fn, op, padding));
    }

    private static void RequireNhwc(string fn, string? dataFormat, string tfMessage)
    {
        if (dataFormat is null or "NHWC") return;
        if (dataFormat == "NCHW")
            throw new ValueError($"{fn}: data_format 'NCHW' is not supported: {tfMessage} (TF 1.x's CPU kernel, which fails when the graph runs; Bridge says so when it is built). - help: leave data_format out (\"NHWC\", channels last), or tf.transpose(x, [0, 2, 3, 1]) an NCHW input first.");
        throw new ValueError($"{fn}: Invalid data format '{dataFormat}'. - help: pass data_format=\"NHWC\".");
    }

    private static bool Same(string fn, string op, string? padding) => padding switch
    {
        "SAME" => true,
        "VALID" => false,
        _ => throw new ValueError($"{fn}: Attr 'padding' of '{op}' Op passed string '{padding}' not in: \"SAME\", \"VALID\". - help: pass padding=\"SAME\" (zeros around, output ceil(in / stride)) or padding=\"VALID\" (no padding)."),
    };

    private static void RequireRank4(OpContext c, Shape s, string what, Shape[] all)
    {
        if (s.IsRankKnown && s.ndim != 4)
            throw new ValueError($"{c.Fn}: Shape must be rank 4 but is rank {s.ndim} for '{c.Def.Type}' (op: '{c.Def.Type}') with input shapes: {Shapes(all)}: {what} {OpHelpers.Fmt(s)} is not 4-D. - help: {(what is "filter" or "filter_sizes" ? "a filter is [height, width, in_channels, out_channels]" : "images are NHWC, [batch, height, width, channels]; tf.reshape(x, [-1, height, width, channels]) a flat batch first")}.");
    }

    private static string Shapes(params Shape[] s) => string.Join(", ", s.Select(OpHelpers.Fmt));

    // TF's GetWindowedOutputSizeFromDims with the shape function's errors (-1 for unknown dimensions).
    private static long OutSize(OpContext c, string op, long input, long filter, int stride, int dilation, bool same, Shape[] all)
    {
        if (input < 0) return -1;
        if (same) return (input + stride - 1) / stride;
        if (filter < 0) return -1;
        long effective = (filter - 1) * dilation + 1;
        if (input < effective)
            throw new ValueError($"{c.Fn}: Negative dimension size caused by subtracting {effective} from {input} for '{op}' (op: '{op}') with input shapes: {Shapes(all)}: a VALID window{(dilation > 1 ? " (dilated)" : "")} of {effective} does not fit in {input}. - help: use padding=\"SAME\", a smaller window, or a larger input.");
        return (input - effective + stride) / stride;
    }

    // The backprop ops' shapes must fit together: the conv2d of sizes (input) with the filter gives out_backprop.
    private static void CheckBackprop(OpContext c, string op, ConvAttr a, Shape x, Shape f, Shape dy)
    {
        Shape[] all = [x, f, dy];
        if (x[3] >= 0 && f[2] >= 0 && x[3] != f[2])
            throw new ValueError($"{c.Fn}: {op}: the input has {x[3]} channels but the filter {f[2]} in_channels (input {OpHelpers.Fmt(x)}, filter {OpHelpers.Fmt(f)}). - help: pass the shapes of the conv2d's own input and filter.");
        long rows = OutSize(c, op, x[1], f[0], a.StrideRows, a.DilationRows, a.Same, all);
        long cols = OutSize(c, op, x[2], f[1], a.StrideCols, a.DilationCols, a.Same, all);
        var expected = new Shape(x[0], rows, cols, f[3]);
        if (expected.MergeWith(dy) is null)
            throw new ValueError($"{c.Fn}: {op}: out_backprop has shape {OpHelpers.Fmt(dy)}, but the conv2d of an input {OpHelpers.Fmt(x)} with a filter {OpHelpers.Fmt(f)} gives {OpHelpers.Fmt(expected)}. - help: pass the gradient of that conv2d's output, with the same strides and padding.");
    }

    private static Shape PoolShape(OpContext c, string op, Shape x)
    {
        var a = c.A<PoolAttr>();
        RequireRank4(c, x, "input", [x]);
        if (!x.IsRankKnown) return Shape.OfRank(4);
        return new Shape(x[0], OutSize(c, op, x[1], a.WinRows, a.StrideRows, 1, a.Same, [x]), OutSize(c, op, x[2], a.WinCols, a.StrideCols, 1, a.Same, [x]), x[3]);
    }

    // ---- run-time geometry (the values' concrete shapes; what the graph could not check is InvalidArgumentError) ----

    internal static long[] Sizes(Operation op, long[] sizes, string what)
    {
        if (sizes.Length != 4 || sizes.Any(s => s < 0))
            throw new InvalidArgumentError($"{op.RunTimeName}: {what} must hold 4 non-negative sizes, but holds [{string.Join(", ", sizes)}]. - help: pass tf.shape of the conv2d's own input or filter.");
        return sizes;
    }

    /// <summary>The convolution's geometry from its input and filter shapes (and out_backprop's, checked, for the backprop ops).</summary>
    internal static Window2D Geometry(Operation op, long[] input, long[] filter, long[]? dy = null)
    {
        var a = (ConvAttr)op.Attr!;
        if (input[3] != filter[2])
            throw new InvalidArgumentError($"{op.RunTimeName}: the input [{string.Join(", ", input)}] has {input[3]} channels but the filter [{string.Join(", ", filter)}] has {filter[2]} in_channels. - help: give the filter the input's channel count as its dimension 2.");
        var g = Window2D.Of(input, (int)filter[0], (int)filter[1], (int)filter[3], a.StrideRows, a.StrideCols, a.DilationRows, a.DilationCols, a.Same);
        if (dy is not null && !dy.SequenceEqual(new long[] { g.Batch, g.OutRows, g.OutCols, g.OutDepth }))
            throw new InvalidArgumentError($"{op.RunTimeName}: out_backprop has shape [{string.Join(", ", dy)}], but the conv2d of [{string.Join(", ", input)}] with [{string.Join(", ", filter)}] gives [{g.Batch}, {g.OutRows}, {g.OutCols}, {g.OutDepth}]. - help: pass the gradient of that conv2d's output.");
        return g;
    }

    /// <summary>MaxPoolGrad's grad must have the pooled shape (checked when the graph ran with unknown dimensions).</summary>
    internal static void RequirePooledGradient(Operation op, long[] input, long[] grad, Window2D g)
    {
        if (!grad.SequenceEqual(new long[] { g.Batch, g.OutRows, g.OutCols, g.InDepth }))
            throw new InvalidArgumentError($"{op.RunTimeName}: MaxPoolGrad's grad has shape [{string.Join(", ", grad)}], but pooling orig_input [{string.Join(", ", input)}] gives [{g.Batch}, {g.OutRows}, {g.OutCols}, {g.InDepth}]. - help: pass the gradient of the MaxPool's output.");
    }

    internal static Window2D PoolGeometry(Operation op, long[] input)
    {
        var a = (PoolAttr)op.Attr!;
        return Window2D.Of(input, a.WinRows, a.WinCols, (int)input[3], a.StrideRows, a.StrideCols, 1, 1, a.Same);
    }
}
