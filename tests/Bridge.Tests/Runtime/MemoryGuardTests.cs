using Bridge.Runtime;
using static Bridge.Binding;

namespace Bridge.Tests.Runtime;

/// <summary>
/// Bounded memory (issue 15): a shape whose element count overflows, or whose bytes exceed what the process can give,
/// fails at once with TF's ResourceExhaustedError naming the op, the shape and the bytes, before anything is allocated
/// (measured: the failing call allocates less than 1 MB); at build time where the shape is known then, at run time
/// before the kernel where it was partial. Negative dimensions are TF's ValueError.
/// </summary>
[NonParallelizable]
public class MemoryGuardTests : GraphFixture
{
    [TearDown]
    public void NoOverride() => MemoryGuard.LimitOverride = null;

    // A run's first call also allocates its plan and the JIT's code (a few MB): far below the values refused here.
    private static ResourceExhaustedError Exhausted(Func<object?> body, params string[] fragments) => Exhausted(1 << 20, body, fragments);

    private static ResourceExhaustedError Exhausted(long maxAllocated, Func<object?> body, params string[] fragments)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ResourceExhaustedError>(() => body())!;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.LessThan(maxAllocated), "nothing is allocated before the error");
        foreach (var f in fragments) Assert.That(e.Message, Does.Contain(f));
        Assert.That(e.Message, Does.Contain("OOM when allocating tensor with shape").And.Contain("- help:"));
        return e;
    }

    [Test]
    public void Zeros_ones_and_fill_too_large_for_one_array_fail_at_once()
    {
        Exhausted(() => tf.zeros(new Shape(100000, 100000)), "tf.zeros", "[100000, 100000]", "float32", "40,000,000,000 bytes", "10000000000 elements");
        Exhausted(() => tf.ones(new Shape(50000, 50000)), "tf.ones", "[50000, 50000]", "10,000,000,000 bytes");
        Exhausted(() => tf.fill(new[] { 100000, 100000 }, 1.0), "tf.fill", "[100000, 100000]");
        Exhausted(() => tf.zeros(new Shape(60000, 60000), tf.float64), "float64", "28,800,000,000 bytes");
    }

    [Test]
    public void An_element_count_that_overflows_int64_is_named()
    {
        Exhausted(() => tf.zeros(new Shape(1L << 40, 1L << 40)), "tf.zeros", "[1099511627776, 1099511627776]", "overflows int64");
        Exhausted(() => tf.ones(new Shape(1L << 62, 4)), "overflows int64");
    }

    [Test]
    public void A_zero_dimension_makes_any_other_size_empty()
    {
        using var sess = tf.Session();
        var r = sess.run(tf.zeros(new Shape(0, 1L << 40)));
        Assert.That((r.size, r.shape.dims), Is.EqualTo((0L, new[] { 0L, 1L << 40 })));
    }

    [Test]
    public void Random_ops_and_one_hot_too_large_fail_at_once()
    {
        Exhausted(() => tf.random_normal(new Shape(100000, 100000)), "tf.random_normal", "[100000, 100000]");
        Exhausted(() => tf.random_uniform(new Shape(100000, 100000)), "tf.random_uniform");
        Exhausted(() => tf.truncated_normal(new Shape(100000, 100000)), "tf.truncated_normal");
        Exhausted(() => tf.one_hot(new[] { 1, 2 }, int.MaxValue), "tf.one_hot", "[2, 2147483647]", "17,179,869,176 bytes");
    }

    [Test]
    public void Bytes_beyond_the_limit_fail_with_the_limit_named()
    {
        MemoryGuard.LimitOverride = 1 << 20;
        Exhausted(() => tf.zeros(new Shape(1000, 1000)), "4,000,000 bytes", "more than the 1.0 MiB", "BRIDGE_MEMORY_LIMIT");
        Assert.That(tf.zeros(new Shape(100, 100)).shape.dims, Is.EqualTo(new[] { 100L, 100L }), "a value within the limit builds");
    }

    [Test]
    public void A_shape_known_only_at_run_time_is_checked_before_the_kernel()
    {
        var idx = tf.placeholder(tf.int32, new Shape(-1));
        var oh = tf.one_hot(idx, 1 << 30);
        using var sess = tf.Session();
        Exhausted(32 << 20, () => sess.run(oh, (idx, new[] { 0, 1, 2 })), "tf.one_hot 'one_hot'", "[3, 1073741824]", "12,884,901,888 bytes");

        MemoryGuard.LimitOverride = 256 << 10;
        var x = tf.placeholder(tf.float32, new Shape(-1, 1000));
        var z = tf.zeros_like(x) + tf.ones_like(x);
        Assert.That(sess.run(tf.size(z), (x, new float[10, 1000])).ToArray<int>(), Is.EqualTo(new[] { 10000 }));
        var y = tf.random_uniform(tf.shape(x));
        var feed = new float[100, 1000];
        Exhausted(32 << 20, () => sess.run(y, (x, feed)), "tf.random_uniform", "[100, 1000]", "400,000 bytes", "more than the 256.0 KiB");
    }

    [Test]
    public void Negative_dimensions_are_a_value_error_naming_them()
    {
        foreach (var body in new Action[] { () => tf.zeros(new Shape(-2, 3)), () => tf.ones(new Shape(3, -5)), () => tf.random_normal(new Shape(-2, 3)) })
        {
            var e = Assert.Throws<ValueError>(() => body())!;
            Assert.That(e.Message, Does.Contain("negative dimension").And.Contain("must be >= 0").And.Contain("- help:"));
            Assert.That(e.Message, Does.Not.Contain("fully known"));
        }
        Assert.That(Assert.Throws<ValueError>(() => tf.zeros(new Shape(-2, 3)))!.Message, Does.StartWith("tf.zeros: the shape [-2, 3] has the negative dimension -2 at index 0"));
    }
}
