using Bridge.Backend.Torch;
using static Bridge.Binding;

namespace Bridge.Tests.Engine;

/// <summary>
/// The libtorch-side kernels' float32 results in run-scoped pooled buffers (HybridKernels, TorchKernels.FloatOutput):
/// a buffer serves again only after its run ended, a value kept beyond the run is a copy, and a reused buffer's old
/// values never leak into a result (MaxPoolGrad adds into its buffer, so it must clear it).
/// </summary>
public class OutputBufferTests : GraphFixture
{
    private static NDArray Values(int seed, params long[] dims)
    {
        var rng = new System.Random(seed);
        long n = dims.Aggregate(1L, (a, b) => a * b);
        var v = new float[n];
        for (long i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 2 - 1);
        return new NDArray(v, dims);
    }

    private static float[] Floats(NDArray a) => (float[])a.Storage;

    [Test]
    public void ABufferServesAgainOnlyInALaterRunAndKeptValuesAreCopies()
    {
        var x = tf.placeholder(tf.float32, new[] { 200, 100 }); // 20000 elements: libtorch's side, pooled
        var y = tf.nn.relu(x);
        var k = new HybridKernels();
        NDArray a = Values(1, 200, 100), b = Values(2, 200, 100);
        // Torch tensors as inputs: a fed NDArray would be copied into a pooled buffer of the same shape.
        using var ta = TorchSharp.torch.tensor(Floats(a), [200, 100]);
        using var tb = TorchSharp.torch.tensor(Floats(b), [200, 100]);
        object first, other, kept;
        using (k.OpenScope())
        {
            first = k.Execute(y.op, [ta])[0];
            other = k.Execute(y.op, [tb])[0];
            Assert.That(other, Is.Not.SameAs(first), "two results of one run never share a buffer");
            Assert.That(k.ReleasableBytes(first), Is.EqualTo(0), "the executor must not free a pooled buffer early");
            kept = k.Keep(first);
            Assert.That(kept, Is.Not.SameAs(first), "a kept value is a copy of the pooled buffer");
        }
        using (k.OpenScope())
        {
            var again = k.Execute(y.op, [tb])[0];
            Assert.That(again, Is.SameAs(first).Or.SameAs(other), "a buffer of the first run serves again");
        }
        var expected = Floats(a).Select(v => v < 0 ? 0f : v).ToArray();
        Assert.That(Floats(k.ToNDArray(kept)), Is.EqualTo(expected), "the kept value is the first run's, not overwritten");
        k.Release(kept);
    }

    /// <summary>
    /// Runs relu on a libtorch tensor of <paramref name="rows"/> x 1024 (a pooled result) in one run of
    /// <paramref name="k"/>; returns the result, which is this run's buffer.
    /// </summary>
    private static object ReluRun(HybridKernels k, Tensor y, int rows, int seed)
    {
        using var input = TorchSharp.torch.tensor(Floats(Values(seed, rows, 1024)), [rows, 1024]);
        using (k.OpenScope())
        {
            var result = k.Execute(y.op, [input])[0];
            var expected = Floats(Values(seed, rows, 1024)).Select(v => v < 0 ? 0f : v).ToArray();
            Assert.That(Floats(k.ToNDArray(result)), Is.EqualTo(expected), $"relu of {rows} rows");
            return result;
        }
    }

    [Test]
    public void ThePoolLetsGoOfShapesNoLongerInUseBeyondItsIdleLimit()
    {
        var x = tf.placeholder(tf.float32, new[] { -1, 1024 });
        var y = tf.nn.relu(x);
        const long limit = 1L << 20; // 1 MiB of idle buffers; each run's result is 64 to 79 rows of 4 KiB
        var k = new HybridKernels(limit);
        for (int rows = 64; rows < 80; rows++)
        {
            ReluRun(k, y, rows, rows);
            long thisRun = rows * 1024L * 4;
            Assert.That(k.PooledBytes, Is.LessThanOrEqualTo(limit + thisRun), $"after the run of {rows} rows");
        }
        Assert.That(k.PooledBytes, Is.GreaterThan(limit / 2), "recent shapes are kept");
        // A shape in steady use keeps its buffer from run to run, whatever was evicted before.
        var first = ReluRun(k, y, 70, 1);
        Assert.That(ReluRun(k, y, 70, 2), Is.SameAs(first), "the same buffer serves the same shape's next run");
        k.Dispose();
        Assert.That(k.PooledBytes, Is.Zero, "a closed session's kernels hold no buffer");
    }

    [Test]
    public void WithoutTheLimitEveryShapeWouldStay()
    {
        // The bound above is the trimming's, not the pool's natural size: the same runs under a large limit keep all.
        var x = tf.placeholder(tf.float32, new[] { -1, 1024 });
        var y = tf.nn.relu(x);
        var k = new HybridKernels(long.MaxValue);
        long total = 0;
        for (int rows = 64; rows < 80; rows++)
        {
            ReluRun(k, y, rows, rows);
            total += rows * 1024L * 4;
        }
        Assert.That(k.PooledBytes, Is.EqualTo(total));
        k.Dispose();
    }

    [Test]
    public void AVariableAssignedAViewOfAPooledResultKeepsItsValue()
    {
        // tf.reshape on libtorch's side is a view of the pooled Relu result: the variable must not keep that view,
        // or the next run's Relu into the same buffer would change the variable.
        var x = tf.placeholder(tf.float32, new[] { 200, 100 });
        var v = tf.Variable(tf.zeros(new[] { 20000 }));
        var assign = tf.assign(v, tf.reshape(tf.nn.relu(x), new[] { 20000 }));
        var other = tf.nn.relu(x) * 2f;
        NDArray a = Values(11, 200, 100), b = Values(12, 200, 100);
        var saved = Bridge.Backend.PlacementRule.Placement;
        Bridge.Backend.PlacementRule.Placement = Bridge.Backend.Placement.Torch;
        try
        {
            using var sess = tf.Session();
            sess.run(v.initializer);
            sess.run(assign, (x, a));
            sess.run(other, (x, b));
            var expected = Floats(a).Select(f => f < 0 ? 0f : f).ToArray();
            Assert.That(Floats(sess.run(v)), Is.EqualTo(expected), "the variable holds relu(a), whatever later runs computed");
        }
        finally { Bridge.Backend.PlacementRule.Placement = saved; }
    }

    [Test]
    public void RunsOnReusedBuffersGiveAFreshSessionsBits()
    {
        // Lab 11-1's layer: relu, max_pool (2x2, stride 2, SAME on an odd size), a weighted sum; its gradient runs
        // ReluGrad and MaxPoolGrad (which adds into its buffer) on buffers the previous run used.
        var x = tf.placeholder(tf.float32, new[] { 4, 29, 29, 32 });
        var pooled = tf.nn.max_pool(tf.nn.relu(x), ksize: new[] { 1, 2, 2, 1 }, strides: new[] { 1, 2, 2, 1 }, padding: "SAME");
        var weights = tf.constant(Values(3, 4, 15, 15, 32));
        var dx = tf.gradients(tf.reduce_sum(tf.nn.relu(pooled) * weights), x)[0]!;
        NDArray a = Values(4, 4, 29, 29, 32), b = Values(5, 4, 29, 29, 32);
        float[] fresh;
        using (var one = tf.Session()) fresh = Floats(one.run(dx, (x, b)));
        using var sess = tf.Session();
        var first = Floats(sess.run(dx, (x, a)));
        var second = Floats(sess.run(dx, (x, b)));
        Assert.That(second, Is.EqualTo(fresh), "the second run's gradient, on the first run's buffers");
        Assert.That(Floats(sess.run(dx, (x, a))), Is.EqualTo(first), "and back");
        Assert.That(second, Is.Not.EqualTo(first), "the inputs differ, so must the gradients");
    }

    // MaxPoolGrad routes with the indices its MaxPool kept in the same run, or pools again: the same gradient either
    // way, ties included (integers 0..3 give many), overlapping windows too; the fallback when orig_output is a copy
    // of the pooled tensor, not that tensor, or when the gradient runs without its pooling in the run.
    [TestCase(2, 2, "SAME")]
    [TestCase(3, 2, "VALID")]
    [TestCase(3, 1, "SAME")]
    public void MaxPoolGradWithTheKeptIndicesEqualsPoolingAgain(int window, int stride, string padding)
    {
        var rnd = new System.Random(7);
        long[] dims = [4, 29, 29, 32];
        var xv = new float[dims.Aggregate(1L, (a, b) => a * b)];
        for (int i = 0; i < xv.Length; i++) xv[i] = rnd.Next(4);
        var fedX = tf.placeholder(tf.float32, new[] { 4, 29, 29, 32 });
        // The pooled input is a libtorch-side result, as in lab 11 (a fed value is copied into a tensor for each reader,
        // so MaxPoolGrad's orig_input would be another tensor than the pooling's: it pools again).
        var x = tf.nn.relu(fedX);
        var y = tf.nn.max_pool(x, ksize: new[] { 1, window, window, 1 }, strides: new[] { 1, stride, stride, 1 }, padding: padding);
        var weights = tf.constant(Values(8, y.shape.dims));
        var dx = tf.gradients(tf.reduce_sum(y * weights), x)[0]!;
        Assert.That(dx.op.type, Is.EqualTo("MaxPoolGrad"));
        // The same op kind on a copy of the pooled values (y + 0 is another tensor): orig_output is not the pooled tensor.
        var copy = ConvOps.MaxPoolGrad.Build("test", "MaxPoolGrad", [x, y + tf.constant(0f), dx.op.Inputs[2]], dx.op.Attr).outputs[0];
        var input = new NDArray(xv, dims);
        using var sess = tf.Session();
        long before = TorchKernels.IndicesReused;
        var reused = Floats(sess.run(dx, (fedX, input)));
        Assert.That(TorchKernels.IndicesReused, Is.EqualTo(before + 1), "the gradient used the pooling's indices");
        var again = Floats(sess.run(copy, (fedX, input)));
        Assert.That(TorchKernels.IndicesReused, Is.EqualTo(before + 1), "a copy of the pooled values is not the pooled tensor");
        Assert.That(again, Is.EqualTo(reused), "indices kept and recomputed route alike");
        // The gradient alone, its pooling's result fed: pooled in no run, so pooled again.
        var fedY = sess.run(y, (fedX, input));
        var fed = Floats(sess.run(dx, (fedX, input), (y, fedY)));
        Assert.That(TorchKernels.IndicesReused, Is.EqualTo(before + 1), "a fed orig_output has no indices");
        Assert.That(fed, Is.EqualTo(reused));
        Assert.That(reused.Count(v => v != 0), Is.GreaterThan(0), "the gradient routes somewhere");
    }
}
