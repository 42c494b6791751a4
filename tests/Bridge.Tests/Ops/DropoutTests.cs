using Bridge.Philox;
using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>
/// tf.nn.dropout as TF 1.0's Python builds it (nn_ops.py): keep_prob + random_uniform, floor, x / keep_prob * mask.
/// The expected masks are recomputed from TF's Philox uniform stream for the same op seeds; the op-id counts are
/// those of the ops TF 1.0's Python creates, so later random ops get TF's seeds.
/// </summary>
public class DropoutTests : GraphFixture
{
    private const long DefaultGraphSeed = 87654321;

    private static readonly float[,] X = { { 1f, -2f, 3f, 4f }, { 5f, 6f, -7f, 8f }, { 0.5f, 10f, 11f, -12f } };

    [Test]
    public void KeepProbOneReturnsXItself()
    {
        var x = tf.constant(X);
        Assert.That(tf.nn.dropout(x, 1.0), Is.SameAs(x), "TF returns x when keep_prob is the constant 1");
        var kp = tf.placeholder(tf.float32);
        var y = tf.nn.dropout(x, kp);
        using var sess = tf.Session();
        Assert.That(sess.run(y, (kp, 1.0f)).ToArray<float>(), Is.EqualTo(X.Cast<float>().ToArray()));
    }

    [Test]
    public void SeededMaskIsFloorOfKeepProbPlusTfUniform()
    {
        const float keep = 0.6f;
        var y = tf.nn.dropout(tf.constant(X), keep, seed: 7);
        Assert.That(RandomDraw.Seeds(y.op.Inputs[1].op.Inputs[0].op.Inputs[1].op), Is.EqualTo((DefaultGraphSeed, 7L)), "the RandomUniform's op seeds");
        Assert.That(y.shape, Is.EqualTo(new Shape(3, 4)));
        using var sess = tf.Session();
        var got = sess.run(y).ToArray<float>();
        var u = new TfPhilox(DefaultGraphSeed, 7).Uniform(12);
        var x = X.Cast<float>().ToArray();
        int kept = 0;
        for (int i = 0; i < 12; i++)
        {
            float mask = MathF.Floor(keep + (u[i] * (1f - 0f) + 0f));
            Assert.That(got[i], Is.EqualTo(x[i] / keep * mask), $"element {i}");
            kept += (int)mask;
        }
        Assert.That(kept, Is.InRange(1, 11), "some kept, some dropped");
    }

    [Test]
    public void MaskEqualsTheSameSeededRandomUniform()
    {
        var x = tf.constant(X);
        var y = tf.nn.dropout(x, 0.5, seed: 3);
        var u = tf.random_uniform(new[] { 3, 4 }, seed: 3);
        var expected = tf.multiply(tf.divide(x, 0.5f), tf.floor(tf.add(0.5f, u)));
        using var sess = tf.Session();
        var r = sess.run(new[] { y, expected });
        Assert.That(r[0]!.ToArray<float>(), Is.EqualTo(r[1]!.ToArray<float>()));
    }

    [Test]
    public void RunTimeShapeWithPlaceholderBatchAndKeepProb()
    {
        // Lab 10-5's pattern: X fed [None, 784]-like, keep_prob a placeholder fed 0.7 (train) and 1.0 (test).
        var xp = tf.placeholder(tf.float32, new Shape(-1, 4));
        var kp = tf.placeholder(tf.float32);
        var y = tf.nn.dropout(xp, kp, seed: 5);
        Assert.That(y.shape, Is.EqualTo(new Shape(-1, 4)));
        using var sess = tf.Session();
        var got = sess.run(y, (xp, X), (kp, 0.7f)).ToArray<float>();
        var u = new TfPhilox(DefaultGraphSeed, 5).Uniform(12);
        var x = X.Cast<float>().ToArray();
        for (int i = 0; i < 12; i++)
            Assert.That(got[i], Is.EqualTo(x[i] / 0.7f * MathF.Floor(0.7f + u[i])), $"element {i}");
        Assert.That(sess.run(y, (xp, X), (kp, 1.0f)).ToArray<float>(), Is.EqualTo(x), "keep_prob 1 fed: x");
        var two = new float[2, 4];
        Assert.That(sess.run(y, (xp, two), (kp, 0.5f)).shape, Is.EqualTo(new Shape(2, 4)), "another batch size");
    }

    [Test]
    public void RandomUniformTakesARunTimeShape()
    {
        var xp = tf.placeholder(tf.float32, new Shape(-1, 3));
        var u = tf.random_uniform(tf.shape(xp), seed: 2);
        Assert.That(u.shape, Is.EqualTo(new Shape(-1, 3)));
        using var sess = tf.Session();
        Assert.That(sess.run(u, (xp, new float[2, 3])).ToArray<float>(), Is.EqualTo(new TfPhilox(DefaultGraphSeed, 2).Uniform(6)));
    }

    [Test]
    public void NoiseShapeBroadcastKeepsWholeRows()
    {
        var y = tf.nn.dropout(tf.constant(X), 0.5, noise_shape: new[] { 3, 1 }, seed: 11);
        using var sess = tf.Session();
        var got = sess.run(y).ToArray<float>();
        var u = new TfPhilox(DefaultGraphSeed, 11).Uniform(3);
        var x = X.Cast<float>().ToArray();
        for (int r = 0; r < 3; r++)
        {
            float mask = MathF.Floor(0.5f + u[r]);
            for (int c = 0; c < 4; c++)
                Assert.That(got[r * 4 + c], Is.EqualTo(x[r * 4 + c] / 0.5f * mask), $"row {r} col {c}");
        }
    }

    [Test]
    public void BadKeepProb()
    {
        var x = tf.constant(X);
        foreach (var bad in new object[] { 0.0, 1.5, -0.1, 0 })
        {
            var e = Assert.Throws<ValueError>(() => tf.nn.dropout(x, bad))!;
            Assert.That(e.Message, Does.Contain("keep_prob must be a scalar tensor or a float in the range (0, 1], got"));
        }
        var v = Assert.Throws<ValueError>(() => tf.nn.dropout(x, tf.constant(new[] { 0.5f, 0.5f })))!;
        Assert.That(v.Message, Does.Contain("tf.nn.dropout").And.Contain("[2]").And.Contain("scalar"));
        var d = Assert.Throws<ValueError>(() => tf.nn.dropout(x, tf.constant(0.5, tf.float64)))!;
        Assert.That(d.Message, Does.Contain("float32").And.Contain("float64"));
        var i = Assert.Throws<ValueError>(() => tf.nn.dropout(tf.constant(new[] { 1, 2 }), 0.5))!;
        Assert.That(i.Message, Does.Contain("tf.nn.dropout").And.Contain("int32"));
    }

    // TF 1.0's dropout creates: keep_prob's Const (if a number), Shape (or the noise_shape Const), the Consts minval and
    // maxval, RandomUniform, Sub, Mul, Add (random_uniform), then Add, Floor, RealDiv, Mul.
    [Test]
    public void OpIdsAsTf10()
    {
        var g = tf.get_default_graph();
        var x = tf.constant(X);
        var kp = tf.placeholder(tf.float32);
        var xp = tf.placeholder(tf.float32, new Shape(-1, 4));
        int Ids(Func<object> f)
        {
            int before = g.LastId;
            f();
            return g.LastId - before;
        }
        Assert.That(Ids(() => tf.nn.dropout(x, 0.5)), Is.EqualTo(12));
        Assert.That(Ids(() => tf.nn.dropout(x, kp)), Is.EqualTo(11), "no Const for a tensor keep_prob");
        Assert.That(Ids(() => tf.nn.dropout(xp, kp)), Is.EqualTo(11), "a run-time shape");
        Assert.That(Ids(() => tf.nn.dropout(x, 0.5, noise_shape: new[] { 3, 1 })), Is.EqualTo(12), "the noise_shape Const instead of Shape");
        Assert.That(Ids(() => tf.nn.dropout(x, 1.0)), Is.EqualTo(1), "keep_prob 1: only its Const");
        Assert.That(Ids(() => tf.nn.dropout(X, 0.5)), Is.EqualTo(13), "and x's Const");
        Assert.That(Ids(() => tf.random_uniform(tf.shape(x))), Is.EqualTo(7), "Shape, 2 Consts, RandomUniform, Sub, Mul, Add");
    }

    [Test]
    public void LaterRandomNormalGetsTfSeed()
    {
        tf.set_random_seed(777);
        var x = tf.constant(X); // id 1
        var y = tf.nn.dropout(x, 0.5); // ids 2 .. 13: the RandomUniform's op seed is id 5 (after Const, Shape, 2 Consts)
        Assert.That(RandomDraw.Seeds(y.op.Inputs[1].op.Inputs[0].op.Inputs[1].op), Is.EqualTo((777L, 5L)));
        var n = tf.random_normal(new[] { 2 }); // 3 Consts (14 .. 16), then the seed
        Assert.That(RandomDraw.Seeds(n.op), Is.EqualTo((777L, 16L)));
    }

    [Test]
    public void GradientMatchesNumericWithFixedSeed()
    {
        var x0 = new double[,] { { 0.3, -1.2, 2.0 }, { 0.7, 1.5, -0.4 } };
        var c = new double[,] { { 1.0, 2.0, -1.0 }, { 0.5, -3.0, 4.0 } };
        var xp = tf.placeholder(tf.float64, new Shape(2, 3));
        var loss = tf.reduce_sum(tf.multiply(tf.nn.dropout(xp, 0.6, seed: 4), tf.constant(c, tf.float64)));
        var grad = tf.gradients(loss, xp)[0]!;
        double[] analytic;
        using (var s = tf.Session()) analytic = s.run(grad, (xp, x0)).ToArray<double>();
        const double eps = 1e-4;
        int nonzero = 0;
        for (int i = 0; i < 6; i++)
        {
            double L(double d)
            {
                var xv = (double[,])x0.Clone();
                xv[i / 3, i % 3] += d;
                using var s = tf.Session(); // each session restarts the op's stream: the same mask
                return s.run(loss, (xp, xv)).ToArray<double>()[0];
            }
            double numeric = (L(eps) - L(-eps)) / (2 * eps);
            Assert.That(analytic[i], Is.EqualTo(numeric).Within(1e-8), $"element {i}");
            if (analytic[i] != 0) nonzero++;
        }
        Assert.That(nonzero, Is.InRange(1, 5), "some elements kept, some dropped");
    }
}
