using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>TF 1.x's dtype rules: literals, integer arithmetic, no silent promotion.</summary>
public class DTypeRuleTests : GraphFixture
{
    [Test]
    public void CSharpLiteralsFollowPythonLiteralsInTf()
    {
        Assert.That(tf.constant(1).dtype, Is.EqualTo(tf.int32));
        Assert.That(tf.constant(new[] { 1, 2 }).dtype, Is.EqualTo(tf.int32));
        Assert.That(tf.constant(1.5).dtype, Is.EqualTo(tf.float32));
        Assert.That(tf.constant(new[] { 1.5, 2.5 }).dtype, Is.EqualTo(tf.float32));
        Assert.That(tf.constant(new[] { 1.5f }).dtype, Is.EqualTo(tf.float32));
        Assert.That(tf.constant(new[] { 1L }).dtype, Is.EqualTo(tf.int64));
        Assert.That(tf.constant(new[] { true }).dtype, Is.EqualTo(tf.@bool));
    }

    [Test]
    public void NDArraysKeepTheirDtype()
    {
        Assert.That(np.array(new[] { 1.0, 2.0 }).dtype, Is.EqualTo(np.float64));
        Assert.That(np.array(new[] { 1, 2 }).dtype, Is.EqualTo(np.int64));
        Assert.That(tf.constant(np.array(new[] { 1.0, 2.0 })).dtype, Is.EqualTo(tf.float64));
        Assert.That(tf.reshape(np.array(new[] { 1, 2 }), new[] { 2, 1 }).dtype, Is.EqualTo(tf.int64));
    }

    [Test]
    public void IntegerMeanTruncatesTowardZero()
    {
        using var sess = tf.Session();
        Assert.That((int)sess.run(tf.reduce_mean(new[] { 1, 2 })), Is.EqualTo(1));
        Assert.That((int)sess.run(tf.reduce_mean(new[] { -3, 2 })), Is.EqualTo(0), "-0.5 truncates to 0, not -1");
        Assert.That((int)sess.run(tf.reduce_mean(new[] { -3, -2 })), Is.EqualTo(-2), "-2.5 truncates to -2");
        Assert.That(sess.run(tf.reduce_mean(new[] { 1, 2 })).dtype, Is.EqualTo(tf.int32));
    }

    [Test]
    public void IntegerSumsStayInt32()
    {
        using var sess = tf.Session();
        var s = sess.run(tf.reduce_sum(new[,] { { 1, 2 }, { 3, 4 } }, axis: 0));
        Assert.That(s.dtype, Is.EqualTo(tf.int32));
        Assert.That(s.ToArray<int>(), Is.EqualTo(new[] { 4, 6 }));
    }

    [Test]
    public void ArgmaxIsInt64AndDefaultsToAxis0()
    {
        using var sess = tf.Session();
        var a = sess.run(tf.argmax(new[,] { { 0, 5 }, { 3, 1 } }));
        Assert.That(a.dtype, Is.EqualTo(tf.int64));
        Assert.That(a.ToArray<long>(), Is.EqualTo(new long[] { 1, 0 }));
    }

    [Test]
    public void Int32TrueDivisionGivesFloat64()
    {
        using var sess = tf.Session();
        var q = tf.constant(new[] { 1, 3 }) / tf.constant(new[] { 2, 2 });
        Assert.That(q.dtype, Is.EqualTo(tf.float64));
        Assert.That(sess.run(q).ToArray<double>(), Is.EqualTo(new[] { 0.5, 1.5 }));
        Assert.That(tf.divide(tf.constant(new[] { 1.0f }), 2).dtype, Is.EqualTo(tf.float32));
    }

    [Test]
    public void PythonNumbersTakeTheTensorsDtype()
    {
        using var sess = tf.Session();
        var x = tf.constant(new[] { 1.0, 2.0 });
        Assert.That((1 - x).dtype, Is.EqualTo(tf.float32));
        Assert.That(sess.run(1 - x).ToArray<float>(), Is.EqualTo(new[] { 0f, -1f }));
        Assert.That((x > 1.5).dtype, Is.EqualTo(tf.@bool));
        Assert.That((tf.constant(new[] { 1, 2 }) * 3).dtype, Is.EqualTo(tf.int32));
    }

    [Test]
    public void CastTruncatesAndConvertsBools()
    {
        using var sess = tf.Session();
        Assert.That(sess.run(tf.cast(new[] { -1.8, 1.8, 2.5 }, tf.int32)).ToArray<int>(), Is.EqualTo(new[] { -1, 1, 2 }));
        Assert.That(sess.run(tf.cast(new[] { true, false }, tf.float32)).ToArray<float>(), Is.EqualTo(new[] { 1f, 0f }));
    }

    [Test]
    public void OnesLikeAndZerosLikeKeepTheDtype()
    {
        using var sess = tf.Session();
        Assert.That(sess.run(tf.ones_like(new[] { 1.5 })).dtype, Is.EqualTo(tf.float32));
        Assert.That(sess.run(tf.zeros_like(np.array(new[] { 1, 2 }))).dtype, Is.EqualTo(tf.int64));
        Assert.That(sess.run(tf.ones(new[] { 2, 2 })).ToArray<float>(), Is.EqualTo(new[] { 1f, 1f, 1f, 1f }));
    }
}
