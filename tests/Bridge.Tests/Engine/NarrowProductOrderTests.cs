using Bridge.Kernels;
using static Bridge.Binding;

namespace Bridge.Tests.Engine;

/// <summary>
/// Lab 07-4's narrow products, at full size, are computed in TF's sequential addition order (the vectorized kernel,
/// on either side of the engine seam), not by libtorch's BLAS, which adds in another order.
/// </summary>
public class NarrowProductOrderTests : GraphFixture
{
    private static float[] Draw(int count, int seed)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-2, 3)))).ToArray();
    }

    [Test]
    public void Lab074ProductsFollowTfOrderAtFullSize()
    {
        var x = Draw(100 * 784, 1);
        var w = Draw(784 * 10, 2);
        var g = Draw(100 * 10, 3);
        var X = tf.placeholder(tf.float32, new[] { -1, 784 });
        var G = tf.placeholder(tf.float32, new[] { -1, 10 });
        var W = tf.Variable(np.array(w).reshape(784, 10));
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        var forward = sess.run(tf.matmul(X, W), (X, np.array(x).reshape(100, 784))).ToArray<float>();
        var gradient = sess.run(tf.matmul(X, G, transpose_a: true), (X, np.array(x).reshape(100, 784)), (G, np.array(g).reshape(100, 10))).ToArray<float>();

        var expectedForward = new float[100 * 10];
        TfMatMul.SequentialScalar(x, w, 100, 784, 10, false, false, expectedForward);
        var expectedGradient = new float[784 * 10];
        TfMatMul.SequentialScalar(x, g, 784, 100, 10, true, false, expectedGradient);
        Assert.That(forward.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expectedForward.Select(BitConverter.SingleToInt32Bits)));
        Assert.That(gradient.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expectedGradient.Select(BitConverter.SingleToInt32Bits)));
    }
}
