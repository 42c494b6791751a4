using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>
/// tf.get_variable, tf.variable_scope, the initializers, tf.Variable's TF 1.x arguments and the graph collections,
/// as TF 1.x's variable_scope.py, init_ops.py and variables.py define them (variable_scope_test.py's cases for names
/// and reuse; init_ops_test.py's for the initializers: seeded values equal the random op TF builds, with the op seed
/// TF's op-id chain gives).
/// </summary>
public class VariableScopeTests : GraphFixture
{
    private static T[] Value<T>(Variable v) where T : unmanaged
    {
        using var sess = tf.Session();
        sess.run(v.initializer);
        return sess.run(v).ToArray<T>();
    }

    private static float[] Run(Tensor t)
    {
        using var sess = tf.Session();
        return sess.run(t).ToArray<float>();
    }

    private static void Throws<T>(Action body, params string[] fragments) where T : Exception
    {
        var e = Assert.Throws<T>(() => body())!;
        foreach (var f in fragments) Assert.That(e.Message, Does.Contain(f));
    }

    // variable_scope_test.py testVarScopeNameScope / testGetVar: variable names follow variable scopes only; the
    // variable scope opens a name scope of its name, made unique when entered again.
    [Test]
    public void NamesFollowVariableScopesAndIgnoreNameScopes()
    {
        Variable w, w2;
        Tensor c, c2;
        using (tf.name_scope("outer"))
        using (tf.variable_scope("layer1"))
        {
            w = tf.get_variable("W", new[] { 3, 4 });
            c = tf.constant(1.0);
        }
        Assert.That(w.name, Is.EqualTo("layer1/W:0"));
        Assert.That(w.op.name, Is.EqualTo("layer1/W"));
        Assert.That(w.initial_value.name, Is.EqualTo("layer1/W/Initializer/random_uniform:0"));
        Assert.That(w.initializer.name, Is.EqualTo("layer1/W/Assign"));
        Assert.That(((Tensor)w).name, Is.EqualTo("layer1/W/read:0"));
        Assert.That(c.name, Is.EqualTo("outer/layer1/Const:0"), "ops in a variable scope get its name scope");
        using (var vs = tf.variable_scope("layer1", reuse: true))
        {
            w2 = tf.get_variable("W");
            c2 = tf.constant(2.0);
            Assert.That(vs.original_name_scope, Is.EqualTo("layer1/"));
        }
        Assert.That(w2, Is.SameAs(w));
        Assert.That(c2.name, Is.EqualTo("layer1/Const:0"));
        using (tf.variable_scope("layer1", reuse: true)) c2 = tf.constant(3.0);
        Assert.That(c2.name, Is.EqualTo("layer1_1/Const:0"), "the second entry opens name scope layer1_1, as TF's");
        using (tf.variable_scope("a"))
        using (tf.variable_scope("b"))
            Assert.That(tf.get_variable("v", new[] { 1 }).name, Is.EqualTo("a/b/v:0"));
        Assert.That(tf.get_variable_scope().name, Is.EqualTo(""));
    }

    // TF's name_scope: "name/" re-enters a scope exactly, null or "" is the top.
    [Test]
    public void NameScopesReenterAndReset()
    {
        string scope;
        using (var s = tf.name_scope("block")) scope = s.name!;
        Assert.That(scope, Is.EqualTo("block/"));
        using (tf.name_scope("block")) Assert.That(tf.constant(1).name, Is.EqualTo("block_1/Const:0"));
        using (tf.name_scope(scope)) Assert.That(tf.constant(1).name, Is.EqualTo("block/Const:0"));
        using (tf.name_scope("outer"))
        using (tf.name_scope(null))
            Assert.That(tf.constant(1).name, Is.EqualTo("Const:0"));
    }

    // variable_scope_test.py testVarScopeGetOrCreateReuse / default_name uniqueness.
    [Test]
    public void DefaultNamesAreMadeUnique()
    {
        string[] names = new string[3];
        for (int i = 0; i < 3; i++)
            using (tf.variable_scope(null, default_name: "dense"))
                names[i] = tf.get_variable("kernel", new[] { 2 }).op.name;
        Assert.That(names, Is.EqualTo(new[] { "dense/kernel", "dense_1/kernel", "dense_2/kernel" }));
        Throws<TypeError>(() => tf.variable_scope(null), "If default_name is None then name_or_scope is required");
        Throws<ValueError>(() => tf.variable_scope(null, default_name: "d", reuse: true), "reuse=True cannot be used without a name_or_scope");
    }

    [Test]
    public void ReuseErrorsAreTfsValueErrors()
    {
        using (tf.variable_scope("layer1")) tf.get_variable("W", new[] { 3, 4 });
        Throws<ValueError>(() => { using (tf.variable_scope("layer1")) tf.get_variable("W", new[] { 3, 4 }); },
            "Variable layer1/W already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?", "help:");
        Throws<ValueError>(() => { using (tf.variable_scope("layer1", reuse: true)) tf.get_variable("b", new[] { 4 }); },
            "Variable layer1/b does not exist, or was not created with tf.get_variable().", "help:");
        Throws<ValueError>(() => { using (tf.variable_scope("layer1", reuse: true)) tf.get_variable("W", new[] { 4, 3 }); },
            "Trying to share variable layer1/W, but specified shape (4, 3) and found shape (3, 4).");
        Throws<ValueError>(() => { using (tf.variable_scope("layer1", reuse: true)) tf.get_variable("W", new[] { 3, 4 }, tf.float64); },
            "Trying to share variable layer1/W, but specified dtype float64 and found dtype float32.");
        Throws<ValueError>(() => tf.get_variable("x", new int?[] { null, 3 }), "Shape of a new variable (x) must be fully defined, but instead was (?, 3).");
        Throws<ValueError>(() => tf.get_variable("y"), "Shape of a new variable (y) must be fully defined");
        Throws<ValueError>(() => tf.get_variable("z", new[] { 2 }, initializer: tf.constant(new[] { 1f, 2f })), "If initializer is a constant, do not specify shape.");
        // A tf.Variable is not in get_variable's store (TF's "or was not created with tf.get_variable()").
        tf.Variable(1.0, name: "plain");
        Throws<ValueError>(() => { using (tf.variable_scope("", reuse: true)) tf.get_variable("plain"); }, "Variable plain does not exist");
    }

    [Test]
    public void ReuseVariablesAutoReuseAndInheritance()
    {
        Variable a, b, c, d;
        using (var vs = tf.variable_scope("s"))
        {
            a = tf.get_variable("a", new[] { 2 });
            vs.reuse_variables();
            b = tf.get_variable("a", new[] { 2 });
            Assert.That(vs.reuse, Is.EqualTo(true));
            using (tf.variable_scope("inner"))
                Throws<ValueError>(() => tf.get_variable("x", new[] { 1 }), "Variable s/inner/x does not exist"); // reuse is inherited by sub-scopes
        }
        Assert.That(b, Is.SameAs(a));
        using (tf.variable_scope("auto", reuse: tf.AUTO_REUSE))
        {
            c = tf.get_variable("v", new[] { 1 });
            d = tf.get_variable("v", new[] { 1 });
            Assert.That(tf.get_variable_scope().reuse, Is.SameAs(tf.AUTO_REUSE));
        }
        Assert.That(d, Is.SameAs(c));
        // Entering a VariableScope object again: its name, its reuse (or the one asked).
        VariableScope saved;
        using (var vs = tf.variable_scope("shared")) { saved = vs.scope; tf.get_variable("w", new[] { 1 }); }
        using (tf.variable_scope("elsewhere"))
        using (tf.variable_scope(saved, reuse: true))
            Assert.That(tf.get_variable("w").name, Is.EqualTo("shared/w:0"));
    }

    // TF 1.x's _get_default_initializer: glorot_uniform for floats, zeros for integers and bool; the scope's
    // initializer and dtype are the defaults.
    [Test]
    public void DefaultsAreGlorotUniformForFloatsAndZerosForIntegers()
    {
        var w = tf.get_variable("w", new[] { 30, 20 });
        double limit = Math.Sqrt(6.0 / (30 + 20));
        var values = Value<float>(w);
        Assert.That(values.Max(), Is.LessThanOrEqualTo((float)limit));
        Assert.That(values.Min(), Is.GreaterThanOrEqualTo((float)-limit));
        Assert.That(values.Max(), Is.GreaterThan((float)limit * 0.9f), "spread over the whole interval");
        var i = tf.get_variable("i", new[] { 3 }, tf.int32);
        Assert.That(Value<int>(i), Is.EqualTo(new[] { 0, 0, 0 }));
        Assert.That(i.initial_value.op.type, Is.EqualTo("Const"));
        using (tf.variable_scope("ones", initializer: tf.ones_initializer(), dtype: tf.float64))
        {
            var o = tf.get_variable("o", new[] { 2 });
            Assert.That(o.dtype, Is.EqualTo(tf.float64));
            Assert.That(Value<double>(o), Is.EqualTo(new[] { 1.0, 1.0 }));
        }
        var fromValue = tf.get_variable("fv", initializer: tf.constant(new[] { 5, 6 }));
        Assert.That(fromValue.shape.dims, Is.EqualTo(new long[] { 2 }));
        Assert.That(Value<int>(fromValue), Is.EqualTo(new[] { 5, 6 }));
        Throws<ValueError>(() => tf.get_variable("bad", dtype: tf.float32, initializer: new[] { 1, 2 }), "Initializer type 'int32' and explicit dtype 'float32' don't match.");
    }

    // Lab 10-3 (tf.set_random_seed(777); W1 = get_variable with xavier_initializer(); b1 = tf.Variable(tf.random_normal([256]))):
    // TF 1.x's ops are 3 Consts, RandomUniform, Sub, Mul, Add (W1/Initializer/random_uniform), VariableV2, Assign,
    // Identity, so W1's op seed is 3 and b1's random_normal takes op seed 13. The values are those random ops'.
    [Test]
    public void SeededInitializersDrawTfsValuesThroughTheOpIdChain()
    {
        tf.set_random_seed(777);
        var w1 = tf.get_variable("W1", shape: new[] { 784, 256 }, initializer: tf.contrib.layers.xavier_initializer());
        var b1 = tf.Variable(tf.random_normal(new[] { 256 }));
        var w2 = tf.get_variable("W2", shape: new[] { 256, 10 }, initializer: tf.glorot_uniform_initializer());
        float[] w1v, b1v, w2v;
        using (var sess = tf.Session())
        {
            sess.run(tf.global_variables_initializer());
            (w1v, b1v, w2v) = (sess.run(w1).ToArray<float>(), sess.run(b1).ToArray<float>(), sess.run(w2).ToArray<float>());
        }
        double l1 = Math.Sqrt(6.0 / (784 + 256)), l2 = Math.Sqrt(6.0 / (256 + 10));
        tf.reset_default_graph();
        tf.set_random_seed(777);
        Assert.That(Run(tf.random_uniform(new[] { 784, 256 }, -l1, l1, seed: 3)), Is.EqualTo(w1v));
        Assert.That(Run(tf.random_normal(new[] { 256 }, seed: 13)), Is.EqualTo(b1v));
        Assert.That(Run(tf.random_uniform(new[] { 256, 10 }, -l2, l2, seed: 22)), Is.EqualTo(w2v), "W1 and b1 made 19 ops, then 3 Consts");
    }

    // init_ops.py: variance scaling's n (fan_in, fan_out, their mean; convolution kernels count the receptive field),
    // TF 1.0's truncated normal of stddev sqrt(scale / n), and the contrib xavier's normal of stddev sqrt(1.3 / n).
    [Test]
    public void VarianceScalingFollowsTf10Arithmetic()
    {
        tf.set_random_seed(1);
        var shape = new Shape(3, 3, 4, 8); // receptive field 9: fan_in 36, fan_out 72
        var fanIn = tf.variance_scaling_initializer(2.0, "fan_in", "uniform").__call__(shape);
        var avgNormal = tf.variance_scaling_initializer(1.0, "fan_avg", "normal").__call__(shape);
        var glorotNormal = tf.glorot_normal_initializer(seed: 5).__call__(new Shape(10, 30));
        var xavierNormal = tf.contrib.layers.xavier_initializer(uniform: false, seed: 6).__call__(new Shape(10, 30));
        var f1 = Run(fanIn);
        var f2 = Run(avgNormal);
        var f3 = Run(glorotNormal);
        var f4 = Run(xavierNormal);
        tf.reset_default_graph();
        tf.set_random_seed(1);
        Assert.That(Run(tf.random_uniform(shape, -Math.Sqrt(3 * 2.0 / 36), Math.Sqrt(3 * 2.0 / 36), seed: 3)), Is.EqualTo(f1));
        Assert.That(Run(tf.truncated_normal(shape, 0.0, Math.Sqrt(1.0 / 54), seed: 10)), Is.EqualTo(f2), "TF 1.0: no 0.8796 correction");
        Assert.That(Run(tf.truncated_normal(new Shape(10, 30), 0.0, Math.Sqrt(1.0 / 20), seed: 5)), Is.EqualTo(f3));
        Assert.That(Run(tf.truncated_normal(new Shape(10, 30), 0.0, Math.Sqrt(1.3 / 20), seed: 6)), Is.EqualTo(f4));
        Throws<ValueError>(() => tf.variance_scaling_initializer(0), "`scale` must be positive float.");
        Throws<ValueError>(() => tf.variance_scaling_initializer(mode: "fan"), "Invalid `mode` argument: fan");
        Throws<ValueError>(() => tf.variance_scaling_initializer(distribution: "cauchy"), "Invalid `distribution` argument: cauchy");
        Throws<ValueError>(() => tf.random_normal_initializer(dtype: tf.int32), "Expected floating point type, got int32.");
        Throws<TypeError>(() => tf.contrib.layers.xavier_initializer(dtype: tf.int32), "Cannot create initializer for non-floating point type.");
    }

    // TF 1.15's distribution names: "truncated_normal" divides the stddev by 0.8796... (its correction for the
    // truncation), "untruncated_normal" is a random_normal; truncated_normal_initializer and random_normal_initializer
    // are the random ops with the seed given.
    [Test]
    public void Tf115DistributionNamesAndTheNormalInitializers()
    {
        tf.set_random_seed(2);
        var shape = new Shape(4, 6); // fan_in 4
        var a = Run(tf.variance_scaling_initializer(1.0, "fan_in", "truncated_normal", seed: 1).__call__(shape));
        var b = Run(tf.variance_scaling_initializer(1.0, "fan_in", "untruncated_normal", seed: 1).__call__(shape));
        var c = Run(tf.truncated_normal_initializer(0.5, 2.0, seed: 4).__call__(shape));
        var d = Run(tf.random_normal_initializer(-1.0, 0.5, seed: 4).__call__(shape));
        var e = Run(tf.random_uniform_initializer(-2.0, 3.0, seed: 4).__call__(shape));
        tf.reset_default_graph();
        tf.set_random_seed(2);
        Assert.That(Run(tf.truncated_normal(shape, 0.0, Math.Sqrt(1.0 / 4) / .87962566103423978, seed: 1)), Is.EqualTo(a));
        Assert.That(Run(tf.random_normal(shape, 0.0, Math.Sqrt(1.0 / 4), seed: 1)), Is.EqualTo(b));
        Assert.That(Run(tf.truncated_normal(shape, 0.5, 2.0, seed: 4)), Is.EqualTo(c));
        Assert.That(Run(tf.random_normal(shape, -1.0, 0.5, seed: 4)), Is.EqualTo(d));
        Assert.That(Run(tf.random_uniform(shape, -2.0, 3.0, seed: 4)), Is.EqualTo(e));
        Assert.That(tf.random_uniform_initializer().__call__(new Shape(2)).op.name, Is.EqualTo("random_uniform_1"), "TF's op name, made unique");
    }

    // init_ops_test.py ConstantInitializer: a list shorter than the shape is padded with its last value.
    [Test]
    public void ConstantInitializerPadsWithTheLastValueAsTf10()
    {
        var init = tf.constant_initializer(new[] { 0, 1, 2, 3, 4, 5, 6, 7 });
        Assert.That(Value<float>(tf.get_variable("fit", new[] { 2, 4 }, initializer: init)), Is.EqualTo(new float[] { 0, 1, 2, 3, 4, 5, 6, 7 }));
        Assert.That(Value<float>(tf.get_variable("larger", new[] { 3, 4 }, initializer: init)),
            Is.EqualTo(new float[] { 0, 1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 7 }));
        Throws<ValueError>(() => tf.get_variable("smaller", new[] { 2, 3 }, initializer: init), "Too many elements provided. Needed at most 6, but received 8");
        Assert.That(Value<float>(tf.get_variable("scalar", new[] { 2 }, initializer: tf.constant_initializer(0.5))), Is.EqualTo(new[] { 0.5f, 0.5f }));
        Assert.That(Value<bool>(tf.get_variable("flags", new[] { 2 }, tf.@bool, tf.zeros_initializer())), Is.EqualTo(new[] { false, false }));
        var f = (Func<Shape, TF_DataType, object>)((s, d) => tf.multiply(tf.ones(s, d), 2.5f));
        Assert.That(Value<float>(tf.get_variable("fn", new[] { 2 }, initializer: f)), Is.EqualTo(new[] { 2.5f, 2.5f }));
    }

    // variables.py: Variable(initial_value, trainable, collections, validate_shape, caching_device, name, ...).
    [Test]
    public void VariableTakesTfsPositionalArgumentsAndACallable()
    {
        var frozen = tf.Variable(tf.zeros(new[] { 2 }), false, null, true, null, "frozen");
        Assert.That(frozen.trainable, Is.False);
        Assert.That(tf.trainable_variables(), Is.Empty);
        Assert.That(tf.global_variables(), Is.EqualTo(new[] { frozen }));
        var local = tf.Variable(0, collections: new[] { tf.GraphKeys.LOCAL_VARIABLES }, name: "counter");
        Assert.That(tf.local_variables(), Is.EqualTo(new[] { local }));
        Assert.That(tf.global_variables(), Is.EqualTo(new[] { frozen }));
        Assert.That(tf.trainable_variables(), Is.EqualTo(new[] { local }), "trainable joins TRAINABLE_VARIABLES whatever the collections");
        var fromFn = tf.Variable(() => tf.ones(new[] { 3 }), name: "b");
        Assert.That(fromFn.initial_value.name, Does.StartWith("b/Initializer/"));
        Assert.That(Value<float>(fromFn), Is.EqualTo(new[] { 1f, 1f, 1f }));
        var fromValue = tf.Variable(5.0, name: "v");
        Assert.That(fromValue.initial_value.name, Is.EqualTo("v/initial_value:0"));
        Assert.That(fromValue.value().name, Is.EqualTo("v/read:0"));
        Assert.That(fromValue.read_value().op.type, Is.EqualTo("Identity"));
        Assert.That(fromValue.assign(3.0, false, "set").name, Is.EqualTo("set:0"), "TF's (value, use_locking, name)");
        Throws<ValueError>(() => tf.Variable(tf.zeros(new[] { 2 }), dtype: tf.float64), "Tensor conversion requested dtype float64 for Tensor with dtype float32");
        Throws<NotImplementedException>(() => tf.Variable(1.0, variable_def: new object()), "variable_def");
        using var sess = tf.Session();
        sess.run(tf.local_variables_initializer());
        Assert.That(sess.run(local).ToArray<int>(), Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void CollectionsHoldAnyObjectsAndFilterByScope()
    {
        Assert.That(tf.GraphKeys.GLOBAL_VARIABLES, Is.EqualTo("variables"));
        Assert.That(tf.GraphKeys.TRAINABLE_VARIABLES, Is.EqualTo("trainable_variables"));
        Assert.That(tf.GraphKeys.UPDATE_OPS, Is.EqualTo("update_ops"));
        Assert.That(tf.GraphKeys.REGULARIZATION_LOSSES, Is.EqualTo("regularization_losses"));
        Variable w1, w2;
        using (tf.variable_scope("D")) w1 = tf.get_variable("w", new[] { 1 });
        using (tf.variable_scope("G")) w2 = tf.get_variable("w", new[] { 1 });
        Assert.That(tf.trainable_variables("D"), Is.EqualTo(new[] { w1 }));
        Assert.That(tf.global_variables("G/"), Is.EqualTo(new[] { w2 }));
        Assert.That(tf.global_variables("[DG]/w"), Is.EqualTo(new[] { w1, w2 }));
        Assert.That(tf.global_variables("w"), Is.Empty, "matched from the start, as re.match");
        var t = tf.constant(1.0, name: "loss");
        tf.add_to_collection("mine", "text");
        tf.add_to_collection("mine", t);
        tf.add_to_collections(new[] { "a", "a", "b" }, w1);
        Assert.That(tf.get_collection("mine"), Is.EqualTo(new object[] { "text", t }));
        Assert.That(tf.get_collection("mine", "lo"), Is.EqualTo(new object[] { t }), "items without a name are left out");
        Assert.That(tf.get_collection("a"), Is.EqualTo(new object[] { w1 }));
        Assert.That(tf.get_collection("none"), Is.Empty);
        Throws<ValueError>(() => tf.get_collection("mine", "(unclosed"), "tf.get_collection: scope '(unclosed' is not a regular expression", "help:");
        tf.get_collection_ref("mine").Clear();
        Assert.That(tf.get_collection("mine"), Is.Empty);
        using (var vs = tf.variable_scope("D", reuse: true)) Assert.That(vs.scope.global_variables(), Is.EqualTo(new[] { w1 }));
    }

    // get_variable's regularizer: its loss, made under "name/Regularizer/", joins REGULARIZATION_LOSSES.
    [Test]
    public void RegularizerLossesJoinTheirCollection()
    {
        Variable w;
        using (tf.variable_scope("layer", regularizer: v => tf.reduce_sum(tf.square(v))))
            w = tf.get_variable("w", new[] { 2 }, initializer: tf.constant_initializer(new[] { 3f, 4f }));
        var losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES);
        Assert.That(losses, Has.Length.EqualTo(1));
        var loss = (Tensor)losses[0];
        Assert.That(loss.name, Does.StartWith("layer/w/Regularizer/"));
        using var sess = tf.Session();
        sess.run(w.initializer);
        Assert.That(sess.run(loss).ToArray<float>(), Is.EqualTo(new[] { 25f }));
    }
}
