using Bridge.Kernels;

namespace Bridge;

/// <summary>tf.nn: neural-network ops.</summary>
public sealed partial class nn_api
{
    internal nn_api() { }

    /// <summary>softmax(x) = exp(x - max) / sum(exp(x - max)) along <paramref name="axis"/> (default -1, the last), float dtypes only.</summary>
    public Tensor softmax(object logits, int axis = -1, string? name = null)
    {
        var t = OpHelpers.ToTensor(logits, "tf.nn.softmax");
        NNOps.Softmax.RequireDType("tf.nn.softmax", t.dtype, "logits");
        if (t.ndim == 0)
            throw new ValueError("tf.nn.softmax: logits must have rank >= 1, got a scalar. - help: pass a vector or a matrix of logits.");
        // TF 1.x keeps the axis as given and resolves it against the run's rank; Bridge needs the rank when the axis is not -1.
        int a = axis == -1 && !t.shape.IsRankKnown ? -1 : OpHelpers.Axis("tf.nn.softmax", axis, RankOrThrow(t, "tf.nn.softmax", "axis"));
        return NNOps.Softmax.Build("tf.nn.softmax", name ?? "Softmax", [t], new AxisAttr(a)).outputs[0];
    }

    /// <summary>1 / (1 + e^-x).</summary>
    public Tensor sigmoid(object x, string? name = null) => Binding.tf.sigmoid(x, name);

    /// <summary>TF's Relu: max(features, 0), element-wise.</summary>
    public Tensor relu(object features, string? name = null) => tensorflow.Unary(NNOps.Relu, "nn.relu", features, name, tfName: "Relu");

    /// <summary>TF's Relu6: min(max(features, 0), 6), element-wise.</summary>
    public Tensor relu6(object features, string? name = null) => tensorflow.Unary(NNOps.Relu6, "nn.relu6", features, name, tfName: "Relu6");

    /// <summary>TF's Elu: exp(features) - 1 where features &lt; 0, else features (float dtypes only), with TF 1.x's float32 exp.</summary>
    public Tensor elu(object features, string? name = null) => tensorflow.Unary(NNOps.Elu, "nn.elu", features, name, tfName: "Elu");

    /// <summary>TF's Softplus: log(exp(features) + 1), with TF's thresholds (features itself above -log(eps) - 2, exp(features) below log(eps) + 2); float dtypes only.</summary>
    public Tensor softplus(object features, string? name = null) => tensorflow.Unary(NNOps.Softplus, "nn.softplus", features, name, tfName: "Softplus");

    /// <summary>TF's Softsign: features / (abs(features) + 1); float dtypes only.</summary>
    public Tensor softsign(object features, string? name = null) => tensorflow.Unary(NNOps.Softsign, "nn.softsign", features, name, tfName: "Softsign");

    /// <summary>
    /// TF's LeakyRelu: features where features &gt; 0, else features * alpha (alpha is a float32 attribute, as in TF).
    /// Integer features are cast to float32 first, as TF 1.x's Python function does.
    /// </summary>
    public Tensor leaky_relu(object features, double alpha = 0.2, string? name = null)
    {
        const string fn = "tf.nn.leaky_relu";
        var t = OpHelpers.ToTensor(features, fn);
        if (t.dtype.is_integer()) t = Binding.tf.cast(t, TF_DataType.TF_FLOAT); // TF's math_ops.to_float
        NNOps.LeakyRelu.RequireDType(fn, t.dtype, "features");
        return NNOps.LeakyRelu.Build(fn, name ?? "LeakyRelu", [t], new LeakyReluAttr((float)alpha)).outputs[0];
    }

    /// <summary>
    /// TF's BiasAdd: value + bias, bias a vector as long as value's last dimension (value of rank 2 to 5, as TF's
    /// CPU kernel). Only TF's default data format, "NHWC" (channels last), is supported.
    /// </summary>
    public Tensor bias_add(object value, object bias, string? data_format = null, string? name = null)
    {
        const string fn = "tf.nn.bias_add";
        if (data_format is not null && data_format != "NHWC")
            throw new ValueError($"{fn}: data_format '{data_format}' is not supported: TF 1.x's CPU kernels add biases in the channels-last layout, \"NHWC\", only. - help: leave data_format out (or pass \"NHWC\"), and tf.transpose the value so that its channels are last.");
        // TF converts the value first, then the bias to the value's dtype.
        var tv = OpHelpers.ToTensor(value, fn);
        var tb = OpHelpers.ToTensor(bias, fn, tv.dtype);
        NNOps.BiasAdd.RequireDType(fn, tv.dtype, "value");
        if (tb.dtype != tv.dtype)
            throw new TypeError($"{fn}: value has dtype {tv.dtype.as_numpy_name()} but bias has dtype {tb.dtype.as_numpy_name()}; TF 1.x's BiasAdd takes one dtype. - help: tf.cast the bias, e.g. tf.cast(bias, tf.{tv.dtype.as_numpy_name()}).");
        return NNOps.BiasAdd.Build(fn, name ?? "BiasAdd", [tv, tb]).outputs[0];
    }

    /// <summary>
    /// TF 1.x's softmax cross entropy of each row of <paramref name="logits"/> [batch, classes] against
    /// <paramref name="labels"/> (same shape, each row a probability distribution), returning the [batch] losses.
    /// No gradient flows to the labels (TF 1.x's v1). The classes must be the last axis (dim -1 or 1).
    /// </summary>
    public Tensor softmax_cross_entropy_with_logits(object labels, object logits, int dim = -1, string? name = null) =>
        Xent("tf.nn.softmax_cross_entropy_with_logits", labels, logits, dim, name, labelsGradient: false);

    /// <summary>
    /// As <see cref="softmax_cross_entropy_with_logits"/>, but gradients also flow to the labels (TF 1.5+'s v2):
    /// d loss / d labels = -log_softmax(logits).
    /// </summary>
    public Tensor softmax_cross_entropy_with_logits_v2(object labels, object logits, int axis = -1, string? name = null) =>
        Xent("tf.nn.softmax_cross_entropy_with_logits_v2", labels, logits, axis, name, labelsGradient: true);

    private static Tensor Xent(string fn, object labels, object logits, int axis, string? name, bool labelsGradient)
    {
        // TF converts the logits first, then the labels, and casts the labels to the logits' dtype.
        var tl = OpHelpers.ToTensor(logits, fn);
        var tz = OpHelpers.ToTensor(labels, fn);
        NNOps.SoftmaxCrossEntropyWithLogits.RequireDType(fn, tl.dtype, "logits");
        int rank = RankOrThrow(tl, fn, "the class axis");
        if (rank != 2)
            throw new ValueError($"{fn}: logits must have rank 2, [batch, classes], but have shape {OpHelpers.Fmt(tl.shape)}. - help: tf.reshape the logits and labels to [-1, classes] first.");
        if (OpHelpers.Axis(fn, axis, rank, "dim") != 1)
            throw new ValueError($"{fn}: the classes must be the last axis (dim=-1 or 1), not axis {axis}. - help: tf.transpose the logits and labels so that the classes are last.");
        tz = Binding.tf.cast(tz, tl.dtype);
        // TF 1.x flattens the labels' outer dimensions into [-1, classes] (_flatten_outer_dims), so labels of another rank
        // with as many values work (lab 06-2's [Y_one_hot], shape [1, ?, classes]). Those op ids are among the op's own
        // TfOpIds already: the Reshape built here takes its two from them.
        int extraIds = 0;
        if (tz.shape.IsRankKnown && tz.ndim != 2 && tl.shape[1] >= 0)
        {
            tz = Binding.tf.reshape(tz, new[] { -1, (int)tl.shape[1] });
            extraIds = -ArrayOps.Reshape.TfOpIds;
        }
        return NNOps.SoftmaxCrossEntropyWithLogits.Build(fn, name ?? "SoftmaxCrossEntropyWithLogits", [tl, tz], new XentAttr(labelsGradient), extraIds).outputs[0];
    }

    /// <summary>
    /// TF's LogSoftmax: logits - max - log(sum(exp(logits - max))) along <paramref name="axis"/> (TF 1.0's
    /// <c>dim</c>, default -1), float dtypes, with TF's kernel order (softmax_op_functor.h: the exp in the row's
    /// reduction, the log over the row sums). TF 1.x runs the op on [batch, classes] and reshapes other ranks around it;
    /// Bridge's op takes any rank >= 1 along its last axis, and another axis is transposed to the end and back.
    /// </summary>
    public Tensor log_softmax(object logits, int axis = -1, string? name = null)
    {
        const string fn = "tf.nn.log_softmax";
        var t = OpHelpers.ToTensor(logits, fn);
        NNOps.LogSoftmax.RequireDType(fn, t.dtype, "logits");
        if (t.shape.IsRankKnown && t.ndim == 0)
            throw new ValueError($"{fn}: logits must have rank >= 1, got a scalar. - help: pass a vector or a matrix of logits.");
        if (axis == -1 && !t.shape.IsRankKnown)
            return NNOps.LogSoftmax.Build(fn, name ?? "LogSoftmax", [t]).outputs[0];
        int rank = RankOrThrow(t, fn, "axis");
        int a = OpHelpers.Axis(fn, axis, rank, "dim");
        if (a == rank - 1) return NNOps.LogSoftmax.Build(fn, name ?? "LogSoftmax", [t]).outputs[0];
        var perm = Enumerable.Range(0, rank).ToArray();
        (perm[a], perm[rank - 1]) = (perm[rank - 1], perm[a]);
        var y = NNOps.LogSoftmax.Build(fn, "LogSoftmax", [Binding.tf.transpose(t, perm)]).outputs[0];
        return Binding.tf.transpose(y, perm, name: name);
    }

    /// <summary>
    /// TF's Selu (TF 1.4+): scale * x for x &gt;= 0, scale * alpha * (exp(x) - 1) below (scale = 1.0507009873554805,
    /// scale * alpha = 1.7580993408473769, both rounded to the dtype), float dtypes; the exp is TF's float32 packet exp
    /// over the whole tensor, as <see cref="elu"/>'s.
    /// </summary>
    public Tensor selu(object features, string? name = null) => tensorflow.Unary(NNOps.Selu, "nn.selu", features, name, tfName: "Selu");

    /// <summary>
    /// TF 1.x's sparse softmax cross entropy: for logits [batch, classes] and int32/int64 class indices labels [batch],
    /// loss[b] = log(sum(exp(logits[b] - max))) - (logits[b, labels[b]] - max), TF's SparseSoftmaxXentWithLogits kernel
    /// order (sparse_xent_op.h: the row sums of exp in packets as the dense op's, a scalar log for the label's term).
    /// Logits of higher rank [..., classes] with labels [...] are flattened around the op, as TF does. A label outside
    /// [0, classes) is an InvalidArgumentError when the graph runs (TF's CPU kernel). No gradient flows to the labels.
    /// </summary>
    public Tensor sparse_softmax_cross_entropy_with_logits(object labels, object logits, string? name = null)
    {
        const string fn = "tf.nn.sparse_softmax_cross_entropy_with_logits";
        // TF converts the labels first, then the logits.
        var tz = OpHelpers.ToTensor(labels, fn);
        var tl = OpHelpers.ToTensor(logits, fn);
        NNOps.SparseSoftmaxCrossEntropyWithLogits.RequireDType(fn, tl.dtype, "logits");
        if (tz.dtype is not (TF_DataType.TF_INT32 or TF_DataType.TF_INT64))
            throw new TypeError($"{fn}: labels must be int32 or int64 class indices, not {tz.dtype.as_numpy_name()}. - help: pass class indices (tf.argmax(one_hot_labels, 1) for one-hot rows), or use tf.nn.softmax_cross_entropy_with_logits for probability rows.");
        if (tl.shape.IsRankKnown && tl.ndim == 0)
            throw new ValueError($"{fn}: logits cannot be scalars - received shape {OpHelpers.Fmt(tl.shape)}. - help: pass logits of shape [batch, classes].");
        if (tl.shape.IsRankKnown && tz.shape.IsRankKnown && tz.ndim != tl.ndim - 1)
            throw new ValueError($"{fn}: Rank mismatch: rank of labels (received {tz.ndim}, shape {OpHelpers.Fmt(tz.shape)}) should equal rank of logits minus 1 (received {tl.ndim}, shape {OpHelpers.Fmt(tl.shape)}). - help: labels hold one class index per row of logits; for one-hot labels use tf.nn.softmax_cross_entropy_with_logits.");
        var op = NNOps.SparseSoftmaxCrossEntropyWithLogits;
        if (!tl.shape.IsRankKnown || tl.ndim == 2)
            return op.Build(fn, name ?? "SparseSoftmaxCrossEntropyWithLogits", [tl, tz]).outputs[0];
        // TF 1.x: reshape the logits to [-1, classes] and the labels to [-1], then the loss back to the labels' shape.
        long classes = tl.shape[-1];
        if (classes < 0)
            throw new ValueError($"{fn}: the number of classes (the last dimension of logits {OpHelpers.Fmt(tl.shape)}) must be known for logits of rank {tl.ndim}. - help: give the placeholder its class dimension, or tf.reshape the logits to [-1, classes].");
        var flatLogits = Binding.tf.reshape(tl, new Shape(-1, classes));
        var flatLabels = Binding.tf.reshape(tz, new Shape(-1));
        var loss = op.Build(fn, "SparseSoftmaxCrossEntropyWithLogits", [flatLogits, flatLabels]).outputs[0];
        var outShape = tz.shape.IsFullyDefined ? tz.shape : new Shape(tl.shape.dims[..^1].Select((d, i) => tz.shape[i] >= 0 ? tz.shape[i] : d).ToArray());
        return outShape.dims.Count(d => d < 0) <= 1
            ? Binding.tf.reshape(loss, new Shape(outShape.dims.Select(d => d < 0 ? -1 : d).ToArray()), name)
            : throw new ValueError($"{fn}: logits {OpHelpers.Fmt(tl.shape)} have more than one unknown outer dimension; Bridge reshapes the loss from static shapes. - help: tf.reshape the logits to [-1, classes] and the labels to [-1] first.");
    }

    /// <summary>
    /// TF 1.0's sigmoid cross entropy (nn_impl.py), the numerically stable form of
    /// z * -log(sigmoid(x)) + (1 - z) * -log(1 - sigmoid(x)) for logits x and labels z of one shape and dtype:
    /// <c>where(x &gt;= 0, x, 0) - x * z + log1p(exp(where(x &gt;= 0, -x, x)))</c>, built of TF's ops in TF's order (so
    /// the gradient at x = 0 is sigmoid(0) - z, as TF 1.x's).
    /// </summary>
    public Tensor sigmoid_cross_entropy_with_logits(object labels, object logits, string? name = null)
    {
        const string fn = "tf.nn.sigmoid_cross_entropy_with_logits";
        var tf = Binding.tf;
        // TF converts the logits first, then the labels.
        var x = OpHelpers.ToTensor(logits, fn);
        var z = OpHelpers.ToTensor(labels, fn, x.dtype);
        if (z.shape.MergeWith(x.shape) is null)
            throw new ValueError($"{fn}: logits and labels must have the same shape ({OpHelpers.Fmt(x.shape)} vs {OpHelpers.Fmt(z.shape)}). - help: give one label per logit.");
        NNOps.Softmax.RequireDType(fn, x.dtype, "logits");
        if (z.dtype != x.dtype)
            throw new TypeError($"{fn}: labels have dtype {z.dtype.as_numpy_name()} but logits have dtype {x.dtype.as_numpy_name()}; TF 1.x multiplies them, so they must agree. - help: tf.cast the labels, e.g. tf.cast(labels, tf.{x.dtype.as_numpy_name()}).");
        var zeros = tf.zeros_like(x);
        var cond = tf.greater_equal(x, zeros);
        var reluLogits = tf.where(cond, x, zeros);
        var negAbsLogits = tf.where(cond, tf.negative(x), x);
        return tf.add(tf.subtract(reluLogits, tf.multiply(x, z)), tf.log1p(tf.exp(negAbsLogits)), name: name ?? "logistic_loss");
    }

    /// <summary>
    /// TF 1.x's l2_normalize (nn_impl.py): <c>x * rsqrt(maximum(reduce_sum(square(x), axis, keepdims), epsilon))</c>
    /// along <paramref name="axis"/> (TF 1.0's <c>dim</c>; null: all axes, as TF 1.15), epsilon in x's dtype.
    /// </summary>
    public Tensor l2_normalize(object x, Axis? axis = null, double epsilon = 1e-12, string? name = null)
    {
        const string fn = "tf.nn.l2_normalize";
        var tf = Binding.tf;
        var t = OpHelpers.ToTensor(x, fn);
        UnaryOps.Rsqrt.RequireDType(fn, t.dtype, "x");
        var squareSum = tf.reduce_sum(tf.square(t), axis, keepdims: true);
        var invNorm = tf.rsqrt(tf.maximum(squareSum, epsilon));
        return tf.multiply(t, invNorm, name: name ?? "l2_normalize");
    }

    /// <summary>
    /// TF 1.0's tf.nn.dropout: each element of <paramref name="x"/> is kept with probability
    /// <paramref name="keep_prob"/> and scaled by 1 / keep_prob, otherwise 0. Built as TF 1.0's Python builds it, so that
    /// a seeded run draws TF's mask and later random ops get TF's op seeds: in name scope "dropout", keep_prob
    /// converted to x's dtype (a number outside (0, 1] is a ValueError; a tensor must be a scalar), and when it is the
    /// constant 1, x itself; otherwise random_tensor = keep_prob + tf.random_uniform(noise_shape, seed, x.dtype)
    /// (noise_shape defaults to tf.shape(x), read at run time when x's shape is only partly known),
    /// mask = floor(random_tensor), and the result is x / keep_prob * mask with x's static shape.
    /// <paramref name="noise_shape"/> must broadcast to x's shape: a dimension of 1 keeps or drops the whole slice.
    /// keep_prob may be a placeholder (fed 0.7 when training and 1.0 when testing). Gradients flow through the
    /// composition (the mask passes none, as TF's Floor). TF 1.0's semantics; TF 1.15's rate argument is not taken.
    /// </summary>
    public Tensor dropout(object x, object keep_prob, object? noise_shape = null, int? seed = null, string? name = null)
    {
        const string fn = "tf.nn.dropout";
        var tf = Binding.tf;
        using var scope = tf.name_scope(name ?? "dropout");
        var xt = OpHelpers.ToTensor(x, fn, name: "x");
        if (!xt.dtype.is_floating())
            throw new ValueError($"{fn}: x must be a float tensor (its random mask is drawn in x's dtype), got {xt.dtype.as_numpy_name()}. - help: tf.cast x to tf.float32.");
        if (keep_prob is not Tensor and not ITensorConvertible && keep_prob is IConvertible c && keep_prob is not string and not bool)
        {
            double k = c.ToDouble(System.Globalization.CultureInfo.InvariantCulture);
            if (!(k > 0 && k <= 1))
                throw new ValueError($"keep_prob must be a scalar tensor or a float in the range (0, 1], got {k.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)} ({fn}). - help: pass the probability of keeping each element, e.g. 0.7 when training and 1.0 when testing.");
        }
        Tensor kp;
        if (keep_prob is Tensor or ITensorConvertible)
        {
            kp = OpHelpers.ToTensor(keep_prob, fn);
            if (kp.dtype != xt.dtype)
                throw new ValueError($"{fn}: Tensor conversion requested dtype {xt.dtype.as_numpy_name()} for keep_prob '{kp.name}' with dtype {kp.dtype.as_numpy_name()}. - help: make keep_prob the dtype of x (e.g. tf.placeholder(tf.float32)).");
        }
        else
            kp = OpHelpers.ToTensor(keep_prob, fn, xt.dtype, name: "keep_prob");
        if (kp.shape.IsRankKnown && kp.ndim != 0)
            throw new ValueError($"{fn}: Shapes {OpHelpers.Fmt(kp.shape)} and () are incompatible: keep_prob must be a scalar. - help: pass one probability (a float or a scalar tensor).");
        // TF: do nothing if keep_prob is known to be 1.
        if (ConstantValue.Of(kp) is { } kv && kv.size == 1 && kv.GetDouble(0) == 1) return xt;
        var shape = noise_shape switch
        {
            null => tf.shape(xt),
            Tensor t => t,
            _ => OpHelpers.ToTensor(noise_shape, fn, TF_DataType.TF_INT32, name: "noise_shape"), // TF's _ShapeTensor Const
        };
        var random = tf.add(kp, tf.random_uniform(shape, seed: seed, dtype: xt.dtype));
        var mask = tf.floor(random);
        var ret = tf.multiply(tf.divide(xt, kp), mask);
        ret.shape = xt.shape;
        return ret;
    }

    /// <summary>
    /// TF 1.0's moments (nn_impl.py), the mean and variance of x over <paramref name="axes"/>, computed as TF 1.0 did
    /// (TF 1.15 changed the arithmetic to reduce_mean(x) and reduce_mean(squared_difference(x, mean))): shift =
    /// stop_gradient(reduce_mean(x, axes, keep_dims=True)) unless given; m = reduce_sum(x - shift), v =
    /// reduce_sum(squared_difference(x, shift)); with divisor = 1 / count, mean = m * divisor + shift and variance =
    /// v * divisor - square(m * divisor). The count is a constant when the reduced dimensions are known, else it is
    /// taken from tf.shape at run time (the same number; TF gathers it, op ids differ).
    /// </summary>
    public (Tensor mean, Tensor variance) moments(object x, int[] axes, object? shift = null, string? name = null, bool keep_dims = false)
    {
        const string fn = "tf.nn.moments";
        var tf = Binding.tf;
        var y = OpHelpers.ToTensor(x, fn);
        UnaryOps.Reciprocal.RequireDType(fn, y.dtype, "x");
        int rank = RankOrThrow(y, fn, "axes");
        using var scope = tf.name_scope(name ?? "moments");
        // TF: axes = list(set(axes)) (ascending for small ints), here also normalised to be non-negative.
        var ax = axes.Select(a => OpHelpers.Axis(fn, a, rank, "axes")).Distinct().OrderBy(a => a).ToArray();
        var s = shift is null
            ? tf.stop_gradient(tf.reduce_mean(y, ax, keepdims: true))
            : tf.cast(OpHelpers.ToTensor(shift, fn, y.dtype), y.dtype);
        Tensor counts;
        if (ax.All(a => y.shape[a] >= 0))
            counts = tf.constant(ax.Aggregate(1.0, (p, a) => p * y.shape[a]), y.dtype);
        else
        {
            // From tf.shape, which passes no gradient: stopped here so that tf.gradients does not walk into the Prod.
            var dims = tf.cast(tf.shape(y), y.dtype);
            counts = tf.stop_gradient(tf.reduce_prod(tf.stack(ax.Select(a => dims[a]).ToArray()), name: "count"));
        }
        var mSs = tf.reduce_sum(tf.subtract(y, s), ax, keepdims: keep_dims, name: "mean_ss");
        var vSs = tf.reduce_sum(tf.squared_difference(y, s), ax, keepdims: keep_dims, name: "var_ss");
        // TF reshapes the shift to the sums' shape: without keep_dims that drops the reduced axes.
        if (!keep_dims) s = tf.squeeze(s, ax);
        var divisor = tf.reciprocal(counts, name: "divisor");
        var shiftedMean = tf.multiply(mSs, divisor, name: "shifted_mean");
        var mean = tf.add(shiftedMean, s, name: "mean");
        var variance = tf.subtract(tf.multiply(vSs, divisor), tf.square(shiftedMean), name: "variance");
        return (mean, variance);
    }

    internal static int RankOrThrow(Tensor t, string fn, string what) => t.shape.IsRankKnown ? t.ndim
        : throw new ValueError($"{fn}: the rank of '{t.name}' is unknown, so {what} cannot be resolved. - help: give the placeholder a shape (None for dimensions of any size), or tf.reshape the input.");
}

/// <summary>Neural-network ops (TF's softmax_op.cc, nn_grad.py).</summary>
[OpFamily("nn")]
internal static class NNOps
{
    private static readonly tensorflow tf = Binding.tf;

    public static readonly OpDef Softmax = new("Softmax")
    {
        Inputs = ["logits"],
        Attribute = typeof(AxisAttr),
        Functions = ["tf.nn.softmax"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (op, x) => [ManagedKernels.Softmax(x[0], AxisOf(op, x[0]))],
        Gradient = (op, dy) =>
        {
            // TF: (grad - reduce_sum(grad * softmax, axis, keepdims)) * softmax
            Tensor g = dy[0]!, y = op.outputs[0];
            var sum = tf.reduce_sum(tf.multiply(g, y), axis: ((AxisAttr)op.Attr!).Axis, keepdims: true);
            return [tf.multiply(tf.subtract(g, sum), y)];
        },
    };

    private const string SecondOrder = "second-order gradients (the gradient of a gradient) are not built yet";

    // The activations (TF's relu_op.cc, softplus_op.cc, softsign_op.cc) and their gradient ops, with nn_grad.py's rules.

    public static readonly OpDef Relu = new("Relu")
    {
        Inputs = ["features"],
        Functions = ["tf.nn.relu"],
        DTypes = DTypeSet.RealNumbers,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.Relu(x[0])],
        // TF's _ReluGrad: relu_grad(grad, op.outputs[0]), from the output.
        Gradient = (op, dy) => [Grad(ReluGrad!, dy[0]!, op.outputs[0])],
    };

    public static readonly OpDef ReluGrad = new("ReluGrad")
    {
        Inputs = ["gradients", "features"],
        DTypes = DTypeSet.RealNumbers,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.ReluGrad(x[0], x[1])],
        NoGradientYet = SecondOrder,
    };

    public static readonly OpDef Relu6 = new("Relu6")
    {
        Inputs = ["features"],
        Functions = ["tf.nn.relu6"],
        DTypes = DTypeSet.RealNumbers,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.Relu6(x[0])],
        // TF 1.0's _Relu6Grad: relu6_grad(grad, op.inputs[0]) (later versions pass the output: the same values).
        Gradient = (op, dy) => [Grad(Relu6Grad!, dy[0]!, op.Inputs[0])],
    };

    public static readonly OpDef Relu6Grad = new("Relu6Grad")
    {
        Inputs = ["gradients", "features"],
        DTypes = DTypeSet.RealNumbers,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.Relu6Grad(x[0], x[1])],
        NoGradientYet = SecondOrder,
    };

    public static readonly OpDef Elu = new("Elu")
    {
        Inputs = ["features"],
        Functions = ["tf.nn.elu"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.Elu(x[0])],
        // TF's _EluGrad: elu_grad(grad, op.outputs[0]).
        Gradient = (op, dy) => [Grad(EluGrad!, dy[0]!, op.outputs[0])],
    };

    public static readonly OpDef EluGrad = new("EluGrad")
    {
        Inputs = ["gradients", "outputs"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.EluGrad(x[0], x[1])],
        NoGradientYet = SecondOrder,
    };

    public static readonly OpDef Softplus = new("Softplus")
    {
        Inputs = ["features"],
        Functions = ["tf.nn.softplus"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Differences = "float dtypes only, as TF 1.15 (TF 1.0 also registered integer kernels, whose thresholds are meaningless)",
        Managed = (_, x) => [ManagedKernels.Softplus(x[0])],
        // TF 1.0's _SoftplusGrad: softplus_grad(grad, op.inputs[0]) = grad / (exp(-x) + 1) (TF 1.15: grad * sigmoid(x)).
        Gradient = (op, dy) => [Grad(SoftplusGrad!, dy[0]!, op.Inputs[0])],
    };

    public static readonly OpDef SoftplusGrad = new("SoftplusGrad")
    {
        Inputs = ["gradients", "features"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.SoftplusGrad(x[0], x[1])],
        NoGradientYet = SecondOrder,
    };

    public static readonly OpDef Softsign = new("Softsign")
    {
        Inputs = ["features"],
        Functions = ["tf.nn.softsign"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Differences = "float dtypes only, as TF 1.15 (TF 1.0 also registered integer kernels)",
        Managed = (_, x) => [ManagedKernels.Softsign(x[0])],
        // TF's _SoftsignGrad: softsign_grad(grad, op.inputs[0]).
        Gradient = (op, dy) => [Grad(SoftsignGrad!, dy[0]!, op.Inputs[0])],
    };

    public static readonly OpDef SoftsignGrad = new("SoftsignGrad")
    {
        Inputs = ["gradients", "features"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.SoftsignGrad(x[0], x[1])],
        NoGradientYet = SecondOrder,
    };

    public static readonly OpDef LeakyRelu = new("LeakyRelu")
    {
        Inputs = ["features"],
        Attribute = typeof(LeakyReluAttr),
        Functions = ["tf.nn.leaky_relu"],
        DTypes = DTypeSet.RealNumbers,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Differences = "TF 1.15's LeakyRelu op; TF 1.4 to 1.12 built maximum(alpha * features, features) from two ops, which differs for alpha > 1",
        Managed = (op, x) => [ManagedKernels.LeakyRelu(x[0], ((LeakyReluAttr)op.Attr!).Alpha)],
        // TF's _LeakyReluGrad: leaky_relu_grad(grad, op.inputs[0], alpha).
        Gradient = (op, dy) => [LeakyReluGrad!.Build("tf.gradients", "LeakyReluGrad", [dy[0]!, op.Inputs[0]], op.Attr).outputs[0]],
    };

    public static readonly OpDef LeakyReluGrad = new("LeakyReluGrad")
    {
        Inputs = ["gradients", "features"],
        Attribute = typeof(LeakyReluAttr),
        DTypes = DTypeSet.RealNumbers,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (op, x) => [ManagedKernels.LeakyReluGrad(x[0], x[1], ((LeakyReluAttr)op.Attr!).Alpha)],
        NoGradientYet = SecondOrder,
    };

    // TF's BiasAdd and BiasAddGrad (bias_op.cc, channels last).

    public static readonly OpDef BiasAdd = new("BiasAdd")
    {
        Inputs = ["value", "bias"],
        Functions = ["tf.nn.bias_add"],
        DTypes = DTypeSet.RealNumbers,
        Infer = c =>
        {
            Shape v = c.Shapes[0], b = c.Shapes[1];
            if (v.IsRankKnown && (v.ndim < 2 || v.ndim > 5))
                throw new ValueError($"{c.Fn}: value must have rank 2 to 5 (TF 1.x's CPU kernel), but has shape {OpHelpers.Fmt(v)}. - help: tf.reshape the value; the bias is added along its last dimension.");
            if (b.IsRankKnown && b.ndim != 1)
                throw new ValueError($"{c.Fn}: bias must be a vector, but has shape {OpHelpers.Fmt(b)}. - help: tf.reshape the bias to [{(v.IsRankKnown && v[-1] >= 0 ? v[-1].ToString() : "channels")}].");
            if (v.IsRankKnown && b.IsRankKnown && v[-1] >= 0 && b[0] >= 0 && v[-1] != b[0])
                throw new ValueError($"{c.Fn}: the bias must have as many values as the last dimension of the value: bias is {OpHelpers.Fmt(b)}, value is {OpHelpers.Fmt(v)} ({b[0]} != {v[-1]}). - help: give the bias {v[-1]} values.");
            return [(v, c.DTypes[0])];
        },
        Managed = (_, x) => [ManagedKernels.Binary<Plus>(x[0], x[1])],
        // TF's _BiasAddGrad: the gradient itself, and bias_add_grad (its sum over all but the last axis).
        Gradient = (op, dy) => [dy[0], BiasAddGrad!.Build("tf.gradients", "BiasAddGrad", [dy[0]!]).outputs[0]],
    };

    public static readonly OpDef BiasAddGrad = new("BiasAddGrad")
    {
        Inputs = ["out_backprop"],
        DTypes = DTypeSet.RealNumbers,
        Infer = c =>
        {
            var s = c.Shapes[0];
            if (s.IsRankKnown && s.ndim < 2)
                throw new ValueError($"{c.Fn}: BiasAddGrad's input must have rank 2 or more, but has shape {OpHelpers.Fmt(s)}. - help: pass the gradient of a BiasAdd.");
            return [(s.IsRankKnown ? new Shape(s[-1]) : Shape.OfRank(1), c.DTypes[0])];
        },
        Managed = (_, x) => [ManagedKernels.BiasAddGrad(x[0])],
        NoGradientYet = SecondOrder,
    };

    // TF's SoftmaxCrossEntropyWithLogits (xent_op.cc) and the LogSoftmax its labels' gradient uses (softmax_op.cc).

    public static readonly OpDef SoftmaxCrossEntropyWithLogits = new("SoftmaxCrossEntropyWithLogits")
    {
        Inputs = ["features", "labels"],
        Attribute = typeof(XentAttr),
        Functions = ["tf.nn.softmax_cross_entropy_with_logits", "tf.nn.softmax_cross_entropy_with_logits_v2"],
        DTypes = DTypeSet.Floats,
        TfOpIds = 31,
        TfOpIdsReason = "TF 1.0's Python function: Rank and Shape of the logits, 11 ops to flatten each input to a matrix (Rank, Shape, Sub and its Const, Pack, Slice and its Const, ConcatV2 and its two Consts, Reshape), the op, 5 for the output shape (Const, Sub and its Const, Pack, Slice) and the final Reshape; TF 1.5+ adds a StopGradient to v1's labels",
        Differences = "rank-2 inputs only, classes last; dim=1 counts the op ids of dim=-1 (TF 1.x transposes for any dim but -1)",
        Infer = c =>
        {
            Shape x = c.Shapes[0], z = c.Shapes[1];
            if (x.IsRankKnown && x.ndim != 2)
                throw new ValueError($"{c.Fn}: logits must have rank 2, [batch, classes], but have shape {OpHelpers.Fmt(x)}. - help: tf.reshape the logits and labels to [-1, classes] first.");
            var merged = x.MergeWith(z.IsRankKnown ? z : Shape.OfRank(2))
                ?? throw new ValueError($"{c.Fn}: logits and labels must have the same shape, but logits are {OpHelpers.Fmt(x)} and labels are {OpHelpers.Fmt(z)}. - help: make the labels one row per example and one column per class (tf.one_hot for class indices).");
            return [(new Shape(merged[0]), c.DTypes[0]), (merged, c.DTypes[0])];
        },
        Managed = (_, x) => ManagedKernels.SoftmaxXent(x[0], x[1]),
        // TF's _SoftmaxCrossEntropyWithLogitsGrad: grad_loss[:, None] * backprop for the logits; v2's labels get
        // grad_loss[:, None] * -log_softmax(logits) (TF 1.0's v1 returns None for them; TF 1.5+'s v1 stops the gradient).
        Gradient = (op, dy) =>
        {
            if (dy[1] is not null)
                throw new LookupError($"tf.gradients: the backprop output of '{op.name}' (SoftmaxCrossEntropyWithLogits) has no gradient: TF 1.x prevents the second derivative of the fused op. - help: differentiate the loss only.");
            var g = dy[0]!;
            var logits = tf.multiply(tf.expand_dims(g, -1), op.outputs[1]);
            if (!((XentAttr)op.Attr!).LabelsGradient) return [logits, null];
            var logSoftmax = LogSoftmax!.Build("tf.gradients", "LogSoftmax", [op.Inputs[0]]).outputs[0];
            return [logits, tf.multiply(tf.expand_dims(g, -1), tf.negative(logSoftmax))];
        },
    };

    public static readonly OpDef LogSoftmax = new("LogSoftmax")
    {
        Inputs = ["logits"],
        Functions = ["tf.nn.log_softmax"],
        DTypes = DTypeSet.Floats,
        Differences = "any rank >= 1, along the last axis (TF 1.x's op takes [batch, classes]; its Python function reshapes other ranks around it, so op ids differ for rank != 2 or dim != -1)",
        Infer = c =>
        {
            var s = c.Shapes[0];
            if (s.IsRankKnown && s.ndim == 0)
                throw new ValueError($"{c.Fn}: LogSoftmax takes logits of rank >= 1, not a scalar. - help: pass a vector or a matrix of logits.");
            return [(s, c.DTypes[0])];
        },
        Managed = (_, x) => [ManagedKernels.LogSoftmax(x[0])],
        // TF's _LogSoftmaxGrad: grad - reduce_sum(grad, 1, keep_dims=True) * exp(log_softmax) (the class axis, last).
        Gradient = (op, dy) =>
        {
            var softmax = tf.exp(op.outputs[0]);
            return [tf.subtract(dy[0]!, tf.multiply(tf.reduce_sum(dy[0]!, -1, keepdims: true), softmax))];
        },
    };

    // TF's SparseSoftmaxCrossEntropyWithLogits (sparse_xent_op.cc / .h).

    public static readonly OpDef SparseSoftmaxCrossEntropyWithLogits = new("SparseSoftmaxCrossEntropyWithLogits")
    {
        Inputs = ["features", "labels"],
        Functions = ["tf.nn.sparse_softmax_cross_entropy_with_logits"],
        DTypes = DTypeSet.Floats,
        TfOpIds = 2,
        TfOpIdsReason = "TF 1.0's Python function takes tf.shape of the labels first (for logits of other ranks), then builds the op",
        Differences = "logits of rank > 2: the flattening reshapes count Bridge's own op ids, not the 11 more of TF's Python",
        Infer = c =>
        {
            Shape x = c.Shapes[0], z = c.Shapes[1];
            if (x.IsRankKnown && x.ndim != 2)
                throw new ValueError($"{c.Fn}: logits must be 2-D, [batch, classes], but have shape {OpHelpers.Fmt(x)}. - help: tf.reshape the logits to [-1, classes] and the labels to [-1].");
            if (z.IsRankKnown && z.ndim != 1)
                throw new ValueError($"{c.Fn}: labels must be 1-D, [batch], but have shape {OpHelpers.Fmt(z)}. - help: pass one class index per row of logits.");
            long batch = x.IsRankKnown ? x[0] : -1, labels = z.IsRankKnown ? z[0] : -1;
            if (batch >= 0 && labels >= 0 && batch != labels)
                throw new ValueError($"{c.Fn}: logits and labels must have the same first dimension, got logits shape {OpHelpers.Fmt(x)} and labels shape {OpHelpers.Fmt(z)}. - help: give one label per row of logits.");
            if (c.RunTime && x[1] == 0)
                throw new ValueError($"{c.Fn}: must have at least one class, but got logits shape {OpHelpers.Fmt(x)}. - help: the logits' last dimension is the number of classes.");
            long b = batch >= 0 ? batch : labels;
            long classes = x.IsRankKnown ? x[1] : -1;
            return [(new Shape(b), c.DTypes[0]), (new Shape(b, classes), c.DTypes[0])];
        },
        Managed = (op, x) => ManagedKernels.SparseSoftmaxXent(x[0], x[1], op.RunTimeName),
        // TF's _SparseSoftmaxCrossEntropyWithLogitsGrad: grad_0[:, None] * backprop; none for the labels.
        Gradient = (op, dy) =>
        {
            if (dy[1] is not null)
                throw new LookupError($"tf.gradients: the backprop output of '{op.name}' (SparseSoftmaxCrossEntropyWithLogits) has no gradient: TF 1.x prevents the second derivative of the fused op. - help: differentiate the loss only.");
            return [tf.multiply(tf.expand_dims(dy[0]!, -1), op.outputs[1]), null];
        },
    };

    // TF 1.4+'s Selu and SeluGrad (relu_op_functor.h), with nn_grad.py's rule.

    public static readonly OpDef Selu = new("Selu")
    {
        Inputs = ["features"],
        Functions = ["tf.nn.selu"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Differences = "TF 1.4+'s op (not in TF 1.0); its float32 exp is TF 1.0's Eigen packet exp",
        Managed = (_, x) => [ManagedKernels.Selu(x[0])],
        // TF's _SeluGrad: selu_grad(grad, op.outputs[0]).
        Gradient = (op, dy) => [Grad(SeluGrad!, dy[0]!, op.outputs[0])],
    };

    public static readonly OpDef SeluGrad = new("SeluGrad")
    {
        Inputs = ["gradients", "outputs"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.SeluGrad(x[0], x[1])],
        NoGradientYet = SecondOrder,
    };

    /// <summary>A gradient op of two inputs: the incoming gradient and the forward value its rule reads.</summary>
    private static Tensor Grad(OpDef def, Tensor dy, Tensor value) => def.Build("tf.gradients", def.Type, [dy, value]).outputs[0];

    /// <summary>The softmax axis of this run's value (-1 is the last axis).</summary>
    internal static int AxisOf(Operation op, NDArray x) => ((AxisAttr)op.Attr!).Axis is var a && a < 0 ? a + x.ndim : a;
}

/// <summary>LeakyRelu's slope for negative features, a float32 attribute as in TF.</summary>
internal sealed record LeakyReluAttr(float Alpha);

/// <summary>Whether SoftmaxCrossEntropyWithLogits passes gradients to its labels (v2) or not (v1).</summary>
internal sealed record XentAttr(bool LabelsGradient);
