using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>
/// The math and logic ops of TF 1.x's core API, each checked against TF's documented values (its docstrings and
/// kernel tests: cwise_ops_test.py, reduction_ops_test.py) and its CPU functors' edge cases. The op walk
/// (OpRegistryTests) covers their dtypes and numeric gradients.
/// </summary>
public class MathOpsTests : GraphFixture
{
    private static T[] Run<T>(Tensor t) where T : unmanaged
    {
        using var sess = tf.Session();
        return sess.run(t).ToArray<T>();
    }

    [Test]
    public void MaximumAndMinimumFollowEigensComparisonsIncludingNaN()
    {
        var x = tf.constant(new[] { 1f, -2f, float.NaN, 0f });
        var y = tf.constant(new[] { 0f, -1f, 0f, float.NaN });
        // Eigen: max = x < y ? y : x, min = y < x ? y : x: a NaN in x wins, a NaN in y loses.
        Assert.That(Run<float>(tf.maximum(x, y)), Is.EqualTo(new[] { 1f, -1f, float.NaN, 0f }));
        Assert.That(Run<float>(tf.minimum(x, y)), Is.EqualTo(new[] { 0f, -2f, float.NaN, 0f }));
        Assert.That(Run<int>(tf.maximum(new[] { 3, -7 }, 2)), Is.EqualTo(new[] { 3, 2 }));
        Assert.That(Run<float>(tf.clip_by_value(new[] { -1.0, 0.5, 2.0 }, 0.0, 1.0)), Is.EqualTo(new[] { 0f, 0.5f, 1f }));
    }

    [Test]
    public void PowAsTheDocstringShowsAndIntegersWrapOrRefuseNegativeExponents()
    {
        // TF's docstring: pow([[2, 2], [3, 3]], [[8, 16], [2, 3]]) = [[256, 65536], [9, 27]].
        Assert.That(Run<int>(tf.pow(new[,] { { 2, 2 }, { 3, 3 } }, new[,] { { 8, 16 }, { 2, 3 } })), Is.EqualTo(new[] { 256, 65536, 9, 27 }));
        Assert.That(Run<int>(tf.pow(new[] { 2 }, new[] { 31 })), Is.EqualTo(new[] { int.MinValue }), "two's complement wrap");
        Assert.That(Run<long>(tf.pow(np.array(new[] { 3L }), np.array(new[] { 39L }))), Is.EqualTo(new[] { 4052555153018976267L }), "all 64 bits");
        Assert.That(Run<float>(tf.pow(new[] { 2.0, 4.0 }, new[] { 0.5, -1.0 })), Is.EqualTo(new[] { MathF.Pow(2, 0.5f), 0.25f }));
        var e = Assert.Throws<InvalidArgumentError>(() => Run<int>(tf.pow(new[] { 2 }, new[] { -1 })))!;
        Assert.That(e.Message, Does.Contain("negative integer powers").And.Contain("help:"));
    }

    [Test]
    public void FloorDivisionAndModuloArePythons()
    {
        Assert.That(Run<int>(tf.floordiv(new[] { 7, -7, 7, -7 }, new[] { 2, 2, -2, -2 })), Is.EqualTo(new[] { 3, -4, -4, 3 }));
        Assert.That(Run<int>(tf.floormod(new[] { 7, -7, 7, -7 }, new[] { 3, 3, -3, -3 })), Is.EqualTo(new[] { 1, 2, -2, -1 }));
        Assert.That(Run<float>(tf.floordiv(new[] { -7.5, 7.5 }, 2.0)), Is.EqualTo(new[] { -4f, 3f }));
        Assert.That(Run<float>(tf.floormod(new[] { -7.5, 7.5 }, 2.0)), Is.EqualTo(new[] { 0.5f, 1.5f }));
        Assert.That(Run<int>(tf.truncatediv(new[] { 7, -7 }, new[] { 2, 2 })), Is.EqualTo(new[] { 3, -3 }));
        Assert.That(Run<int>(tf.constant(new[] { -7 }) % 3), Is.EqualTo(new[] { 2 }), "C#'s % is TF's FloorMod");
        foreach (var op in new Func<Tensor>[] { () => tf.floordiv(new[] { 1 }, new[] { 0 }), () => tf.floormod(new[] { 1 }, new[] { 0 }), () => tf.truncatediv(new[] { 1 }, new[] { 0 }) })
            Assert.That(Assert.Throws<InvalidArgumentError>(() => Run<int>(op()))!.Message, Does.Contain("Integer division by zero"));
        Assert.Throws<TypeError>(() => tf.truncatediv(new[] { 1.0 }, new[] { 2.0 }), "TF has no float TruncateDiv kernel");
    }

    [Test]
    public void RoundHalvesToEvenAsTf10sFunctor()
    {
        // TF's docstring: round([0.9, 2.5, 2.3, 1.5, -4.5]) = [1.0, 2.0, 2.0, 2.0, -4.0].
        Assert.That(Run<float>(tf.round(new[] { 0.9, 2.5, 2.3, 1.5, -4.5 })), Is.EqualTo(new[] { 1f, 2f, 2f, 2f, -4f }));
        Assert.That(Run<float>(tf.round(new[] { 0.49999997f, -0.5f, 3.5f })), Is.EqualTo(new[] { 0f, -0f, 4f }));
        Assert.That(Run<int>(tf.round(new[] { 3, -2 })), Is.EqualTo(new[] { 3, -2 }));
        Assert.That(Run<float>(tf.ceil(new[] { -1.5, 1.2, 2.0 })), Is.EqualTo(new[] { -1f, 2f, 2f }));
    }

    [Test]
    public void SignReciprocalAndRsqrt()
    {
        Assert.That(Run<float>(tf.sign(new[] { -2.0f, 0f, 3f, float.NaN })), Is.EqualTo(new[] { -1f, 0f, 1f, 0f }), "Eigen: sign(NaN) = 0");
        Assert.That(Run<long>(tf.sign(np.array(new[] { -5L, 0L, 9L }))), Is.EqualTo(new[] { -1L, 0L, 1L }));
        Assert.That(Run<float>(tf.reciprocal(new[] { 4.0, -0.5 })), Is.EqualTo(new[] { 0.25f, -2f }));
        Assert.That(Run<float>(tf.rsqrt(new[] { 4.0, 0.25 })), Is.EqualTo(new[] { 0.5f, 2f }));
        var x = tf.constant(new[] { 1.5f, -2f });
        Assert.That(Run<float>(tf.gradients(tf.reduce_sum(tf.sign(x)), x)[0]!), Is.EqualTo(new[] { 0f, 0f }), "TF's _SignGrad gives zeros, not None");
    }

    [Test]
    public void LogicalOpsAndOperators()
    {
        var a = tf.constant(new[] { true, true, false, false });
        var b = tf.constant(new[] { true, false, true, false });
        Assert.That(Run<bool>(tf.logical_and(a, b)), Is.EqualTo(new[] { true, false, false, false }));
        Assert.That(Run<bool>(tf.logical_or(a, b)), Is.EqualTo(new[] { true, true, true, false }));
        Assert.That(Run<bool>(tf.logical_xor(a, b)), Is.EqualTo(new[] { false, true, true, false }));
        Assert.That(Run<bool>(tf.logical_not(a)), Is.EqualTo(new[] { false, false, true, true }));
        Assert.That(Run<bool>((a & b) | ~a), Is.EqualTo(new[] { true, false, true, true }));
        Assert.Throws<TypeError>(() => tf.logical_and(new[] { 1, 0 }, new[] { 1, 1 }), "logical ops take bools");
    }

    [Test]
    public void ClassifyingFloats()
    {
        var x = tf.constant(new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1f });
        Assert.That(Run<bool>(tf.is_nan(x)), Is.EqualTo(new[] { true, false, false, false }));
        Assert.That(Run<bool>(tf.is_inf(x)), Is.EqualTo(new[] { false, true, true, false }));
        Assert.That(Run<bool>(tf.is_finite(x)), Is.EqualTo(new[] { false, false, false, true }));
    }

    [Test]
    public void WhereSelectsOrGivesCoordinates()
    {
        var cond = tf.constant(new[,] { { true, false }, { false, true } });
        Assert.That(Run<float>(tf.where(cond, new[,] { { 1.0, 2.0 }, { 3.0, 4.0 } }, new[,] { { -1.0, -2.0 }, { -3.0, -4.0 } })), Is.EqualTo(new[] { 1f, -2f, -3f, 4f }));
        // TF's docstring: a vector condition picks whole rows.
        Assert.That(Run<int>(tf.where(new[] { false, true }, new[,] { { 1, 2 }, { 3, 4 } }, new[,] { { 5, 6 }, { 7, 8 } })), Is.EqualTo(new[] { 5, 6, 3, 4 }));
        var coordinates = tf.where(cond);
        Assert.That(coordinates.shape.ToString(), Is.EqualTo("(?, 2)"));
        using (var sess = tf.Session())
        {
            var r = sess.run(coordinates);
            Assert.That(r.dtype, Is.EqualTo(tf.int64));
            Assert.That(r.shape.dims, Is.EqualTo(new long[] { 2, 2 }));
            Assert.That(r.ToArray<long>(), Is.EqualTo(new long[] { 0, 0, 1, 1 }));
        }
        Assert.Throws<ValueError>(() => tf.where(cond, new[,] { { 1.0, 2.0 }, { 3.0, 4.0 } }), "x without y");
        Assert.That(Assert.Throws<ValueError>(() => tf.where(cond, new[] { 1.0, 2.0, 3.0 }, new[] { 1.0, 2.0, 3.0 }))!.Message, Does.Contain("[2, 2]").And.Contain("[3]"));
    }

    [Test]
    public void ReduceAllAnyAndCountNonzeroAsTheDocstrings()
    {
        var x = tf.constant(new[,] { { true, true }, { false, false } });
        Assert.That(Run<bool>(tf.reduce_all(x)), Is.EqualTo(new[] { false }));
        Assert.That(Run<bool>(tf.reduce_all(x, axis: 0)), Is.EqualTo(new[] { false, false }));
        Assert.That(Run<bool>(tf.reduce_all(x, axis: 1)), Is.EqualTo(new[] { true, false }));
        Assert.That(Run<bool>(tf.reduce_any(x)), Is.EqualTo(new[] { true }));
        Assert.That(Run<bool>(tf.reduce_any(x, axis: 0)), Is.EqualTo(new[] { true, true }));
        Assert.That(Run<bool>(tf.reduce_any(x, axis: 1)), Is.EqualTo(new[] { true, false }));
        var empty = tf.zeros(new[] { 0, 2 }, tf.@bool);
        Assert.That(Run<bool>(tf.reduce_all(empty, axis: 0)), Is.EqualTo(new[] { true, true }), "all over nothing is true");
        Assert.That(Run<bool>(tf.reduce_any(empty, axis: 0)), Is.EqualTo(new[] { false, false }));
        var n = tf.constant(new[,] { { 0, 1, 0 }, { 1, 1, 0 } });
        Assert.That(Run<long>(tf.count_nonzero(n)), Is.EqualTo(new[] { 3L }));
        Assert.That(Run<long>(tf.count_nonzero(n, axis: 0)), Is.EqualTo(new[] { 1L, 2L, 0L }));
        Assert.That(Run<long>(tf.count_nonzero(n, axis: 1)), Is.EqualTo(new[] { 1L, 2L }));
        Assert.That(tf.count_nonzero(n, axis: 1, keepdims: true).shape.ToString(), Is.EqualTo("(2, 1)"));
        Assert.Throws<TypeError>(() => tf.reduce_all(new[] { 1, 0 }), "reduce_all takes bools");
    }

    [Test]
    public void AddNSumsTensorsOfOneShape()
    {
        var a = tf.constant(new[] { 1.0, 2.0 });
        Assert.That(Run<float>(tf.add_n(new object[] { a, a, new[] { 0.5, 0.5 } })), Is.EqualTo(new[] { 2.5f, 4.5f }));
        Assert.That(tf.add_n(new object[] { a }), Is.SameAs(a), "one input is returned as it is");
        Assert.Throws<ValueError>(() => tf.add_n(new object[] { a, tf.constant(new[] { 1, 2 }) }));
        Assert.Throws<ValueError>(() => tf.add_n(new object[] { a, tf.constant(new[] { 1.0, 2.0, 3.0 }) }));
    }

    [Test]
    public void OneHotTakesItsDtypeFromOnAndOffValuesAsTf1x()
    {
        Assert.That(tf.one_hot(new[] { 0, 1 }, 2, on_value: 5, off_value: -1).dtype, Is.EqualTo(tf.int32), "int values: int32");
        Assert.That(tf.one_hot(new[] { 0, 1 }, 2, on_value: 5.0).dtype, Is.EqualTo(tf.float32), "a double: float32");
        Assert.That(tf.one_hot(new[] { 0, 1 }, 2).dtype, Is.EqualTo(tf.float32), "none given: float32");
        Assert.That(Run<int>(tf.one_hot(new[] { 1 }, 3, on_value: 7)), Is.EqualTo(new[] { 0, 7, 0 }));
        Assert.That(Assert.Throws<TypeError>(() => tf.one_hot(new[] { 0 }, 2, on_value: 1, dtype: tf.float32))!.Message, Does.Contain("int32").And.Contain("float32"));
        Assert.Throws<TypeError>(() => tf.one_hot(new[] { 0 }, 2, on_value: 1, off_value: 0.0));
    }

    [Test]
    public void ReductionsOfNothingGiveTfsIdentities()
    {
        Assert.That(Run<float>(tf.reduce_prod(tf.zeros(new[] { 0 }))), Is.EqualTo(new[] { 1f }));
        // TF 1.x fills an empty max with the reducer's identity, the dtype's lowest value (-3.4028235e+38 for
        // float32, not -inf: TF issue #3510, a maintainer's answer; #4131), and an empty min with its highest.
        Assert.That(Run<float>(tf.reduce_max(tf.zeros(new[] { 0, 2 }), axis: 0)), Is.EqualTo(new[] { float.MinValue, float.MinValue }));
        Assert.That(Run<float>(tf.reduce_min(tf.zeros(new[] { 0 }))), Is.EqualTo(new[] { float.MaxValue }));
        Assert.That(Run<int>(tf.reduce_min(tf.zeros(new[] { 0 }, tf.int32))), Is.EqualTo(new[] { int.MaxValue }));
        Assert.That(Run<long>(tf.reduce_max(tf.zeros(new[] { 0 }, tf.int64))), Is.EqualTo(new[] { long.MinValue }));
        Assert.That(Run<long>(tf.reduce_min(tf.zeros(new[] { 0 }, tf.int64))), Is.EqualTo(new[] { long.MaxValue }));
        var e = Assert.Throws<InvalidArgumentError>(() => tf.reduce_sum(new[,] { { 1, 2 } }, axis: new[] { 1, 1 }))!;
        Assert.That(e.Message, Does.Contain("duplicate dimension: 1").And.Contain("help:"));
    }

    [Test]
    public void ComparisonsWithTheNumberOnTheLeft()
    {
        var a = tf.constant(new[] { 5, 15 });
        Assert.That(Run<bool>(10 > a), Is.EqualTo(new[] { true, false }));
        Assert.That(Run<bool>(10 <= a), Is.EqualTo(new[] { false, true }));
        Assert.That(Run<int>(2 * a), Is.EqualTo(new[] { 10, 30 }));
    }

    [Test]
    public void StringConstantsHoldUtf8BytesAndPrintAsPython3Bytes()
    {
        var hello = tf.constant("Hello, TensorFlow!");
        Assert.That(hello.dtype, Is.EqualTo(TF_DataType.TF_STRING));
        Assert.That(hello.ToString(), Is.EqualTo("Tensor(\"Const:0\", shape=(), dtype=string)"));
        using var sess = tf.Session();
        var value = sess.run(hello);
        Assert.That(PyFormat.Str(value), Is.EqualTo("b'Hello, TensorFlow!'"));
        Assert.That(sess.run(tf.constant(new[] { "é", "b" })).shape.dims, Is.EqualTo(new long[] { 2 }));
        Assert.That(Assert.Throws<TypeError>(() => tf.constant(new object[] { "a", 1 }))!.Message, Does.Contain("strings and numbers"));
        Assert.Throws<TypeError>(() => tf.constant("a", tf.float32));
    }

    [Test]
    public void StopGradientPassesTheValueButNoGradient()
    {
        var x = tf.constant(new[] { 1.0f, 2.0f });
        var y = tf.multiply(tf.stop_gradient(x), x); // d/dx = stop_gradient(x) = x, not 2x
        Assert.That(Run<float>(tf.gradients(tf.reduce_sum(y), x)[0]!), Is.EqualTo(new[] { 1f, 2f }));
        Assert.That(Run<float>(tf.gradients(tf.reduce_sum(tf.identity(x) * x), x)[0]!), Is.EqualTo(new[] { 2f, 4f }));
        Assert.That(tf.gradients(tf.reduce_sum(tf.stop_gradient(x)), x)[0], Is.Null);
    }

    [Test]
    public void ListsHoldingTensorsAreStackedAsTfAutoPacks()
    {
        var t = tf.constant(new[] { 1.0, 2.0 });
        var packed = tf.stop_gradient(new object[] { t, new[] { 3.0, 4.0 } });
        Assert.That(packed.shape.ToString(), Is.EqualTo("(2, 2)"));
        Assert.That(Run<float>(packed), Is.EqualTo(new[] { 1f, 2f, 3f, 4f }));
        // Lab 06-2's labels=tf.stop_gradient([Y_one_hot]): shape [1, N, classes], flattened to [N, classes] as TF does.
        var logits = tf.constant(new[,] { { 1.0, 1.0, 1.0, 1.0 }, { 1.0, 1.0, 1.0, 1.0 } });
        var labels = tf.constant(new[,] { { 0.0, 0.0, 0.0, 1.0 }, { 1.0, 0.0, 0.0, 0.0 } });
        var loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels: tf.stop_gradient(new object[] { labels }), logits: logits);
        Assert.That(Run<float>(loss), Is.EqualTo(new[] { 1.3862944f, 1.3862944f }), "xent_op_test.py's value");
    }
}
