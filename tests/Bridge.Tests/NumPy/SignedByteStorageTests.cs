using Bridge.Backend;
using static Bridge.Binding;

namespace Bridge.Tests.NumPy;

/// <summary>
/// int8 and uint8 kept apart (found by the differential fuzzer, issue 15): the CLR lets a byte[] pass `is sbyte[]` and
/// an sbyte[] pass `is byte[]` (array covariance), so type patterns on the storage treated int8 values as uint8 (cast
/// of -5 gave 251, comparisons and abs of negative int8 were wrong) or uint8 as int8; the dtype decides now.
/// </summary>
[NonParallelizable]
public class SignedByteStorageTests : GraphFixture
{
    [TearDown]
    public void BySize() => PlacementRule.Placement = Placement.BySize;

    [TestCase("by-size")]
    [TestCase("managed")]
    [TestCase("torch")]
    public void Int8_and_uint8_values_keep_their_sign(string placement)
    {
        PlacementRule.Placement = placement switch { "managed" => Placement.Managed, "torch" => Placement.Torch, _ => Placement.BySize };
        var i8 = tf.constant(np.array(new[] { -5, 3, -128 }, tf.int8));
        var u8 = tf.constant(np.array(new[] { 200, 3, 128 }, tf.uint8));
        using var sess = tf.Session();
        Assert.That(sess.run(tf.cast(i8, tf.int32)).ToArray<int>(), Is.EqualTo(new[] { -5, 3, -128 }));
        Assert.That(sess.run(tf.cast(i8, tf.float32)).ToArray<float>(), Is.EqualTo(new[] { -5f, 3f, -128f }));
        Assert.That(sess.run(tf.abs(i8)).ToArray<sbyte>(), Is.EqualTo(new sbyte[] { 5, 3, -128 }), "TF's abs wraps -128");
        Assert.That(sess.run(tf.less(i8, tf.zeros_like(i8))).ToArray<bool>(), Is.EqualTo(new[] { true, false, true }));
        Assert.That(sess.run(tf.cast(u8, tf.int32)).ToArray<int>(), Is.EqualTo(new[] { 200, 3, 128 }));
        Assert.That(sess.run(tf.greater(u8, tf.constant(np.array(new[] { 100, 100, 100 }, tf.uint8)))).ToArray<bool>(), Is.EqualTo(new[] { true, false, true }));
        var toI8 = sess.run(tf.cast(u8, tf.int8));
        Assert.That((toI8.dtype, toI8.ToArray<sbyte>()), Is.EqualTo((tf.int8, new sbyte[] { -56, 3, -128 })), "uint8 to int8 wraps, and is int8");
        var ones = sess.run(tf.ones(new Shape(2), tf.int8));
        Assert.That((ones.dtype, ones.ToArray<int>()), Is.EqualTo((tf.int8, new[] { 1, 1 })), "a fill of int8 is int8");
        Assert.That(sess.run(tf.reduce_min(i8)).ToArray<int>(), Is.EqualTo(new[] { -128 }));
    }
}
