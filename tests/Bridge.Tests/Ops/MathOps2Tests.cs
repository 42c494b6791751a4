using Bridge.Kernels;
using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>
/// tanh, cumsum/cumprod, reduce_logsumexp, tensordot, the diagonal ops (eye, diag, matrix_diag, trace), norms and
/// clipping, and the tf.math / tf.linalg namespaces, checked against TF 1.x's docstrings and kernel tests
/// (scan_ops_test.py, tensordot_op_test.py, norm_op_test.py, clip_ops_test.py). The op walk (OpRegistryTests) covers
/// the new ops' dtypes and numeric gradients; the compositions' gradients are checked here against central differences.
/// </summary>
public class MathOps2Tests : GraphFixture
{
    private static T[] Run<T>(Tensor t) where T : unmanaged
    {
        using var sess = tf.Session();
        return sess.run(t).ToArray<T>();
    }

    private static long[] ShapeOf(Tensor t)
    {
        using var sess = tf.Session();
        return sess.run(t).shape.dims;
    }

    /// <summary>d sum(f(x) * w) / dx by tf.gradients and by central differences (float64), for a composition f.</summary>
    private static void AssertGradientMatches(Func<Tensor, Tensor> f, double[] x0, long[] shape, double tolerance = 1e-6)
    {
        var x = tf.placeholder(tf.float64, new Shape(shape));
        var y = f(x);
        var w = tf.constant(np.array(Enumerable.Range(0, (int)y.shape.size).Select(i => 0.5 + 0.25 * (i % 5)).ToArray()).reshape(y.shape.dims));
        var loss = tf.reduce_sum(tf.multiply(y, w));
        var g = tf.gradients(loss, x)[0]!;
        using var sess = tf.Session();
        var analytic = sess.run(g, new FeedItem(x, np.array(x0).reshape(shape))).ToArray<double>();
        const double h = 1e-6;
        for (int i = 0; i < x0.Length; i++)
        {
            double[] plus = (double[])x0.Clone(), minus = (double[])x0.Clone();
            plus[i] += h;
            minus[i] -= h;
            double lp = sess.run(loss, new FeedItem(x, np.array(plus).reshape(shape))).ToArray<double>()[0];
            double lm = sess.run(loss, new FeedItem(x, np.array(minus).reshape(shape))).ToArray<double>()[0];
            Assert.That(analytic[i], Is.EqualTo((lp - lm) / (2 * h)).Within(tolerance), $"d/dx[{i}]");
        }
    }

    // --- tanh ---------------------------------------------------------------------------------------------------

    [Test]
    public void Float32TanhIsEigensRationalApproximationOnEveryElement()
    {
        var random = new System.Random(11);
        var input = new List<float> { 0f, -0f, 1f, -1f, 8.99f, 9f, 9.5f, -20f, 1e-20f, 1e-45f, float.PositiveInfinity, float.NegativeInfinity, float.NaN };
        for (int i = 0; i < 1024; i++) input.Add((float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 3))));
        var values = input.ToArray(); // 1037 values: whole vectors of eight, then a tail of five
        var actual = (float[])values.Clone();
        TfFloatMath.Tanh(actual);
        var lanes = values.Select(TfFloatMath.FastTanh).ToArray();
        Assert.That(actual.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(lanes.Select(BitConverter.SingleToInt32Bits)), "the vectorized lanes and the tail compute the same float operations");
        for (int i = 0; i < values.Length; i++)
        {
            if (float.IsNaN(values[i])) { Assert.That(actual[i], Is.NaN); continue; }
            // Eigen: "accurate up to a couple of ulp in the range [-9, 9], outside of which tanh(x) = +/-1"; measured: at
            // most about 3.3 ulp (near |x| = 7).
            double exact = Math.Tanh(values[i]);
            float magnitude = MathF.Abs((float)exact);
            double ulp = MathF.BitIncrement(magnitude) - magnitude;
            Assert.That(actual[i], Is.EqualTo(exact).Within(4 * ulp), $"tanh({values[i]:R})");
        }
        Assert.That(TfFloatMath.FastTanh(100f), Is.EqualTo(TfFloatMath.FastTanh(9f)), "clamped at 9");
        Assert.That(TfFloatMath.FastTanh(-0.5f), Is.EqualTo(-TfFloatMath.FastTanh(0.5f)), "odd");
    }

    [Test]
    public void TanhRunsThroughTheGraphWithItsGradient()
    {
        // cwise_ops_test.py compares tanh with np.tanh; float64 is the C library's tanh exactly.
        var x64 = np.array(new[] { -3.0, -0.5, 0.0, 0.25, 2.0 });
        Assert.That(Run<double>(tf.tanh(x64)), Is.EqualTo(x64.ToArray<double>().Select(Math.Tanh).ToArray()));
        var x32 = new[] { -3f, -0.5f, 0f, 0.25f, 2f };
        Assert.That(Run<float>(tf.nn.tanh(x32)), Is.EqualTo(x32.Select(TfFloatMath.FastTanh).ToArray()));
        Assert.That(tf.tanh(x32).op.type, Is.EqualTo("Tanh"));
        // TF's _TanhGrad: TanhGrad(y, dy) = dy * (1 - y * y).
        var t = tf.constant(x32);
        var y = tf.tanh(t);
        var g = tf.gradients(tf.reduce_sum(y), t)[0]!;
        Assert.That(g.op.type, Is.EqualTo("TanhGrad"));
        var yv = x32.Select(TfFloatMath.FastTanh).ToArray();
        Assert.That(Run<float>(g), Is.EqualTo(yv.Select(v => 1f * (1f - v * v)).ToArray()));
        var e = Assert.Throws<TypeError>(() => tf.tanh(new[] { 1, 2 }))!;
        Assert.That(e.Message, Does.Contain("tf.tanh").And.Contain("int32").And.Contain("help:"));
    }

    // --- cumsum / cumprod -----------------------------------------------------------------------------------------

    [Test]
    public void CumsumAsTheDocstringShows()
    {
        // TF's docstring: cumsum([a, b, c]) = [a, a + b, a + b + c]; exclusive: [0, a, a + b]; reverse: [a + b + c, b + c, c];
        // both: [b + c, c, 0].
        var x = new[] { 1, 2, 4 };
        Assert.That(Run<int>(tf.cumsum(x)), Is.EqualTo(new[] { 1, 3, 7 }));
        Assert.That(Run<int>(tf.cumsum(x, exclusive: true)), Is.EqualTo(new[] { 0, 1, 3 }));
        Assert.That(Run<int>(tf.cumsum(x, reverse: true)), Is.EqualTo(new[] { 7, 6, 4 }));
        Assert.That(Run<int>(tf.cumsum(x, exclusive: true, reverse: true)), Is.EqualTo(new[] { 6, 4, 0 }));
        var m = new[,] { { 1.0, 2.0, 3.0 }, { 4.0, 5.0, 6.0 } };
        Assert.That(Run<float>(tf.cumsum(m, 0)), Is.EqualTo(new[] { 1f, 2f, 3f, 5f, 7f, 9f }));
        Assert.That(Run<float>(tf.cumsum(m, 1)), Is.EqualTo(new[] { 1f, 3f, 6f, 4f, 9f, 15f }));
        Assert.That(Run<float>(tf.cumsum(m, -1, reverse: true)), Is.EqualTo(new[] { 6f, 5f, 3f, 15f, 11f, 6f }));
        Assert.That(Run<float>(tf.cumsum(m, tf.constant(1))), Is.EqualTo(new[] { 1f, 3f, 6f, 4f, 9f, 15f }), "a constant axis tensor");
        // Added in sequence in float32, as TF's scan kernel: 1e8 + 1 rounds back to 1e8.
        Assert.That(Run<float>(tf.cumsum(new[] { 1e8f, 1f, -1e8f })), Is.EqualTo(new[] { 1e8f, 1e8f, 0f }));
        Assert.That(Run<int>(tf.cumsum(new[] { int.MaxValue, 1 })), Is.EqualTo(new[] { int.MaxValue, int.MinValue }), "integers wrap");
        Assert.That(tf.cumsum(m).op.type, Is.EqualTo("Cumsum"));
    }

    [Test]
    public void CumprodAsTheDocstringShows()
    {
        // TF's docstring: cumprod([a, b, c]) = [a, a * b, a * b * c]; exclusive: [1, a, a * b]; reverse: [a * b * c, b * c, c].
        var x = new[] { 2, 3, 5 };
        Assert.That(Run<int>(tf.cumprod(x)), Is.EqualTo(new[] { 2, 6, 30 }));
        Assert.That(Run<int>(tf.cumprod(x, exclusive: true)), Is.EqualTo(new[] { 1, 2, 6 }));
        Assert.That(Run<int>(tf.cumprod(x, reverse: true)), Is.EqualTo(new[] { 30, 15, 5 }));
        Assert.That(Run<int>(tf.cumprod(x, exclusive: true, reverse: true)), Is.EqualTo(new[] { 15, 5, 1 }));
        Assert.That(Run<long>(tf.cumprod(np.array(new[] { 1L << 40, 1L << 20 }))), Is.EqualTo(new[] { 1L << 40, 1L << 60 }), "int64 keeps 64 bits");
    }

    [Test]
    public void ScanGradientsAreTfsAndMatchCentralDifferences()
    {
        // _CumsumGrad: d sum(cumsum(x)) / dx = [3, 2, 1].
        var x = tf.constant(new[] { 1f, 2f, 3f });
        Assert.That(Run<float>(tf.gradients(tf.reduce_sum(tf.cumsum(x)), x)[0]!), Is.EqualTo(new[] { 3f, 2f, 1f }));
        Assert.That(Run<float>(tf.gradients(tf.reduce_sum(tf.cumsum(x, exclusive: true, reverse: true)), x)[0]!), Is.EqualTo(new[] { 0f, 1f, 2f }));
        foreach (var (exclusive, reverse) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            AssertGradientMatches(t => tf.cumsum(t, 1, exclusive, reverse), [0.5, -1.0, 2.0, 1.5, 0.25, -0.75], [2, 3]);
            AssertGradientMatches(t => tf.cumprod(t, 0, exclusive, reverse), [0.5, 1.25, 2.0, 1.5, 0.75, 1.1], [3, 2]);
        }
    }

    [Test]
    public void ScanRejectsBadAxesAndDTypes()
    {
        var m = tf.constant(new[,] { { 1f, 2f }, { 3f, 4f } });
        var e = Assert.Throws<ValueError>(() => tf.cumsum(m, 2))!;
        Assert.That(e.Message, Does.Contain("tf.cumsum").And.Contain("axis 2").And.Contain("[-2, 2)").And.Contain("help:"));
        Assert.Throws<ValueError>(() => tf.cumprod(m, -3));
        Assert.That(Assert.Throws<ValueError>(() => tf.cumsum(tf.constant(1f)))!.Message, Does.Contain("scalar"));
        Assert.That(Assert.Throws<TypeError>(() => tf.cumsum(m, tf.add(tf.constant(0), 1)))!.Message, Does.Contain("axis").And.Contain("constant"));
        Assert.That(Assert.Throws<TypeError>(() => tf.cumsum(m, 0.5))!.Message, Does.Contain("scalar integer"));
        Assert.That(Assert.Throws<TypeError>(() => tf.cumsum(new[] { true, false }))!.Message, Does.Contain("bool").And.Contain("Cumsum"));
        // Unknown rank: TF's ScanOp finds the bad axis when the graph runs.
        var p = tf.placeholder(tf.float32);
        var c = tf.cumsum(p, 3);
        using var sess = tf.Session();
        var r = Assert.Throws<InvalidArgumentError>(() => sess.run(c, new FeedItem(p, np.array(new[] { 1f, 2f }))))!;
        Assert.That(r.Message, Does.Contain("axis").And.Contain("[-1, 1)"));
    }

    // --- reduce_logsumexp ---------------------------------------------------------------------------------------

    [Test]
    public void ReduceLogSumExpAsTheDocstringShows()
    {
        // TF's docstring: x = [[0, 0, 0], [0, 0, 0]]: log(6); axis 0: [log 2] * 3; axis 1: [log 3] * 2; keep_dims: [[log 3], [log 3]].
        var x = tf.constant(new float[2, 3]);
        Assert.That(Run<float>(tf.reduce_logsumexp(x)), Is.EqualTo(new[] { MathF.Log(6) }).Within(1e-6));
        Assert.That(Run<float>(tf.reduce_logsumexp(x, 0)), Is.EqualTo(Enumerable.Repeat(MathF.Log(2), 3).ToArray()).Within(1e-6));
        Assert.That(Run<float>(tf.reduce_logsumexp(x, 1)), Is.EqualTo(Enumerable.Repeat(MathF.Log(3), 2).ToArray()).Within(1e-6));
        var kept = tf.reduce_logsumexp(x, 1, keepdims: true);
        Assert.That(kept.shape, Is.EqualTo(new Shape(2, 1)));
        Assert.That(Run<float>(kept), Is.EqualTo(Enumerable.Repeat(MathF.Log(3), 2).ToArray()).Within(1e-6));
        Assert.That(tf.reduce_logsumexp(x, new[] { 0, 1 }).shape, Is.EqualTo(Shape.Scalar));
        Assert.That(tf.reduce_logsumexp(x).shape, Is.EqualTo(Shape.Scalar));
        // Stable for large values: the maximum is taken out first.
        Assert.That(Run<double>(tf.reduce_logsumexp(np.array(new[] { 1000.0, 1000.0 }))), Is.EqualTo(new[] { 1000 + Math.Log(2) }).Within(1e-12));
        Assert.That(Run<float>(tf.reduce_logsumexp(new[] { -1000.0, -1000.0 })), Is.EqualTo(new[] { -1000 + MathF.Log(2) }).Within(1e-4));
        // TF 1.0: an infinite maximum gives x - max = NaN (TF 1.15 would give inf).
        Assert.That(Run<float>(tf.reduce_logsumexp(new[] { float.PositiveInfinity, 1f }))[0], Is.NaN);
        Assert.That(Assert.Throws<TypeError>(() => tf.reduce_logsumexp(new[] { 1, 2 }))!.Message, Does.Contain("tf.reduce_logsumexp").And.Contain("int32"));
        Assert.Throws<ValueError>(() => tf.reduce_logsumexp(x, 2));
    }

    [Test]
    public void ReduceLogSumExpGradientIsTheSoftmax()
    {
        var x = tf.constant(new[,] { { 1f, 2f, 3f }, { -1f, 0.5f, 4f } });
        var g = tf.gradients(tf.reduce_sum(tf.reduce_logsumexp(x, 1)), x)[0]!;
        Assert.That(Run<float>(g), Is.EqualTo(Run<float>(tf.nn.softmax(x))).Within(1e-6));
        AssertGradientMatches(t => tf.reduce_logsumexp(t, 0), [0.5, -1.0, 2.0, 1.5, 0.25, -0.75], [2, 3]);
        AssertGradientMatches(t => tf.reduce_logsumexp(t, -1, keepdims: true), [0.5, -1.0, 2.0, 1.5, 0.25, -0.75], [2, 3]);
    }

    // --- tensordot ------------------------------------------------------------------------------------------------

    private static int[] NumpyTensordot(int[] a, long[] sa, int[] b, long[] sb, int[] aAxes, int[] bAxes)
    {
        // The definition: sum over the contracted indices of a[free_a, k] * b[k, free_b].
        var freeA = Enumerable.Range(0, sa.Length).Where(i => !aAxes.Contains(i)).ToArray();
        var freeB = Enumerable.Range(0, sb.Length).Where(i => !bAxes.Contains(i)).ToArray();
        long Count(long[] s, int[] axes) => axes.Aggregate(1L, (p, i) => p * s[i]);
        long[] Unflat(long flat, long[] s, int[] axes)
        {
            var idx = new long[axes.Length];
            for (int i = axes.Length - 1; i >= 0; i--) { idx[i] = flat % s[axes[i]]; flat /= s[axes[i]]; }
            return idx;
        }
        long Offset(long[] s, int[] axes1, long[] i1, int[] axes2, long[] i2)
        {
            var full = new long[s.Length];
            for (int i = 0; i < axes1.Length; i++) full[axes1[i]] = i1[i];
            for (int i = 0; i < axes2.Length; i++) full[axes2[i]] = i2[i];
            long o = 0;
            for (int d = 0; d < s.Length; d++) o = o * s[d] + full[d];
            return o;
        }
        var result = new List<int>();
        for (long fa = 0; fa < Count(sa, freeA); fa++)
            for (long fb = 0; fb < Count(sb, freeB); fb++)
            {
                int sum = 0;
                for (long k = 0; k < Count(sa, aAxes); k++)
                {
                    var ka = Unflat(k, sa, aAxes);
                    sum += a[Offset(sa, freeA, Unflat(fa, sa, freeA), aAxes, ka)] * b[Offset(sb, freeB, Unflat(fb, sb, freeB), bAxes, ka)];
                }
                result.Add(sum);
            }
        return result.ToArray();
    }

    [Test]
    public void TensordotContractsAsNumpyDoes()
    {
        // tensordot_op_test.py checks against np.tensordot; the docstring's cases: matrices with axes=1 (or
        // [[1], [0]]) are matmul, and a [2, 3, 4] with b [4, 5] and axes=1 contracts a's last axis.
        var a = Enumerable.Range(0, 24).Select(i => i - 7).ToArray();
        var b = Enumerable.Range(0, 20).Select(i => 3 - i).ToArray();
        var ta = tf.reshape(tf.constant(a), new[] { 2, 3, 4 });
        var tb = tf.reshape(tf.constant(b), new[] { 4, 5 });
        var r = tf.tensordot(ta, tb, 1);
        Assert.That(r.shape, Is.EqualTo(new Shape(2, 3, 5)));
        Assert.That(Run<int>(r), Is.EqualTo(NumpyTensordot(a, [2, 3, 4], b, [4, 5], [2], [0])));
        var b2 = Enumerable.Range(0, 12).Select(i => i % 5 - 2).ToArray();
        var tb2 = tf.reshape(tf.constant(b2), new[] { 3, 2, 2 });
        var r2 = tf.tensordot(ta, tb2, new[] { new[] { 1, 0 }, new[] { 0, 1 } });
        Assert.That(r2.shape, Is.EqualTo(new Shape(4, 2)));
        Assert.That(Run<int>(r2), Is.EqualTo(NumpyTensordot(a, [2, 3, 4], b2, [3, 2, 2], [1, 0], [0, 1])));
        var r3 = tf.tensordot(ta, tb2, (new[] { -2 }, new[] { 0 }));
        Assert.That(Run<int>(r3), Is.EqualTo(NumpyTensordot(a, [2, 3, 4], b2, [3, 2, 2], [1], [0])));
        var m = tf.constant(new[,] { { 1f, 2f }, { 3f, 4f } });
        Assert.That(Run<float>(tf.tensordot(m, m, new[,] { { 1 }, { 0 } })), Is.EqualTo(Run<float>(tf.matmul(m, m))));
        // A free dimension of unknown size (a batch) stays unknown.
        var p = tf.placeholder(tf.float32, new Shape(-1, 4));
        var rp = tf.tensordot(p, tf.ones(new[] { 4, 3 }), 1);
        Assert.That(rp.shape, Is.EqualTo(new Shape(-1, 3)));
    }

    [Test]
    public void TensordotRejectsBadAxes()
    {
        var a = tf.ones(new[] { 2, 3 });
        var b = tf.ones(new[] { 4, 2 });
        var e = Assert.Throws<ValueError>(() => tf.tensordot(a, b, 1))!;
        Assert.That(e.Message, Does.Contain("tf.tensordot").And.Contain("size 3").And.Contain("size 4").And.Contain("help:"));
        Assert.That(Assert.Throws<ValueError>(() => tf.tensordot(a, b, 0))!.Message, Does.Contain("at least 1"));
        Assert.That(Assert.Throws<ValueError>(() => tf.tensordot(a, b, 3))!.Message, Does.Contain("rank >= 3"));
        Assert.That(Assert.Throws<ValueError>(() => tf.tensordot(a, b, new[] { new[] { 0 }, new[] { 0, 1 } }))!.Message, Does.Contain("Different number of contraction axes"));
        Assert.That(Assert.Throws<ValueError>(() => tf.tensordot(a, b, new[] { new[] { 2 }, new[] { 0 } }))!.Message, Does.Contain("out of range"));
        Assert.That(Assert.Throws<ValueError>(() => tf.tensordot(a, b, new[] { 1, 2, 3 }))!.Message, Does.Contain("length 2"));
        Assert.Throws<TypeError>(() => tf.tensordot(a, tf.ones(new[] { 3, 2 }, tf.float64), 1));
    }

    [Test]
    public void TensordotGradientMatchesCentralDifferences()
    {
        var w = tf.constant(np.array(new[] { 0.5, -1.0, 2.0, 0.25, 1.5, -0.5 }).reshape(3, 2));
        AssertGradientMatches(t => tf.tensordot(t, w, 1), [0.5, -1.0, 2.0, 1.5, 0.25, -0.75], [2, 3]);
        AssertGradientMatches(t => tf.tensordot(t, w, new[] { new[] { 0 }, new[] { 1 } }), [0.5, -1.0, 2.0, 1.5], [2, 2]);
    }

    // --- diagonals --------------------------------------------------------------------------------------------------

    [Test]
    public void EyeAsTf1BuildsIt()
    {
        Assert.That(Run<float>(tf.eye(2)), Is.EqualTo(new[] { 1f, 0f, 0f, 1f }));
        Assert.That(tf.eye(2).op.type, Is.EqualTo("MatrixDiag"));
        var e23 = tf.eye(2, num_columns: 3);
        Assert.That(e23.op.type, Is.EqualTo("MatrixSetDiag"));
        Assert.That(e23.shape, Is.EqualTo(new Shape(2, 3)));
        Assert.That(Run<float>(e23), Is.EqualTo(new[] { 1f, 0f, 0f, 0f, 1f, 0f }));
        Assert.That(Run<float>(tf.eye(3, 2)), Is.EqualTo(new[] { 1f, 0f, 0f, 1f, 0f, 0f }));
        var batch = tf.eye(2, batch_shape: [3], dtype: tf.int32);
        Assert.That(batch.shape, Is.EqualTo(new Shape(3, 2, 2)));
        Assert.That(Run<int>(batch), Is.EqualTo(Enumerable.Repeat(new[] { 1, 0, 0, 1 }, 3).SelectMany(v => v).ToArray()));
        Assert.That(Assert.Throws<TypeError>(() => tf.eye(2, dtype: tf.@bool))!.Message, Does.Contain("bool"));
        Assert.Throws<ValueError>(() => tf.eye(-1));
    }

    [Test]
    public void DiagAndDiagPartAsTheDocstringsShow()
    {
        // diag([1, 2, 3, 4]) = the 4x4 diagonal matrix; diag_part is its inverse.
        var d = tf.diag(new[] { 1, 2, 3, 4 });
        Assert.That(d.shape, Is.EqualTo(new Shape(4, 4)));
        Assert.That(Run<int>(d), Is.EqualTo(new[] { 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4 }));
        Assert.That(Run<int>(tf.diag_part(d)), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        // Rank 2: [[1, 2], [3, 4]] becomes [2, 2, 2, 2] with output[i, j, i, j] = x[i, j].
        var d2 = tf.diag(new[,] { { 1.0, 2.0 }, { 3.0, 4.0 } });
        Assert.That(d2.shape, Is.EqualTo(new Shape(2, 2, 2, 2)));
        var v = Run<float>(d2);
        Assert.That(v.Sum(), Is.EqualTo(10f));
        Assert.That(new[] { v[0], v[5], v[10], v[15] }, Is.EqualTo(new[] { 1f, 2f, 3f, 4f }));
        Assert.That(Run<float>(tf.diag_part(d2)), Is.EqualTo(new[] { 1f, 2f, 3f, 4f }));
        Assert.That(Assert.Throws<ValueError>(() => tf.diag(tf.ones(new[] { 1, 1, 1, 1 })))!.Message, Does.Contain("rank 1 to 3"));
        Assert.That(Assert.Throws<ValueError>(() => tf.diag_part(tf.ones(new[] { 2, 3 })))!.Message, Does.Contain("must be equal"));
        Assert.That(Assert.Throws<ValueError>(() => tf.diag_part(tf.ones(new[] { 2, 2, 2 })))!.Message, Does.Contain("even rank"));
        Assert.Throws<TypeError>(() => tf.diag(np.array(new byte[] { 1, 2 })), "TF has Diag kernels for float32, float64, int32, int64 only");
    }

    [Test]
    public void MatrixDiagOpsAndTraceAsTheDocstringsShow()
    {
        // matrix_diag([[1, 2, 3, 4], [5, 6, 7, 8]]) = two 4x4 diagonal matrices.
        var md = tf.matrix_diag(new[,] { { 1, 2, 3, 4 }, { 5, 6, 7, 8 } });
        Assert.That(md.shape, Is.EqualTo(new Shape(2, 4, 4)));
        var v = Run<int>(md);
        Assert.That(v.Sum(), Is.EqualTo(36));
        Assert.That(new[] { v[0], v[5], v[10], v[15], v[16], v[21], v[26], v[31] }, Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
        Assert.That(Run<int>(tf.matrix_diag_part(md)), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
        var rect = tf.constant(new[,] { { 1f, 2f, 3f }, { 4f, 5f, 6f } });
        Assert.That(Run<float>(tf.matrix_diag_part(rect)), Is.EqualTo(new[] { 1f, 5f }), "min(rows, columns) values");
        Assert.That(Run<float>(tf.matrix_set_diag(rect, new[] { -1.0, -2.0 })), Is.EqualTo(new[] { -1f, 2f, 3f, 4f, -2f, 6f }));
        Assert.That(Assert.Throws<ValueError>(() => tf.matrix_set_diag(rect, new[] { 1.0, 2.0, 3.0 }))!.Message, Does.Contain("[2]"));
        Assert.That(Assert.Throws<ValueError>(() => tf.matrix_diag_part(new[] { 1f, 2f }))!.Message, Does.Contain("rank >= 2"));
        // trace's docstring: [[1, 2], [3, 4]] -> 5; [[1..3], [4..6], [7..9]] -> 15; a batch with its negative -> [15, -15].
        Assert.That(Run<int>(tf.trace(new[,] { { 1, 2 }, { 3, 4 } })), Is.EqualTo(new[] { 5 }));
        var nine = new[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } };
        Assert.That(Run<int>(tf.trace(nine)), Is.EqualTo(new[] { 15 }));
        var batch = tf.stack(new[] { tf.constant(nine), tf.negative(tf.constant(nine)) });
        Assert.That(Run<int>(tf.trace(batch)), Is.EqualTo(new[] { 15, -15 }));
        Assert.That(tf.trace(batch).shape, Is.EqualTo(new Shape(2)));
    }

    [Test]
    public void DiagonalGradients()
    {
        AssertGradientMatches(t => tf.trace(t), [0.5, -1.0, 2.0, 1.5, 0.25, -0.75], [2, 3]);
        AssertGradientMatches(t => tf.matrix_diag_part(t), [0.5, -1.0, 2.0, 1.5], [2, 2]);
        AssertGradientMatches(t => tf.matrix_transpose(tf.reshape(t, new[] { 1, 2, 3 })), [0.5, -1.0, 2.0, 1.5, 0.25, -0.75], [2, 3]);
    }

    // --- norms, L2 loss and clipping ------------------------------------------------------------------------------

    [Test]
    public void L2LossIsHalfTheSumOfSquaresInTfsOrder()
    {
        Assert.That(Run<float>(tf.nn.l2_loss(new[] { 1.0, 2.0, 3.0 })), Is.EqualTo(new[] { 7f }));
        var x = new[] { 0.1f, 0.2f, 0.3f };
        // TF's kernel: each x * x * 0.5, then the sum (three values: in sequence).
        float expected = x[0] * x[0] * 0.5f + x[1] * x[1] * 0.5f + x[2] * x[2] * 0.5f;
        Assert.That(Run<float>(tf.nn.l2_loss(x)), Is.EqualTo(new[] { expected }));
        Assert.That(tf.nn.l2_loss(x).shape, Is.EqualTo(Shape.Scalar));
        var t = tf.constant(new[,] { { 1f, -2f }, { 3f, 0.5f } });
        Assert.That(Run<float>(tf.gradients(tf.nn.l2_loss(t), t)[0]!), Is.EqualTo(new[] { 1f, -2f, 3f, 0.5f }), "TF's _L2LossGrad: x * grad");
        Assert.That(Assert.Throws<TypeError>(() => tf.nn.l2_loss(new[] { 1, 2 }))!.Message, Does.Contain("tf.nn.l2_loss").And.Contain("int32"));
    }

    [Test]
    public void NormFollowsTf10sRules()
    {
        var v = new[] { 3.0, -4.0 };
        Assert.That(Run<float>(tf.norm(v)), Is.EqualTo(new[] { 5f }));
        Assert.That(Run<float>(tf.norm(v, 1)), Is.EqualTo(new[] { 7f }));
        Assert.That(Run<float>(tf.norm(v, 2)), Is.EqualTo(new[] { 5f }));
        Assert.That(Run<float>(tf.norm(v, double.PositiveInfinity)), Is.EqualTo(new[] { 4f }));
        Assert.That(Run<double>(tf.norm(np.array(v), 3)), Is.EqualTo(new[] { Math.Pow(27 + 64, 1.0 / 3) }).Within(1e-12));
        var m = new[,] { { 1.0, -2.0 }, { 3.0, 4.0 } };
        Assert.That(Run<float>(tf.norm(m)), Is.EqualTo(new[] { MathF.Sqrt(30) }), "the whole tensor as one vector");
        Assert.That(Run<float>(tf.norm(m, "fro", new[] { 0, 1 })), Is.EqualTo(new[] { MathF.Sqrt(30) }));
        Assert.That(Run<float>(tf.norm(m, 1, new[] { 0, 1 })), Is.EqualTo(new[] { 6f }), "the largest column sum of |x|");
        Assert.That(Run<float>(tf.norm(m, double.PositiveInfinity, new[] { -2, -1 })), Is.EqualTo(new[] { 7f }), "the largest row sum of |x|");
        Assert.That(Run<float>(tf.norm(m, axis: 1)), Is.EqualTo(new[] { MathF.Sqrt(5), 5f }));
        Assert.That(tf.norm(m, axis: 1, keepdims: true).shape, Is.EqualTo(new Shape(2, 1)));
        Assert.That(tf.norm(m, 1, new[] { 0, 1 }, keepdims: true).shape, Is.EqualTo(new Shape(1, 1)));
        Assert.That(Assert.Throws<ValueError>(() => tf.norm(m, 2, new[] { 0, 1 }))!.Message, Does.Contain("matrix norm").And.Contain("help:"));
        Assert.That(Assert.Throws<ValueError>(() => tf.norm(v, "fro"))!.Message, Does.Contain("vector norm"));
        Assert.That(Assert.Throws<ValueError>(() => tf.norm(v, -1))!.Message, Does.Contain("vector norm"));
        Assert.That(Assert.Throws<ValueError>(() => tf.norm(v, 0))!.Message, Does.Contain("vector norm"));
        Assert.That(Assert.Throws<ValueError>(() => tf.norm(v, "nuc"))!.Message, Does.Contain("'nuc'"));
        Assert.That(Assert.Throws<ValueError>(() => tf.norm(m, axis: new[] { 0, 0 }))!.Message, Does.Contain("2 unique integers"));
        Assert.That(Assert.Throws<ValueError>(() => tf.norm(m, axis: new[] { 0, 1, 2 }))!.Message, Does.Contain("2 unique integers"));
        Assert.Throws<TypeError>(() => tf.norm(new[] { 3, 4 }));
        AssertGradientMatches(t => tf.norm(t, axis: 1), [0.5, -1.0, 2.0, 1.5, 0.25, -0.75], [2, 3]);
        AssertGradientMatches(t => tf.norm(t, 3), [0.5, -1.0, 2.0, 1.5], [4]);
    }

    [Test]
    public void ClipByNormAndGlobalNormAsClipOpsTests()
    {
        // clip_ops_test.py: [[-3, 0, 0], [4, 0, 0]] has norm 5; clipped to 4: [[-2.4, 0, 0], [3.2, 0, 0]].
        var t = tf.constant(new[,] { { -3f, 0f, 0f }, { 4f, 0f, 0f } });
        Assert.That(Run<float>(tf.clip_by_norm(t, 4.0)), Is.EqualTo(new[] { -2.4f, 0f, 0f, 3.2f, 0f, 0f }).Within(1e-6));
        Assert.That(Run<float>(tf.clip_by_norm(t, 6.0)), Is.EqualTo(new[] { -3f, 0f, 0f, 4f, 0f, 0f }).Within(1e-6), "not clipped");
        // axes=[0]: each column clipped on its own.
        Assert.That(Run<float>(tf.clip_by_norm(t, 4.0, axes: new[] { 0 })), Is.EqualTo(new[] { -2.4f, 0f, 0f, 3.2f, 0f, 0f }).Within(1e-6));
        Assert.That(Run<float>(tf.clip_by_norm(t, 3.0, axes: new[] { 1 })), Is.EqualTo(new[] { -3f, 0f, 0f, 3f, 0f, 0f }).Within(1e-6));
        // global_norm of [3, 4] and [12] is 13; clipped to 6.5 everything is halved.
        var a = tf.constant(new[] { 3f, 4f });
        var b = tf.constant(new[] { 12f });
        Assert.That(Run<float>(tf.global_norm(new object?[] { a, null, b })), Is.EqualTo(new[] { 13f }));
        var (clipped, norm) = tf.clip_by_global_norm(new object?[] { a, b, null }, 6.5);
        Assert.That(Run<float>(norm), Is.EqualTo(new[] { 13f }));
        Assert.That(Run<float>(clipped[0]!), Is.EqualTo(new[] { 1.5f, 2f }).Within(1e-6));
        Assert.That(Run<float>(clipped[1]!), Is.EqualTo(new[] { 6f }).Within(1e-6));
        Assert.That(clipped[2], Is.Null);
        var (same, _) = tf.clip_by_global_norm(new object?[] { a, b }, 20.0);
        Assert.That(Run<float>(same[0]!), Is.EqualTo(new[] { 3f, 4f }).Within(1e-6));
        var (used, n2) = tf.clip_by_global_norm(new object?[] { a }, 1.0, use_norm: tf.constant(2f));
        Assert.That(Run<float>(used[0]!), Is.EqualTo(new[] { 1.5f, 2f }).Within(1e-6));
        Assert.That(Run<float>(n2), Is.EqualTo(new[] { 2f }));
        Assert.Throws<ValueError>(() => tf.global_norm(new object?[] { null }));
        Assert.Throws<TypeError>(() => tf.global_norm(new object?[] { a, tf.constant(new[] { 1.0 }, tf.float64) }));
        Assert.Throws<TypeError>(() => tf.clip_by_norm(new[] { 1, 2 }, 1));
        AssertGradientMatches(x => tf.clip_by_norm(x, 1.0), [0.5, -1.0, 2.0, 1.5], [4]);
    }

    // --- op ids ----------------------------------------------------------------------------------------------------

    private static int TfOpIds(Action build)
    {
        var g = Graph.Default;
        int before = g.LastId;
        build();
        return g.LastId - before;
    }

    [Test]
    public void CompositionsAdvanceTheOpIdsAsTf1sPythonDoes()
    {
        // Counted from TF 1.0's Python (every Const that convert_to_tensor makes included), so that random ops built
        // afterwards get TF's seeds.
        var x = tf.constant(new[,] { { 1f, 2f, 3f }, { 4f, 5f, 6f } });
        var a = tf.constant(new[] { 3f, 4f });
        var b = tf.constant(new[] { 12f });
        var m = tf.ones(new[] { 3, 2 });
        // Max (Const + Max), StopGradient, Sub, Exp, Sum (Const + Sum), Log, Add, Squeeze.
        Assert.That(TfOpIds(() => tf.reduce_logsumexp(x, 1)), Is.EqualTo(10));
        Assert.That(TfOpIds(() => tf.reduce_logsumexp(x, 1, keepdims: true)), Is.EqualTo(9));
        Assert.That(TfOpIds(() => tf.norm(x)), Is.EqualTo(5)); // Square, Const + Sum, Sqrt, Squeeze
        Assert.That(TfOpIds(() => tf.norm(x, 3)), Is.EqualTo(8)); // Abs, Const + Pow, Const + Sum, Const + Pow, Squeeze
        // Mul, Const + Sum, Rsqrt, Const + Mul (t * clip_norm), Const 1.0, Const + RealDiv, Minimum, Mul, Identity.
        Assert.That(TfOpIds(() => tf.clip_by_norm(x, 1.0)), Is.EqualTo(12));
        Assert.That(TfOpIds(() => tf.clip_by_norm(x, tf.constant(1f))), Is.EqualTo(10 + 1));
        Assert.That(TfOpIds(() => tf.global_norm(new object?[] { a, b })), Is.EqualTo(2 + 6)); // L2Loss each, Pack, Const + Sum, Const + Mul, Sqrt
        Assert.That(TfOpIds(() => tf.clip_by_global_norm(new object?[] { a, b }, 1.0)), Is.EqualTo(8 + 8 + 2 * 2));
        Assert.That(TfOpIds(() => tf.tensordot(x, m, new[] { new[] { 1 }, new[] { 0 } })), Is.EqualTo(11)); // (Transpose, Reshape) x 2, MatMul, Reshape: each with a Const
        Assert.That(TfOpIds(() => tf.eye(2)), Is.EqualTo(7));
        Assert.That(TfOpIds(() => tf.eye(2, 3)), Is.EqualTo(15));
        Assert.That(TfOpIds(() => tf.trace(x)), Is.EqualTo(3));
        Assert.That(TfOpIds(() => tf.matrix_transpose(x)), Is.EqualTo(2));
        Assert.That(TfOpIds(() => tf.cumsum(x, 1)), Is.EqualTo(2));
        var axis = tf.constant(1);
        Assert.That(TfOpIds(() => tf.cumsum(x, axis)), Is.EqualTo(1));
    }

    // --- tf.math and tf.linalg -------------------------------------------------------------------------------------

    [Test]
    public void MathAndLinalgNamespacesHoldTheSameFunctions()
    {
        var m = tf.constant(new[,] { { 1f, 2f }, { 3f, 4f } });
        Assert.That(Run<float>(tf.math.reduce_sum(m, 0)), Is.EqualTo(new[] { 4f, 6f }));
        Assert.That(Run<long>(tf.math.argmax(m, 1)), Is.EqualTo(new[] { 1L, 1L }));
        Assert.That(Run<float>(tf.math.tanh(m)), Is.EqualTo(Run<float>(tf.tanh(m))));
        Assert.That(tf.math.log(m).op.type, Is.EqualTo("Log"));
        Assert.That(Run<float>(tf.math.cumsum(m, 1)), Is.EqualTo(new[] { 1f, 3f, 3f, 7f }));
        Assert.That(Run<float>(tf.linalg.matmul(m, m)), Is.EqualTo(Run<float>(tf.matmul(m, m))));
        Assert.That(Run<float>(tf.linalg.trace(m)), Is.EqualTo(new[] { 5f }));
        Assert.That(tf.linalg.diag(new[] { 1f, 2f }).op.type, Is.EqualTo("MatrixDiag"), "TF 1.15: linalg.diag is matrix_diag");
        Assert.That(tf.linalg.tensor_diag(new[] { 1f, 2f }).op.type, Is.EqualTo("Diag"));
        Assert.That(tf.linalg.transpose(tf.ones(new[] { 2, 3, 4 })).shape, Is.EqualTo(new Shape(2, 4, 3)), "linalg.transpose swaps the last two axes");
        Assert.That(Run<float>(tf.linalg.eye(2)), Is.EqualTo(new[] { 1f, 0f, 0f, 1f }));
        Assert.That(Run<float>(tf.linalg.norm(new[] { 3.0, 4.0 })), Is.EqualTo(new[] { 5f }));
        // TF 1.15's reduce_euclidean_norm docstring: [[1, 2, 3], [1, 1, 1]] -> sqrt(17); axis 0 -> [sqrt(2), sqrt(5), sqrt(10)];
        // axis 1 -> [sqrt(14), sqrt(3)]; integers give the truncated root.
        var e = tf.constant(new[,] { { 1f, 2f, 3f }, { 1f, 1f, 1f } });
        Assert.That(Run<float>(tf.math.reduce_euclidean_norm(e)), Is.EqualTo(new[] { MathF.Sqrt(17) }));
        Assert.That(Run<float>(tf.math.reduce_euclidean_norm(e, 0)), Is.EqualTo(new[] { MathF.Sqrt(2), MathF.Sqrt(5), MathF.Sqrt(10) }));
        Assert.That(Run<float>(tf.math.reduce_euclidean_norm(e, 1, keepdims: true)), Is.EqualTo(new[] { MathF.Sqrt(14), MathF.Sqrt(3) }));
        Assert.That(tf.math.reduce_euclidean_norm(e, 1, keepdims: true).shape, Is.EqualTo(new Shape(2, 1)));
        Assert.That(Run<int>(tf.math.reduce_euclidean_norm(new[,] { { 1, 2, 3 }, { 1, 1, 1 } })), Is.EqualTo(new[] { 4 }));
        var v = tf.constant(new[] { 3f, 4f });
        Assert.That(tf.gradients(tf.math.reduce_euclidean_norm(v), v)[0], Is.Null, "TF 1.15: NotDifferentiable(\"EuclideanNorm\")");
        // One definition per op: the namespaces only call the tf.* functions.
        Assert.That(Bridge.Ops.All.Select(d => d.Type), Is.Unique);
    }

    [Test]
    public void TheMathAndLinalgNamespacesHoldTheNNMathFunctions()
    {
        // TF 1.15 exports these under tf.math (and l2_normalize under tf.linalg) as well as tf.nn / tf.
        using var sess = tf.Session();
        Assert.That(sess.run(tf.math.log_softmax(new[] { 0.0, 0.0 })).ToArray<float>(), Is.EqualTo(sess.run(tf.nn.log_softmax(new[] { 0.0, 0.0 })).ToArray<float>()));
        Assert.That(sess.run(tf.math.log1p(new[] { 0.0 })).ToArray<float>(), Is.EqualTo(new[] { 0f }));
        Assert.That(sess.run(tf.math.squared_difference(new[] { 1.0 }, new[] { 4.0 })).ToArray<float>(), Is.EqualTo(new[] { 9f }));
        Assert.That(sess.run(tf.math.l2_normalize(new[] { 3.0, 4.0 })).ToArray<float>(), Is.EqualTo(new[] { 0.6f, 0.8f }).Within(1e-7f));
        Assert.That(sess.run(tf.linalg.l2_normalize(new[] { 3.0, 4.0 })).ToArray<float>(), Is.EqualTo(new[] { 0.6f, 0.8f }).Within(1e-7f));
    }
}
