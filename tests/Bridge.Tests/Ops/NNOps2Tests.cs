using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>
/// The second batch of tf.nn: sparse and sigmoid cross entropies, log_softmax, selu, l2_normalize, moments, and the
/// math they need (log1p, squared_difference). Values from TF's kernel tests (sparse_xent_op_test.py,
/// nn_xent_test.py, relu_op_test.py, nn_test.py), the expected numbers computed here in double from the formulas
/// those tests use; bad inputs as TF reports them. OpRegistryTests checks dtypes, both backends and numeric gradients.
/// </summary>
public class NNOps2Tests : GraphFixture
{
    private static T[] Run<T>(Tensor t) where T : unmanaged
    {
        using var sess = tf.Session();
        return sess.run(t).ToArray<T>();
    }

    /// <summary>A float64 constant (C# doubles, like Python floats, convert to float32 by default).</summary>
    private static Tensor D(object value) => tf.constant(value, tf.float64);

    private static void Throws<T>(Action body, params string[] fragments) where T : BridgeException
    {
        var e = Assert.Throws<T>(body)!;
        foreach (var f in fragments) Assert.That(e.Message, Does.Contain(f));
        Assert.That(e.Message, Does.Contain("help:"), "the message says what to do");
    }

    /// <summary>float32 results against double references: within <paramref name="ulps"/> float32 ulps of each.</summary>
    private static void Close(float[] actual, double[] expected, int ulps = 2)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        for (int i = 0; i < expected.Length; i++)
        {
            double tol = ulps * Math.Max(MathF.BitIncrement(MathF.Abs((float)expected[i])) - MathF.Abs((float)expected[i]), 1e-45);
            Assert.That(actual[i], Is.EqualTo(expected[i]).Within(tol), $"index {i}");
        }
    }

    // --- sparse_softmax_cross_entropy_with_logits (sparse_xent_op_test.py) ---

    private static (double[] loss, double[] backprop) NpSparseXent(double[,] f, long[] labels)
    {
        int rows = f.GetLength(0), cols = f.GetLength(1);
        var loss = new double[rows];
        var bp = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            double max = Enumerable.Range(0, cols).Max(c => f[r, c]);
            double sum = Enumerable.Range(0, cols).Sum(c => Math.Exp(f[r, c] - max));
            loss[r] = Math.Log(sum) - (f[r, labels[r]] - max);
            for (int c = 0; c < cols; c++) bp[r * cols + c] = Math.Exp(f[r, c] - max) / sum - (c == labels[r] ? 1 : 0);
        }
        return (loss, bp);
    }

    [Test]
    public void SparseXentMatchesTfsNpXentForInt32AndInt64Labels()
    {
        var features = new double[,] { { 1, 1, 1, 1 }, { 1, 2, 3, 4 } };
        var (loss, bp) = NpSparseXent(features, [3, 0]);
        // The test's own comments: loss [1.3862, 3.4420] (rtol 1e-3), backprop [0.25, 0.25, 0.25, -0.75], [-0.968, 0.087, 0.237, 0.6439].
        Assert.That(loss[0], Is.EqualTo(1.3862).Within(1e-3));
        Assert.That(bp[4], Is.EqualTo(-0.968).Within(1e-3));
        var f32 = new float[,] { { 1, 1, 1, 1 }, { 1, 2, 3, 4 } };
        foreach (object labels in new object[] { new[] { 3, 0 }, new long[] { 3, 0 } })
        {
            var y = tf.nn.sparse_softmax_cross_entropy_with_logits(labels: labels, logits: f32);
            Assert.That(y.op.type, Is.EqualTo("SparseSoftmaxCrossEntropyWithLogits"));
            Assert.That(y.shape.dims, Is.EqualTo(new long[] { 2 }));
            Close(Run<float>(y), loss);
            Close(Run<float>(y.op.outputs[1]), bp);
        }
        // testDouble: labels [0, 3].
        var (loss64, bp64) = NpSparseXent(features, [0, 3]);
        var d = tf.nn.sparse_softmax_cross_entropy_with_logits(labels: new[] { 0, 3 }, logits: D(features));
        Assert.That(Run<double>(d), Is.EqualTo(loss64).Within(1e-15));
        Assert.That(Run<double>(d.op.outputs[1]), Is.EqualTo(bp64).Within(1e-15));
    }

    [Test]
    public void SparseXentOfOneClassIsZero()
    {
        var y = tf.nn.sparse_softmax_cross_entropy_with_logits(labels: new long[] { 0, 0, 0 }, logits: new float[,] { { 1 }, { -1 }, { 0 } });
        Assert.That(Run<float>(y), Is.EqualTo(new[] { 0f, 0f, 0f }));
        Assert.That(Run<float>(y.op.outputs[1]), Is.EqualTo(new[] { 0f, 0f, 0f }));
    }

    [Test]
    public void SparseXentOfAVectorAndOfRankThreeFlattensAroundTheOp()
    {
        // testVector: labels a scalar, logits a vector.
        var v = tf.nn.sparse_softmax_cross_entropy_with_logits(labels: tf.constant(0), logits: tf.constant(new[] { 1f }));
        Assert.That(v.shape.dims, Is.Empty);
        Assert.That(Run<float>(v), Is.EqualTo(new[] { 0f }));
        var logits = new float[2, 2, 3];
        for (int i = 0; i < 12; i++) logits[i / 6, i / 3 % 2, i % 3] = i * 0.25f - 1;
        var labels = new[,] { { 2, 0 }, { 1, 1 } };
        var y = tf.nn.sparse_softmax_cross_entropy_with_logits(labels: labels, logits: logits);
        Assert.That(y.shape.dims, Is.EqualTo(new long[] { 2, 2 }));
        var flat = tf.nn.sparse_softmax_cross_entropy_with_logits(labels: new[] { 2, 0, 1, 1 }, logits: tf.reshape(logits, new[] { 4, 3 }));
        Assert.That(Run<float>(y), Is.EqualTo(Run<float>(flat)));
    }

    [Test]
    public void SparseXentOfAnEmptyBatchIsEmpty()
    {
        var y = tf.nn.sparse_softmax_cross_entropy_with_logits(labels: np.zeros(new Shape(0), tf.int32), logits: np.zeros(new Shape(0, 3), tf.float32));
        Assert.That(Run<float>(y), Is.Empty);
    }

    [Test]
    public void SparseXentGradientIsSoftmaxMinusOneHotAndNoneForTheLabels()
    {
        // testGradient's logits and labels (float64).
        var fv = new[] { 0.1, 0.2, 0.3, 0.4, 0.1, 0.4, 0.9, 1.6, 0.1, 0.8, 2.7, 6.4 };
        var f = D(np.array(fv).reshape(3, 4));
        var l = tf.constant(new[] { 3, 0, 1 });
        var x = tf.nn.sparse_softmax_cross_entropy_with_logits(labels: l, logits: f, name: "xent");
        Assert.That(x.op.name, Is.EqualTo("xent"));
        var grads = tf.gradients(x, new[] { f });
        var (_, bp) = NpSparseXent(new double[,] { { 0.1, 0.2, 0.3, 0.4 }, { 0.1, 0.4, 0.9, 1.6 }, { 0.1, 0.8, 2.7, 6.4 } }, [3, 0, 1]);
        Assert.That(Run<double>(grads[0]!), Is.EqualTo(bp).Within(1e-15));
        Assert.That(tf.gradients(x, new[] { tf.cast(l, tf.float32) })[0], Is.Null);
    }

    [Test]
    public void SparseXentLabelOutOfRangeIsAnInvalidArgumentErrorWhenRun()
    {
        // testInvalidLabel on the CPU: labels [4, 3, 0, -1] for 4 classes; TF names the negative one first.
        var features = new float[,] { { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 2, 3, 4 }, { 1, 2, 3, 4 } };
        var y = tf.nn.sparse_softmax_cross_entropy_with_logits(labels: new[] { 4, 3, 0, -1 }, logits: features);
        Throws<InvalidArgumentError>(() => Run<float>(y), "tf.nn.sparse_softmax_cross_entropy_with_logits", "Received a label value of -1", "[0, 4)");
        var z = tf.nn.sparse_softmax_cross_entropy_with_logits(labels: new[] { 4, 3 }, logits: new float[,] { { 1, 1, 1, 1 }, { 1, 1, 1, 1 } });
        Throws<InvalidArgumentError>(() => Run<float>(z), "Received a label value of 4");
    }

    [Test]
    public void SparseXentRejectsBadShapesAndDTypes()
    {
        // testShapeMismatch, testScalar.
        Throws<ValueError>(() => tf.nn.sparse_softmax_cross_entropy_with_logits(labels: new[,] { { 0, 2 } }, logits: new float[,] { { 0, 1 }, { 2, 3 }, { 2, 3 } }), "Rank mismatch", "[1, 2]");
        Throws<ValueError>(() => tf.nn.sparse_softmax_cross_entropy_with_logits(labels: tf.constant(0), logits: tf.constant(1f)), "cannot be scalars");
        Throws<ValueError>(() => tf.nn.sparse_softmax_cross_entropy_with_logits(labels: new[] { 0, 1, 0 }, logits: new float[,] { { 0, 1 }, { 2, 3 } }), "same first dimension");
        Throws<TypeError>(() => tf.nn.sparse_softmax_cross_entropy_with_logits(labels: new[] { 0f, 1f }, logits: new float[,] { { 0, 1 }, { 2, 3 } }), "int32 or int64", "float32");
        Throws<TypeError>(() => tf.nn.sparse_softmax_cross_entropy_with_logits(labels: new[] { 0, 1 }, logits: new[,] { { 0, 1 }, { 2, 3 } }), "int32");
        // testLabelsPlaceholderScalar: a labels placeholder of unknown rank fed a scalar fails when run.
        var labels = tf.placeholder(tf.int32);
        var y = tf.nn.sparse_softmax_cross_entropy_with_logits(labels: labels, logits: new float[,] { { 7 } });
        using var sess = tf.Session();
        Throws<InvalidArgumentError>(() => sess.run(y, new FeedItem(labels, np.array(0))), "labels must be 1-D");
    }

    // --- sigmoid_cross_entropy_with_logits (nn_xent_test.py) ---

    private static readonly double[] SigmoidX = [-100, -2, -2, 0, 2, 2, 2, 100];
    private static readonly double[] SigmoidZ = [0, 0, 1, 0, 0, 1, 0.5, 1];

    [Test]
    public void SigmoidXentMatchesTheStableFormula()
    {
        var expected = SigmoidX.Select((x, i) => Math.Max(x, 0) - x * SigmoidZ[i] + Math.Log(1 + Math.Exp(-Math.Abs(x)))).ToArray();
        // The test's own reference (predictions clipped to [1e-4, 1 - 1e-4]) agrees to its atol of 1e-3 except where
        // the clip bites (x = +-100).
        var logits = tf.constant(SigmoidX.Select(v => (float)v).ToArray());
        var targets = tf.constant(SigmoidZ.Select(v => (float)v).ToArray());
        var loss = tf.nn.sigmoid_cross_entropy_with_logits(labels: targets, logits: logits);
        Assert.That(loss.op.name, Is.EqualTo("logistic_loss"));
        Close(Run<float>(loss), expected, ulps: 4);
        // float64 and more dimensions (testLogisticOutputMultiDim's [2, 2, 2]).
        var l64 = tf.nn.sigmoid_cross_entropy_with_logits(labels: D(np.array(SigmoidZ).reshape(2, 2, 2)), logits: D(np.array(SigmoidX).reshape(2, 2, 2)), name: "mylogistic");
        Assert.That(l64.op.name, Is.EqualTo("mylogistic"));
        Assert.That(l64.shape.dims, Is.EqualTo(new long[] { 2, 2, 2 }));
        Assert.That(Run<double>(l64), Is.EqualTo(expected).Within(1e-14));
    }

    [Test]
    public void SigmoidXentIsTfsCompositionAndItsGradientAtZeroIsSigmoidMinusLabel()
    {
        var loss = tf.nn.sigmoid_cross_entropy_with_logits(labels: D(new[] { 0.0, 1.0 }), logits: D(new[] { 0.0, 0.0 }));
        Assert.That(loss.op.type, Is.EqualTo("Add"));
        Assert.That(loss.op.Inputs[1].op.type, Is.EqualTo("Log1p"));
        Assert.That(loss.op.Inputs[1].op.Inputs[0].op.Inputs[0].op.type, Is.EqualTo("Select"));
        // testGradientAtZero: [0.5, -0.5].
        var x = D(new[] { 0.0, 0.0 });
        var g = tf.gradients(tf.nn.sigmoid_cross_entropy_with_logits(labels: D(new[] { 0.0, 1.0 }), logits: x), new[] { x })[0]!;
        Assert.That(Run<double>(g), Is.EqualTo(new[] { 0.5, -0.5 }));
    }

    [Test]
    public void SigmoidXentRejectsShapesAndDTypesThatDiffer()
    {
        // testShapeError.
        Throws<ValueError>(() => tf.nn.sigmoid_cross_entropy_with_logits(labels: new[] { 1, 2, 3 }, logits: new[,] { { 2, 1 } }), "must have the same shape", "[1, 2]", "[3]");
        Throws<TypeError>(() => tf.nn.sigmoid_cross_entropy_with_logits(labels: D(new[] { 1.0 }), logits: tf.constant(new[] { 1f })), "float64", "float32");
        Throws<TypeError>(() => tf.nn.sigmoid_cross_entropy_with_logits(labels: new[] { 1 }, logits: new[] { 1 }), "int32");
    }

    // --- log1p, squared_difference ---

    [Test]
    public void Log1pIsAccurateForSmallX()
    {
        var x = new[] { 0f, 1e-10f, -1e-7f, 3e-5f, -0.5f, 1f, 1e5f, -1f };
        var y = Run<float>(tf.log1p(x));
        for (int i = 0; i < x.Length; i++)
        {
            // The reference in double: the series for small x, else ln of 1 + x (exact in double for these x).
            double xi = x[i];
            double expected = Math.Abs(xi) < 1e-4 ? xi - xi * xi / 2 + xi * xi * xi / 3 : Math.Log(1 + xi);
            Assert.That(y[i], Is.EqualTo((float)expected), $"log1p({x[i]:R}) is correctly rounded");
        }
        var d = Run<double>(tf.log1p(D(new[] { 1e-300, 1e-8, -2.0 })));
        Assert.That(d[0], Is.EqualTo(1e-300));
        Assert.That(d[1], Is.EqualTo(1e-8 - 0.5e-16 + 1e-24 / 3).Within(1e-23));
        Assert.That(double.IsNaN(d[2]));
        Throws<TypeError>(() => tf.log1p(new[] { 1, 2 }), "tf.log1p", "int32");
    }

    [Test]
    public void Log1pGradientIsOneOverOnePlusX()
    {
        var x = D(new[] { 0.5, 3.0 });
        var g = tf.gradients(tf.log1p(x), new[] { x })[0]!;
        Assert.That(Run<double>(g), Is.EqualTo(new[] { 1 / 1.5, 1 / 4.0 }));
    }

    [Test]
    public void SquaredDifferenceBroadcastsAndRoundsTheDifferenceThenTheProduct()
    {
        var y = tf.squared_difference(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }, new[] { 1.5f, 0.1f, -2f });
        var expected = new[] { 1f, 2f, 3f, 4f, 5f, 6f }.Select((v, i) => { float dd = v - new[] { 1.5f, 0.1f, -2f }[i % 3]; return dd * dd; }).ToArray();
        Assert.That(Run<float>(y), Is.EqualTo(expected));
        Assert.That(Run<int>(tf.squared_difference(new[] { 3, -4 }, new[] { 1, 1 })), Is.EqualTo(new[] { 4, 25 }));
        Assert.That(Run<long>(tf.squared_difference(np.array(new long[] { 3_000_000_000 }), np.array(new long[] { 0 }))), Is.EqualTo(new[] { 9_000_000_000_000_000_000L }));
        Throws<TypeError>(() => tf.squared_difference(new byte[] { 1 }, new byte[] { 2 }), "uint8");
        // The gradient (TF 1.0's _SquaredDifferenceGrad): 2 * grad * (x - y) to x, summed to y's shape and negated.
        var a = D(new[,] { { 1.0, 2.0 }, { 3.0, 4.0 } });
        var b = D(new[] { 0.5, -1.0 });
        var g = tf.gradients(tf.squared_difference(a, b), new[] { a, b });
        Assert.That(Run<double>(g[0]!), Is.EqualTo(new[] { 1.0, 6.0, 5.0, 10.0 }));
        Assert.That(Run<double>(g[1]!), Is.EqualTo(new[] { -6.0, -16.0 }));
    }

    // --- log_softmax ---

    [Test]
    public void LogSoftmaxIsLogitsMinusLogSumExp()
    {
        var x = new double[,] { { 1, 2, 3, 4 }, { 1, 1, 1, 1 }, { -1000, 0, 1000, 0.5 } };
        var expected = new double[12];
        for (int r = 0; r < 3; r++)
        {
            double max = Enumerable.Range(0, 4).Max(c => x[r, c]);
            double lse = max + Math.Log(Enumerable.Range(0, 4).Sum(c => Math.Exp(x[r, c] - max)));
            for (int c = 0; c < 4; c++) expected[r * 4 + c] = x[r, c] - lse;
        }
        var f = new float[3, 4];
        for (int i = 0; i < 12; i++) f[i / 4, i % 4] = (float)x[i / 4, i % 4];
        var y = tf.nn.log_softmax(f);
        Assert.That(y.op.type, Is.EqualTo("LogSoftmax"));
        Close(Run<float>(y), expected, ulps: 4);
        Assert.That(Run<double>(tf.nn.log_softmax(D(x))), Is.EqualTo(expected).Within(1e-13));
        // Another axis: the same values, transposed.
        var t = tf.nn.log_softmax(tf.transpose(D(x)), axis: 0);
        Assert.That(Run<double>(tf.transpose(t)), Is.EqualTo(expected).Within(1e-13));
        Throws<ValueError>(() => tf.nn.log_softmax(tf.constant(1f)), "rank >= 1");
        Throws<TypeError>(() => tf.nn.log_softmax(new[] { 1, 2 }), "int32");
    }

    [Test]
    public void LogSoftmaxGradientIsTfsRule()
    {
        // TF's _LogSoftmaxGrad: grad - sum(grad) * softmax; for grad = 1: 1 - n * softmax.
        var x = D(new[,] { { 1.0, 2.0, 3.0 } });
        var g = tf.gradients(tf.nn.log_softmax(x), new[] { x })[0]!;
        var e = new[] { Math.Exp(1), Math.Exp(2), Math.Exp(3) };
        Assert.That(Run<double>(g), Is.EqualTo(e.Select(v => 1 - 3 * v / e.Sum()).ToArray()).Within(1e-15));
    }

    // --- selu (relu_op_test.py, TF 1.4+) ---

    [Test]
    public void SeluMatchesTfsKernelTest()
    {
        const double scale = 1.0507009873554804934193349852946, scaleAlpha = 1.7580993408473768599402175208123;
        var x = new[] { -9.0, 7, -5, 3, -1, 1, -3, 5, -7, 9 };
        var expected = x.Select(v => v < 0 ? scaleAlpha * (Math.Exp(v) - 1) : scale * v).ToArray();
        var y = tf.nn.selu(x.Select(v => (float)v).ToArray());
        Assert.That(y.op.type, Is.EqualTo("Selu"));
        Close(Run<float>(y), expected, ulps: 3);
        Assert.That(Run<double>(tf.nn.selu(D(x))), Is.EqualTo(expected).Within(1e-15));
        // The gradient reads the output: scale where it is >= 0, (output + scale * alpha) below.
        var t = D(new[] { -1.0, 2.0 });
        var g = tf.gradients(tf.nn.selu(t), new[] { t })[0]!;
        Assert.That(g.op.type, Is.EqualTo("SeluGrad"));
        Assert.That(Run<double>(g), Is.EqualTo(new[] { scaleAlpha * Math.Exp(-1), scale }).Within(1e-15));
        Throws<TypeError>(() => tf.nn.selu(new[] { 1, 2 }), "tf.nn.selu", "int32");
    }

    // --- l2_normalize (nn_test.py's L2NormalizeTest) ---

    [TestCase(0)]
    [TestCase(1)]
    public void L2NormalizeIsXTimesRsqrtOfTheSquareSum(int dim)
    {
        var rnd = new System.Random(dim);
        var x = new double[4, 3];
        for (int i = 0; i < 12; i++) x[i / 3, i % 3] = rnd.NextDouble() * 2 - 1;
        var expected = new double[12];
        for (int i = 0; i < 12; i++)
        {
            int r = i / 3, c = i % 3;
            double ss = dim == 0 ? Enumerable.Range(0, 4).Sum(k => x[k, c] * x[k, c]) : Enumerable.Range(0, 3).Sum(k => x[r, k] * x[r, k]);
            expected[i] = x[r, c] / Math.Sqrt(Math.Max(ss, 1e-12));
        }
        Assert.That(Run<double>(tf.nn.l2_normalize(D(x), dim)), Is.EqualTo(expected).Within(1e-15));
        var f = new float[4, 3];
        for (int i = 0; i < 12; i++) f[i / 3, i % 3] = (float)x[i / 3, i % 3];
        Close(Run<float>(tf.nn.l2_normalize(f, dim)), expected, ulps: 4);
    }

    [Test]
    public void L2NormalizeOfZerosIsZerosAndAllAxesByDefault()
    {
        Assert.That(Run<float>(tf.nn.l2_normalize(new[] { 0f, 0f }, 0)), Is.EqualTo(new[] { 0f, 0f }));
        Assert.That(Run<double>(tf.nn.l2_normalize(D(new[,] { { 3.0 }, { 4.0 } }))), Is.EqualTo(new[] { 0.6, 0.8 }).Within(2e-16));
        // epsilon bounds the norm from below: rsqrt(max(1e-4, 1)) for a tiny vector.
        Assert.That(Run<double>(tf.nn.l2_normalize(D(new[] { 1e-3, 0 }), 0, epsilon: 1)), Is.EqualTo(new[] { 1e-3, 0 }));
        Throws<TypeError>(() => tf.nn.l2_normalize(new[] { 1, 2 }, 0), "tf.nn.l2_normalize", "int32");
    }

    // --- moments (nn_test.py's MomentsTest; TF 1.0's arithmetic) ---

    [Test]
    public void MomentsAreTheMeanAndVarianceOverTheAxes()
    {
        var rnd = new System.Random(5);
        var x = new double[2, 3, 4];
        for (int i = 0; i < 24; i++) x[i / 12, i / 4 % 3, i % 4] = rnd.NextDouble() * 10 - 3;
        var (mean, variance) = tf.nn.moments(D(x), new[] { 0, 2 });
        Assert.That(mean.shape.dims, Is.EqualTo(new long[] { 3 }));
        Assert.That(variance.shape.dims, Is.EqualTo(new long[] { 3 }));
        var m = new double[3];
        var v = new double[3];
        for (int j = 0; j < 3; j++)
        {
            var vals = Enumerable.Range(0, 8).Select(k => x[k / 4, j, k % 4]).ToArray();
            m[j] = vals.Average();
            v[j] = vals.Average(a => (a - m[j]) * (a - m[j]));
        }
        Assert.That(Run<double>(mean), Is.EqualTo(m).Within(1e-13));
        Assert.That(Run<double>(variance), Is.EqualTo(v).Within(1e-13));
        var (km, kv) = tf.nn.moments(D(x), new[] { 0, 2 }, keep_dims: true);
        Assert.That(km.shape.dims, Is.EqualTo(new long[] { 1, 3, 1 }));
        Assert.That(Run<double>(kv), Is.EqualTo(v).Within(1e-13));
    }

    [Test]
    public void MomentsFollowTf10sShiftedSumsInFloat32()
    {
        var xs = new[,] { { 1.1f, 2.7f, 3.3f }, { 4.9f, 5.2f, 6.6f } };
        var (mean, variance) = tf.nn.moments(xs, new[] { 1 });
        Assert.That(mean.name, Is.EqualTo("moments/mean:0"));
        // TF 1.0: shift = mean(x); m = sum(x - shift); v = sum((x - shift)^2); mean = m / n + shift; var = v / n - (m / n)^2.
        var x = tf.constant(xs);
        var shift = tf.reduce_mean(x, 1, keepdims: true);
        var divisor = tf.reciprocal(tf.constant(3f));
        var sm = tf.multiply(tf.reduce_sum(tf.subtract(x, shift), 1), divisor);
        var expectedMean = tf.add(sm, tf.squeeze(shift, 1));
        var expectedVar = tf.subtract(tf.multiply(tf.reduce_sum(tf.squared_difference(x, shift), 1), divisor), tf.square(sm));
        Assert.That(Run<float>(mean), Is.EqualTo(Run<float>(expectedMean)));
        Assert.That(Run<float>(variance), Is.EqualTo(Run<float>(expectedVar)));
        Close(Run<float>(variance), [Var(1.1, 2.7, 3.3), Var(4.9, 5.2, 6.6)], ulps: 8);
    }

    private static double Var(params double[] a) => a.Average(v => (v - a.Average()) * (v - a.Average()));

    [Test]
    public void MomentsWithUnknownDimensionsCountAtRunTimeAndTheirGradientFlowsThroughTheSums()
    {
        var x = tf.placeholder(tf.float64, new Shape(-1, 2));
        var (mean, variance) = tf.nn.moments(x, new[] { 0 });
        using var sess = tf.Session();
        var feed = new FeedItem(x, np.array(new[,] { { 1.0, 2.0 }, { 3.0, 6.0 }, { 5.0, 10.0 } }));
        Assert.That(sess.run(mean, feed).ToArray<double>(), Is.EqualTo(new[] { 3.0, 6.0 }).Within(1e-15));
        Assert.That(sess.run(variance, feed).ToArray<double>(), Is.EqualTo(new[] { 8.0 / 3, 32.0 / 3 }).Within(1e-14));
        // d variance / d x = 2 (x - mean) / n (the shift's stop_gradient takes nothing away).
        var g = tf.gradients(tf.reduce_sum(variance), new[] { x })[0]!;
        Assert.That(sess.run(g, feed).ToArray<double>(), Is.EqualTo(new[] { -4.0 / 3, -8.0 / 3, 0, 0, 4.0 / 3, 8.0 / 3 }).Within(1e-14));
        Throws<TypeError>(() => tf.nn.moments(new[] { 1, 2 }, new[] { 0 }), "tf.nn.moments", "int32");
        Throws<ValueError>(() => tf.nn.moments(D(new[] { 1.0, 2.0 }), new[] { 1 }), "tf.nn.moments");
    }
}
