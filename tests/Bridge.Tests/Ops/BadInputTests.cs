using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>
/// Each bad input gives a Bridge error that names the op, the shapes or dtypes, and a fix. Shapes that cannot work are a
/// ValueError when the graph is built, as in TF 1.x (its shape functions), and an InvalidArgumentError when only the run
/// finds out.
/// </summary>
public class BadInputTests : GraphFixture
{
    private static void Throws<T>(Action body, params string[] fragments) where T : BridgeException
    {
        var e = Assert.Throws<T>(body)!;
        foreach (var f in fragments) Assert.That(e.Message, Does.Contain(f));
        Assert.That(e.Message, Does.Contain("help:").Or.Contain("must"), "the message says what to do");
    }

    [Test]
    public void MatmulInnerDimensionMismatch() =>
        Throws<ValueError>(() => tf.matmul(tf.constant(new[,] { { 1.0, 2.0, 3.0 } }), tf.constant(new[,] { { 1.0, 2.0 }, { 3.0, 4.0 } })),
            "tf.matmul", "[1, 3]", "[2, 2]", "inner dimensions");

    [Test]
    public void MatmulMismatchWithPlaceholderDimensionIsCheckedAtRunTime()
    {
        // A [?, 3] by [3, 1] product is fine to build; feeding 2 columns fails at run time with the same kind of message.
        var x = tf.reshape(tf.constant(new[] { 1.0, 2.0, 3.0, 4.0 }), new[] { -1, 2 });
        var y = tf.matmul(x, tf.constant(new[,] { { 1.0 }, { 2.0 } }));
        using var sess = tf.Session();
        Assert.That(sess.run(y).shape.dims, Is.EqualTo(new long[] { 2, 1 }));
        Throws<ValueError>(() => tf.matmul(x, tf.constant(new[,] { { 1.0 }, { 2.0 }, { 3.0 } })), "tf.matmul", "[2, 2]", "[3, 1]");
    }

    [Test]
    public void MatmulOfVectorsNamesTheRank() =>
        Throws<ValueError>(() => tf.matmul(new[] { 1.0, 2.0 }, new[] { 3.0, 4.0 }), "tf.matmul", "rank");

    [Test]
    public void ShapesThatDoNotBroadcast() =>
        Throws<ValueError>(() => tf.add(tf.constant(new[,] { { 1.0, 2.0, 3.0 } }), tf.constant(new[] { 1.0, 2.0 })),
            "tf.add", "[1, 3]", "[2]", "broadcast");

    [Test]
    public void ReshapeToIncompatibleSize() =>
        Throws<ValueError>(() => tf.reshape(new[] { 1, 2, 3, 4, 5, 6 }, new[] { 4, 2 }), "tf.reshape", "[6]", "[4, 2]");

    [Test]
    public void ReshapeWithUninferableSize() =>
        Throws<ValueError>(() => tf.reshape(new[] { 1, 2, 3, 4, 5, 6 }, new[] { -1, 4 }), "tf.reshape", "not a multiple of 4");

    [Test]
    public void ReshapeWithTwoUnknowns() =>
        Throws<ValueError>(() => tf.reshape(new[] { 1, 2, 3, 4 }, new[] { -1, -1 }), "tf.reshape", "[-1, -1]", "at most one");

    [TestCase("reduce_sum")]
    [TestCase("reduce_mean")]
    [TestCase("reduce_max")]
    [TestCase("reduce_min")]
    [TestCase("reduce_prod")]
    public void ReductionAxisOutOfRange(string fn)
    {
        var x = tf.constant(new[,] { { 1.0, 2.0 }, { 3.0, 4.0 } });
        Action call = fn switch
        {
            "reduce_sum" => () => tf.reduce_sum(x, axis: 2),
            "reduce_mean" => () => tf.reduce_mean(x, axis: -3),
            "reduce_max" => () => tf.reduce_max(x, axis: new[] { 0, 5 }),
            "reduce_min" => () => tf.reduce_min(x, axis: 2),
            _ => () => tf.reduce_prod(x, axis: 2),
        };
        Throws<ValueError>(call, "tf." + fn, "out of range", "rank 2");
    }

    [Test]
    public void ArgmaxAxisOutOfRange() => Throws<ValueError>(() => tf.argmax(new[] { 1, 2 }, axis: 1), "tf.argmax", "axis 1", "rank 1");

    [Test]
    public void SqueezeAxisOutOfRange() => Throws<ValueError>(() => tf.squeeze(new[,] { { 1 } }, axis: 2), "tf.squeeze", "axis 2");

    [Test]
    public void SqueezeOfDimensionThatIsNotOne() =>
        Throws<ValueError>(() => tf.squeeze(new[,] { { 1, 2 } }, axis: 1), "tf.squeeze", "axis 1", "size is 2", "[1, 2]");

    [Test]
    public void ExpandDimsAxisOutOfRange() => Throws<ValueError>(() => tf.expand_dims(new[] { 1, 2 }, 3), "tf.expand_dims", "axis 3");

    [Test]
    public void StackAxisOutOfRange() => Throws<ValueError>(() => tf.stack(new[] { new[] { 1 }, new[] { 2 } }, axis: 3), "tf.stack", "axis 3");

    [Test]
    public void ConcatAxisOutOfRange() => Throws<ValueError>(() => tf.concat(new object[] { new[] { 1 }, new[] { 2 } }, axis: 1), "tf.concat", "axis 1");

    [Test]
    public void OneHotAxisOutOfRange() => Throws<ValueError>(() => tf.one_hot(new[] { 0, 1 }, depth: 3, axis: 3), "tf.one_hot", "axis 3");

    [Test]
    public void OneHotWithFloatIndices() => Throws<TypeError>(() => tf.one_hot(new[] { 0.0, 1.0 }, depth: 3), "tf.one_hot", "float32", "tf.cast");

    [Test]
    public void OneHotWithNegativeDepth() => Throws<InvalidArgumentError>(() => tf.one_hot(new[] { 0, 1 }, depth: -1), "tf.one_hot", "depth", "-1");

    [Test]
    public void MixedDtypesInBinaryOp() =>
        Throws<TypeError>(() => _ = tf.constant(new[] { 1, 2 }) * tf.constant(new[] { 1.5, 2.5 }), "tf.multiply", "int32", "float32", "tf.cast");

    [Test]
    public void PythonFloatMeetingIntTensor() => Throws<TypeError>(() => _ = tf.constant(new[] { 1, 2 }) * 1.5, "tf.multiply", "int32", "1.5");

    [Test]
    public void MixedDtypesInStack() =>
        Throws<TypeError>(() => tf.stack(new[] { tf.constant(new[] { 1, 2 }), tf.constant(new[] { 1.0, 2.0 }) }), "tf.stack", "int32", "float32");

    [Test]
    public void RaggedNestedArray() =>
        Throws<ValueError>(() => tf.constant(new[] { new[] { 1, 2 }, new[] { 3 } }), "tf.constant", "ragged", "same length");

    [Test]
    public void RaggedNestedArrayInNumPy() =>
        Throws<ValueError>(() => np.array(new[] { new[] { 1.0 }, new[] { 2.0, 3.0 } }), "np.array", "ragged");

    [Test]
    public void EvalWithoutDefaultSession() =>
        Throws<ValueError>(() => tf.constant(1).eval(), "eval()", "No default session", "tf.InteractiveSession()");

    [Test]
    public void RunOnDisposedSession()
    {
        var c = tf.constant(1.0);
        var sess = tf.Session();
        sess.Dispose();
        Throws<RuntimeError>(() => sess.run(c), "closed Session");
    }

    [Test]
    public void DisposedSessionIsNoLongerTheDefault()
    {
        var c = tf.constant(1.0);
        using (tf.Session()) Assert.That((float)c.eval(), Is.EqualTo(1f));
        Assert.Throws<ValueError>(() => c.eval());
    }

    [Test]
    public void FetchFromAnotherGraph()
    {
        var c = tf.constant(1.0);
        tf.reset_default_graph();
        using var sess = tf.Session();
        Throws<ValueError>(() => sess.run(c), "another graph");
    }

    [Test]
    public void LogOfIntegers() => Throws<TypeError>(() => tf.log(new[] { 1, 2 }), "tf.log", "int32", "float32");

    [Test]
    public void BadNumPyIndex()
    {
        var t = np.array(new[] { 1.0, 2.0 });
        Assert.That(Assert.Throws<IndexError>(() => _ = t[5])!.Message, Does.Contain("out of bounds"));
        Assert.That(Assert.Throws<IndexError>(() => _ = t["a:b"])!.Message, Does.Contain("cannot parse"));
    }
}
