using Bridge.Backend;
using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>
/// tf.nn.conv2d, its two backprop ops, max_pool and avg_pool with their gradients. Values: TF 1.0's kernel tests
/// (conv_ops_test.py's _VerifyValues / backprop cases and pooling_ops_test.py's, inputs 1, 2, 3, ... as those tests
/// make them, expected outputs as the tests list them); the libtorch kernels against the managed direct loops for
/// every padding, strides 1/2/3, odd sizes, 1 and several channels, batch &gt; 1 (sizes above the managed limit so
/// libtorch really computes); an independent brute-force reference in double written here; numeric gradients;
/// bad input as TF reports it plus our help.
/// </summary>
public class ConvOpsTests : GraphFixture
{
    private static NDArray Iota(int[] shape, TF_DataType dtype = TF_DataType.TF_FLOAT)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var v = Enumerable.Range(1, n).Select(i => (double)i).ToArray();
        return ValueConverter.Cast(new NDArray(v, shape.Select(d => (long)d).ToArray()), dtype);
    }

    private static double[] Run(Tensor t, params FeedItem[] feeds)
    {
        using var sess = tf.Session();
        var r = sess.run(t, feeds);
        return Enumerable.Range(0, (int)r.size).Select(k => r.GetDouble(k)).ToArray();
    }

    private static int[] ShapeOf(Tensor t, params FeedItem[] feeds)
    {
        using var sess = tf.Session();
        return sess.run(t, feeds).shape.as_int_list();
    }

    private static void Throws<T>(Action body, params string[] fragments) where T : BridgeException
    {
        var e = Assert.Throws<T>(body)!;
        foreach (var f in fragments) Assert.That(e.Message, Does.Contain(f));
        Assert.That(e.Message, Does.Contain("help:"), "the message says what to do");
    }

    // --- conv_ops_test.py: _VerifyValues (input and filter 1, 2, 3, ...; float32; expected as listed there) ---

    private static IEnumerable<TestCaseData> TfConvCases()
    {
        TestCaseData C(string name, int[] input, int[] filter, int[] strides, string padding, double[] expected) =>
            new TestCaseData(input, filter, strides, padding, expected).SetName("TfConv2D_" + name);
        yield return C("1x1Filter", [1, 2, 3, 3], [1, 1, 3, 3], [1, 1], "VALID",
            [30, 36, 42, 66, 81, 96, 102, 126, 150, 138, 171, 204, 174, 216, 258, 210, 261, 312]);
        yield return C("Empty", [0, 2, 3, 3], [1, 1, 3, 3], [1, 1], "VALID", []);
        yield return C("2x2Filter", [1, 2, 3, 3], [2, 2, 3, 3], [1, 1], "VALID", [2271, 2367, 2463, 2901, 3033, 3165]);
        yield return C("1x2Filter", [1, 2, 3, 3], [1, 2, 3, 3], [1, 1], "VALID",
            [231, 252, 273, 384, 423, 462, 690, 765, 840, 843, 936, 1029]);
        yield return C("2x2FilterStride2", [1, 2, 3, 3], [2, 2, 3, 3], [2, 2], "VALID", [2271, 2367, 2463]);
        yield return C("2x2FilterStride2Same", [1, 2, 3, 3], [2, 2, 3, 3], [2, 2], "SAME", [2271, 2367, 2463, 1230, 1305, 1380]);
        yield return C("2x2FilterStride1x2", [1, 3, 6, 1], [2, 2, 1, 1], [1, 2], "VALID", [58, 78, 98, 118, 138, 158]);
        yield return C("KernelSmallerThanStrideValid", [1, 7, 7, 1], [2, 2, 1, 1], [3, 3], "VALID", [65, 95, 275, 305]);
        yield return C("KernelSmallerThanStrideSame1", [1, 3, 3, 1], [1, 1, 1, 1], [2, 2], "SAME", [1, 3, 7, 9]);
        yield return C("KernelSmallerThanStrideSame2", [1, 4, 4, 1], [1, 1, 1, 1], [2, 2], "SAME", [1, 3, 9, 11]);
        yield return C("KernelSmallerThanStrideSame3", [1, 4, 4, 1], [2, 2, 1, 1], [3, 3], "SAME", [44, 28, 41, 16]);
        // The case conv_ops_test.py comments out ("TODO this currently fails" on Eigen): TF's padding arithmetic gives
        // no padding (2 outputs, (2 - 1) * 4 + 2 - 8 < 0), so the windows start at rows/cols 0 and 4.
        yield return C("KernelSmallerThanStrideSame4", [1, 8, 8, 1], [2, 2, 1, 1], [4, 4], "SAME", [72, 112, 392, 432]);
    }

    [TestCaseSource(nameof(TfConvCases))]
    public void Conv2DMatchesTfsKernelTests(int[] input, int[] filter, int[] strides, string padding, double[] expected)
    {
        foreach (var placement in new[] { Placement.Managed, Placement.Torch })
        {
            tf.reset_default_graph();
            PlacementRule.Placement = placement;
            try
            {
                var y = tf.nn.conv2d(tf.constant(Iota(input)), tf.constant(Iota(filter)), [1, strides[0], strides[1], 1], padding);
                Assert.That(Run(y), Is.EqualTo(expected), placement.ToString());
                Assert.That(ShapeOf(y), Is.EqualTo(y.shape.as_int_list()), "the static shape is the run's");
            }
            finally { PlacementRule.Placement = Placement.BySize; }
        }
    }

    private static IEnumerable<TestCaseData> TfBackpropInputCases()
    {
        TestCaseData C(string name, int[] input, int[] filter, int[] output, int[] strides, string padding, double[] expected) =>
            new TestCaseData(input, filter, output, strides, padding, expected).SetName("TfConv2DBackpropInput_" + name);
        yield return C("2x2Depth1Valid", [1, 2, 3, 1], [2, 2, 1, 1], [1, 1, 2, 1], [1, 1], "VALID", [1, 4, 4, 3, 10, 8]);
        yield return C("2x2Depth3Valid", [1, 2, 3, 3], [2, 2, 3, 3], [1, 1, 2, 3], [1, 1], "VALID",
            [14, 32, 50, 100, 163, 226, 167, 212, 257, 122, 140, 158, 478, 541, 604, 437, 482, 527]);
        yield return C("2x2Depth3ValidStride1x2", [1, 3, 6, 1], [2, 2, 1, 1], [1, 2, 3, 1], [1, 2], "VALID",
            [1, 2, 2, 4, 3, 6, 7, 12, 11, 18, 15, 24, 12, 16, 15, 20, 18, 24]);
        yield return C("StrideTwoFilterOneSame", [1, 4, 4, 1], [1, 1, 1, 1], [1, 2, 2, 1], [2, 2], "SAME",
            [1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0]);
    }

    [TestCaseSource(nameof(TfBackpropInputCases))]
    public void Conv2DBackpropInputMatchesTfsKernelTests(int[] input, int[] filter, int[] output, int[] strides, string padding, double[] expected)
    {
        var dx = tf.nn.conv2d_backprop_input(input, tf.constant(Iota(filter)), tf.constant(Iota(output)), [1, strides[0], strides[1], 1], padding);
        Assert.That(dx.shape.as_int_list(), Is.EqualTo(input));
        Assert.That(Run(dx), Is.EqualTo(expected));
    }

    private static IEnumerable<TestCaseData> TfBackpropFilterCases()
    {
        TestCaseData C(string name, int[] input, int[] filter, int[] output, int[] strides, string padding, double[] expected) =>
            new TestCaseData(input, filter, output, strides, padding, expected).SetName("TfConv2DBackpropFilter_" + name);
        yield return C("2x2Depth1Valid", [1, 2, 3, 1], [2, 2, 1, 1], [1, 1, 2, 1], [1, 1], "VALID", [5, 8, 14, 17]);
        yield return C("2x2Depth3Valid", [1, 2, 3, 3], [2, 2, 3, 3], [1, 1, 2, 3], [1, 1], "VALID",
            [17, 22, 27, 22, 29, 36, 27, 36, 45, 32, 43, 54, 37, 50, 63, 42, 57, 72, 62, 85, 108, 67, 92, 117, 72, 99, 126, 77, 106, 135, 82, 113, 144, 87, 120, 153]);
        yield return C("2x2Depth3ValidStride1x2", [1, 3, 6, 1], [2, 2, 1, 1], [1, 2, 3, 1], [1, 2], "VALID", [161, 182, 287, 308]);
    }

    [TestCaseSource(nameof(TfBackpropFilterCases))]
    public void Conv2DBackpropFilterMatchesTfsKernelTests(int[] input, int[] filter, int[] output, int[] strides, string padding, double[] expected)
    {
        var df = tf.nn.conv2d_backprop_filter(tf.constant(Iota(input)), filter, tf.constant(Iota(output)), [1, strides[0], strides[1], 1], padding);
        Assert.That(df.shape.as_int_list(), Is.EqualTo(filter));
        Assert.That(Run(df), Is.EqualTo(expected));
    }

    // --- an independent reference: the definition, in double, one output at a time ---

    private static double[] Reference(double[] x, int[] xs, double[] f, int[] fs, int sh, int sw, int dh, int dw, bool same)
    {
        int B = xs[0], H = xs[1], W = xs[2], C = xs[3], KH = fs[0], KW = fs[1], O = fs[3];
        int eh = (KH - 1) * dh + 1, ew = (KW - 1) * dw + 1;
        int OH = same ? (H + sh - 1) / sh : (H - eh) / sh + 1, OW = same ? (W + sw - 1) / sw : (W - ew) / sw + 1;
        int top = same ? Math.Max(0, (OH - 1) * sh + eh - H) / 2 : 0, left = same ? Math.Max(0, (OW - 1) * sw + ew - W) / 2 : 0;
        var y = new double[B * OH * OW * O];
        for (int b = 0; b < B; b++)
            for (int i = 0; i < OH; i++)
                for (int j = 0; j < OW; j++)
                    for (int o = 0; o < O; o++)
                    {
                        double s = 0;
                        for (int di = 0; di < KH; di++)
                            for (int dj = 0; dj < KW; dj++)
                                for (int q = 0; q < C; q++)
                                {
                                    int r = i * sh + di * dh - top, c = j * sw + dj * dw - left;
                                    if (r >= 0 && r < H && c >= 0 && c < W)
                                        s += x[((b * H + r) * W + c) * C + q] * f[((di * KW + dj) * C + q) * O + o];
                                }
                        y[((b * OH + i) * OW + j) * O + o] = s;
                    }
        return y;
    }

    private static NDArray Random(int[] shape, int seed, TF_DataType dtype)
    {
        var rnd = new System.Random(seed);
        int n = shape.Aggregate(1, (a, b) => a * b);
        var v = Enumerable.Range(0, n).Select(_ => rnd.NextDouble() * 2 - 1).ToArray();
        return ValueConverter.Cast(new NDArray(v, shape.Select(d => (long)d).ToArray()), dtype);
    }

    private static double[] Doubles(NDArray a) => Enumerable.Range(0, (int)a.size).Select(k => a.GetDouble(k)).ToArray();

    // Padding x stride x odd sizes x channels x batch; the work is above TorchKernels.ManagedConvLimit so that
    // libtorch computes (asymmetric SAME padding included: 3x3 on 11 with stride 2 pads 1 + 1, 4x4 on 9 pads 1 + 2).
    private static IEnumerable<TestCaseData> Geometries()
    {
        foreach (var padding in new[] { "SAME", "VALID" })
            foreach (var stride in new[] { 1, 2, 3 })
                foreach (var (input, filter) in new (int[], int[])[]
                         {
                             ([3, 11, 9, 1], [3, 3, 1, 8]), ([2, 13, 10, 5], [4, 2, 5, 6]), ([4, 9, 9, 3], [5, 5, 3, 7]),
                         })
                    yield return new TestCaseData(input, filter, stride, padding)
                        .SetName($"Geometry({string.Join("x", input)},{string.Join("x", filter)},s{stride},{padding})");
        // Strides that differ per axis, and dilations (TF 1.5+'s attribute).
        yield return new TestCaseData(new[] { 2, 12, 11, 4 }, new[] { 3, 3, 4, 5 }, 0, "SAME").SetName("Geometry(strides 1x3, SAME)");
        yield return new TestCaseData(new[] { 2, 12, 11, 4 }, new[] { 3, 3, 4, 5 }, -2, "SAME").SetName("Geometry(dilations 2x2, SAME)");
        yield return new TestCaseData(new[] { 2, 12, 11, 4 }, new[] { 3, 2, 4, 5 }, -3, "VALID").SetName("Geometry(dilations 3x3, VALID)");
    }

    private static (int[] strides, int[] dilations) StridesOf(int stride) => stride switch
    {
        0 => ([1, 1, 3, 1], [1, 1, 1, 1]),
        < 0 => ([1, 1, 1, 1], [1, -stride, -stride, 1]),
        _ => ([1, stride, stride, 1], [1, 1, 1, 1]),
    };

    [TestCaseSource(nameof(Geometries))]
    public void LibtorchAndManagedKernelsAgreeWithTheDefinition(int[] inShape, int[] fShape, int stride, string padding)
    {
        var (strides, dilations) = StridesOf(stride);
        foreach (var dtype in new[] { TF_DataType.TF_DOUBLE, TF_DataType.TF_FLOAT })
        {
            var xv = Random(inShape, 1, dtype);
            var fv = Random(fShape, 2, dtype);
            var results = new Dictionary<Placement, (double[] y, double[] dx, double[] df)>();
            double[]? expected = null;
            foreach (var placement in new[] { Placement.Managed, Placement.Torch })
            {
                tf.reset_default_graph();
                PlacementRule.Placement = placement;
                try
                {
                    var x = tf.placeholder(dtype, new Shape(-1, inShape[1], inShape[2], inShape[3]));
                    var f = tf.placeholder(dtype, new Shape(fShape));
                    var y = tf.nn.conv2d(x, f, strides, padding, dilations: dilations);
                    var dy = tf.constant(Random(y.shape.dims.Select((d, i) => i == 0 ? inShape[0] : (int)d).ToArray(), 3, dtype));
                    var g = tf.gradients(tf.reduce_sum(tf.multiply(y, dy)), new[] { x, f });
                    using var sess = tf.Session();
                    FeedItem[] feeds = [new(x, xv), new(f, fv)];
                    results[placement] = (Doubles(sess.run(y, feeds)), Doubles(sess.run(g[0]!, feeds)), Doubles(sess.run(g[1]!, feeds)));
                    expected ??= Reference(Doubles(xv), inShape, Doubles(fv), fShape, strides[1], strides[2], dilations[1], dilations[2], padding == "SAME");
                }
                finally { PlacementRule.Placement = Placement.BySize; }
            }
            double tol = dtype == TF_DataType.TF_DOUBLE ? 1e-12 : 2e-5;
            foreach (var (placement, (y, dx, df)) in results)
            {
                Assert.That(y, Is.EqualTo(expected).Within(tol), $"{placement} {dtype.as_numpy_name()} conv2d vs the definition");
                Assert.That(dx, Is.EqualTo(results[Placement.Managed].dx).Within(tol * 10), $"{placement} {dtype.as_numpy_name()} input gradient");
                Assert.That(df, Is.EqualTo(results[Placement.Managed].df).Within(tol * 10), $"{placement} {dtype.as_numpy_name()} filter gradient");
            }
        }
    }

    [Test]
    public void LibtorchsConvolutionBackwardIsBoundOnThisMachine() =>
        // Else the libtorch kernels fall back to slower formulations and the geometry cases above test those instead.
        Assert.That(Bridge.Backend.Torch.LibtorchConvBackward.Available, Is.True, "at::convolution_backward found in the mapped libtorch_cpu.so");

    // Pooling on libtorch (max_pool2d over channels_last views; the arg-max routing) against the managed passes, exactly:
    // every padding, windows smaller than, equal to and larger than the stride (overlapping windows add several
    // gradients into one element, in the same order), non-square windows, TF's extra padding row at the end, values
    // with many ties (integers 0..3) and NaNs (which send MaxPool back to the managed pass: TF's `>` skips them).
    private static IEnumerable<TestCaseData> PoolGeometries()
    {
        foreach (var padding in new[] { "SAME", "VALID" })
            foreach (var (window, stride) in new[] { ((2, 2), (2, 2)), ((3, 3), (2, 2)), ((3, 3), (1, 1)), ((2, 2), (3, 3)), ((1, 3), (1, 2)), ((4, 2), (1, 3)), ((6, 5), (1, 1)) })
                foreach (var nan in new[] { false, true })
                    yield return new TestCaseData(new[] { 1, window.Item1, window.Item2, 1 }, new[] { 1, stride.Item1, stride.Item2, 1 }, padding, nan)
                        .SetName($"PoolGeometry({window.Item1}x{window.Item2},s{stride.Item1}x{stride.Item2},{padding}{(nan ? ",NaN" : "")})");
    }

    [TestCaseSource(nameof(PoolGeometries))]
    public void LibtorchPoolingAgreesWithTheManagedPassExactly(int[] ksize, int[] strides, string padding, bool nan)
    {
        int[] shape = [3, 9, 7, 5];
        var rnd = new System.Random(11);
        int n = shape.Aggregate(1, (a, b) => a * b);
        var xv = Enumerable.Range(0, n).Select(_ => nan && rnd.Next(40) == 0 ? double.NaN : rnd.Next(4)).ToArray();
        foreach (var dtype in new[] { TF_DataType.TF_FLOAT, TF_DataType.TF_DOUBLE })
        {
            var results = OnBothPlacements(() => tf.constant(ValueConverter.Cast(new NDArray(xv, shape.Select(d => (long)d).ToArray()), dtype)),
                x => tf.nn.max_pool(x, ksize, strides, padding), "MaxPoolGrad", 5, dtype);
            Assert.That(results[Placement.Torch].y, Is.EqualTo(results[Placement.Managed].y), $"{dtype.as_numpy_name()} max_pool");
            Assert.That(results[Placement.Torch].dx, Is.EqualTo(results[Placement.Managed].dx), $"{dtype.as_numpy_name()} its gradient");
        }
    }

    // A pooling and its gradient (for random upstream values of seed `seed`) run all managed and all on libtorch.
    private static Dictionary<Placement, (double[] y, double[] dx)> OnBothPlacements(Func<Tensor> input, Func<Tensor, Tensor> pool,
        string gradOp, int seed, TF_DataType dtype)
    {
        var results = new Dictionary<Placement, (double[] y, double[] dx)>();
        foreach (var placement in new[] { Placement.Managed, Placement.Torch })
        {
            tf.reset_default_graph();
            PlacementRule.Placement = placement;
            try
            {
                var x = input();
                var y = pool(x);
                var dy = tf.constant(Random(y.shape.as_int_list(), seed, dtype));
                var dx = tf.gradients(y, x, grad_ys: [dy])[0]!;
                Assert.That(dx.op.type, Is.EqualTo(gradOp));
                results[placement] = (Run(y), Run(dx));
            }
            finally { PlacementRule.Placement = Placement.BySize; }
        }
        return results;
    }

    // Average pooling on libtorch (avg_pool2d, count_include_pad false: TF's SAME average over the valid elements only)
    // against the managed pass, same geometries; random values. The sums run in the same row-major window order, the
    // division by the same count: equal to the last bit.
    private static IEnumerable<TestCaseData> AvgPoolGeometries() =>
        PoolGeometries().Where(c => !(bool)c.Arguments[3]!).Select(c => new TestCaseData(c.Arguments.Take(3).ToArray()).SetName("Avg" + c.TestName));

    [TestCaseSource(nameof(AvgPoolGeometries))]
    public void LibtorchAveragePoolingAgreesWithTheManagedPass(int[] ksize, int[] strides, string padding)
    {
        int[] shape = [3, 9, 7, 5];
        foreach (var dtype in new[] { TF_DataType.TF_FLOAT, TF_DataType.TF_DOUBLE })
        {
            var xv = Random(shape, 12, dtype);
            var results = OnBothPlacements(() => tf.constant(xv), x => tf.nn.avg_pool(x, ksize, strides, padding), "AvgPoolGrad", 6, dtype);
            Assert.That(results[Placement.Torch].y, Is.EqualTo(results[Placement.Managed].y), $"{dtype.as_numpy_name()} avg_pool");
            Assert.That(results[Placement.Torch].dx, Is.EqualTo(results[Placement.Managed].dx), $"{dtype.as_numpy_name()} its gradient");
        }
    }

    // --- explicit numeric gradient checks (float64), larger than the registry's samples ---

    private static void CheckGradients(Func<Tensor, Tensor, Tensor> build, int[] aShape, int[] bShape, bool distinct = false)
    {
        var dtype = TF_DataType.TF_DOUBLE;
        var a = tf.placeholder(dtype, new Shape(aShape));
        var b = tf.placeholder(dtype, new Shape(bShape));
        var y = build(a, b);
        var w = tf.constant(Random(y.shape.as_int_list(), 9, dtype));
        var loss = tf.reduce_sum(tf.multiply(y, w));
        var grads = tf.gradients(loss, new[] { a, b });
        NDArray[] values = [Random(aShape, 4, dtype), Random(bShape, 5, dtype)];
        if (distinct) // no ties for max pooling: a permutation of distinct values
        {
            var rnd = new System.Random(6);
            int n = (int)values[0].size;
            values[0] = new NDArray(Enumerable.Range(0, n).OrderBy(_ => rnd.Next()).Select(k => (double)k / n).ToArray(), values[0].Dims.ToArray());
        }
        using var sess = tf.Session();
        FeedItem[] Feed(NDArray[] v) => [new(a, v[0]), new(b, v[1])];
        const double eps = 1e-6;
        for (int i = 0; i < 2; i++)
        {
            if (grads[i] is null) continue;
            var analytic = Doubles(sess.run(grads[i]!, Feed(values)));
            for (int k = 0; k < values[i].size; k++)
            {
                var plus = values.Select(v => new NDArray((Array)v.Storage.Clone(), v.Dims.ToArray())).ToArray();
                var minus = values.Select(v => new NDArray((Array)v.Storage.Clone(), v.Dims.ToArray())).ToArray();
                plus[i].Data<double>()[k] += eps;
                minus[i].Data<double>()[k] -= eps;
                double numeric = (sess.run(loss, Feed(plus)).GetDouble(0) - sess.run(loss, Feed(minus)).GetDouble(0)) / (2 * eps);
                Assert.That(analytic[k], Is.EqualTo(numeric).Within(1e-6 * Math.Max(1, Math.Abs(numeric))), $"d loss / d input {i}[{k}]");
            }
        }
    }

    [TestCase("SAME", 1), TestCase("SAME", 2), TestCase("VALID", 1), TestCase("VALID", 3)]
    public void Conv2DGradientsWrtInputAndFilterMatchCentralDifferences(string padding, int stride) =>
        // conv_ops_test.py's ConstructAndTestGradient geometry: batch 2, 5x4 input, 3x3 filter, 2 -> 3 channels.
        CheckGradients((x, f) => tf.nn.conv2d(x, f, [1, stride, stride, 1], padding), [2, 5, 4, 2], [3, 3, 2, 3]);

    [Test]
    public void DilatedConv2DGradientsMatchCentralDifferences() =>
        CheckGradients((x, f) => tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME", dilations: [1, 2, 2, 1]), [1, 6, 5, 2], [2, 3, 2, 2]);

    [TestCase("SAME", 3, 2), TestCase("VALID", 2, 2), TestCase("SAME", 2, 1)]
    public void PoolGradientsMatchCentralDifferences(string padding, int window, int stride)
    {
        CheckGradients((x, _) => tf.nn.max_pool(x, [1, window, window, 1], [1, stride, stride, 1], padding), [2, 5, 5, 3], [1], distinct: true);
        tf.reset_default_graph();
        CheckGradients((x, _) => tf.nn.avg_pool(x, [1, window, window, 1], [1, stride, stride, 1], padding), [2, 5, 5, 3], [1]);
    }

    // --- pooling_ops_test.py (inputs 1, 2, 3, ...; float32) ---

    private static IEnumerable<TestCaseData> TfPoolCases()
    {
        TestCaseData C(string name, bool max, int[] input, int[] ksize, int[] strides, string padding, double[] expected) =>
            new TestCaseData(max, input, ksize, strides, padding, expected).SetName("TfPool_" + name);
        yield return C("AvgValid", false, [1, 3, 3, 3], [1, 2, 2, 1], [1, 2, 2, 1], "VALID", [7, 8, 9]);
        yield return C("AvgSame", false, [1, 2, 4, 3], [1, 2, 2, 1], [1, 2, 2, 1], "SAME", [8.5, 9.5, 10.5, 14.5, 15.5, 16.5]);
        yield return C("AvgSameNonSquare", false, [1, 2, 2, 1], [1, 1, 2, 1], [1, 1, 1, 1], "SAME", [1.5, 2.0, 3.5, 4.0]);
        yield return C("AvgSameNonSquare2", false, [1, 2, 2, 1], [1, 2, 1, 1], [1, 1, 1, 1], "SAME", [2.0, 3.0, 3.0, 4.0]);
        yield return C("AvgValidUnevenStride", false, [1, 3, 3, 3], [1, 2, 2, 1], [1, 1, 2, 1], "VALID", [7, 8, 9, 16, 17, 18]);
        yield return C("AvgValidUnevenStride2", false, [1, 3, 3, 3], [1, 2, 2, 1], [1, 2, 1, 1], "VALID", [7, 8, 9, 10, 11, 12]);
        yield return C("MaxValid", true, [1, 3, 3, 3], [1, 2, 2, 1], [1, 2, 2, 1], "VALID", [13, 14, 15]);
        yield return C("MaxSame", true, [1, 2, 3, 3], [1, 2, 2, 1], [1, 2, 2, 1], "SAME", [13, 14, 15, 16, 17, 18]);
        yield return C("MaxSameNonSquare", true, [1, 2, 2, 1], [1, 1, 2, 1], [1, 1, 1, 1], "SAME", [2, 2, 4, 4]);
        yield return C("MaxValidUnevenStride", true, [1, 4, 4, 1], [1, 2, 2, 1], [1, 1, 2, 1], "VALID", [6, 8, 10, 12, 14, 16]);
        yield return C("MaxValidUnevenStride2", true, [1, 4, 4, 1], [1, 2, 2, 1], [1, 2, 1, 1], "VALID", [6, 7, 8, 14, 15, 16]);
        yield return C("MaxKernelSmallerThanStrideValid", true, [1, 7, 7, 1], [1, 2, 2, 1], [1, 3, 3, 1], "VALID", [9, 12, 30, 33]);
        yield return C("AvgKernelSmallerThanStrideValid", false, [1, 7, 7, 1], [1, 2, 2, 1], [1, 3, 3, 1], "VALID", [5, 8, 26, 29]);
        yield return C("MaxKernelSmallerThanStrideSame", true, [1, 3, 3, 1], [1, 1, 1, 1], [1, 2, 2, 1], "SAME", [1, 3, 7, 9]);
        yield return C("AvgKernelSmallerThanStrideSame", false, [1, 4, 4, 1], [1, 1, 1, 1], [1, 2, 2, 1], "SAME", [1, 3, 9, 11]);
    }

    [TestCaseSource(nameof(TfPoolCases))]
    public void PoolingMatchesTfsKernelTests(bool max, int[] input, int[] ksize, int[] strides, string padding, double[] expected)
    {
        var x = tf.constant(Iota(input));
        var y = max ? tf.nn.max_pool(x, ksize, strides, padding) : tf.nn.avg_pool(x, ksize, strides, padding);
        Assert.That(Run(y), Is.EqualTo(expected));
    }

    // pooling_ops_test.py's _testMaxPoolGradDirect cases: ties go to the first maximum in row-major order (CPU).
    private static IEnumerable<TestCaseData> TieCases()
    {
        yield return new TestCaseData(Enumerable.Repeat(1.0, 16).ToArray(), new double[] { 11, 12, 13, 15, 16, 17, 19, 20, 21 },
            new double[] { 11, 12, 13, 0, 15, 16, 17, 0, 19, 20, 21, 0, 0, 0, 0, 0 }, 2, "VALID").SetName("MaxPoolGradDirect1_1");
        yield return new TestCaseData(new double[] { 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1 }, new double[] { 11, 12, 13, 15, 16, 17, 19, 20, 21 },
            new double[] { 11, 0, 25, 0, 0, 31, 0, 17, 19, 0, 41, 0, 0, 0, 0, 0 }, 2, "VALID").SetName("MaxPoolGradDirect1_2");
        yield return new TestCaseData(new double[] { 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1 }, Enumerable.Range(11, 16).Select(i => (double)i).ToArray(),
            new double[] { 54, 0, 62, 0, 0, 60, 0, 22, 47, 0, 51, 0, 0, 0, 0, 0 }, 3, "SAME").SetName("MaxPoolGradDirect1_3");
        // _testMaxPoolGradDirectWithNans2_1, TF's CPU expectation: all-NaN windows route to their first element.
        yield return new TestCaseData(Enumerable.Repeat(double.NaN, 16).ToArray(), new double[] { 11, 12, 13, 15, 16, 17, 19, 20, 21 },
            new double[] { 11, 12, 13, 0, 15, 16, 17, 0, 19, 20, 21, 0, 0, 0, 0, 0 }, 2, "VALID").SetName("MaxPoolGradDirectWithNans2_1");
    }

    [TestCaseSource(nameof(TieCases))]
    public void MaxPoolGradRoutesTiesAsTfsCpuKernel(double[] input, double[] backprop, double[] expected, int window, string padding)
    {
        var x = tf.constant(new NDArray(input.Select(v => (float)v).ToArray(), [1, 4, 4, 1]));
        var y = tf.nn.max_pool(x, [1, window, window, 1], [1, 1, 1, 1], padding);
        var dy = tf.constant(new NDArray(backprop.Select(v => (float)v).ToArray(), y.shape.dims));
        var dx = tf.gradients(y, x, grad_ys: [dy])[0]!;
        Assert.That(dx.op.type, Is.EqualTo("MaxPoolGrad"));
        foreach (var placement in new[] { Placement.Managed, Placement.Torch })
        {
            PlacementRule.Placement = placement;
            try { Assert.That(Run(dx), Is.EqualTo(expected), placement.ToString()); }
            finally { PlacementRule.Placement = Placement.BySize; }
        }
    }

    [Test]
    public void AvgPoolSameAveragesOnlyTheValidElementsAndItsGradientSpreadsThem()
    {
        // 3x3 input 1..9, 2x2 windows, stride 2, SAME: windows {1,2,4,5}, {3,6}, {7,8}, {9}.
        var x = tf.constant(Iota([1, 3, 3, 1]));
        var y = tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME");
        Assert.That(Run(y), Is.EqualTo(new[] { 3.0, 4.5, 7.5, 9.0 }));
        var dx = tf.gradients(y, x, grad_ys: [tf.constant(new NDArray(new float[] { 4, 2, 2, 1 }, [1, 2, 2, 1]))])[0]!;
        Assert.That(Run(dx), Is.EqualTo(new[] { 1.0, 1, 1, 1, 1, 1, 1, 1, 1 }));
    }

    // --- shapes and bad input ---

    [Test]
    public void ShapesFollowTfsWindowArithmeticWithAnUnknownBatch()
    {
        var x = tf.placeholder(tf.float32, new Shape(-1, 28, 28, 1));
        var f = tf.placeholder(tf.float32, new Shape(3, 3, 1, 32));
        Assert.That(tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME").shape.as_list(), Is.EqualTo(new int?[] { null, 28, 28, 32 }));
        Assert.That(tf.nn.conv2d(x, f, [1, 2, 2, 1], "VALID").shape.as_list(), Is.EqualTo(new int?[] { null, 13, 13, 32 }));
        Assert.That(tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME").shape.as_list(), Is.EqualTo(new int?[] { null, 14, 14, 1 }));
        Assert.That(tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 3, 3, 1], "VALID").shape.as_list(), Is.EqualTo(new int?[] { null, 9, 9, 1 }));
        var y = tf.nn.conv2d(x, f, [1, 2, 2, 1], "SAME");
        var g = tf.gradients(tf.reduce_sum(y), new[] { x, f });
        Assert.That(g[0]!.shape.as_list(), Is.EqualTo(new int?[] { null, 28, 28, 1 }));
        Assert.That(g[1]!.shape.as_list(), Is.EqualTo(new int?[] { 3, 3, 1, 32 }));
        var feed = new FeedItem(x, new NDArray(new float[2 * 28 * 28], [2, 28, 28, 1]));
        Assert.That(ShapeOf(g[0]!, feed, new FeedItem(f, new NDArray(new float[9 * 32], [3, 3, 1, 32]))), Is.EqualTo(new[] { 2, 28, 28, 1 }));
    }

    [Test]
    public void BadInputIsRejectedWhenTheGraphIsBuilt()
    {
        var x = tf.placeholder(tf.float32, new Shape(-1, 4, 4, 3));
        var f = tf.placeholder(tf.float32, new Shape(2, 2, 2, 1));
        Throws<ValueError>(() => tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME"), "tf.nn.conv2d", "Dimensions must be equal, but are 3 and 2", "[?, 4, 4, 3]", "[2, 2, 2, 1]");
        var good = tf.placeholder(tf.float32, new Shape(2, 2, 3, 1));
        Throws<ValueError>(() => tf.nn.conv2d(x, good, [1, 1, 1], "SAME"), "stride attribute to contain 4 values, but got: 3");
        Throws<ValueError>(() => tf.nn.conv2d(x, good, [2, 1, 1, 1], "SAME"), "strides in the batch and depth dimensions");
        Throws<ValueError>(() => tf.nn.conv2d(x, good, [1, 1, 1, 2], "SAME"), "strides in the batch and depth dimensions");
        Throws<ValueError>(() => tf.nn.conv2d(x, good, [1, 1, 1, 1], "same"), "Attr 'padding' of 'Conv2D' Op passed string 'same' not in: \"SAME\", \"VALID\"");
        Throws<ValueError>(() => tf.nn.conv2d(tf.placeholder(tf.float32, new Shape(4, 4, 3)), good, [1, 1, 1, 1], "SAME"), "Shape must be rank 4 but is rank 3", "[4, 4, 3]");
        Throws<ValueError>(() => tf.nn.conv2d(x, tf.placeholder(tf.float32, new Shape(2, 3, 1)), [1, 1, 1, 1], "SAME"), "Shape must be rank 4 but is rank 3", "filter");
        Throws<ValueError>(() => tf.nn.conv2d(x, good, [1, 1, 1, 1], "SAME", data_format: "NCHW"), "Generic conv implementation only supports NHWC tensor format for now.");
        Throws<ValueError>(() => tf.nn.conv2d(x, tf.placeholder(tf.float32, new Shape(5, 5, 3, 1)), [1, 1, 1, 1], "VALID"), "Negative dimension size caused by subtracting 5 from 4");
        Throws<ValueError>(() => tf.nn.conv2d(x, good, [1, 1, 1, 1], "SAME", dilations: [1, 2, 2, 2]), "dilations in the batch and depth dimensions");
        Throws<TypeError>(() => tf.nn.conv2d(tf.placeholder(tf.int32, new Shape(1, 4, 4, 3)), tf.placeholder(tf.int32, new Shape(2, 2, 3, 1)), [1, 1, 1, 1], "SAME"), "int32", "Conv2D");
        Throws<TypeError>(() => tf.nn.conv2d(x, tf.placeholder(tf.float64, new Shape(2, 2, 3, 1)), [1, 1, 1, 1], "SAME"), "float64");
        Throws<ValueError>(() => tf.nn.max_pool(x, [1, 2, 2], [1, 1, 1, 1], "SAME"), "MaxPool requires the ksize attribute to contain 4 values");
        Throws<ValueError>(() => tf.nn.max_pool(x, [1, 2, 2, 1], [1, 1, 1, 1], "FULL"), "Attr 'padding' of 'MaxPool'");
        Throws<ValueError>(() => tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 1, 1, 1], "SAME", data_format: "NCHW"), "Default AvgPoolingOp only supports NHWC.");
        Throws<ValueError>(() => tf.nn.max_pool(x, [2, 2, 2, 1], [1, 1, 1, 1], "SAME"), "Pooling is not yet supported on the batch dimension");
        Throws<ValueError>(() => tf.nn.max_pool(tf.placeholder(tf.float32, new Shape(4, 4)), [1, 2, 2, 1], [1, 1, 1, 1], "SAME"), "Shape must be rank 4 but is rank 2");
        Throws<ValueError>(() => tf.nn.avg_pool(x, [1, 5, 5, 1], [1, 1, 1, 1], "VALID"), "Negative dimension size caused by subtracting 5 from 4");
    }

    [Test]
    public void ShapesOnlyKnownAtRunTimeFailAsInvalidArgument()
    {
        var x = tf.placeholder(tf.float32, new Shape(-1, -1, -1, -1));
        var f = tf.constant(new NDArray(new float[2 * 2 * 3], [2, 2, 3, 1]));
        var y = tf.nn.conv2d(x, f, [1, 1, 1, 1], "VALID");
        using var sess = tf.Session();
        var e = Assert.Throws<InvalidArgumentError>(() => sess.run(y, new FeedItem(x, new NDArray(new float[16], [1, 4, 4, 1]))))!;
        Assert.That(e.Message, Does.Contain("[1, 4, 4, 1]").And.Contain("[2, 2, 3, 1]"));
        var e2 = Assert.Throws<InvalidArgumentError>(() => sess.run(tf.nn.max_pool(x, [1, 3, 3, 1], [1, 1, 1, 1], "VALID"), new FeedItem(x, new NDArray(new float[4], [1, 2, 2, 1]))))!;
        Assert.That(e2.Message, Does.Contain("Negative dimension size"));
    }

    [Test]
    public void MaxPoolGradOfAGradientOfTheWrongShapeIsInvalidArgumentOnEitherSide()
    {
        var x = tf.placeholder(tf.float32, new Shape(-1, -1, -1, -1));
        var dy = tf.placeholder(tf.float32, new Shape(-1, -1, -1, -1));
        var dx = tf.gradients(tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"), x, grad_ys: [dy])[0]!;
        foreach (var placement in new[] { Placement.Managed, Placement.Torch })
        {
            PlacementRule.Placement = placement;
            try
            {
                using var sess = tf.Session();
                var e = Assert.Throws<InvalidArgumentError>(() => sess.run(dx, new FeedItem(x, new NDArray(new float[16], [1, 4, 4, 1])),
                    new FeedItem(dy, new NDArray(new float[9], [1, 3, 3, 1]))), placement.ToString())!;
                Assert.That(e.Message, Does.Contain("MaxPoolGrad").And.Contain("[1, 3, 3, 1]").And.Contain("[1, 2, 2, 1]").And.Contain("help:"), placement.ToString());
            }
            finally { PlacementRule.Placement = Placement.BySize; }
        }
    }
}

/// <summary>
/// Lab 11-0 (lab-11-0-cnn_basics.ipynb): the notebook's graphs, built in one graph as its cells do, against the arrays
/// it printed. Inputs and expected values are those of the notebook's own cells: the 3x3 image 1..9 (cell 2), the
/// 2x2 ones filter (cells 3, 5) and the [1, 10, -1] filter bank (cell 7), the 2x2 image 4, 3, 2, 1 (cells 9, 11);
/// the MNIST cells (14, 15) only print their tensors' names and shapes, which are checked (their values are random).
/// </summary>
public class Lab11_0Tests : GraphFixture
{
    private static NDArray A(float[] v, params long[] dims) => new(v, dims);

    private static float[] Eval(Tensor t)
    {
        using var sess = tf.Session();
        return sess.run(t).ToArray<float>();
    }

    [Test]
    public void TheNotebooksConvolutionsAndPoolsPrintItsArrays()
    {
        var image = tf.constant(A([1, 2, 3, 4, 5, 6, 7, 8, 9], 1, 3, 3, 1));
        var ones = tf.constant(A([1, 1, 1, 1], 2, 2, 1, 1));
        // cell 3: VALID
        var c3 = tf.nn.conv2d(image, ones, [1, 1, 1, 1], "VALID");
        Assert.That(c3.shape.as_int_list(), Is.EqualTo(new[] { 1, 2, 2, 1 }));
        Assert.That(Eval(c3), Is.EqualTo(new float[] { 12, 16, 24, 28 }));
        // cell 5: SAME (the extra row and column of padding at the end)
        var c5 = tf.nn.conv2d(image, ones, [1, 1, 1, 1], "SAME");
        Assert.That(c5.shape.as_int_list(), Is.EqualTo(new[] { 1, 3, 3, 1 }));
        Assert.That(Eval(c5), Is.EqualTo(new float[] { 12, 16, 9, 24, 28, 15, 15, 17, 9 }));
        // cell 7: three filters; the notebook prints each output channel (np.swapaxes(img, 0, 3)).
        var bank = tf.constant(A([1, 10, -1, 1, 10, -1, 1, 10, -1, 1, 10, -1], 2, 2, 1, 3));
        var c7 = tf.nn.conv2d(image, bank, [1, 1, 1, 1], "SAME");
        Assert.That(c7.shape.as_int_list(), Is.EqualTo(new[] { 1, 3, 3, 3 }));
        var v = Eval(c7);
        float[] Channel(int k) => Enumerable.Range(0, 9).Select(i => v[i * 3 + k]).ToArray();
        Assert.That(Channel(0), Is.EqualTo(new float[] { 12, 16, 9, 24, 28, 15, 15, 17, 9 }));
        Assert.That(Channel(1), Is.EqualTo(new float[] { 120, 160, 90, 240, 280, 150, 150, 170, 90 }));
        Assert.That(Channel(2), Is.EqualTo(new float[] { -12, -16, -9, -24, -28, -15, -15, -17, -9 }));
        // cells 9 and 11: max pooling of 4, 3, 2, 1
        var small = tf.constant(A([4, 3, 2, 1], 1, 2, 2, 1));
        var p9 = tf.nn.max_pool(small, [1, 2, 2, 1], [1, 1, 1, 1], "VALID");
        Assert.That(p9.shape.as_int_list(), Is.EqualTo(new[] { 1, 1, 1, 1 }));
        Assert.That(Eval(p9), Is.EqualTo(new float[] { 4 }));
        var p11 = tf.nn.max_pool(small, [1, 2, 2, 1], [1, 1, 1, 1], "SAME");
        Assert.That(p11.shape.as_int_list(), Is.EqualTo(new[] { 1, 2, 2, 1 }));
        Assert.That(Eval(p11), Is.EqualTo(new float[] { 4, 3, 2, 1 }));
        // cells 14 and 15: an MNIST image [1, 28, 28, 1], 5 random 3x3 filters, stride 2 SAME, then 2x2 max pooling.
        var img = tf.constant(A(new float[28 * 28], 1, 28, 28, 1));
        var w1 = tf.Variable(tf.random_normal(new[] { 3, 3, 1, 5 }, stddev: 0.01));
        var c14 = tf.nn.conv2d(img, w1, [1, 2, 2, 1], "SAME");
        Assert.That(c14.ToString(), Is.EqualTo("Tensor(\"Conv2D_3:0\", shape=(1, 14, 14, 5), dtype=float32)"));
        var p15 = tf.nn.max_pool(c14, [1, 2, 2, 1], [1, 2, 2, 1], "SAME");
        Assert.That(p15.ToString(), Is.EqualTo("Tensor(\"MaxPool_2:0\", shape=(1, 7, 7, 5), dtype=float32)"));
    }
}
