using static Bridge.Binding;

namespace Bridge.Tests.Train;

/// <summary>
/// Symbolic gradients against central finite differences (float64, so the difference quotient is accurate), for
/// every op the labs differentiate; and the float32 formulas TF 1.x uses.
/// </summary>
public class GradientTests : GraphFixture
{
    private static readonly double[,] X0 = { { 0.3, -1.2, 0.8 }, { 1.5, 0.4, -0.7 } };

    /// <summary>Checks d(f)/d(x) at X0 against (f(x + h) - f(x - h)) / 2h for each element.</summary>
    private static void CheckGradient(Func<Tensor, Tensor> f, double[,]? at = null, double tolerance = 1e-6)
    {
        var x0 = np.array(at ?? X0);
        var x = tf.placeholder(tf.float64, x0.shape);
        var y = tf.reduce_sum(f(x));
        var g = tf.gradients(y, x)[0]!;
        using var sess = tf.Session();
        var analytic = sess.run(g, (x, x0)).ToArray<double>();
        var flat = x0.ToArray<double>();
        const double h = 1e-6;
        for (int i = 0; i < flat.Length; i++)
        {
            var plus = (double[])flat.Clone();
            var minus = (double[])flat.Clone();
            plus[i] += h;
            minus[i] -= h;
            double fp = (double)sess.run(y, (x, np.array(plus).reshape(x0.shape.dims)));
            double fm = (double)sess.run(y, (x, np.array(minus).reshape(x0.shape.dims)));
            Assert.That(analytic[i], Is.EqualTo((fp - fm) / (2 * h)).Within(tolerance), $"element {i}");
        }
    }

    private static Tensor C(double[,] v) => tf.constant(np.array(v));
    private static readonly double[,] Other = { { 0.5, 2.0, -1.5 }, { 0.25, -0.75, 3.0 } };

    [Test] public void Add() => CheckGradient(x => x + C(Other));
    [Test] public void AddBroadcastRow() => CheckGradient(x => C(Other) + tf.reduce_sum(x, axis: 0));
    [Test] public void BiasBroadcast() => CheckGradient(x => tf.matmul(x, C(new double[,] { { 1 }, { 2 }, { 3 } })) + x[0]);
    [Test] public void Subtract() => CheckGradient(x => C(Other) - x);
    [Test] public void Multiply() => CheckGradient(x => x * C(Other) * x);
    [Test] public void Divide() => CheckGradient(x => C(Other) / (x * x + 1.0) + x / 3.0);
    [Test] public void Negative() => CheckGradient(x => -x);
    [Test] public void Square() => CheckGradient(x => tf.square(x));
    [Test] public void Sqrt() => CheckGradient(x => tf.sqrt(x * x + 1.0));
    [Test] public void Exp() => CheckGradient(x => tf.exp(x));
    [Test] public void Log() => CheckGradient(x => tf.log(x * x + 0.5));
    [Test] public void Abs() => CheckGradient(x => tf.abs(x));
    [Test] public void Sigmoid() => CheckGradient(x => tf.sigmoid(x));
    [Test] public void MatMul() => CheckGradient(x => tf.matmul(x, C(new double[,] { { 1, -2 }, { 0.5, 3 }, { -1, 1 } })));
    [Test] public void MatMulRight() => CheckGradient(x => tf.matmul(C(new double[,] { { 1, 2 }, { -3, 0.5 } }), x));
    [Test] public void MatMulTransposed() => CheckGradient(x => tf.reduce_sum(tf.matmul(x, x, transpose_b: true)) + tf.reduce_sum(tf.matmul(x, x, transpose_a: true) * C(new double[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } })));
    [Test] public void ReduceSumAndMean() => CheckGradient(x => tf.reduce_mean(x, axis: 1, keepdims: true) * tf.reduce_sum(x, axis: 0, keepdims: true) + tf.reduce_mean(x));
    [Test] public void Softmax() => CheckGradient(x => tf.nn.softmax(x) * C(Other));
    [Test] public void SoftmaxCrossEntropyAsLab071() =>
        CheckGradient(x => tf.reduce_mean(-tf.reduce_sum(C(new double[,] { { 0, 0, 1 }, { 1, 0, 0 } }) * tf.log(tf.nn.softmax(x)), axis: 1)));
    [Test] public void ReshapeTranspose() => CheckGradient(x => tf.transpose(tf.reshape(x, new[] { 3, 2 })) * C(Other) + tf.expand_dims(x, 0)[0]);

    [Test]
    public void CastPassesTheGradientThroughInTheSourceDtype()
    {
        var x = tf.placeholder(tf.float64, new[] { 2 });
        var g = tf.gradients(tf.reduce_sum(tf.cast(x, tf.float32) * 3.0), x)[0]!;
        Assert.That(g.dtype, Is.EqualTo(tf.float64));
        using var sess = tf.Session();
        Assert.That(sess.run(g, (x, new[] { 1.0, 2.0 })).ToArray<double>(), Is.EqualTo(new[] { 3.0, 3.0 }));
    }
    [Test] public void StackAndUnstack() => CheckGradient(x => tf.stack(new[] { x, x * 2.0 }, axis: 1) * 1.5);

    [Test]
    public void L2RegularisationAddsTwiceLambdaW()
    {
        // Lecture 07: cost + 0.001 * tf.reduce_sum(tf.square(W)): its gradient adds 0.002 * W.
        var W = tf.Variable(tf.constant(new[,] { { 1.5, -2.0 }, { 0.5, 4.0 } }));
        var X = tf.constant(new[,] { { 1.0, 2.0 } });
        var cost = tf.reduce_mean(tf.square(tf.matmul(X, W)));
        var regularised = cost + 0.001 * tf.reduce_sum(tf.square(W.AsTensor()));
        var g = tf.gradients(cost, W)[0]!;
        var gr = tf.gradients(regularised, W)[0]!;
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        var (plain, reg, w) = sess.run((g, gr, W));
        var expected = plain!.ToArray<float>().Zip(w!.ToArray<float>(), (p, wv) => p + 0.002f * wv);
        Assert.That(reg!.ToArray<float>(), Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void GradientOfUnrelatedTensorIsNull()
    {
        var a = tf.placeholder(tf.float32, new[] { 2 });
        var b = tf.placeholder(tf.float32, new[] { 2 });
        var grads = tf.gradients(tf.reduce_sum(a), new object[] { a, b });
        Assert.That(grads[0], Is.Not.Null);
        Assert.That(grads[1], Is.Null);
    }

    [Test]
    public void NoGradientForAnOpWithoutARule()
    {
        var x = tf.placeholder(tf.float32, new[] { 3 });
        // reduce_max has TF's gradient now; reduce_prod's rule is not built yet.
        var e = Assert.Throws<LookupError>(() => tf.gradients(tf.reduce_prod(x), x))!;
        Assert.That(e.Message, Does.Contain("no gradient is defined for operation"));
        Assert.That(e.Message, Does.Contain("Prod"));
    }

    [Test]
    public void Float32GradientsFollowTfFormulas()
    {
        // softmax/log cross-entropy: g = -Y/N * (1/h); dz = (g - sum(g * h, 1)) * h (labs.md section 1), in float32.
        var logits = new float[,] { { 0.2f, -1.3f, 2.1f }, { 1.1f, 0.4f, -0.6f } };
        var y = new float[,] { { 0, 0, 1 }, { 0, 1, 0 } };
        var z = tf.placeholder(tf.float32, new[] { 2, 3 });
        var h = tf.nn.softmax(z);
        var cost = tf.reduce_mean(-tf.reduce_sum(tf.constant(y) * tf.log(h), axis: 1));
        var g = tf.gradients(cost, z)[0]!;
        using var sess = tf.Session();
        var (hv, gv) = sess.run((h, g), (z, logits));
        var hh = hv!.ToArray<float>();
        var expected = new float[6];
        for (int r = 0; r < 2; r++)
        {
            var gr = new float[3];
            float s = 0;
            for (int c = 0; c < 3; c++) gr[c] = (y[r, c] * (-1f / 2f)) * (1f / hh[r * 3 + c]);
            for (int c = 0; c < 3; c++) s += gr[c] * hh[r * 3 + c];
            for (int c = 0; c < 3; c++) expected[r * 3 + c] = (gr[c] - s) * hh[r * 3 + c];
        }
        Assert.That(gv!.ToArray<float>(), Is.EqualTo(expected));
    }
}
