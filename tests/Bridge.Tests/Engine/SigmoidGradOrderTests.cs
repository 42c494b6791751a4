using Bridge.Backend;
using Bridge.Kernels;
using static Bridge.Binding;

namespace Bridge.Tests.Engine;

/// <summary>
/// TF 1.0's SigmoidGrad multiplies in two orders: its packet function dy * (y * (1 - y)) over the full SSE packets of
/// four floats, its scalar function (dy * y) * (1 - y) over the last size % 4 elements (cwise_ops_gradients.h,
/// scalar_sigmoid_gradient_op, as Eigen's executor splits a tensor). Lab 05-1's six-row hypothesis reproduces its
/// 2017 record only with that split.
/// </summary>
public class SigmoidGradOrderTests : GraphFixture
{
    private static float PacketOrder(float y, float dy) => dy * (y * (1f - y));

    private static float ScalarOrder(float y, float dy) => dy * y * (1f - y);

    /// <summary>Pairs (y, dy) on which the two orders round differently, found by a fixed-seed search.</summary>
    private static (float[] y, float[] dy) Disagreeing(int count)
    {
        var random = new System.Random(5);
        var y = new List<float>();
        var dy = new List<float>();
        while (y.Count < count)
        {
            float a = (float)random.NextDouble(), b = (float)(random.NextDouble() - 0.5);
            if (PacketOrder(a, b) == ScalarOrder(a, b)) continue;
            y.Add(a);
            dy.Add(b);
        }
        return (y.ToArray(), dy.ToArray());
    }

    [TestCase(6, true)]
    [TestCase(6, false)]
    [TestCase(11, true)]
    [TestCase(11, false)]
    [TestCase(3, true)]
    [TestCase(3, false)]
    public void PacketsThenScalarTail(int count, bool managed)
    {
        var (y, dy) = Disagreeing(count);
        var grad = GradientOps.SigmoidGrad.Build("test", "SigmoidGrad", [tf.constant(y), tf.constant(dy)]).outputs[0];
        PlacementRule.Placement = managed ? Placement.Managed : Placement.Torch;
        try
        {
            using var sess = tf.Session();
            var got = sess.run(grad).ToArray<float>();
            int packed = count / 4 * 4;
            var expected = Enumerable.Range(0, count).Select(i => i < packed ? PacketOrder(y[i], dy[i]) : ScalarOrder(y[i], dy[i]));
            Assert.That(got.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)));
        }
        finally { PlacementRule.Placement = Placement.BySize; }
    }

    [Test]
    public void TwoDimensionalGradientSplitsOverTheFlatElements()
    {
        // A [3, 2] tensor is six flat elements to Eigen: the first four in a packet, elements 4 and 5 (row 2) scalar.
        var (y, dy) = Disagreeing(6);
        var grad = GradientOps.SigmoidGrad.Build("test", "SigmoidGrad",
            [tf.constant(np.array(y).reshape(3, 2)), tf.constant(np.array(dy).reshape(3, 2))]).outputs[0];
        using var sess = tf.Session();
        var got = sess.run(grad).ToArray<float>();
        var expected = Enumerable.Range(0, 6).Select(i => i < 4 ? PacketOrder(y[i], dy[i]) : ScalarOrder(y[i], dy[i]));
        Assert.That(got.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)));
    }
}
