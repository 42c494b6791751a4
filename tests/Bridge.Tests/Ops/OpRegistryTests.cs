using Bridge.Backend;
using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>
/// Walks every op definition (<see cref="Bridge.Ops.All"/>): each declares its gradient (a rule, TF's
/// NotDifferentiable, or why not yet), has a managed kernel if a kernel runs it, runs for every dtype it declares on
/// both backends with the same result, rejects the dtypes it does not declare when the graph is built, and, when
/// differentiable, passes a numeric gradient check.
/// </summary>
public class OpRegistryTests : GraphFixture
{
    private static readonly TF_DataType[] Candidates =
    [
        TF_DataType.TF_FLOAT, TF_DataType.TF_DOUBLE, TF_DataType.TF_INT32, TF_DataType.TF_INT64,
        TF_DataType.TF_UINT8, TF_DataType.TF_INT16, TF_DataType.TF_INT8, TF_DataType.TF_BOOL,
    ];

    /// <summary>How to build one instance of an op from placeholders of the given shapes (all of the tested dtype).</summary>
    private sealed record Sample(int[][] Shapes, Func<Tensor[], Tensor> Build, bool Positive = false);

    private static Sample Unary(Func<Tensor, Tensor> f, bool positive = false) => new([[2, 3]], t => f(t[0]), positive);
    private static Sample Binary(Func<Tensor, Tensor, Tensor> f, int[]? second = null) => new([[2, 3], second ?? [1, 3]], t => f(t[0], t[1]));
    private static Sample Internal(OpDef def, int[][] shapes, object? attr = null) => new(shapes, t => def.Build("test", def.Type, t, attr).outputs[0]);

    /// <summary>One sample per op the executor runs through a kernel; the variable writes are covered by the training tests.</summary>
    private static readonly Dictionary<OpDef, Sample> Samples = new()
    {
        [UnaryOps.Neg] = Unary(x => tf.negative(x)),
        [UnaryOps.Square] = Unary(x => tf.square(x)),
        [UnaryOps.Sqrt] = Unary(x => tf.sqrt(x), positive: true),
        [UnaryOps.Exp] = Unary(x => tf.exp(x)),
        [UnaryOps.Log] = Unary(x => tf.log(x), positive: true),
        [UnaryOps.Abs] = Unary(x => tf.abs(x)),
        [UnaryOps.Sigmoid] = Unary(x => tf.sigmoid(x)),
        [UnaryOps.Reciprocal] = Internal(UnaryOps.Reciprocal, [[2, 3]]) with { Positive = true },
        [UnaryOps.Sign] = Unary(x => tf.sign(x)),
        [UnaryOps.Round] = Unary(x => tf.round(x)),
        [UnaryOps.Ceil] = Unary(x => tf.ceil(x)),
        [UnaryOps.Rsqrt] = Unary(x => tf.rsqrt(x), positive: true),
        [MathOps.Maximum] = Binary((x, y) => tf.maximum(x, y)),
        [MathOps.Minimum] = Binary((x, y) => tf.minimum(x, y)),
        [MathOps.Pow] = Binary((x, y) => tf.pow(x, y)) with { Positive = true },
        [MathOps.FloorDiv] = Binary((x, y) => tf.floordiv(x, y)) with { Positive = true },
        [MathOps.FloorMod] = Binary((x, y) => tf.floormod(x, y)) with { Positive = true },
        [MathOps.TruncateDiv] = Binary((x, y) => tf.truncatediv(x, y)) with { Positive = true },
        [LogicOps.LogicalAnd] = Binary((x, y) => tf.logical_and(x, y)),
        [LogicOps.LogicalOr] = Binary((x, y) => tf.logical_or(x, y)),
        [LogicOps.LogicalNot] = Unary(x => tf.logical_not(x)),
        [LogicOps.IsNan] = Unary(x => tf.is_nan(x)),
        [LogicOps.IsInf] = Unary(x => tf.is_inf(x)),
        [LogicOps.IsFinite] = Unary(x => tf.is_finite(x)),
        [LogicOps.Select] = new([[2, 3], [2, 3], [2, 3]], t => tf.where(tf.cast(t[0], tf.@bool), t[1], t[2])),
        [LogicOps.Where] = Unary(x => tf.where(x)),
        [ReductionOps.All] = Unary(x => tf.reduce_all(x, axis: 1)),
        [ReductionOps.Any] = Unary(x => tf.reduce_any(x, axis: 0)),
        [UnaryOps.Floor] = Unary(x => tf.floor(x)),
        [UnaryOps.Cast] = Unary(x => tf.cast(x, x.dtype == TF_DataType.TF_DOUBLE ? TF_DataType.TF_FLOAT : TF_DataType.TF_DOUBLE)),
        [MathOps.Add] = Binary((x, y) => tf.add(x, y)),
        [MathOps.Sub] = Binary((x, y) => tf.subtract(x, y)),
        [MathOps.Mul] = Binary((x, y) => tf.multiply(x, y)),
        // tf.divide casts integers to floats first (TF 1.x's truediv): the op itself is built directly.
        [MathOps.RealDiv] = Internal(MathOps.RealDiv, [[2, 3], [1, 3]]) with { Positive = true },
        [MathOps.Equal] = Binary((x, y) => tf.equal(x, y)),
        [MathOps.NotEqual] = Binary((x, y) => tf.not_equal(x, y)),
        [MathOps.Greater] = Binary((x, y) => tf.greater(x, y)),
        [MathOps.Less] = Binary((x, y) => tf.less(x, y)),
        [MathOps.GreaterEqual] = Binary((x, y) => tf.greater_equal(x, y)),
        [MathOps.LessEqual] = Binary((x, y) => tf.less_equal(x, y)),
        [ReductionOps.Sum] = Unary(x => tf.reduce_sum(x, axis: 1)),
        [ReductionOps.Mean] = Unary(x => tf.reduce_mean(x, axis: 0, keepdims: true)),
        [ReductionOps.Max] = Unary(x => tf.reduce_max(x, axis: 1)),
        [ReductionOps.Min] = Unary(x => tf.reduce_min(x)),
        [ReductionOps.Prod] = Unary(x => tf.reduce_prod(x, axis: 0)),
        [ReductionOps.ArgMax] = Unary(x => tf.argmax(x, axis: 1)),
        [ReductionOps.ArgMin] = Unary(x => tf.argmin(x, axis: 0)),
        [ArrayOps.Shape] = Unary(x => tf.shape(x)),
        [ArrayOps.Rank] = Unary(x => tf.rank(x)),
        [ArrayOps.Size] = Unary(x => tf.size(x)),
        [ArrayOps.Reshape] = Unary(x => tf.reshape(x, new[] { 3, -1 })),
        [ArrayOps.Squeeze] = new([[2, 1, 3]], t => tf.squeeze(t[0], axis: 1)),
        [ArrayOps.ExpandDims] = Unary(x => tf.expand_dims(x, 1)),
        [ArrayOps.Transpose] = Unary(x => tf.transpose(x)),
        [ArrayOps.OneHot] = new([[2, 3]], t => tf.one_hot(t[0], 4)),
        [ArrayOps.Pack] = Binary((x, y) => tf.stack(new[] { x, y }, axis: 1), second: [2, 3]),
        [ArrayOps.Unpack] = Unary(x => tf.unstack(x, axis: 1)[1]),
        [ArrayOps.Concat] = Binary((x, y) => tf.concat(new object[] { x, y }, axis: 0)),
        [ArrayOps.OnesLike] = Unary(x => tf.ones_like(x)),
        [ArrayOps.ZerosLike] = Unary(x => tf.zeros_like(x)),
        [ArrayOps.StridedSlice] = Unary(x => x[tf.s(step: -1), 1..]),
        [ArrayOps.Fill] = new([[1]], t => tf.ones(new[] { 2, 3 }, t[0].dtype)), // the placeholder only gives the dtype
        [LinAlgOps.MatMul] = Binary((x, y) => tf.matmul(x, y, transpose_b: true), second: [4, 3]),
        [NNOps.Softmax] = Unary(x => tf.nn.softmax(x)),
        [StateOps.Identity] = Unary(x => tf.identity(x)),
        [ArrayOps.StopGradient] = Unary(x => tf.stop_gradient(x)),
        // ControlFlowTests: tf.cond's Switch (an outside input of a branch) and Merge (a branch returning an outside tensor).
        [ControlFlowOps.Switch] = Unary(x => tf.cond(tf.constant(true), () => tf.identity(x), () => tf.zeros_like(x))),
        [ControlFlowOps.Merge] = Unary(x => tf.cond(tf.constant(false), () => tf.zeros_like(x), () => x)),
        [GradientOps.AddN] = Internal(GradientOps.AddN, [[2, 3], [2, 3], [2, 3]]),
        [GradientOps.SigmoidGrad] = Internal(GradientOps.SigmoidGrad, [[2, 3], [2, 3]]),
        [GradientOps.SumToShape] = Internal(GradientOps.SumToShape, [[2, 3], [1, 3]]),
        [GradientOps.BroadcastToShape] = new([[2], [2, 3]], t => GradientOps.BroadcastToShape.Build("test", "b", t, new BroadcastGradAttr(new ReduceAttr([1], false), DivideByCount: true)).outputs[0]),
        [GradientOps.ReshapeLike] = Internal(GradientOps.ReshapeLike, [[6], [2, 3]]),
        [GradientOps.StridedSliceGrad] = Internal(GradientOps.StridedSliceGrad, [[3], [2, 3]], new StridedSliceAttr([1], [2], [1], ShrinkAxisMask: 1)),
        [GradientOps.ConcatSlice] = Internal(GradientOps.ConcatSlice, [[2, 5], [2, 3], [2, 2]], new ConcatSliceAttr(1, 1)),
        // ArrayOps2Tests: sequences, slices, gathers, splits, tiles, pads, reverse, broadcast_to.
        [ArrayOps2.Range] = new([[1]], t => tf.range(1, 7, 2, dtype: t[0].dtype)), // the placeholder only gives the dtype
        [ArrayOps2.LinSpace] = new([[1]], t => tf.linspace(tf.cast(tf.constant(1.0), t[0].dtype), tf.cast(tf.constant(4.0), t[0].dtype), 5)),
        [ArrayOps2.Slice] = Unary(x => tf.slice(x, new[] { 0, 1 }, new[] { 2, -1 })),
        [ArrayOps2.Gather] = Unary(x => tf.gather(x, new[] { 2, 0, 2 }, axis: 1)),
        [ArrayOps2.GatherNd] = Unary(x => tf.gather_nd(x, new[,] { { 1, 2 }, { 0, 0 }, { 1, 2 } })),
        [ArrayOps2.Split] = Unary(x => tf.split(x, 3, axis: 1)[1]),
        [ArrayOps2.SplitV] = Unary(x => tf.split(x, new[] { 1, -1 }, axis: 1)[1]),
        [ArrayOps2.Tile] = Unary(x => tf.tile(x, new[] { 2, 1 })),
        [ArrayOps2.Pad] = Unary(x => tf.pad(x, new[,] { { 1, 0 }, { 0, 2 } })),
        [ArrayOps2.PadV2] = Unary(x => tf.pad(x, new[,] { { 1, 0 }, { 0, 2 } }, constant_values: 3)),
        [ArrayOps2.MirrorPad] = Unary(x => tf.pad(x, new[,] { { 1, 1 }, { 2, 1 } }, "REFLECT")),
        [ArrayOps2.ReverseV2] = Unary(x => tf.reverse(x, new[] { 1 })),
        [ArrayOps2.BroadcastTo] = new([[1, 3]], t => tf.broadcast_to(t[0], new[] { 2, 3 })),
        [ArrayOps2.DynamicReshape] = Unary(x => ArrayOps2.DynamicReshape.Build("test", "r", [x, tf.constant(new[] { 3, -1 })], new PartialShapeAttr(new Shape(3, 2))).outputs[0]),
        [ArrayOps2.DynamicFill] = new([[1]], t =>
        {
            ArrayOps2.DynamicFill.RequireDType("test", t[0].dtype);
            return ArrayOps2.DynamicFill.Build("test", "f", [tf.constant(new[] { 2, 3 })], new FillAttr(2, t[0].dtype, null)).outputs[0];
        }),
        // Reshaped to its run-time shape [2], which the gradient check needs statically.
        [ArrayOps2.DynamicStridedSlice] = Unary(x => tf.reshape(ArrayOps2.DynamicStridedSlice.Build("test", "s", [x, tf.constant(new[] { 1, -1 }), tf.constant(new[] { 2, 3 }), tf.constant(new[] { 1, -2 })], new StridedSliceAttr([0, 0], [0, 0], [1, 1], EndMask: 2, ShrinkAxisMask: 1)).outputs[0], new[] { 2 })),
        [ArrayOps2.DynamicStridedSliceGrad] = new([[2], [2, 3]], t => ArrayOps2.DynamicStridedSliceGrad.Build("test", "g", [t[0], t[1], tf.constant(new[] { 1, -1 }), tf.constant(new[] { 2, 3 }), tf.constant(new[] { 1, -2 })], new StridedSliceAttr([0, 0], [0, 0], [1, 1], EndMask: 2, ShrinkAxisMask: 1)).outputs[0]),
        [ArrayOps2.DynamicSlice] = Unary(x => tf.reshape(ArrayOps2.DynamicSlice.Build("test", "s", [x, tf.constant(new[] { 1, 0 }), tf.constant(new[] { 1, -1 })]).outputs[0], new[] { 1, 3 })),
        [ArrayOps2.DynamicSliceGrad] = new([[1, 2], [2, 3]], t => ArrayOps2.DynamicSliceGrad.Build("test", "g", [t[0], t[1], tf.constant(new[] { 1, 1 }), tf.constant(new[] { -1, 2 })]).outputs[0]),
        [ArrayOps2.DynamicRange] = new Sample([[], [], []], t => ArrayOps2.DynamicRange.Build("test", "r", [t[0], tf.add(t[0], t[1]), t[2]]).outputs[0], Positive: true),
        [ArrayOps2.SelectionGrad] = Internal(ArrayOps2.SelectionGrad, [[3, 3], [2, 3]], new SelectionGradAttr(ArrayOps2.Pad, new PadAttr([1, 0], [0, 0], "CONSTANT", 0))),
        [ArrayOps2.GatherGrad] = new([[3], [4]], t => ArrayOps2.GatherGrad.Build("test", "g", [t[0], t[1], tf.constant(new[] { 1, 3, 1 })], new SelectionGradAttr(ArrayOps2.Gather, new AxisAttr(0))).outputs[0]),
        [SummaryOpDefs.ScalarSummary] = new([[]], t => tf.summary.scalar("s", t[0])),
        [SummaryOpDefs.HistogramSummary] = Unary(x => tf.summary.histogram("h", x)),
        [SummaryOpDefs.ImageSummary] = new([[2, 3, 2, 1]], t => tf.summary.image("i", t[0]), Positive: true),
        // tf.nn (NNOpsTests): activations, their gradient ops, bias_add, the softmax cross entropy.
        [NNOps.Relu] = Unary(x => tf.nn.relu(x)),
        [NNOps.ReluGrad] = Internal(NNOps.ReluGrad, [[2, 3], [2, 3]]),
        [NNOps.Relu6] = Unary(x => tf.nn.relu6(tf.multiply(x, 8))), // scaled past 6 (an int literal: 8.0 cannot meet an int tensor, as in TF)
        [NNOps.Relu6Grad] = Internal(NNOps.Relu6Grad, [[2, 3], [2, 3]]),
        [NNOps.Elu] = Unary(x => tf.nn.elu(x)),
        [NNOps.EluGrad] = Internal(NNOps.EluGrad, [[2, 3], [2, 3]]),
        [NNOps.Softplus] = Unary(x => tf.nn.softplus(x)),
        [NNOps.SoftplusGrad] = Internal(NNOps.SoftplusGrad, [[2, 3], [2, 3]]),
        [NNOps.Softsign] = Unary(x => tf.nn.softsign(x)),
        [NNOps.SoftsignGrad] = Internal(NNOps.SoftsignGrad, [[2, 3], [2, 3]]),
        [NNOps.LeakyRelu] = Unary(x => tf.nn.leaky_relu(x)),
        [NNOps.LeakyReluGrad] = Internal(NNOps.LeakyReluGrad, [[2, 3], [2, 3]], new LeakyReluAttr(0.2f)),
        [NNOps.BiasAdd] = Binary((x, b) => tf.nn.bias_add(x, b), second: [3]),
        [NNOps.BiasAddGrad] = Internal(NNOps.BiasAddGrad, [[2, 3]]),
        // The labels pass through a softmax: the op's backprop assumes rows that sum to 1.
        [NNOps.SoftmaxCrossEntropyWithLogits] = new([[2, 3], [2, 3]], t => tf.nn.softmax_cross_entropy_with_logits_v2(labels: tf.nn.softmax(t[1]), logits: t[0])),
        // tf.decode_csv takes string records: every numeric dtype is refused (InputPipelineTests run it).
        [IoOps.DecodeCsv] = new([[]], t => tf.decode_csv(t[0], [new[] { 0f }])[0]),
        // tanh, the scans, L2Loss and the diagonal ops (MathOps2Tests).
        [ScanOps.Tanh] = Unary(x => tf.tanh(x)),
        [ScanOps.TanhGrad] = Internal(ScanOps.TanhGrad, [[2, 3], [2, 3]]),
        [ScanOps.Cumsum] = Unary(x => tf.cumsum(x, 1, exclusive: true)),
        [ScanOps.Cumprod] = Unary(x => tf.cumprod(x, 0, reverse: true), positive: true),
        [ClipOps.L2Loss] = Unary(x => tf.nn.l2_loss(x)),
        [DiagOps.MatrixDiag] = Unary(x => tf.matrix_diag(x)),
        [DiagOps.MatrixDiagPart] = Unary(x => tf.matrix_diag_part(x)),
        [DiagOps.MatrixSetDiag] = new([[2, 3], [2]], t => tf.matrix_set_diag(t[0], t[1])),
        [DiagOps.Diag] = Unary(x => tf.diag(x)),
        [DiagOps.DiagPart] = new([[2, 3, 2, 3]], t => tf.diag_part(t[0])),
        [EuclideanOps.EuclideanNorm] = Unary(x => tf.math.reduce_euclidean_norm(x, 1), positive: true),
        [NNOps.LogSoftmax] = Unary(x => tf.nn.log_softmax(x)),
        // NNOps2Tests: the sparse cross entropy (int32 labels of the sample's batch), selu, log1p, squared_difference.
        [NNOps.SparseSoftmaxCrossEntropyWithLogits] = Unary(x => tf.nn.sparse_softmax_cross_entropy_with_logits(labels: tf.constant(new[] { 2, 0 }), logits: x)),
        [NNOps.Selu] = Unary(x => tf.nn.selu(x)),
        [NNOps.SeluGrad] = Internal(NNOps.SeluGrad, [[2, 3], [2, 3]]),
        [NNMathOps.Log1p] = Unary(x => tf.log1p(x), positive: true),
        [NNMathOps.SquaredDifference] = Binary((x, y) => tf.squared_difference(x, y)),
        // ConvOpsTests: convolution and pooling (stride 2, SAME: asymmetric padding; the backprop ops' sizes are constants).
        [ConvOps.Conv2D] = new([[2, 5, 5, 2], [3, 3, 2, 3]], t => tf.nn.conv2d(t[0], t[1], [1, 2, 2, 1], "SAME")),
        [ConvOps.Conv2DBackpropInput] = new([[3, 3, 2, 3], [2, 3, 3, 3]], t => tf.nn.conv2d_backprop_input(new[] { 2, 5, 5, 2 }, t[0], t[1], [1, 2, 2, 1], "SAME")),
        [ConvOps.Conv2DBackpropFilter] = new([[2, 5, 5, 2], [2, 3, 3, 3]], t => tf.nn.conv2d_backprop_filter(t[0], new[] { 3, 3, 2, 3 }, t[1], [1, 2, 2, 1], "SAME")),
        [ConvOps.MaxPool] = new([[2, 5, 5, 2]], t => tf.nn.max_pool(t[0], [1, 3, 3, 1], [1, 2, 2, 1], "SAME")),
        [ConvOps.MaxPoolGrad] = Internal(ConvOps.MaxPoolGrad, [[1, 4, 4, 2], [1, 2, 2, 2], [1, 2, 2, 2]], new PoolAttr(2, 2, 2, 2, false)),
        [ConvOps.AvgPool] = new([[2, 5, 5, 2]], t => tf.nn.avg_pool(t[0], [1, 3, 3, 1], [1, 2, 2, 1], "SAME")),
        [ConvOps.AvgPoolGrad] = new([[2, 3, 3, 2]], t => ConvOps.AvgPoolGrad.Build("test", "AvgPoolGrad", [tf.constant(new[] { 2, 5, 5, 2 }), t[0]],
            new PoolAttr(3, 3, 2, 2, true) { Sizes = new Shape(2, 5, 5, 2) }).outputs[0]),
    };

    private static IEnumerable<OpDef> AllOps => Bridge.Ops.All;

    // NUnit's test methods are public, OpDef is internal: cases name the op by its TF type.
    private static IEnumerable<string> AllTypes => AllOps.Select(d => d.Type);

    private static OpDef Def(string type) => AllOps.Single(d => d.Type == type);

    [Test]
    public void TheRegistryFindsEveryFamily()
    {
        var families = AllOps.Select(d => d.Family).Distinct().ToArray();
        Assert.That(families, Is.SupersetOf(new[] { "math", "linalg", "reduction", "array", "nn", "state", "random", "train", "summary", "gradient" }));
        Assert.That(AllOps.Select(d => d.Type), Is.Unique, "one definition per TF op type");
    }

    [TestCaseSource(nameof(AllTypes))]
    public void DeclaresItsGradient(string type)
    {
        var def = Def(type);
        int declared = (def.Gradient is null ? 0 : 1) + (def.NotDifferentiable ? 1 : 0) + (def.NoGradientYet is null ? 0 : 1);
        Assert.That(declared, Is.EqualTo(1), $"{def.Type}: exactly one of a gradient rule, NotDifferentiable, or NoGradientYet (with the reason)");
    }

    [TestCaseSource(nameof(AllTypes))]
    public void HasAManagedKernelExactlyWhenAKernelRunsIt(string type)
    {
        var def = Def(type);
        Assert.That(def.Managed is not null, Is.EqualTo(def.Role == OpRole.Kernel), $"{def.Type} ({def.Role})");
        if (def.TfOpIds > 1) Assert.That(def.TfOpIdsReason, Is.Not.Null.And.Not.Empty, $"{def.Type}: say which ops TF 1.x creates");
        Assert.That(def.DTypes.Items, Is.Not.Empty, def.Type);
    }

    [TestCaseSource(nameof(AllTypes))]
    public void HasASampleOrIsCoveredElsewhere(string type)
    {
        var def = Def(type);
        // Sources, no-ops and variable writes are run by the executor or covered by the training tests.
        bool elsewhere = def.Role != OpRole.Kernel || def.WrittenVariables > 0 || def == SummaryOpDefs.MergeSummary;
        Assert.That(Samples.ContainsKey(def) || elsewhere, Is.True, $"{def.Type}: add a sample to OpRegistryTests.Samples");
    }

    private static IEnumerable<TestCaseData> SampledDTypes() =>
        Samples.SelectMany(s => Candidates.Select(dt => new TestCaseData(s.Key.Type, dt).SetName($"{s.Key.Type}({dt.as_numpy_name()})")));

    [TestCaseSource(nameof(SampledDTypes))]
    public void RunsEveryDeclaredDTypeAlikeOnBothBackendsAndRejectsTheOthers(string type, TF_DataType dtype)
    {
        var def = Def(type);
        var sample = Samples[def];
        if (!def.DTypes.Contains(dtype))
        {
            var e = Assert.Throws<TypeError>(() => BuildWithPlaceholders(sample, dtype), $"{def.Type} must reject {dtype.as_numpy_name()} when the graph is built")!;
            Assert.That(e.Message, Does.Contain(dtype.as_numpy_name()).And.Contain("help:"));
            return;
        }
        var values = Inputs(sample, dtype, seed: 1);
        var managed = RunOn(Placement.Managed, sample, dtype, values);
        var torch = RunOn(Placement.Torch, sample, dtype, values);
        Assert.That(torch.dtype, Is.EqualTo(managed.dtype));
        Assert.That(torch.shape, Is.EqualTo(managed.shape));
        if (managed.dtype == TF_DataType.TF_STRING)
            Assert.That(torch.Data<byte[]>()[0], Is.EqualTo(managed.Data<byte[]>()[0]));
        else
            Assert.That(Doubles(torch), Is.EqualTo(Doubles(managed)), $"{def.Type} on {dtype.as_numpy_name()}: libtorch and managed kernels differ: {string.Join(", ", Doubles(torch).Select(v => v.ToString("R")))} vs {string.Join(", ", Doubles(managed).Select(v => v.ToString("R")))}");
    }

    private static IEnumerable<string> Differentiable() => AllOps.Where(d => d.Gradient is not null && Samples.ContainsKey(d)).Select(d => d.Type);

    [TestCaseSource(nameof(Differentiable))]
    public void GradientMatchesCentralDifferences(string type)
    {
        var def = Def(type);
        var sample = Samples[def];
        var dtype = TF_DataType.TF_DOUBLE;
        var (xs, y) = BuildWithPlaceholders(sample, dtype);
        Assume.That(y.dtype.is_floating(), "the sample's output is not a float");
        var weights = Inputs(new Sample([y.shape.as_int_list()], _ => y), y.dtype, seed: 7)[0];
        var loss = tf.reduce_sum(tf.multiply(y, tf.constant(weights)));
        var grads = tf.gradients(loss, xs);
        var values = Inputs(sample, dtype, seed: 3);
        using var sess = tf.Session();
        FeedItem[] Feed(NDArray[] v) => xs.Select((x, i) => new FeedItem(x, v[i])).ToArray();
        double LossAt(NDArray[] v) => sess.run(loss, Feed(v)).GetDouble(0);
        // A float32 loss (a sample that casts to float32) has float32's precision: a coarser step and tolerance.
        bool single = loss.dtype == TF_DataType.TF_FLOAT;
        double eps = single ? 1e-2 : 1e-6, tolerance = single ? 1e-3 : 1e-6;
        for (int i = 0; i < xs.Length; i++)
        {
            var analytic = grads[i] is null ? new double[values[i].size] : Doubles(sess.run(grads[i]!, Feed(values)));
            for (int k = 0; k < values[i].size; k++)
            {
                var plus = values.Select(Copy).ToArray();
                var minus = values.Select(Copy).ToArray();
                plus[i].Data<double>()[k] += eps;
                minus[i].Data<double>()[k] -= eps;
                double numeric = (LossAt(plus) - LossAt(minus)) / (2 * eps);
                Assert.That(analytic[k], Is.EqualTo(numeric).Within(tolerance * Math.Max(1, Math.Abs(numeric))),
                    $"{def.Type}: d loss / d input {i}[{k}]");
            }
        }
    }

    [Test]
    public void NotDifferentiableOpsPassNoGradientAndMissingRulesSaySo()
    {
        var x = tf.placeholder(tf.float32, new[] { 3 });
        Assert.That(tf.gradients(tf.reduce_sum(tf.cast(tf.argmax(tf.expand_dims(x, 0), axis: 1), tf.float32)), x)[0], Is.Null);
        var e = Assert.Throws<LookupError>(() => tf.gradients(tf.reduce_prod(x), x))!;
        Assert.That(e.Message, Does.Contain("Prod").And.Contain("help:").And.Contain("tf.matmul"));
    }

    private static (Tensor[] xs, Tensor y) BuildWithPlaceholders(Sample sample, TF_DataType dtype)
    {
        var xs = sample.Shapes.Select(s => tf.placeholder(dtype, new Shape(s))).ToArray();
        return (xs, sample.Build(xs));
    }

    private static NDArray RunOn(Placement placement, Sample sample, TF_DataType dtype, NDArray[] values)
    {
        PlacementRule.Placement = placement;
        try
        {
            tf.reset_default_graph();
            var (xs, y) = BuildWithPlaceholders(sample, dtype);
            using var sess = tf.Session();
            return sess.run(y, xs.Select((x, i) => new FeedItem(x, values[i])).ToArray());
        }
        finally { PlacementRule.Placement = Placement.BySize; }
    }

    /// <summary>Values for the sample's inputs: distinct small numbers (so no ties for max and argmax), in the dtype's range.</summary>
    private static NDArray[] Inputs(Sample sample, TF_DataType dtype, int seed)
    {
        var rnd = new System.Random(seed);
        return sample.Shapes.Select(s =>
        {
            int n = s.Aggregate(1, (p, q) => p * q);
            var order = Enumerable.Range(0, n).OrderBy(_ => rnd.Next()).ToArray();
            var v = order.Select(k => dtype.is_floating()
                ? (sample.Positive ? 0.5 : -1.0) + (k + rnd.NextDouble() * 0.5) / n * (sample.Positive ? 1.0 : 2.0)
                : dtype == TF_DataType.TF_BOOL ? k % 2 : (k % 3) + (sample.Positive ? 1 : 0)).ToArray();
            var nd = new NDArray(v, s.Select(d => (long)d).ToArray());
            return ValueConverter.Cast(nd, dtype);
        }).ToArray();
    }

    private static NDArray Copy(NDArray a) => new((Array)a.Storage.Clone(), a.Dims.ToArray());

    private static double[] Doubles(NDArray a) => Enumerable.Range(0, (int)a.size).Select(k => a.GetDouble(k)).ToArray();
}
