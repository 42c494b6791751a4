using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>
/// tf.nn's activations, bias_add and softmax cross entropy: values from TF's kernel tests (relu_op_test.py,
/// softplus_op_test.py, xent_op_test.py, bias_op_test.py) and TF 1.x's kernels, gradients as nn_grad.py's rules, bad
/// inputs. The op walk (OpRegistryTests) checks their dtypes, both backends and numeric gradients.
/// </summary>
public class NNOpsTests : GraphFixture
{
    private static T[] Run<T>(Tensor t) where T : unmanaged
    {
        using var sess = tf.Session();
        return sess.run(t).ToArray<T>();
    }

    private static float[] Grad(Func<Tensor, Tensor> f, float[] x, float[]? dy = null)
    {
        var t = tf.constant(x);
        var y = f(t);
        var g = tf.gradients(dy is null ? tf.reduce_sum(y) : tf.reduce_sum(tf.multiply(y, tf.constant(dy))), t)[0]!;
        return Run<float>(g);
    }

    private static void Throws<T>(Action body, params string[] fragments) where T : BridgeException
    {
        var e = Assert.Throws<T>(body)!;
        foreach (var f in fragments) Assert.That(e.Message, Does.Contain(f));
        Assert.That(e.Message, Does.Contain("help:"), "the message says what to do");
    }

    // relu_op_test.py's testNpRelu and testNumbers (integers too: TF_CALL_REAL_NUMBER_TYPES).
    [Test]
    public void ReluMatchesTfsKernelTest()
    {
        var x = new[,] { { -0.9f, 0.7f, -0.5f, 0.3f, -0.01f }, { 0.1f, -0.3f, 0.5f, -0.7f, 0.9f } };
        var y = tf.nn.relu(x);
        Assert.That(y.op.type, Is.EqualTo("Relu"));
        Assert.That(y.shape.dims, Is.EqualTo(new long[] { 2, 5 }));
        Assert.That(Run<float>(y), Is.EqualTo(new[] { 0f, 0.7f, 0f, 0.3f, 0f, 0.1f, 0f, 0.5f, 0f, 0.9f }));
        Assert.That(Run<int>(tf.nn.relu(new[] { -9, 7, -5, 3, -1 })), Is.EqualTo(new[] { 0, 7, 0, 3, 0 }));
        Assert.That(Run<long>(tf.nn.relu(np.array(new long[] { -9, 7 }))), Is.EqualTo(new long[] { 0, 7 }));
    }

    [Test]
    public void ReluGradientIsTheGradientWhereTheOutputIsPositive()
    {
        // TF's _ReluGrad: relu_grad(grad, op.outputs[0]): zero where the output is 0, so also at x == 0.
        var g = Grad(x => tf.nn.relu(x), [-1f, 2f, 0f, 0.5f], dy: [3f, 4f, 5f, -6f]);
        Assert.That(g, Is.EqualTo(new[] { 0f, 4f, 0f, -6f }));
        var x = tf.constant(new[] { 1f });
        var dx = tf.gradients(tf.nn.relu(x), x)[0]!;
        Assert.That(dx.op.type, Is.EqualTo("ReluGrad"));
        Assert.That(dx.op.Inputs[1].op.type, Is.EqualTo("Relu"), "it reads the Relu's output");
    }

    // relu_op_test.py's testNpRelu6.
    [Test]
    public void Relu6ClampsToZeroAndSix()
    {
        var x = new[,] { { -0.9f, 0.7f, -0.5f, 0.3f, 6.0f }, { 0.1f, -0.3f, 0.5f, -0.7f, 0.9f } };
        Assert.That(Run<float>(tf.nn.relu6(x)), Is.EqualTo(new[] { 0f, 0.7f, 0f, 0.3f, 6f, 0.1f, 0f, 0.5f, 0f, 0.9f }));
        Assert.That(Run<int>(tf.nn.relu6(new[] { -9, 7, 5, 6 })), Is.EqualTo(new[] { 0, 6, 5, 6 }));
        // Relu6Grad: the gradient where 0 < x < 6, zero at both ends.
        Assert.That(Grad(x => tf.nn.relu6(x), [-1f, 3f, 7f, 6f, 0f]), Is.EqualTo(new[] { 0f, 1f, 0f, 0f, 0f }));
    }

    // relu_op_test.py's _npElu: x < 0 ? exp(x) - 1 : x.
    [Test]
    public void EluUsesTfsFloat32Exp()
    {
        float[] x = [-9f, 7f, -5f, 3f, -1f, 1f, -3f, 5f, -7f, 9f];
        var y = Run<float>(tf.nn.elu(x));
        for (int i = 0; i < x.Length; i++)
        {
            double expected = x[i] < 0 ? Math.Exp(x[i]) - 1 : x[i];
            Assert.That(y[i], Is.EqualTo(expected).Within(Math.Abs(expected) * 2e-7 + 1e-9), $"elu({x[i]})");
        }
        // The packet exp of TF's Eigen for the first eight values, the scalar exp for the last two: as TfFloatMath.
        var e = (float[])x.Clone();
        Bridge.Kernels.TfFloatMath.Exp(e);
        Assert.That(y, Is.EqualTo(x.Select((v, i) => v < 0 ? e[i] - 1f : v).ToArray()));
        Assert.That(Run<double>(tf.nn.elu(np.array(new[] { -1.0, 2.0 }))), Is.EqualTo(new[] { Math.Exp(-1) - 1, 2.0 }));
        Throws<TypeError>(() => tf.nn.elu(new[] { -1, 2 }), "tf.nn.elu", "int32", "Elu");
    }

    [Test]
    public void EluGradientReadsTheOutput()
    {
        // EluGrad: dy * (y + 1) where y < 0, else dy.
        var g = Grad(x => tf.nn.elu(x), [-1f, 2f, -0.5f], dy: [2f, 3f, 1f]);
        float y1 = Run<float>(tf.nn.elu(new[] { -1f }))[0], y3 = Run<float>(tf.nn.elu(new[] { -0.5f }))[0];
        Assert.That(g, Is.EqualTo(new[] { (y1 + 1f) * 2f, 3f, (y3 + 1f) * 1f }));
        Assert.That(g[0], Is.EqualTo(2 * Math.Exp(-1)).Within(1e-6));
    }

    // softplus_op_test.py compares with np.logaddexp(0, x); TF's thresholds return x itself above 13.94 and
    // exp(x) below -13.94.
    [Test]
    public void SoftplusMatchesLogAddExpAndUsesTfsThresholds()
    {
        float[] x = [-9f, 7f, -5f, 3f, -1f, 1f, -3f, 5f, -7f, 9f];
        var y = Run<float>(tf.nn.softplus(x));
        for (int i = 0; i < x.Length; i++)
        {
            // Within TF's test tolerance (atol 1e-6 for float32): log(exp(x) + 1) rounds exp(x) + 1 to float32 first.
            double expected = Math.Log(1 + Math.Exp(x[i]));
            Assert.That(y[i], Is.EqualTo(expected).Within(1e-6 + expected * 1e-6), $"softplus({x[i]})");
        }
        // Bit for bit: TF's float32 exp, + 1, then TF's float32 log (all ten between the thresholds).
        var e = (float[])x.Clone();
        Bridge.Kernels.TfFloatMath.Exp(e);
        var l = e.Select(v => v + 1f).ToArray();
        Bridge.Kernels.TfFloatMath.Log(l);
        Assert.That(y, Is.EqualTo(l));
        var big = Run<float>(tf.nn.softplus(new[] { 14f, 100f, 13.9f, -20f }));
        Assert.That(big[0], Is.EqualTo(14f), "above -threshold: x itself");
        Assert.That(big[1], Is.EqualTo(100f), "no overflow");
        Assert.That(big[2], Is.EqualTo(Math.Log(1 + Math.Exp(13.9))).Within(2e-6));
        Assert.That(big[3], Is.EqualTo(Math.Exp(-20)).Within(Math.Exp(-20) * 1e-6), "below threshold: exp(x)");
        Assert.That(Run<double>(tf.nn.softplus(np.array(new[] { 0.0, 40.0 }))), Is.EqualTo(new[] { Math.Log(2), 40.0 }));
        Throws<TypeError>(() => tf.nn.softplus(new[] { 1, 2 }), "tf.nn.softplus", "int32");
    }

    [Test]
    public void SoftplusGradientIsTheSigmoid()
    {
        // TF 1.0's SoftplusGrad: dy / (exp(-x) + 1).
        var g = Grad(x => tf.nn.softplus(x), [-2f, 0f, 3f]);
        Assert.That(g[1], Is.EqualTo(0.5f));
        for (int i = 0; i < 3; i++)
            Assert.That(g[i], Is.EqualTo(1 / (1 + Math.Exp(-new[] { -2.0, 0.0, 3.0 }[i]))).Within(1e-7));
    }

    [Test]
    public void SoftsignAndItsGradient()
    {
        // softsign_op_test.py's _npSoftsign: x / (1 + |x|); SoftsignGrad: dy / (1 + |x|)^2.
        Assert.That(Run<float>(tf.nn.softsign(new[] { -9f, 3f, 0f, 1f })), Is.EqualTo(new[] { -0.9f, 0.75f, 0f, 0.5f }));
        Assert.That(Grad(x => tf.nn.softsign(x), [-3f, 1f, 0f]), Is.EqualTo(new[] { 1f / 16f, 0.25f, 1f }));
        Throws<TypeError>(() => tf.nn.softsign(new[] { 1, 2 }), "tf.nn.softsign", "int32");
    }

    [Test]
    public void LeakyReluWithTfsFloatAttribute()
    {
        // TF's LeakyRelu: x > 0 ? x : x * alpha, alpha 0.2 by default, a float32 attribute (so float64's alpha is 0.2f).
        Assert.That(Run<float>(tf.nn.leaky_relu(new[] { -1f, 0f, 2f, -10f })), Is.EqualTo(new[] { -0.2f, 0f, 2f, -2f }));
        Assert.That(Run<float>(tf.nn.leaky_relu(new[] { -1f, 3f }, alpha: 0.5)), Is.EqualTo(new[] { -0.5f, 3f }));
        Assert.That(Run<double>(tf.nn.leaky_relu(np.array(new[] { -1.0, 1.0 }))), Is.EqualTo(new[] { -(double)0.2f, 1.0 }));
        // alpha > 1: the select, not TF 1.4's maximum(alpha * x, x).
        Assert.That(Run<float>(tf.nn.leaky_relu(new[] { -1f, 2f }, alpha: 2)), Is.EqualTo(new[] { -2f, 2f }));
        // Integers are cast to float32 first, as TF 1.x's Python function does.
        var i = tf.nn.leaky_relu(new[] { -5, 5 });
        Assert.That(i.dtype, Is.EqualTo(TF_DataType.TF_FLOAT));
        Assert.That(Run<float>(i), Is.EqualTo(new[] { -1f, 5f }));
        // LeakyReluGrad: dy where x > 0, else dy * alpha.
        Assert.That(Grad(x => tf.nn.leaky_relu(x, alpha: 0.25), [-1f, 2f, 0f]), Is.EqualTo(new[] { 0.25f, 1f, 0.25f }));
    }

    [Test]
    public void ActivationsKeepPartialShapes()
    {
        var x = tf.placeholder(tf.float32, new Shape(-1, 3));
        foreach (var y in new[] { tf.nn.relu(x), tf.nn.relu6(x), tf.nn.elu(x), tf.nn.softplus(x), tf.nn.softsign(x), tf.nn.leaky_relu(x) })
            Assert.That(y.shape.ToString(), Is.EqualTo("(?, 3)"), y.op.type);
    }

    // xent_op_test.py's testNpXent: two rows, a uniform one with a hard label and 1, 2, 3, 4 with soft labels.
    private static readonly float[,] Logits = { { 1f, 1f, 1f, 1f }, { 1f, 2f, 3f, 4f } };
    private static readonly float[,] Labels = { { 0f, 0f, 0f, 1f }, { 0f, 0.5f, 0.5f, 0f } };

    private static (double[] loss, double[] backprop) Reference(float[,] logits, float[,] labels)
    {
        int rows = logits.GetLength(0), cols = logits.GetLength(1);
        var loss = new double[rows];
        var back = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            double max = Enumerable.Range(0, cols).Max(c => (double)logits[r, c]);
            double sum = Enumerable.Range(0, cols).Sum(c => Math.Exp(logits[r, c] - max));
            for (int c = 0; c < cols; c++)
            {
                loss[r] += labels[r, c] * (Math.Log(sum) - (logits[r, c] - max));
                back[r * cols + c] = Math.Exp(logits[r, c] - max) / sum - labels[r, c];
            }
        }
        return (loss, back);
    }

    [Test]
    public void SoftmaxCrossEntropyMatchesTfsKernelTest()
    {
        var loss = tf.nn.softmax_cross_entropy_with_logits(labels: Labels, logits: Logits);
        Assert.That(loss.op.type, Is.EqualTo("SoftmaxCrossEntropyWithLogits"));
        Assert.That(loss.shape.dims, Is.EqualTo(new long[] { 2 }));
        var l = Run<float>(loss);
        Assert.That(l[0], Is.EqualTo(1.3862944f).Within(1e-6f)); // -log(0.25)
        Assert.That(l[1], Is.EqualTo(1.9401897f).Within(1e-6f)); // 0.5 * (-log(0.087) - log(0.237))
        var (refLoss, refBack) = Reference(Logits, Labels);
        Assert.That(l.Select(v => (double)v), Is.EqualTo(refLoss).Within(2e-7));
        // The backprop output is the gradient: softmax - labels (xent_op_test.py: [[0.25, 0.25, 0.25, -0.75], ...]).
        var x = tf.constant(Logits);
        var dx = tf.gradients(tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels: Labels, logits: x)), x)[0]!;
        var g = Run<float>(dx);
        Assert.That(g[..4], Is.EqualTo(new[] { 0.25f, 0.25f, 0.25f, -0.75f }));
        Assert.That(g.Select(v => (double)v), Is.EqualTo(refBack).Within(1e-7));
    }

    [Test]
    public void SoftmaxCrossEntropyFollowsTfsFloat32Order()
    {
        // Rows of 6 classes: the exp of each row's sum in one packet of four and two scalars (Eigen's inner reduction),
        // the backprop's exp in packets over the whole tensor; both close to the exact value.
        var rnd = new System.Random(5);
        var logits = new float[3, 6];
        var labels = new float[3, 6];
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 6; c++) logits[r, c] = (float)(rnd.NextDouble() * 8 - 4);
            labels[r, rnd.Next(6)] = 1f;
        }
        var loss = Run<float>(tf.nn.softmax_cross_entropy_with_logits(labels: labels, logits: logits));
        var (refLoss, _) = Reference(logits, labels);
        for (int r = 0; r < 3; r++) Assert.That(loss[r], Is.EqualTo(refLoss[r]).Within(refLoss[r] * 1e-6 + 1e-7));
        Assert.That(Run<double>(tf.nn.softmax_cross_entropy_with_logits(labels: np.array(new[,] { { 0.0, 1.0 } }), logits: np.array(new[,] { { 0.0, 0.0 } }))),
            Is.EqualTo(new[] { Math.Log(2) }).Within(1e-15));
    }

    [Test]
    public void V1StopsTheLabelsGradientAndV2DifferentiatesThem()
    {
        var x = tf.constant(Logits);
        var z = tf.constant(Labels);
        var v1 = tf.gradients(tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels: z, logits: x)), new[] { x, z });
        Assert.That(v1[1], Is.Null, "TF 1.x's v1 passes no gradient to the labels");
        var v2 = tf.gradients(tf.reduce_sum(tf.multiply(tf.nn.softmax_cross_entropy_with_logits_v2(labels: z, logits: x), tf.constant(new[] { 2f, 3f }))), new[] { x, z });
        // d loss / d labels = grad_loss * -log_softmax(logits) = grad_loss * (log(sum exp) - shifted).
        var dz = Run<float>(v2[1]!);
        Assert.That(dz[..4].Select(v => (double)v), Is.EqualTo(Enumerable.Repeat(2 * Math.Log(4), 4)).Within(1e-6));
        double lse = Math.Log(Enumerable.Range(0, 4).Sum(c => Math.Exp(c - 3.0)));
        Assert.That(dz[4..].Select(v => (double)v), Is.EqualTo(Enumerable.Range(0, 4).Select(c => 3 * (lse - (c - 3.0)))).Within(1e-5));
        var dx = Run<float>(v2[0]!);
        Assert.That(dx[..4], Is.EqualTo(new[] { 0.5f, 0.5f, 0.5f, -1.5f }));
    }

    [Test]
    public void SoftmaxCrossEntropyCastsLabelsAndCountsTfsOpIds()
    {
        // Integer labels are cast to the logits' dtype (TF's math_ops.cast).
        var loss = tf.nn.softmax_cross_entropy_with_logits(labels: new[,] { { 0, 1 } }, logits: new[,] { { 0f, 0f } });
        Assert.That(Run<float>(loss)[0], Is.EqualTo(0.6931472f).Within(1e-7f));
        // With tensor inputs, TF 1.0's function creates 31 ops (the reshapes around the op), which later op seeds count.
        tf.reset_default_graph();
        var x = tf.placeholder(tf.float32, new Shape(-1, 3));
        var z = tf.placeholder(tf.float32, new Shape(-1, 3));
        long before = Graph.Default.LastId;
        var l = tf.nn.softmax_cross_entropy_with_logits(labels: z, logits: x);
        Assert.That(Graph.Default.LastId - before, Is.EqualTo(31));
        Assert.That(l.shape.ToString(), Is.EqualTo("(?,)"));
    }

    [Test]
    public void SoftmaxCrossEntropyBadInputs()
    {
        Throws<ValueError>(() => tf.nn.softmax_cross_entropy_with_logits(labels: new[] { 0f, 1f }, logits: new[] { 1f, 2f }),
            "tf.nn.softmax_cross_entropy_with_logits", "rank 2", "[2]");
        Throws<ValueError>(() => tf.nn.softmax_cross_entropy_with_logits_v2(labels: new float[1, 2, 3], logits: new float[1, 2, 3]),
            "tf.nn.softmax_cross_entropy_with_logits_v2", "[1, 2, 3]");
        Throws<ValueError>(() => tf.nn.softmax_cross_entropy_with_logits(labels: new float[2, 4], logits: new float[2, 3]),
            "tf.nn.softmax_cross_entropy_with_logits", "same shape", "[2, 3]", "[2, 4]");
        Throws<TypeError>(() => tf.nn.softmax_cross_entropy_with_logits(labels: new[,] { { 0, 1 } }, logits: new[,] { { 1, 2 } }),
            "tf.nn.softmax_cross_entropy_with_logits", "int32", "SoftmaxCrossEntropyWithLogits");
        Throws<ValueError>(() => tf.nn.softmax_cross_entropy_with_logits(labels: Labels, logits: Logits, dim: 0), "dim=-1", "axis 0");
        Throws<ValueError>(() => tf.nn.softmax_cross_entropy_with_logits(labels: Labels, logits: tf.placeholder(tf.float32)), "rank", "unknown");
        Assert.That(Run<float>(tf.nn.softmax_cross_entropy_with_logits(labels: Labels, logits: Logits, dim: 1)), Has.Length.EqualTo(2));

        // Shapes the graph could not check are checked when the run is fed.
        var x = tf.placeholder(tf.float32, new Shape(-1, 4));
        var z = tf.placeholder(tf.float32, new Shape(2, -1));
        var loss = tf.nn.softmax_cross_entropy_with_logits(labels: z, logits: x);
        Assert.That(loss.shape.ToString(), Is.EqualTo("(2,)"));
        using var sess = tf.Session();
        var e = Assert.Throws<InvalidArgumentError>(() => sess.run(loss, new FeedItem(x, np.array(new float[2, 4])), new FeedItem(z, np.array(new float[2, 3]))))!;
        Assert.That(e.Message, Does.Contain("[2, 4]").And.Contain("[2, 3]"));
    }

    // bias_op_test.py's testInputDims/testBias*: value + bias along the last axis.
    [Test]
    public void BiasAddAddsAlongTheLastAxis()
    {
        var y = tf.nn.bias_add(new[,] { { 1f, 2f }, { 3f, 4f } }, new[] { 10f, 20f });
        Assert.That(y.op.type, Is.EqualTo("BiasAdd"));
        Assert.That(Run<float>(y), Is.EqualTo(new[] { 11f, 22f, 13f, 24f }));
        Assert.That(Run<int>(tf.nn.bias_add(new[,,] { { { 1, 2 } }, { { 3, 4 } } }, new[] { -1, 1 })), Is.EqualTo(new[] { 0, 3, 2, 5 }));
        Assert.That(Run<float>(tf.nn.bias_add(new[,] { { 1f, 2f } }, new[] { 1f, 1f }, data_format: "NHWC")), Is.EqualTo(new[] { 2f, 3f }));
    }

    [Test]
    public void BiasAddGradientSumsAllButTheLastAxis()
    {
        var v = tf.constant(new[,,] { { { 1f, 2f, 3f }, { 4f, 5f, 6f } }, { { 7f, 8f, 9f }, { 10f, 11f, 12f } } });
        var b = tf.constant(new[] { 0f, 0f, 0f });
        var w = tf.constant(new[,,] { { { 1f, 2f, 3f }, { 4f, 5f, 6f } }, { { 7f, 8f, 9f }, { 10f, 11f, 12f } } });
        var g = tf.gradients(tf.reduce_sum(tf.multiply(tf.nn.bias_add(v, b), w)), new[] { v, b });
        Assert.That(g[1]!.op.type, Is.EqualTo("BiasAddGrad"));
        Assert.That(g[1]!.shape.dims, Is.EqualTo(new long[] { 3 }));
        Assert.That(Run<float>(g[1]!), Is.EqualTo(new[] { 22f, 26f, 30f }));
        Assert.That(Run<float>(g[0]!), Is.EqualTo(Enumerable.Range(1, 12).Select(i => (float)i).ToArray()));
        // One channel: summed row after row, as Eigen reduces the outer dimension.
        var x = tf.constant(new[,] { { 1f }, { 2f } });
        var one = tf.gradients(tf.reduce_sum(tf.nn.bias_add(x, new[] { 0f })), x);
        Assert.That(Run<float>(one[0]!), Is.EqualTo(new[] { 1f, 1f }));
    }

    [Test]
    public void BiasAddBadInputs()
    {
        Throws<ValueError>(() => tf.nn.bias_add(new[] { 1f, 2f }, new[] { 1f, 2f }), "tf.nn.bias_add", "rank 2 to 5", "[2]");
        Throws<ValueError>(() => tf.nn.bias_add(new float[2, 3], new float[1, 3]), "tf.nn.bias_add", "vector", "[1, 3]");
        Throws<ValueError>(() => tf.nn.bias_add(new float[2, 3], new float[2]), "tf.nn.bias_add", "[2]", "[2, 3]", "2 != 3");
        Throws<TypeError>(() => tf.nn.bias_add(tf.constant(new float[2, 3]), tf.constant(np.array(new double[3]))), "tf.nn.bias_add", "float32", "float64");
        Throws<TypeError>(() => tf.nn.bias_add(new bool[2, 3], new bool[3]), "tf.nn.bias_add", "bool");
        Throws<ValueError>(() => tf.nn.bias_add(new float[2, 3], new float[3], data_format: "NCHW"), "tf.nn.bias_add", "NCHW", "NHWC");
    }
}
