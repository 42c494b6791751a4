using Bridge.Backend;
using Bridge.Kernels;
using static Bridge.Binding;

namespace Bridge.Tests.Engine;

/// <summary>
/// The managed kernels (small tensors) and the libtorch kernels (large ones) must compute the same values: each
/// case runs with every op forced onto one side, then the other, and compares.
/// </summary>
public class BackendAgreementTests : GraphFixture
{
    private static NDArray[] RunOn(bool managed, Func<Tensor[]> build, params FeedItem[] feeds)
    {
        PlacementRule.Placement = managed ? Placement.Managed : Placement.Torch;
        try
        {
            tf.reset_default_graph();
            tf.set_random_seed(777);
            var fetches = build();
            using var sess = tf.Session();
            sess.run(tf.global_variables_initializer());
            return fetches.Select(f => sess.run(f)).ToArray();
        }
        finally { PlacementRule.Placement = Placement.BySize; }
    }

    /// <summary>An array of the given shape whose element k is value(k), drawn in order.</summary>
    private static NDArray RandomFloats(int[] dims, Func<int, float> value) =>
        np.array(Enumerable.Range(0, dims.Aggregate(1, (p, q) => p * q)).Select(value).ToArray()).reshape(dims);

    private static void Agree(Func<Tensor[]> build, bool bitExact = true)
    {
        var managed = RunOn(true, build);
        var torch = RunOn(false, build);
        for (int i = 0; i < managed.Length; i++)
        {
            Assert.That(torch[i].dtype, Is.EqualTo(managed[i].dtype), $"fetch {i} dtype");
            Assert.That(torch[i].shape.dims, Is.EqualTo(managed[i].shape.dims), $"fetch {i} shape");
            var a = Enumerable.Range(0, (int)managed[i].size).Select(k => managed[i].GetDouble(k)).ToArray();
            var b = Enumerable.Range(0, (int)torch[i].size).Select(k => torch[i].GetDouble(k)).ToArray();
            if (bitExact) Assert.That(b, Is.EqualTo(a), $"fetch {i} values");
            else Assert.That(b, Is.EqualTo(a).Within(1e-6), $"fetch {i} values");
        }
    }

    [Test]
    public void ArrayAndReductionOps() => Agree(() =>
    {
        var x = tf.constant(new[,] { { 1.5, -2.0, 3.25 }, { 4.0, 0.5, -6.0 } });
        var i = tf.constant(new[,] { { 0, 1, 2 }, { 2, 1, 0 } });
        return
        [
            tf.reduce_sum(x, axis: 0), tf.reduce_mean(x), tf.reduce_max(x, axis: 1, keepdims: true), tf.reduce_min(x),
            tf.reduce_prod(x, axis: 1), tf.reduce_mean(i, axis: 1), tf.reduce_sum(i), tf.argmax(x, axis: 1), tf.argmin(x),
            tf.transpose(x), tf.reshape(x, new[] { 3, -1 }), tf.expand_dims(x, 1), tf.squeeze(tf.expand_dims(x, 0)),
            tf.one_hot(i, depth: 3, axis: 1), tf.stack(new[] { x, x }, axis: 2), tf.concat(new object[] { x, x }, axis: 1),
            tf.unstack(x, axis: 1)[2], tf.ones_like(i), tf.zeros(new[] { 2, 2 }), tf.shape(x), tf.rank(x), tf.size(x),
            tf.cast(x, tf.int32), tf.cast(i > 1, tf.float32), tf.equal(i, 1), tf.shape(x)[0],
        ];
    });

    [Test]
    public void MathOps() => Agree(() =>
    {
        var x = tf.constant(new[,] { { 0.25, 2.0, 3.5 }, { 1.0, 0.75, 6.0 } });
        var row = tf.constant(new[] { 1.0, -2.0, 0.5 });
        var w = tf.constant(new[,] { { 1.0 }, { -0.5 }, { 2.0 } });
        return
        [
            x + row, x - row, x * row, x / row, -x, tf.square(x), tf.sqrt(x), tf.exp(x), tf.log(x), tf.abs(row),
            tf.sigmoid(x), tf.nn.softmax(x), tf.nn.softmax(x, axis: 0), tf.matmul(x, w), tf.matmul(x, x, transpose_b: true),
            tf.matmul(x, x, transpose_a: true), tf.constant(new[] { 7, 2 }) / tf.constant(new[] { 2, 2 }),
        ];
    });

    [Test]
    public void BroadcastPatternsOfTheVectorizedArithmetic() => Agree(() =>
    {
        // Each pattern the managed float32 fast paths recognise (same shape, scalar, bias row, per-row column, a
        // row over a 3-D array), with the small operand on either side, and shapes that fall back to the general
        // broadcast; widths 11 and 3 exercise whole vectors and scalar tails. libtorch's IEEE ops must agree bit for bit.
        var rnd = new System.Random(5);
        NDArray Values(params int[] dims) => RandomFloats(dims, k => (float)(rnd.NextDouble() * 4 - 2) + (k % 7 == 0 ? 1e-3f : 0f));
        var m = tf.constant(Values(9, 11));
        var same = tf.constant(Values(9, 11));
        var row = tf.constant(Values(11));
        var row2 = tf.constant(Values(1, 11));
        var column = tf.constant(Values(9, 1));
        var scalar = tf.constant(Values(1));
        var cube = tf.constant(Values(2, 4, 3));
        var plane = tf.constant(Values(4, 3));
        var general = tf.constant(Values(2, 1, 3));
        var results = new List<Tensor>();
        foreach (var (a, b) in new[] { (m, same), (m, row), (m, row2), (m, column), (m, scalar), (cube, plane), (cube, general), (cube, scalar) })
        {
            results.AddRange([a + b, a - b, a * b, a / b, b + a, b - a, b * a, b / a]);
        }
        results.Add(-m);
        return results.ToArray();
    });

    [Test]
    public void ZeroSizedDimensionsBroadcastToZero() => Agree(() =>
    {
        // numpy: a dimension of 1 against one of 0 gives 0 ([4, 1] + [0] is [4, 0]), on both sides.
        var column = tf.constant(np.zeros(new long[] { 4, 1 }, tf.float32));
        var empty = tf.constant(np.zeros(new long[] { 0 }, tf.float32));
        var cube = tf.constant(np.zeros(new long[] { 2, 1, 3 }, tf.float32));
        var plane = tf.constant(np.zeros(new long[] { 0, 3 }, tf.float32));
        var sum = column + empty;
        Assert.That(sum.shape.dims, Is.EqualTo(new long[] { 4, 0 }));
        return [sum, cube - plane, empty * column];
    });

    [Test]
    public void SoftmaxOverRowsOfEveryWidth() => Agree(() =>
    {
        // The managed row-by-row softmax against libtorch's composition (max, subtract, TF's exp, TF's sum, multiply
        // by the reciprocal): widths below, at and past a packet of four, large and -inf logits, rank 3.
        var rnd = new System.Random(11);
        Tensor Logits(params int[] dims)
        {
            int last = dims.Aggregate(1, (p, q) => p * q) - 1;
            return tf.constant(RandomFloats(dims, k => k == 0 ? float.NegativeInfinity : k == last ? 80f : (float)(rnd.NextDouble() * 40 - 20)));
        }
        return [tf.nn.softmax(Logits(37, 10)), tf.nn.softmax(Logits(5, 1)), tf.nn.softmax(Logits(3, 4)), tf.nn.softmax(Logits(1, 13)), tf.nn.softmax(Logits(2, 5, 7))];
    });

    [Test]
    public void CostAndGradients() => Agree(() =>
    {
        var X = tf.constant(new[,] { { 1.0, 2.0 }, { 3.0, 4.0 }, { 5.0, 6.0 } });
        var Y = tf.constant(new[,] { { 1.0 }, { 0.0 }, { 1.0 } });
        var W = tf.Variable(tf.random_normal(new[] { 2, 1 }));
        var b = tf.Variable(tf.random_normal(new[] { 1 }));
        var h = tf.sigmoid(tf.matmul(X, W) + b);
        var cost = -tf.reduce_mean(Y * tf.log(h) + (1 - Y) * tf.log(1 - h));
        var g = tf.gradients(cost, new object[] { W, b });
        return [cost, g[0]!, g[1]!];
    });

    [Test]
    public void UpdatesAgreeOverSteps()
    {
        NDArray Train(bool managed, bool adam)
        {
            PlacementRule.Placement = managed ? Placement.Managed : Placement.Torch;
            try
            {
                tf.reset_default_graph();
                tf.set_random_seed(777);
                var X = tf.constant(new[,] { { 0.0, 0.0 }, { 0.0, 1.0 }, { 1.0, 0.0 }, { 1.0, 1.0 } });
                var Y = tf.constant(new[,] { { 0.0 }, { 1.0 }, { 1.0 }, { 0.0 } });
                var W = tf.Variable(tf.random_normal(new[] { 2, 1 }));
                var h = tf.sigmoid(tf.matmul(X, W));
                var cost = tf.reduce_mean(tf.square(h - Y));
                var train = adam ? tf.train.AdamOptimizer(0.1f).minimize(cost) : tf.train.GradientDescentOptimizer(0.5f).minimize(cost);
                using var sess = tf.Session();
                sess.run(tf.global_variables_initializer());
                for (int i = 0; i < 20; i++) sess.run(train);
                return sess.run(W);
            }
            finally { PlacementRule.Placement = Placement.BySize; }
        }
        Assert.That(Train(false, adam: false).ToArray<float>(), Is.EqualTo(Train(true, adam: false).ToArray<float>()), "gradient descent: bit for bit");
        // ApplyAdam runs one implementation on both sides (the managed pass, over the tensors' memory on libtorch's
        // side; libtorch's eight element-wise calls differed by an ulp now and then): the same bits.
        Assert.That(Train(false, adam: true).ToArray<float>(), Is.EqualTo(Train(true, adam: true).ToArray<float>()), "Adam: bit for bit");
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(1003)]
    [TestCase(512 * 512)]
    public void VectorizedAdamGivesTheScalarLoopsBits(int n)
    {
        var rnd = new System.Random(n);
        float[] Values(float scale, bool positive) =>
            Enumerable.Range(0, n).Select(_ => (float)((positive ? rnd.NextDouble() : rnd.NextDouble() * 2 - 1) * scale)).ToArray();
        NDArray S(float f) => new(new[] { f }, Array.Empty<long>());
        var x = new[]
        {
            new NDArray(Values(0.1f, false), [n]), new NDArray(Values(1e-3f, false), [n]), new NDArray(Values(1e-6f, true), [n]),
            S(0.9f * 0.9f * 0.9f), S(0.999f * 0.999f * 0.999f), S(0.001f), S(0.9f), S(0.999f), S(1e-8f), new NDArray(Values(0.05f, false), [n]),
        };
        var fast = ManagedKernels.ApplyAdam(x);
        var scalar = TrainKernels.Adam<float>(x);
        for (int k = 0; k < 3; k++)
            Assert.That(fast[k].ToArray<float>(), Is.EqualTo(scalar[k].ToArray<float>()), $"output {k} (var, m, v)");
    }

    /// <summary>1003 values in [-1, 1) with NaN, -0.0 and +0.0 among them (1003: the vector loop and its scalar tail).</summary>
    private static float[] ReluInputs(int seed)
    {
        var rnd = new System.Random(seed);
        var x = Enumerable.Range(0, 1003).Select(_ => (float)(rnd.NextDouble() * 2 - 1)).ToArray();
        foreach (var k in new[] { 3, 500, 1001 }) x[k] = float.NaN;
        foreach (var k in new[] { 4, 9, 1002 }) x[k] = -0f;
        foreach (var k in new[] { 5, 10, 999 }) x[k] = 0f;
        return x;
    }

    private static int[] Bits(IEnumerable<float> values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    [Test]
    public void ReluPassesGiveTheScalarDefinitionsBits()
    {
        float[] x = ReluInputs(1), g = ReluInputs(2);
        var relu = new float[x.Length];
        var grad = new float[x.Length];
        ManagedKernels.ReluPass(x, relu);
        ManagedKernels.ReluGradPass(g, x, grad);
        // TF's relu_op_functor.h: features.cwiseMax(0) (std::max: NaN and -0.0 pass); gradients * (features > 0).
        Assert.That(Bits(relu), Is.EqualTo(Bits(x.Select(v => v < 0 ? 0f : v))));
        Assert.That(Bits(grad), Is.EqualTo(Bits(g.Select((v, k) => v * (x[k] > 0 ? 1f : 0f)))));
        Assert.That(float.IsNaN(relu[3]) && BitConverter.SingleToInt32Bits(relu[4]) == BitConverter.SingleToInt32Bits(-0f), "NaN and -0.0 pass through");
        Assert.Throws<InvalidArgumentError>(() => ManagedKernels.ReluGradPass(g, x.AsSpan(1), grad));
    }

    [Test]
    public void ReluAndReluGradAgreeBitForBitOnBothSides()
    {
        float[] x = ReluInputs(3), g = ReluInputs(4);
        int[][] Run(bool managed) => RunOn(managed, () =>
        {
            var tx = tf.constant(np.array(x));
            var y = tf.nn.relu(tx);
            // d/dx sum(relu(x) * g) = ReluGrad(g, relu(x))
            return [y, tf.gradients(tf.reduce_sum(y * tf.constant(np.array(g))), tx)[0]!];
        }).Select(r => Bits(r.ToArray<float>())).ToArray();
        var managed = Run(true);
        var torch = Run(false);
        Assert.That(torch[0], Is.EqualTo(managed[0]), "Relu");
        Assert.That(torch[1], Is.EqualTo(managed[1]), "ReluGrad");
    }
}
