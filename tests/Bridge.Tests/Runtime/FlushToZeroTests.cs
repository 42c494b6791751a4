using Bridge.Kernels;
using static Bridge.Binding;

namespace Bridge.Tests.Runtime;

/// <summary>TF's CPU kernels flush denormal float32 results to zero; Bridge's runs do the same.</summary>
public class FlushToZeroTests : GraphFixture
{
    [Test]
    public void IsSupportedHere() => Assert.That(FlushToZero.IsSupported, Is.True);

    [Test]
    public void DenormalResultsBecomeZero()
    {
        using var sess = tf.Session();
        // exp(-88.72) = 2.9e-39 is below FLT_MIN (1.18e-38): a denormal, which TF flushes to 0, so log gives -inf.
        Assert.That(sess.run(tf.exp(new[] { -88.72 })).ToArray<float>()[0], Is.EqualTo(0f));
        Assert.That(sess.run(tf.log(tf.exp(new[] { -88.72 }))).ToArray<float>()[0], Is.EqualTo(float.NegativeInfinity));
        Assert.That(sess.run(tf.multiply(new[] { 1e-20 }, new[] { 1e-20 })).ToArray<float>()[0], Is.EqualTo(0f));
        // Normal numbers are untouched.
        Assert.That(sess.run(tf.exp(new[] { -87.0 })).ToArray<float>()[0], Is.EqualTo(MathF.Exp(-87f)).Within(1).Ulps);
    }

    [Test]
    public void CallersFloatingPointEnvironmentIsRestored()
    {
        using var sess = tf.Session();
        sess.run(tf.exp(new[] { 1.0 }));
        float tiny = 1.1754944e-38f;
        Assert.That(tiny * 0.5f, Is.GreaterThan(0f), "outside Session.run, .NET keeps IEEE denormals");
    }
}
