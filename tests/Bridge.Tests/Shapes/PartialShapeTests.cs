using static Bridge.Binding;

namespace Bridge.Tests.Shapes;

/// <summary>TF 1.x's partial shapes: unknown rank and unknown dimensions, propagated by inference and checked at run time.</summary>
public class PartialShapeTests : GraphFixture
{
    [Test]
    public void APlaceholderWithoutAShapeHasUnknownRankAndTakesAnyFeed()
    {
        var x = tf.placeholder(tf.float32);
        Assert.That(x.shape.IsRankKnown, Is.False);
        Assert.That(x.shape.ndim, Is.EqualTo(-1));
        Assert.That(x.shape.ToString(), Is.EqualTo("<unknown>"));
        // TF 1.x's Tensor.__str__ leaves a shape of unknown rank out (ops.py: ", shape=%s" only if ndims is not None).
        Assert.That(x.ToString(), Is.EqualTo("Tensor(\"Placeholder:0\", dtype=float32)"));
        Assert.Throws<ValueError>(() => x.shape.as_list());
        var y = x * 2.0 + 1.0;
        Assert.That(y.shape.IsRankKnown, Is.False);
        using var sess = tf.Session();
        Assert.That(sess.run(y, (x, new[] { 1.0, 2.0, 3.0 })).ToArray<float>(), Is.EqualTo(new[] { 3f, 5f, 7f }));
        Assert.That(sess.run(y, (x, new[,] { { 1.0 }, { 2.0 } })).shape.dims, Is.EqualTo(new long[] { 2, 1 }));
        Assert.That((float)sess.run(y, (x, 4.0)), Is.EqualTo(9f));
    }

    [Test]
    public void InferenceKeepsWhatIsKnown()
    {
        var x = tf.placeholder(tf.float32, new int?[] { null, 784 });
        Assert.That(x.shape.ToString(), Is.EqualTo("(?, 784)"));
        Assert.That(x.shape.as_list(), Is.EqualTo(new int?[] { null, 784 }));
        var w = tf.zeros(new[] { 784, 10 });
        Assert.That(tf.matmul(x, w).shape.ToString(), Is.EqualTo("(?, 10)"));
        Assert.That(tf.reduce_mean(tf.placeholder(tf.float32)).shape.ToString(), Is.EqualTo("()"), "all axes of anything: a scalar");
        Assert.That(tf.reduce_sum(tf.placeholder(tf.float32), axis: 1).shape.IsRankKnown, Is.False);
        Assert.That(tf.matmul(tf.placeholder(tf.float32), w).shape.ToString(), Is.EqualTo("(?, 10)"), "MatMul is rank 2");
        Assert.That((x + tf.placeholder(tf.float32, new[] { 1 })).shape.ToString(), Is.EqualTo("(?, 784)"));
    }

    [Test]
    public void SetShapeFillsInWhatIsUnknownAndRefusesContradictions()
    {
        var x = tf.placeholder(tf.float32);
        x.shape = new int?[] { null, 3 }; // TF's set_shape
        Assert.That(x.shape.ToString(), Is.EqualTo("(?, 3)"));
        x.shape = new[] { 2, 3 };
        Assert.That(x.shape.ToString(), Is.EqualTo("(2, 3)"));
        var e = Assert.Throws<ValueError>(() => x.shape = new[] { 2, 4 })!;
        Assert.That(e.Message, Does.Contain("[2, 3]").And.Contain("[2, 4]").And.Contain("help:"));
    }

    [Test]
    public void StackOfUnknownDimensionsChecksTheFedShapes()
    {
        var a = tf.placeholder(tf.float32, new int?[] { null });
        var b = tf.placeholder(tf.float32, new int?[] { null });
        var s = tf.stack(new[] { a, b });
        Assert.That(s.shape.ToString(), Is.EqualTo("(2, ?)"));
        using var sess = tf.Session();
        Assert.That(sess.run(s, (a, new[] { 1.0, 2.0 }), (b, new[] { 3.0, 4.0 })).shape.dims, Is.EqualTo(new long[] { 2, 2 }));
        var e = Assert.Throws<InvalidArgumentError>(() => sess.run(s, (a, new[] { 1.0, 2.0 }), (b, new[] { 3.0 })))!;
        Assert.That(e.Message, Does.Contain("tf.stack").And.Contain("[2]").And.Contain("[1]"));
    }

    [Test]
    public void ConcatOfUnknownDimensionsChecksTheFedShapes()
    {
        var a = tf.placeholder(tf.float32, new int?[] { null, 2 });
        var b = tf.placeholder(tf.float32);
        var c = tf.concat(new object[] { a, b }, axis: 1);
        Assert.That(c.shape.ToString(), Is.EqualTo("(?, ?)"));
        using var sess = tf.Session();
        Assert.That(sess.run(c, (a, new[,] { { 1.0, 2.0 } }), (b, new[,] { { 3.0 } })).shape.dims, Is.EqualTo(new long[] { 1, 3 }));
        var e = Assert.Throws<InvalidArgumentError>(() => sess.run(c, (a, new[,] { { 1.0, 2.0 } }), (b, new[,] { { 3.0 }, { 4.0 } })))!;
        Assert.That(e.Message, Does.Contain("tf.concat").And.Contain("[1, 2]").And.Contain("[2, 1]"));
        Assert.Throws<ValueError>(() => tf.concat(new object[] { a, tf.placeholder(tf.float32, new int?[] { null, 3 }) }, axis: 0), "dimension 1 differs");
    }

    [Test]
    public void MatmulOfAnUnknownRankFeedChecksTheRank()
    {
        var x = tf.placeholder(tf.float32);
        var y = tf.matmul(x, tf.ones(new[] { 2, 1 }));
        using var sess = tf.Session();
        Assert.That(sess.run(y, (x, new[,] { { 1.0, 2.0 } })).ToArray<float>(), Is.EqualTo(new[] { 3f }));
        var e = Assert.Throws<InvalidArgumentError>(() => sess.run(y, (x, new[] { 1.0, 2.0 })))!;
        Assert.That(e.Message, Does.Contain("tf.matmul").And.Contain("rank"));
    }

    [Test]
    public void TrainingWithShapelessPlaceholdersAsLab02Does()
    {
        // Lab 02-2's pattern: X and Y without shapes, fed Python lists.
        tf.set_random_seed(777);
        var X = tf.placeholder(tf.float32);
        var Y = tf.placeholder(tf.float32);
        var W = tf.Variable(tf.random_normal(new[] { 1 }), name: "weight");
        var b = tf.Variable(tf.random_normal(new[] { 1 }), name: "bias");
        var cost = tf.reduce_mean(tf.square(X * W + b - Y));
        var train = tf.train.GradientDescentOptimizer(0.01f).minimize(cost);
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        for (int step = 0; step < 2001; step++)
            sess.run(train, (X, new[] { 1.0, 2.0, 3.0 }), (Y, new[] { 1.0, 2.0, 3.0 }));
        // Lab 02's line: the fit is y = x, so W goes to 1 and b to 0.
        Assert.That((float)sess.run(W)[0], Is.EqualTo(1f).Within(0.05f));
        Assert.That((float)sess.run(b)[0], Is.EqualTo(0f).Within(0.1f));
        Assert.That((float)sess.run(cost, (X, new[] { 1.0, 2.0, 3.0 }), (Y, new[] { 1.0, 2.0, 3.0 })), Is.LessThan(1e-3f));
    }
}
