using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>
/// tf.layers.dense / flatten, tf.contrib.layers.fully_connected / flatten and tf.contrib.framework.arg_scope, as TF
/// 1.0's python/layers/core.py, base.py, contrib/layers/python/layers/layers.py and arg_scope.py define them (the
/// cases of core_test.py and layers_test.py: variable names, shapes, reuse, initializers; op ids counted from TF's
/// Python so that later random ops draw TF's numbers).
/// </summary>
public class LayersTests : GraphFixture
{
    private static float[] Run(Tensor t, params FeedItem[] feed)
    {
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        return sess.run(t, feed).ToArray<float>();
    }

    private static void Throws<T>(Action body, params string[] fragments) where T : Exception
    {
        var e = Assert.Throws<T>(() => body())!;
        foreach (var f in fragments) Assert.That(e.Message, Does.Contain(f));
    }

    private static int Ids(Action build)
    {
        var g = tf.get_default_graph();
        int before = g.LastId;
        build();
        return g.LastId - before;
    }

    private static string[] Names(IEnumerable<object> items) => items.OfType<Variable>().Select(v => v.name).ToArray();

    // core_test.py testCall / testFunctionalDenseTwice: dense/kernel, dense/bias, then dense_1/...; ops in the layer's name scope.
    [Test]
    public void DenseNamesItsVariablesAsTf()
    {
        var x = tf.placeholder(tf.float32, new Shape(-1, 4));
        var y = tf.layers.dense(x, 2);
        var y2 = tf.layers.dense(x, 2);
        Assert.That(Names(tf.trainable_variables()), Is.EqualTo(new[] { "dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0" }));
        Assert.That(y.name, Is.EqualTo("dense/BiasAdd:0"));
        Assert.That(y.shape, Is.EqualTo(new Shape(-1, 2)));
        Assert.That(y2.op.inputs[0].op.name, Does.EndWith("/MatMul"));
        var z = tf.layers.dense(x, 3, activation: tf.nn.relu, name: "my_dense");
        Assert.That(z.name, Is.EqualTo("my_dense/Relu:0"));
        Assert.That(Names(tf.global_variables()).Skip(4), Is.EqualTo(new[] { "my_dense/kernel:0", "my_dense/bias:0" }));
        using (tf.variable_scope("test"))
            tf.layers.dense(x, 2);
        Assert.That(Names(tf.trainable_variables()).Skip(6), Is.EqualTo(new[] { "test/dense/kernel:0", "test/dense/bias:0" }), "testFunctionalDenseInScope");
    }

    // core_test.py testFunctionalDenseTwiceReuse and the reuse errors of variable_scope.
    [Test]
    public void DenseReusesByNameOnlyWhenAsked()
    {
        var x = tf.placeholder(tf.float32, new Shape(-1, 3));
        tf.layers.dense(x, 2, name: "my_dense");
        var again = tf.layers.dense(x, 2, name: "my_dense", reuse: true);
        Assert.That(tf.trainable_variables().Length, Is.EqualTo(2));
        Assert.That(again.op.inputs[0].op.inputs[1].op.inputs[0].op.name, Is.EqualTo("my_dense/kernel"));
        Throws<ValueError>(() => tf.layers.dense(x, 2, name: "my_dense"), "Variable my_dense/kernel already exists, disallowed");
        Throws<ValueError>(() => tf.layers.dense(x, 2, name: "other", reuse: true), "Variable other/kernel does not exist");
        Throws<ValueError>(() => tf.layers.dense(x, 3, name: "my_dense", reuse: true), "Trying to share variable my_dense/kernel", "(3, 3)", "(3, 2)");
    }

    // core_test.py testCall (values): outputs = inputs . kernel + bias with the initializers given; no bias with use_bias=False.
    [Test]
    public void DenseComputesInputsTimesKernelPlusBias()
    {
        var x = tf.constant(new[,] { { 1f, 2f, 3f }, { -1f, 0.5f, 4f } });
        var y = tf.layers.dense(x, 2, kernel_initializer: tf.constant_initializer(new[] { 1f, 2f, 3f, 4f, 5f, 6f }),
            bias_initializer: tf.constant_initializer(new[] { 0.5f, -1f }));
        // [[1,2],[3,4],[5,6]]: row 1: 1+6+15+0.5, 2+8+18-1; row 2: -1+1.5+20+0.5, -2+2+24-1.
        Assert.That(Run(y), Is.EqualTo(new[] { 22.5f, 27f, 21f, 23f }));
        var n = tf.layers.dense(x, 2, use_bias: false, kernel_initializer: tf.ones_initializer(), activation: tf.nn.relu);
        Assert.That(Run(n), Is.EqualTo(new[] { 6f, 6f, 3.5f, 3.5f }));
        Assert.That(Names(tf.trainable_variables()).Last(), Is.EqualTo("dense_1/kernel:0"), "testNoBias: no dense_1/bias");
        var frozen = tf.layers.dense(x, 2, trainable: false);
        Assert.That(tf.trainable_variables().Length, Is.EqualTo(3), "testNonTrainable");
        Assert.That(tf.global_variables().Length, Is.EqualTo(5));
    }

    // core_test.py testFunctionalDenseInitializerFromScope: the variable scope's initializer is the kernel's (and the bias keeps zeros).
    [Test]
    public void DenseTakesTheScopesInitializer()
    {
        var x = tf.constant(new[,] { { 1f, 2f }, { 3f, 4f } });
        Tensor y;
        using (tf.variable_scope("scope", initializer: tf.ones_initializer()))
            y = tf.layers.dense(x, 3);
        Assert.That(Run(y), Is.EqualTo(new[] { 3f, 3f, 3f, 7f, 7f, 7f }));
        var vars = tf.global_variables();
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        Assert.That(sess.run(vars[1]).ToArray<float>(), Is.EqualTo(new[] { 0f, 0f, 0f }));
    }

    // core_test.py testOutputShape / testCallTensorDot: rank-3 inputs, [5, 2, 7] -> [5, 2, units], also with an unknown batch.
    [Test]
    public void DenseOnRank3InputsKeepsTheLeadingDimensions()
    {
        var v = Enumerable.Range(0, 2 * 2 * 3).Select(i => (float)(i % 5) - 1f).ToArray();
        var x = tf.constant(np.array(v).reshape(2, 2, 3));
        var y = tf.layers.dense(x, 2, kernel_initializer: tf.constant_initializer(new[] { 1f, -1f, 0.5f, 2f, -2f, 1f }));
        Assert.That(y.shape, Is.EqualTo(new Shape(2, 2, 2)));
        var expected = new float[8];
        float[,] k = { { 1f, -1f }, { 0.5f, 2f }, { -2f, 1f } };
        for (int r = 0; r < 4; r++)
            for (int j = 0; j < 2; j++)
                expected[r * 2 + j] = v[r * 3] * k[0, j] + v[r * 3 + 1] * k[1, j] + v[r * 3 + 2] * k[2, j];
        Assert.That(Run(y), Is.EqualTo(expected));
        var p = tf.placeholder(tf.float32, new Shape(-1, 2, 3));
        var yp = tf.layers.dense(p, 4);
        Assert.That(yp.shape, Is.EqualTo(new Shape(-1, 2, 4)));
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        Assert.That(sess.run(yp, new FeedItem(p, np.array(v).reshape(2, 2, 3))).shape, Is.EqualTo(new Shape(2, 2, 4)));
    }

    // core_test.py testKernelRegularizer / testActivityRegularizer: one loss each in REGULARIZATION_LOSSES.
    [Test]
    public void DenseRegularizersAddLosses()
    {
        var x = tf.constant(new[,] { { 1f, 2f } });
        tf.layers.dense(x, 2, kernel_initializer: tf.ones_initializer(), bias_initializer: tf.constant_initializer(3f),
            kernel_regularizer: w => tf.reduce_sum(w), bias_regularizer: b => tf.reduce_sum(b), activity_regularizer: t => tf.reduce_sum(t));
        var losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES).OfType<Tensor>().ToArray();
        Assert.That(losses.Length, Is.EqualTo(3));
        Assert.That(losses[0].name, Does.StartWith("dense/dense/kernel/Regularizer/"), "TF 1.0's _add_variable: name_scope(full name + '/Regularizer')");
        Assert.That(losses[2].name, Does.StartWith("dense/ActivityRegularizer/"));
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        Assert.That(losses.Select(l => sess.run(l).ToArray<float>()[0]), Is.EqualTo(new[] { 4f, 6f, 12f }));
        // A reused layer adds no loss again (TF: the variable existed).
        tf.layers.dense(x, 2, name: "dense", reuse: true, kernel_regularizer: w => tf.reduce_sum(w));
        Assert.That(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES).Length, Is.EqualTo(3));
    }

    [Test]
    public void DenseBadInputIsTfsValueError()
    {
        Throws<ValueError>(() => tf.layers.dense(tf.placeholder(tf.float32, new Shape(3, -1)), 2), "The last dimension of the inputs to `Dense` should be defined. Found `None`.");
        Throws<ValueError>(() => tf.layers.dense(tf.placeholder(tf.float32), 2), "Inputs to `Dense` should have known rank.");
        Throws<ValueError>(() => tf.layers.dense(tf.constant(new[] { 1f, 2f }), 2), "Inputs to `Dense` should have rank >= 2.");
        Throws<ValueError>(() => tf.layers.dense(tf.constant(new[,] { { 1f } }), 0), "tf.layers.dense", "units must be a positive integer, got 0");
        Throws<ValueError>(() => tf.contrib.layers.fully_connected(tf.constant(new[,] { { 1f } }), -1), "num_outputs should be a positive int, got -1");
        Throws<TypeError>(() => tf.layers.dense(tf.constant(new[,] { { 1, 2 } }), 2), "tf.layers.dense", "int32");
    }

    // Op ids, from TF 1.0's Python: get_variable's kernel with glorot_uniform: Consts shape, minval, maxval, RandomUniform,
    // Sub, Mul, Add, then VariableV2, Assign, Identity (10); the zeros bias: Const + 3 (4); MatMul, BiasAdd (2); an
    // activation (1). Rank 3: Shape, Unpack, Const (units) + Pack, Const + Reshape, and the final Reshape (7 more).
    [Test]
    public void DenseAdvancesTheOpIdsAsTf10()
    {
        var x = tf.placeholder(tf.float32, new Shape(-1, 4));
        var x3 = tf.placeholder(tf.float32, new Shape(-1, 2, 4));
        Assert.That(Ids(() => tf.layers.dense(x, 3)), Is.EqualTo(16));
        Assert.That(Ids(() => tf.layers.dense(x, 3, activation: tf.nn.relu)), Is.EqualTo(17));
        Assert.That(Ids(() => tf.layers.dense(x, 3, use_bias: false)), Is.EqualTo(11));
        Assert.That(Ids(() => tf.layers.dense(x3, 3)), Is.EqualTo(23));
        // fully_connected: xavier (the same 10), zeros biases (4), MatMul, BiasAdd, Relu.
        Assert.That(Ids(() => tf.contrib.layers.fully_connected(x, 3)), Is.EqualTo(17));
        Assert.That(Ids(() => tf.contrib.layers.fully_connected(x, 3, activation_fn: ArgScope.NoActivation, biases_initializer: ArgScope.None)), Is.EqualTo(11));
        // contrib flatten: Const + Reshape; tf.layers.flatten: Shape, strided slice (3 Consts + StridedSlice), Const (-1) + Pack, Reshape.
        Assert.That(Ids(() => tf.contrib.layers.flatten(x3)), Is.EqualTo(2));
        Assert.That(Ids(() => tf.layers.flatten(x3)), Is.EqualTo(8));
    }

    // With tf.set_random_seed, the kernel is random_uniform(-l, l) of op seed 4 (the placeholder is op 1, the kernel's
    // Consts 2-4), l = sqrt(6 / (4 + 3)); the layer with its Relu is ops 2-18, so a random_uniform made after it has op
    // seed 21 (its shape, minval and maxval Consts are 19-21 when TF's get_seed reads _last_id).
    [Test]
    public void SeededDenseDrawsTfsKernelAndLaterOpsTfsSeeds()
    {
        tf.set_random_seed(777);
        var x = tf.placeholder(tf.float32, new Shape(-1, 4));
        tf.layers.dense(x, 3, activation: tf.nn.relu);
        var after = tf.random_uniform(new[] { 5 });
        var kernel = tf.global_variables()[0];
        float[] k, r;
        using (var sess = tf.Session())
        {
            sess.run(tf.global_variables_initializer());
            k = sess.run(kernel).ToArray<float>();
            r = sess.run(after).ToArray<float>();
        }
        tf.reset_default_graph();
        tf.set_random_seed(777);
        double l = Math.Sqrt(6.0 / 7.0);
        var k2 = tf.random_uniform(new[] { 4, 3 }, -l, l, seed: 4);
        var r2 = tf.random_uniform(new[] { 5 }, seed: 21);
        using var s2 = tf.Session();
        Assert.That(k, Is.EqualTo(s2.run(k2).ToArray<float>()));
        Assert.That(r, Is.EqualTo(s2.run(r2).ToArray<float>()));
    }

    // layers_test.py FullyConnectedTest: names, collections, reuse, no biases.
    [Test]
    public void FullyConnectedNamesAndCollectionsAsTf()
    {
        var x = tf.placeholder(tf.float32, new Shape(-1, 3));
        var y = tf.contrib.layers.fully_connected(x, 4);
        Assert.That(y.name, Is.EqualTo("fully_connected/Relu:0"));
        Assert.That(y.shape, Is.EqualTo(new Shape(-1, 4)));
        tf.contrib.layers.fully_connected(x, 4, scope: "fc1");
        Assert.That(Names(tf.trainable_variables()), Is.EqualTo(new[] { "fully_connected/weights:0", "fully_connected/biases:0", "fc1/weights:0", "fc1/biases:0" }));
        Assert.That(Names(tf.model_variables()), Is.EqualTo(Names(tf.trainable_variables())));
        tf.contrib.layers.fully_connected(x, 4, scope: "fc1", reuse: true);
        Assert.That(tf.trainable_variables().Length, Is.EqualTo(4), "testReuseVars");
        tf.contrib.layers.fully_connected(x, 4);
        Assert.That(Names(tf.trainable_variables()).Skip(4), Is.EqualTo(new[] { "fully_connected_1/weights:0", "fully_connected_1/biases:0" }), "testNonReuseVars");
        var lin = tf.contrib.layers.fully_connected(x, 2, activation_fn: ArgScope.NoActivation, biases_initializer: ArgScope.None, scope: "lin",
            variables_collections: new[] { "mine" }, outputs_collections: new[] { "outs" });
        Assert.That(lin.name, Is.EqualTo("lin/MatMul:0"));
        Assert.That(Names(tf.get_collection("mine")), Is.EqualTo(new[] { "lin/weights:0" }));
        Assert.That(tf.get_collection("outs"), Is.EqualTo(new object[] { lin }));
        tf.contrib.layers.fully_connected(x, 2, scope: "d", variables_collections: new Dictionary<string, object?> { ["biases"] = new[] { "b_only" } });
        Assert.That(Names(tf.get_collection("b_only")), Is.EqualTo(new[] { "d/biases:0" }));
        Throws<ValueError>(() => tf.contrib.layers.fully_connected(x, 4, scope: "fc1"), "Variable fc1/weights already exists");
    }

    // fully_connected = relu(x . W + b), with a normalizer instead of the bias (TF: use_bias = not normalizer_fn and biases_initializer).
    [Test]
    public void FullyConnectedValuesAndNormalizer()
    {
        var x = tf.constant(new[,] { { 1f, -2f }, { 3f, 0.5f } });
        var y = tf.contrib.layers.fully_connected(x, 2, weights_initializer: tf.constant_initializer(new[] { 1f, 2f, -1f, 1f }),
            biases_initializer: tf.constant_initializer(0.25f));
        // W = [[1,2],[-1,1]]: [1+2, 2-2] + 0.25 -> [3.25, 0.25]; [3-0.5, 6+0.5] + 0.25 -> [2.75, 6.75].
        Assert.That(Run(y), Is.EqualTo(new[] { 3.25f, 0.25f, 2.75f, 6.75f }));
        IReadOnlyDictionary<string, object?>? seen = null;
        var n = tf.contrib.layers.fully_connected(x, 2, weights_initializer: tf.ones_initializer(), scope: "n",
            normalizer_fn: (t, p) => { seen = p; return tf.multiply(t, tf.constant((float)(double)p!["scale"]!)); },
            normalizer_params: new Dictionary<string, object?> { ["scale"] = -2.0 });
        Assert.That(seen!["scale"], Is.EqualTo(-2.0));
        Assert.That(Names(tf.trainable_variables()).Last(), Is.EqualTo("n/weights:0"), "no biases with a normalizer");
        Assert.That(Run(n), Is.EqualTo(new[] { 2f, 2f, 0f, 0f }), "relu(-2 * x . ones)");
    }

    // Numeric gradients of a loss through dense and fully_connected, w.r.t. the inputs (float64 layers).
    [Test]
    public void GradientsThroughDenseAndFullyConnectedMatchCentralDifferences()
    {
        foreach (var which in new[] { "dense", "dense3", "fc" })
        {
            tf.reset_default_graph();
            long[] shape = which == "dense3" ? [2, 2, 3] : [2, 3];
            var x = tf.placeholder(tf.float64, new Shape(shape));
            var kinit = tf.constant_initializer(new[] { 0.3, -0.2, 0.5, 0.1, -0.4, 0.7, 0.2, 0.6, -0.3 }, tf.float64);
            var y = which == "fc"
                ? tf.contrib.layers.fully_connected(x, 3, activation_fn: tf.nn.tanh, weights_initializer: kinit, biases_initializer: tf.constant_initializer(0.1, tf.float64))
                : tf.layers.dense(x, 3, activation: tf.nn.sigmoid, kernel_initializer: kinit, bias_initializer: tf.constant_initializer(-0.2, tf.float64));
            var w = tf.constant(np.array(Enumerable.Range(0, (int)y.shape.size).Select(i => 0.5 + 0.25 * (i % 5)).ToArray()).reshape(y.shape.dims));
            var loss = tf.reduce_sum(tf.multiply(y, w));
            var g = tf.gradients(loss, x)[0]!;
            var x0 = Enumerable.Range(0, (int)new Shape(shape).size).Select(i => 0.3 * i - 1.1).ToArray();
            using var sess = tf.Session();
            sess.run(tf.global_variables_initializer());
            var analytic = sess.run(g, new FeedItem(x, np.array(x0).reshape(shape))).ToArray<double>();
            const double h = 1e-6;
            for (int i = 0; i < x0.Length; i++)
            {
                double[] plus = (double[])x0.Clone(), minus = (double[])x0.Clone();
                plus[i] += h;
                minus[i] -= h;
                double lp = sess.run(loss, new FeedItem(x, np.array(plus).reshape(shape))).ToArray<double>()[0];
                double lm = sess.run(loss, new FeedItem(x, np.array(minus).reshape(shape))).ToArray<double>()[0];
                Assert.That(analytic[i], Is.EqualTo((lp - lm) / (2 * h)).Within(1e-7), $"{which}: d/dx[{i}]");
            }
        }
    }

    // arg_scope_test.py: values for listed functions, nesting, explicit arguments win, reuse of a scope, errors.
    [Test]
    public void ArgScopeSetsDefaultsExplicitArgumentsWin()
    {
        var fw = tf.contrib.framework;
        var x = tf.placeholder(tf.float32, new Shape(-1, 3));
        Func<Tensor, int, Func<Tensor, Tensor>?, object?, string?, Tensor> fc = (i, n, act, b, s) =>
            tf.contrib.layers.fully_connected(i, n, activation_fn: act, biases_initializer: b, scope: s);
        Tensor h1, h2, h3, out1;
        ArgScopeDict saved;
        using (var outer = fw.arg_scope(new object[] { "fully_connected" }, new Dictionary<string, object?> { ["activation_fn"] = (Func<Tensor, Tensor>)(t => tf.nn.sigmoid(t)), ["biases_initializer"] = null }))
        {
            saved = outer.scope;
            h1 = fc(x, 4, null, null, "h1");
            using (fw.arg_scope(new object[] { "tf.contrib.layers.fully_connected" }, new Dictionary<string, object?> { ["activation_fn"] = (Func<Tensor, Tensor>)(t => tf.nn.tanh(t)) }))
                h2 = fc(x, 4, null, null, "h2");
            h3 = fc(x, 4, ArgScope.NoActivation, null, "h3");
            out1 = fc(x, 4, t => tf.nn.relu(t), new Zeros(tf.float32), "h4");
        }
        Assert.That(h1.op.type, Is.EqualTo("Sigmoid"));
        Assert.That(h2.op.type, Is.EqualTo("Tanh"), "the inner scope overrides activation_fn");
        Assert.That(h3.op.type, Is.EqualTo("MatMul"), "explicit None wins; biases_initializer None from the outer scope: no bias");
        Assert.That(out1.op.type, Is.EqualTo("Relu"));
        Assert.That(Names(tf.trainable_variables()), Is.EqualTo(new[] { "h1/weights:0", "h2/weights:0", "h3/weights:0", "h4/weights:0", "h4/biases:0" }));
        Assert.That(tf.contrib.layers.fully_connected(x, 2, scope: "after").op.type, Is.EqualTo("Relu"), "outside: TF's defaults");
        using (fw.arg_scope(saved)) Assert.That(fc(x, 2, null, null, "again").op.type, Is.EqualTo("Sigmoid"), "a saved scope re-entered");
        Assert.That(fw.has_arg_scope("fully_connected"), Is.True);
        Assert.That(fw.has_arg_scope((Func<object, int, Func<Tensor, Tensor>?, Func<Tensor, IReadOnlyDictionary<string, object?>?, Tensor>?, IReadOnlyDictionary<string, object?>?, object?, Func<Variable, Tensor?>?, object?, Func<Variable, Tensor?>?, bool?, object?, IEnumerable<string>?, bool?, string?, Tensor>)tf.contrib.layers.fully_connected), Is.True, "a delegate of the method");
        Assert.That(fw.arg_scoped_arguments("fully_connected"), Does.Contain("activation_fn").And.Contain("scope"));
        Throws<ValueError>(() => fw.arg_scope(new object[] { "matmul" }, null), "'matmul' is not decorated with @add_arg_scope");
        Throws<TypeError>(() => fw.arg_scope("fully_connected", null), "list_ops_or_scope must either be a list/tuple or reused scope");
        Throws<ValueError>(() => fw.arg_scope(saved, new Dictionary<string, object?> { ["scope"] = "x" }), "kwargs must be empty");
        using (fw.arg_scope(new object[] { "fully_connected" }, new Dictionary<string, object?> { ["no_such"] = 1 }))
            Throws<TypeError>(() => tf.contrib.layers.fully_connected(x, 2), "got an unexpected keyword argument 'no_such'");
        using (fw.arg_scope(new object[] { "flatten" }, new Dictionary<string, object?> { ["outputs_collections"] = new[] { "flat" } }))
            tf.contrib.layers.flatten(tf.placeholder(tf.float32, new Shape(-1, 2, 2)));
        Assert.That(tf.get_collection("flat").Length, Is.EqualTo(1));
    }

    // layers_test.py FlattenTest, and tf.layers.flatten (TF 1.4's core_test.py FlattenTest).
    [Test]
    public void FlattenKeepsTheBatchAndTheStaticShape()
    {
        var p = tf.placeholder(tf.float32, new Shape(-1, 2, 3));
        var f = tf.contrib.layers.flatten(p);
        Assert.That(f.shape, Is.EqualTo(new Shape(-1, 6)));
        Assert.That(f.name, Is.EqualTo("Flatten/Reshape:0"));
        var l = tf.layers.flatten(p);
        Assert.That(l.shape, Is.EqualTo(new Shape(-1, 6)));
        Assert.That(l.name, Does.StartWith("flatten/"));
        var u = tf.layers.flatten(tf.placeholder(tf.float32, new Shape(4, -1, 3)));
        Assert.That(u.shape, Is.EqualTo(new Shape(4, -1)));
        var v = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        using (var sess = tf.Session())
        {
            Assert.That(sess.run(f, new FeedItem(p, np.array(v).reshape(2, 2, 3))).shape, Is.EqualTo(new Shape(2, 6)));
            var r = sess.run(l, new FeedItem(p, np.array(v).reshape(2, 2, 3)));
            Assert.That(r.shape, Is.EqualTo(new Shape(2, 6)));
            Assert.That(r.ToArray<float>(), Is.EqualTo(v));
        }
        Throws<ValueError>(() => tf.contrib.layers.flatten(tf.placeholder(tf.float32, new Shape(-1, -1, 3))), "Inputs 2nd dimension must be defined.");
        Throws<ValueError>(() => tf.contrib.layers.flatten(tf.constant(new[] { 1f })), "Inputs must have a least 2 dimensions.");
        Throws<ValueError>(() => tf.layers.flatten(tf.constant(1f)), "tf.layers.flatten");
    }
}
