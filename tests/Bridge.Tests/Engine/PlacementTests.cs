using Bridge.Backend.Torch;
using static Bridge.Binding;

namespace Bridge.Tests.Engine;

/// <summary>Which side of the engine seam an op runs on, by the sizes of its inputs and of what it writes.</summary>
public class PlacementTests : GraphFixture
{
    private static NDArray Floats(params int[] dims) => np.zeros(dims.Select(d => (long)d).ToArray(), tf.float32);

    private static bool Managed(Tensor result, params NDArray[] inputs) =>
        new HybridKernels().RunsManaged(result.op, inputs.Cast<object>().ToArray());

    [Test]
    public void LabSizedFloat32OpsRunManaged()
    {
        var a = tf.placeholder(tf.float32, new[] { -1, 10 });
        var b = tf.placeholder(tf.float32, new[] { 10 });
        Assert.That(Managed(a + b, Floats(100, 10), Floats(10)), Is.True, "lab 07-4's bias add");
        var w = tf.placeholder(tf.float32, new[] { 784, 10 });
        Assert.That(Managed(w - w, Floats(784, 10), Floats(784, 10)), Is.True, "managed float32 values up to 16384 elements");
        var x = tf.placeholder(tf.float32, new[] { -1, 784 });
        Assert.That(Managed(tf.matmul(x, w), Floats(10000, 784), Floats(784, 10)), Is.True, "a narrow product at any size");
    }

    [Test]
    public void SmallInputsThatBroadcastToALargeResultRunOnLibtorch()
    {
        // [200, 1] - [1, 200] writes 40000 elements: sized by its result, not by its 200-element inputs.
        var column = tf.placeholder(tf.float32, new[] { 200, 1 });
        var row = tf.placeholder(tf.float32, new[] { 1, 200 });
        Assert.That(Managed(column - row, Floats(200, 1), Floats(1, 200)), Is.False);
        Assert.That(Managed(column - row, Floats(50, 1), Floats(1, 50)), Is.True, "2500 elements stay managed");
    }

    [Test]
    public void LargeOrNonFloatValuesRunOnLibtorch()
    {
        var a = tf.placeholder(tf.float32, new[] { -1, 10 });
        Assert.That(Managed(a * a, Floats(2000, 10), Floats(2000, 10)), Is.False, "20000 elements");
        var i = tf.placeholder(tf.int32, new[] { -1 });
        Assert.That(Managed(i + i, np.zeros(new long[] { 8000 }, tf.int32), np.zeros(new long[] { 8000 }, tf.int32)), Is.False, "int32 above 4096 elements");
        var x = tf.placeholder(tf.float32, new[] { -1, 100 });
        var w = tf.placeholder(tf.float32, new[] { 100, 100 });
        Assert.That(Managed(tf.matmul(x, w), Floats(1000, 100), Floats(100, 100)), Is.False, "a wide product");
    }
}
