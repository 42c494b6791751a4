using Bridge.Runtime;
using static Bridge.Binding;

namespace Bridge.Tests.Runtime;

/// <summary>
/// Large intermediates are freed once their last reader in the run has run (as TF frees a tensor after its last
/// consumer), so that an evaluation of many images holds each layer's activation only while the next layer reads it;
/// values still held under another name (an identity's output, a branch of tf.cond) keep theirs.
/// </summary>
public class EarlyReleaseTests : GraphFixture
{
    private const int Rows = 1024, Cols = 512; // 2 MiB of float32: above the executor's 1 MiB threshold

    private static NDArray Ones => np.ones(new Shape(Rows, Cols), np.float32);

    [Test]
    public void IntermediatesAreFreedAfterTheirLastReader()
    {
        // Above the pooled result buffers' size limit (16 MB: those are held to the run's end, below), as lab 11's
        // 10000-image evaluation's activations are.
        const int bigRows = 9000; // 18.4 MB of float32
        var x = tf.placeholder(tf.float32, new[] { -1, Cols });
        var a = x * 2f;
        var b = a + 1f;
        var c = b * 3f;
        var total = tf.reduce_sum(c);
        using var sess = tf.Session();
        long before = Interlocked.Read(ref Executor<object>.EarlyReleasedBytes);
        var r = sess.run(total, (x, np.ones(new Shape(bigRows, Cols), np.float32)));
        long freed = Interlocked.Read(ref Executor<object>.EarlyReleasedBytes) - before;
        Assert.That((float)r, Is.EqualTo(9f * bigRows * Cols));
        Assert.That(freed, Is.GreaterThanOrEqualTo(3L * bigRows * Cols * 4), "a, b and c were freed before the run ended");
    }

    [Test]
    public void PooledResultsBeyondTheRunsBudgetAreFreedEarly()
    {
        // 2 MiB results go into pooled buffers, held until the run ends (a view of one may live on), but a run holds at
        // most HybridKernels.RunResultBudgetBytes of them: a chain of 160 (320 MiB) frees at least the excess early.
        const int steps = 160;
        var x = tf.placeholder(tf.float32, new[] { -1, Cols });
        var y = x;
        for (int i = 0; i < steps; i++) y = y * (i % 2 == 0 ? 2f : 0.5f); // exact: back to 1 every two steps
        var total = tf.reduce_sum(y);
        using var sess = tf.Session();
        long before = Interlocked.Read(ref Executor<object>.EarlyReleasedBytes);
        var r = sess.run(total, (x, Ones));
        long freed = Interlocked.Read(ref Executor<object>.EarlyReleasedBytes) - before;
        Assert.That((float)r, Is.EqualTo((float)Rows * Cols));
        long bytes = (long)steps * Rows * Cols * 4;
        Assert.That(freed, Is.GreaterThanOrEqualTo(bytes - Bridge.Backend.Torch.HybridKernels.RunResultBudgetBytes - Rows * Cols * 4),
            "the results past the budget were freed after their last reader");
    }

    [Test]
    public void AValueHeldUnderAnotherNameIsKept()
    {
        var x = tf.placeholder(tf.float32, new[] { -1, Cols });
        var a = x * 2f;
        var y = tf.identity(a);   // may be the very same engine value as a
        var z = a + 1f;           // a's last reader
        var w = tf.reduce_sum(y * 2f + z);
        using var sess = tf.Session();
        for (int run = 0; run < 3; run++)
            Assert.That((float)sess.run(w, (x, Ones)), Is.EqualTo(7f * Rows * Cols), $"run {run}");
    }

    [Test]
    public void CondBranchesAndFetchedIntermediatesKeepTheirValues()
    {
        var x = tf.placeholder(tf.float32, new[] { -1, Cols });
        var p = tf.placeholder(tf.@bool);
        var a = x * 2f;
        var r = tf.cond(p, () => a + 1f, () => a - 1f);
        var s = tf.reduce_sum(r);
        using var sess = tf.Session();
        var (sum, fetchedA) = sess.run((s, a), (x, Ones), (p, true));
        Assert.That((float)sum!, Is.EqualTo(3f * Rows * Cols));
        Assert.That(fetchedA!.shape.dims, Is.EqualTo(new long[] { Rows, Cols }), "a fetched: never freed early");
        Assert.That((float)np.sum(fetchedA), Is.EqualTo(2f * Rows * Cols));
        Assert.That((float)sess.run(s, (x, Ones), (p, false)), Is.EqualTo(1f * Rows * Cols));
    }
}
