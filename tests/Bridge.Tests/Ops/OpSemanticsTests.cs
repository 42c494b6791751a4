using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>Op semantics beyond the lab-08 cells, each compared with what TF 1.x computes.</summary>
public class OpSemanticsTests : GraphFixture
{
    private static T[] Run<T>(Tensor t) where T : unmanaged
    {
        using var sess = tf.Session();
        return sess.run(t).ToArray<T>();
    }

    [Test]
    public void FloorRoundsTowardMinusInfinityAndKeepsSignedZerosAndSpecials()
    {
        // TF 1.x's Floor is std::floor per element: -0.0 stays -0.0, NaN and infinities pass through; no gradient flows.
        var x = tf.constant(new[] { -1.5f, -0.5f, -0.0f, 0.5f, 1.7f, 2.0f, float.NaN, float.NegativeInfinity });
        var r = Run<float>(tf.floor(x));
        Assert.That(r[..6], Is.EqualTo(new[] { -2f, -1f, 0f, 0f, 1f, 2f }));
        Assert.That(float.IsNegative(r[2]), Is.True, "floor(-0.0) is -0.0");
        Assert.That(float.IsNaN(r[6]) && float.IsNegativeInfinity(r[7]), Is.True);
        Assert.That(Run<double>(tf.floor(np.array(new[] { -2.5, 3.99 }))), Is.EqualTo(new[] { -3.0, 3.0 }));
        Assert.That(tf.gradients(tf.reduce_sum(tf.floor(x)), x)[0], Is.Null);
        Assert.Throws<TypeError>(() => tf.floor(new[] { 1, 2 }), "TF 1.x has no integer Floor kernel");
    }

    [Test]
    public void OneHotOutOfRangeAndNegativeIndicesGiveAllOffRows() =>
        Assert.That(Run<float>(tf.one_hot(new[] { 0, -1, 3, 2 }, depth: 3)),
            Is.EqualTo(new float[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }));

    [Test]
    public void OneHotHonoursOnOffValuesAxisAndDtype()
    {
        var t = tf.one_hot(new[] { 0, 2 }, depth: 3, on_value: 5, off_value: -1, axis: 0, dtype: tf.int32);
        Assert.That(t.shape.dims, Is.EqualTo(new long[] { 3, 2 }));
        Assert.That(Run<int>(t), Is.EqualTo(new[] { 5, -1, -1, -1, -1, 5 }));
    }

    [Test]
    public void ReductionsWithKeepdimsAndSeveralAxes()
    {
        var x = new[,,] { { { 1.0, 2.0 }, { 3.0, 4.0 } }, { { 5.0, 6.0 }, { 7.0, 8.0 } } };
        var t = tf.reduce_sum(x, axis: new[] { 0, 2 }, keepdims: true);
        Assert.That(t.shape.dims, Is.EqualTo(new long[] { 1, 2, 1 }));
        Assert.That(Run<float>(t), Is.EqualTo(new[] { 14f, 22f }));
        Assert.That(Run<float>(tf.reduce_max(x, axis: -1)), Is.EqualTo(new[] { 2f, 4f, 6f, 8f }));
        Assert.That(Run<float>(tf.reduce_min(x)), Is.EqualTo(new[] { 1f }));
        Assert.That(Run<float>(tf.reduce_prod(x, axis: new[] { 1, 2 })), Is.EqualTo(new[] { 24f, 1680f }));
    }

    [Test]
    public void ArgminAndTies()
    {
        Assert.That(Run<long>(tf.argmin(new[,] { { 3, 1, 1 }, { 0, 5, 0 } }, axis: 1)), Is.EqualTo(new long[] { 1, 0 }));
        Assert.That(Run<long>(tf.argmax(new[] { 2, 7, 7 })), Is.EqualTo(new long[] { 1 }));
    }

    [Test]
    public void SqueezeExpandDimsTransposeDefaults()
    {
        Assert.That(tf.squeeze(new[,,] { { { 1 }, { 2 } } }).shape.dims, Is.EqualTo(new long[] { 2 }));
        Assert.That(tf.squeeze(new[,,] { { { 1 }, { 2 } } }, axis: 0).shape.dims, Is.EqualTo(new long[] { 2, 1 }));
        Assert.That(tf.expand_dims(new[] { 1, 2 }, -1).shape.dims, Is.EqualTo(new long[] { 2, 1 }));
        var t = tf.transpose(new[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.That(t.shape.dims, Is.EqualTo(new long[] { 3, 2 }));
        Assert.That(Run<int>(t), Is.EqualTo(new[] { 1, 4, 2, 5, 3, 6 }));
    }

    [Test]
    public void UnstackAndConcat()
    {
        var parts = tf.unstack(new[,] { { 1, 2 }, { 3, 4 } }, axis: 1);
        Assert.That(parts, Has.Length.EqualTo(2));
        Assert.That(Run<int>(parts[1]), Is.EqualTo(new[] { 2, 4 }));
        Assert.That(Run<int>(tf.concat(new object[] { new[,] { { 1, 2 } }, new[,] { { 3, 4 } } }, axis: 0)), Is.EqualTo(new[] { 1, 2, 3, 4 }));
    }

    [Test]
    public void SoftmaxSigmoidAndElementwiseMath()
    {
        var sm = Run<float>(tf.nn.softmax(new[,] { { 1.0, 2.0, 3.0 } }));
        double e1 = Math.Exp(-2), e2 = Math.Exp(-1), sum = e1 + e2 + 1;
        Assert.That(sm, Is.EqualTo(new[] { (float)(e1 / sum), (float)(e2 / sum), (float)(1 / sum) }).Within(1e-7f));
        Assert.That(Run<float>(tf.sigmoid(new[] { 0.0 })), Is.EqualTo(new[] { 0.5f }));
        Assert.That(Run<float>(tf.log(new[] { 0.0 })), Is.EqualTo(new[] { float.NegativeInfinity }));
        Assert.That(Run<float>(tf.sqrt(new[] { 4.0 })), Is.EqualTo(new[] { 2f }));
        Assert.That(Run<float>(tf.exp(new[] { 0.0 })), Is.EqualTo(new[] { 1f }));
        Assert.That(Run<int>(tf.abs(new[] { -3 })), Is.EqualTo(new[] { 3 }));
        Assert.That(Run<float>(-tf.constant(new[] { 2.0 })), Is.EqualTo(new[] { -2f }));
        Assert.That(Run<float>(tf.square(new[] { 3.0 })), Is.EqualTo(new[] { 9f }));
        Assert.That(Run<bool>(tf.equal(new[] { 1, 2 }, new[] { 1, 3 })), Is.EqualTo(new[] { true, false }));
        Assert.That(Run<bool>(tf.not_equal(new[] { 1, 2 }, new[] { 1, 3 })), Is.EqualTo(new[] { false, true }));
        Assert.That(Run<bool>(tf.less(new[] { 1, 2 }, 2)), Is.EqualTo(new[] { true, false }));
    }

    [Test]
    public void ShapeRankSize()
    {
        var x = new[,] { { 1, 2, 3 }, { 4, 5, 6 } };
        Assert.That(Run<int>(tf.rank(x)), Is.EqualTo(new[] { 2 }));
        Assert.That(Run<int>(tf.size(x)), Is.EqualTo(new[] { 6 }));
        Assert.That(Run<int>(tf.shape(x)), Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public void RandomOpsDrawNewValuesEachRunAndAreSeededByOpId()
    {
        tf.set_random_seed(777);
        var r = tf.random_normal(new[] { 3 });
        using var sess = tf.Session();
        var first = sess.run(r).ToArray<float>();
        var second = sess.run(r).ToArray<float>();
        Assert.That(first[0], Is.EqualTo(2.20866942f), "op seed 3: TF 1.x's first value");
        Assert.That(second, Is.Not.EqualTo(first), "a stateful random op advances on every run, as in TF");
        var u = tf.random_uniform(new[] { 1000 }, minval: -2, maxval: 3);
        var values = sess.run(u).ToArray<float>();
        Assert.That(values.Min(), Is.GreaterThanOrEqualTo(-2f));
        Assert.That(values.Max(), Is.LessThan(3f));
    }

    [Test]
    public void NamesAreUniqueAsInTf()
    {
        var a = tf.constant(1);
        var b = tf.constant(2);
        var c = tf.constant(3, name: "x");
        var d = tf.constant(4, name: "x");
        Assert.That(new[] { a.name, b.name, c.name, d.name }, Is.EqualTo(new[] { "Const:0", "Const_1:0", "x:0", "x_1:0" }));
        Assert.That(a.ToString(), Is.EqualTo("Tensor(\"Const:0\", shape=(), dtype=int32)"));
    }

    [Test]
    public void FetchListsAndTuples()
    {
        var a = tf.constant(1.0);
        var b = tf.constant(new[] { 2, 3 });
        using var sess = tf.Session();
        var (x, y) = sess.run((a, b));
        Assert.That((float)x!, Is.EqualTo(1f));
        Assert.That(y!.ToArray<int>(), Is.EqualTo(new[] { 2, 3 }));
        var many = sess.run(new[] { a, b });
        Assert.That(many, Has.Length.EqualTo(2));
    }
}
