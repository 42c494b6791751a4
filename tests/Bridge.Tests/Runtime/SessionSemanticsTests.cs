using static Bridge.Binding;

namespace Bridge.Tests.Runtime;

/// <summary>Placeholders, variables and Session.run semantics of TF 1.0, and their errors.</summary>
public class SessionSemanticsTests : GraphFixture
{
    [Test]
    public void ComputedFetchesAreFromBeforeTheUpdatesAndVariablesFromAfter()
    {
        // lab 07-1's print: cost before the step, W after it.
        var W = tf.Variable(tf.constant(new[] { 1.0 }));
        var cost = tf.reduce_sum(tf.square(W.AsTensor()));
        var train = tf.train.GradientDescentOptimizer(0.25f).minimize(cost);
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        var (c, w, _) = sess.run((cost, W, train));
        Assert.That((float)c!, Is.EqualTo(1f), "cost of W = 1, before the update");
        Assert.That(w!.ToArray<float>(), Is.EqualTo(new[] { 0.5f }), "W after W -= 0.25 * 2W");
        // The same with the train op fetched first (lab 07-3's order): computed values still come first.
        var (_, c2, w2) = sess.run((train, cost, W));
        Assert.That((float)c2!, Is.EqualTo(0.25f));
        Assert.That(w2!.ToArray<float>(), Is.EqualTo(new[] { 0.25f }));
    }

    [Test]
    public void AssignsApplyAfterEveryComputedValueInFetchOrder()
    {
        // lab 09-x: every update reads the values from before the run's first write.
        var a = tf.Variable(tf.constant(new[] { 1.0 }), name: "a");
        var b = tf.Variable(tf.constant(new[] { 10.0 }), name: "b");
        var steps = new[] { tf.assign(a, a + b), tf.assign(b, a * 2.0) };
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        sess.run(steps);
        Assert.That(sess.run(a).ToArray<float>(), Is.EqualTo(new[] { 11f }));
        Assert.That(sess.run(b).ToArray<float>(), Is.EqualTo(new[] { 2f }), "b = 2 * a from before a's update");
        var inc = tf.assign_add(a, 1.0);
        var dec = tf.assign_sub(a, 3.0);
        sess.run(new[] { inc, dec });
        Assert.That(sess.run(a).ToArray<float>(), Is.EqualTo(new[] { 9f }), "two writes to one variable compose");
    }

    [Test]
    public void FeedsAsPairsAndAsADictionaryConvertToThePlaceholderDtype()
    {
        var X = tf.placeholder(tf.float32, new[] { -1, 2 });
        var s = tf.reduce_sum(X, axis: 1);
        using var sess = tf.Session();
        Assert.That(sess.run(s, (X, new[,] { { 1, 2 }, { 3, 4 } })).ToArray<float>(), Is.EqualTo(new[] { 3f, 7f }), "int[,] fed to float32");
        Assert.That(sess.run(s, new Dictionary<Tensor, object> { [X] = np.array(new[,] { { 0.5, 0.25 } }) }).ToArray<float>(), Is.EqualTo(new[] { 0.75f }), "float64 NDArray fed to float32");
        var N = tf.placeholder(tf.float32, new int?[] { null, 2 });
        Assert.That(N.shape.ToString(), Is.EqualTo("(?, 2)"), "Python's [None, 2], printed as TF 1.x prints it");
        var P = tf.placeholder("float", new[] { 2 });
        Assert.That(P.dtype, Is.EqualTo(tf.float32), "\"float\" is float32, as lab 07-1 writes it");
    }

    [Test]
    public void PlaceholderNotFed()
    {
        var X = tf.placeholder("float", new[] { -1, 3 }, name: "X");
        using var sess = tf.Session();
        var e = Assert.Throws<InvalidArgumentError>(() => sess.run(tf.reduce_sum(X)))!;
        Assert.That(e.Message, Does.Contain("You must feed a value for placeholder tensor 'X' with dtype float and shape [?, 3]"));
    }

    [Test]
    public void FedShapeDoesNotFit()
    {
        var X = tf.placeholder(tf.float32, new[] { -1, 3 }, name: "X");
        using var sess = tf.Session();
        var e = Assert.Throws<ValueError>(() => sess.run(X, (X, new[,] { { 1.0, 2.0 } })))!;
        Assert.That(e.Message, Does.Contain("Cannot feed value of shape (1, 2) for Tensor 'X:0', which has shape '[?, 3]'"));
    }

    [Test]
    public void FedValueOfAnUnusableType()
    {
        var X = tf.placeholder(tf.float32, new[] { 2 }, name: "X");
        using var sess = tf.Session();
        var e = Assert.Throws<TypeError>(() => sess.run(X, (X, "two numbers")))!;
        Assert.That(e.Message, Does.Contain("cannot feed a value of type String to 'X:0'"));
        Assert.Throws<TypeError>(() => sess.run(X, ("not a tensor", new[] { 1.0, 2.0 })));
    }

    [Test]
    public void VariableReadBeforeInitialisation()
    {
        var W = tf.Variable(tf.random_normal(new[] { 2 }), name: "weight");
        using var sess = tf.Session();
        var e = Assert.Throws<FailedPreconditionError>(() => sess.run(W))!;
        Assert.That(e.Message, Does.Contain("Attempting to use uninitialized value weight"));
        Assert.That(e.Message, Does.Contain("global_variables_initializer"));
        Assert.Throws<FailedPreconditionError>(() => sess.run(tf.reduce_sum(W)));
    }

    [Test]
    public void MinimizeWithoutTrainableVariables()
    {
        var W = tf.Variable(tf.constant(new[] { 1.0 }), name: "weight");
        var loss = tf.reduce_sum(tf.constant(new[] { 2.0 }));
        var e = Assert.Throws<ValueError>(() => tf.train.GradientDescentOptimizer(0.1f).minimize(loss))!;
        Assert.That(e.Message, Does.StartWith("No gradients provided for any variable"));
        Assert.That(e.Message, Does.Contain("weight:0"));
    }

    [Test]
    public void FetchFromAnotherGraph()
    {
        var W = tf.Variable(tf.constant(new[] { 1.0 }));
        tf.reset_default_graph();
        using var sess = tf.Session();
        var e = Assert.Throws<ValueError>(() => sess.run(W))!;
        Assert.That(e.Message, Does.Contain("another graph"));
    }

    [Test]
    public void NamesAreUniqueAndScoped()
    {
        var w1 = tf.Variable(tf.constant(1.0), name: "weight");
        var w2 = tf.Variable(tf.constant(1.0), name: "weight");
        Assert.That(new[] { w1.name, w2.name }, Is.EqualTo(new[] { "weight:0", "weight_1:0" }));
        using (tf.name_scope("Layer1"))
        {
            var w3 = tf.Variable(tf.constant(1.0), name: "weight_1");
            Assert.That(w3.name, Is.EqualTo("Layer1/weight_1:0"));
            Assert.That(tf.add(w3, 1.0).name, Does.StartWith("Layer1/"));
        }
        using (tf.name_scope("Layer1")) Assert.That(tf.constant(1).name, Does.StartWith("Layer1_1/"), "a reused scope name is made unique");
    }

    [Test]
    public void OpIdsAdvanceAsTf1SoRandomOpsGetItsSeeds()
    {
        // lab 09-4: placeholders, Variables, matmul + add + sigmoid and two-op summaries before W2: seed 32, b2: 41.
        tf.set_random_seed(777);
        var X = tf.placeholder(tf.float32, new[] { -1, 2 });
        var Y = tf.placeholder(tf.float32, new[] { -1, 1 });
        var W1 = tf.Variable(tf.random_normal(new[] { 2, 2 }));
        var b1 = tf.Variable(tf.random_normal(new[] { 2 }));
        var layer1 = tf.sigmoid(tf.matmul(X, W1) + b1);
        tf.summary.histogram("W1", W1);
        tf.summary.histogram("b1", b1);
        tf.summary.histogram("Layer1", layer1);
        var W2 = tf.random_normal(new[] { 2, 1 });
        Assert.That(((RandomAttr)W2.op.Attr!).Seed2, Is.EqualTo(32));
    }

    [Test]
    public void TensorEvalAndOperationRunUseTheDefaultSession()
    {
        var v = tf.Variable(tf.constant(new[] { 3.0 }));
        using var sess = tf.Session();
        tf.global_variables_initializer().run();
        Assert.That(v.eval().ToArray<float>(), Is.EqualTo(new[] { 3f }));
        Assert.That(tf.assign(v, new[] { 4.0 }).eval().ToArray<float>(), Is.EqualTo(new[] { 4f }));
    }
}
