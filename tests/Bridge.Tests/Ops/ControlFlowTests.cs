using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>
/// tf.cond as TF 1.x builds it (Switch/Merge, a cond context per branch) and runs it (dead tensors: only the taken
/// branch runs), its gradients (TF's _SwitchGrad/_MergeGrad), and tf.control_dependencies. Cases follow TF's
/// control_flow_ops_py_test.py (testCondTrue, testCondFalse, testCond_2, testCond_3, testCondGrad_1, testCondGrad_2).
/// </summary>
public class ControlFlowTests : GraphFixture
{
    [Test]
    public void CondTrueAndFalseAsTfsKernelTests()
    {
        // testCondTrue / testCondFalse: cond(less(x, y), x * 17, y + 23).
        var x = tf.constant(2);
        var y = tf.constant(5);
        var z = tf.cond(tf.less(x, y), () => tf.multiply(x, 17), () => tf.add(y, 23));
        var y1 = tf.constant(1);
        var z1 = tf.cond(tf.less(x, y1), () => tf.multiply(x, 17), () => tf.add(y1, 23));
        using var sess = tf.Session();
        Assert.That(sess.run(z).GetDouble(0), Is.EqualTo(34));
        Assert.That(sess.run(z1).GetDouble(0), Is.EqualTo(24));
    }

    [Test]
    public void CondBuildsTfsGraph()
    {
        var p = tf.placeholder(tf.@bool, name: "p");
        var x = tf.constant(10.0);
        var r = tf.cond(p, () => tf.add(x, 1.0), () => tf.subtract(x, 1.0));
        Assert.That(r.op.type, Is.EqualTo("Merge"));
        Assert.That(r.op.name, Is.EqualTo("cond/Merge"));
        var names = tf.get_default_graph().get_operations().Select(o => $"{o.name}:{o.type}").ToArray();
        Assert.That(names, Does.Contain("cond/Switch:Switch").And.Contain("cond/switch_t:Identity").And.Contain("cond/switch_f:Identity")
            .And.Contain("cond/pred_id:Identity"));
        // x is switched once per branch; the branches' constants hang on the pivots.
        var add = r.op.Inputs[1].op;
        Assert.That(add.type, Is.EqualTo("Add"));
        Assert.That(add.Inputs[0].op.type, Is.EqualTo("Switch"));
        Assert.That(add.Inputs[0].value_index, Is.EqualTo(1), "output_true");
        Assert.That(add.Inputs[1].op.ControlInputs.Select(o => o.name), Is.EqualTo(new[] { "cond/switch_t" }));
        var sub = r.op.Inputs[0].op;
        Assert.That(sub.Inputs[0].value_index, Is.EqualTo(0), "output_false");
        Assert.That(r.shape, Is.EqualTo(Shape.Scalar));
        using var sess = tf.Session();
        Assert.That(sess.run(r, (p, true)).GetDouble(0), Is.EqualTo(11));
        Assert.That(sess.run(r, (p, false)).GetDouble(0), Is.EqualTo(9));
    }

    [Test]
    public void NestedCondAndLambdaReturningAnOutsideTensor()
    {
        // testCond_3: cond(pred, lambda: cond(pred, x + 1, x - 1) + 1, x - 1) with pred = 1 < 2 and x = 10: 12.
        var x = tf.constant(10);
        var pred = tf.less(1, 2);
        Tensor Fn1() => tf.add(x, 1);
        Tensor Fn2() => tf.subtract(x, 1);
        var r = tf.cond(pred, () => tf.add(tf.cond(pred, Fn1, Fn2), 1), Fn2);
        // testCond_2 with the untaken branch false: 9; a branch that returns an outside tensor is switched (lambda: x).
        var r2 = tf.cond(tf.less(1, 0), () => tf.add(x, 1), () => x);
        using var sess = tf.Session();
        Assert.That(sess.run(r).GetDouble(0), Is.EqualTo(12));
        Assert.That(sess.run(r2).GetDouble(0), Is.EqualTo(10));
    }

    [Test]
    public void SeveralResultsAndNestedStructures()
    {
        var p = tf.placeholder(tf.@bool);
        var a = tf.constant(1.0);
        var rs = tf.cond(p, () => new[] { tf.add(a, 1.0), tf.constant(7) }, () => new[] { tf.subtract(a, 1.0), tf.constant(8) });
        var nested = (object[])tf.cond(p, () => (object)new object[] { a, new object[] { tf.constant(2.0), tf.constant(3.0) } },
            () => new object[] { tf.constant(4.0), new object[] { tf.constant(5.0), a } });
        using var sess = tf.Session();
        Assert.That(sess.run(rs[0], (p, true)).GetDouble(0), Is.EqualTo(2));
        Assert.That(sess.run(rs[1], (p, false)).GetDouble(0), Is.EqualTo(8));
        var inner = (object[])nested[1];
        Assert.That(sess.run((Tensor)nested[0], (p, false)).GetDouble(0), Is.EqualTo(4));
        Assert.That(sess.run((Tensor)inner[1], (p, true)).GetDouble(0), Is.EqualTo(3));
        Assert.That(sess.run((Tensor)inner[1], (p, false)).GetDouble(0), Is.EqualTo(1));
    }

    [Test]
    public void AnAssignInTheUntakenBranchWritesNothing()
    {
        var v = tf.Variable(1.0f, name: "v");
        var p = tf.placeholder(tf.@bool);
        var r = tf.cond(p, () => tf.assign(v, 5.0f), () => tf.identity(v));
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        Assert.That(sess.run(r, (p, false)).GetDouble(0), Is.EqualTo(1));
        Assert.That(sess.run(v.AsTensor()).GetDouble(0), Is.EqualTo(1), "the false branch ran: nothing was written");
        Assert.That(sess.run(r, (p, true)).GetDouble(0), Is.EqualTo(5));
        Assert.That(sess.run(v.AsTensor()).GetDouble(0), Is.EqualTo(5));
    }

    [Test]
    public void ARandomOpInTheUntakenBranchDoesNotAdvanceItsStream()
    {
        tf.set_random_seed(777);
        var p = tf.placeholder(tf.@bool);
        var r = tf.cond(p, () => tf.random_uniform(new[] { 4 }, seed: 1), () => tf.zeros(new[] { 4 }));
        using var taken = tf.Session();
        using var alternating = tf.Session();
        var t1 = taken.run(r, (p, true)).ToArray<float>();
        var t2 = taken.run(r, (p, true)).ToArray<float>();
        var a1 = alternating.run(r, (p, true)).ToArray<float>();
        Assert.That(alternating.run(r, (p, false)).ToArray<float>(), Is.EqualTo(new float[4]));
        Assert.That(alternating.run(r, (p, false)).ToArray<float>(), Is.EqualTo(new float[4]));
        var a2 = alternating.run(r, (p, true)).ToArray<float>();
        Assert.That(a1, Is.EqualTo(t1));
        Assert.That(a2, Is.EqualTo(t2), "the untaken runs drew nothing: the next taken run draws TF's second draw");
        Assert.That(t2, Is.Not.EqualTo(t1));
    }

    [Test]
    public void CondGradientsAsTfsKernelTests()
    {
        // testCondGrad_1: d cond(pred, identity(x), identity(x)) / dx = 1.
        var x = tf.constant(10.0);
        var r = tf.cond(tf.less(1, 2), () => tf.identity(x), () => tf.identity(x));
        var g1 = tf.gradients(r, new[] { x })[0]!;
        // testCondGrad_2: d cond(c < 2, x * 42, x * 3) / dx is 42 for c = 1 and 3 for c = 3.
        var c = tf.placeholder(tf.int32);
        var r2 = tf.cond(tf.less(c, 2), () => tf.multiply(x, 42.0), () => tf.multiply(x, 3.0));
        var g2 = tf.gradients(r2, new[] { x })[0]!;
        using var sess = tf.Session();
        Assert.That(sess.run(g1).GetDouble(0), Is.EqualTo(1));
        Assert.That(sess.run(g2, (c, 1)).GetDouble(0), Is.EqualTo(42));
        Assert.That(sess.run(g2, (c, 3)).GetDouble(0), Is.EqualTo(3));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void GradientThroughCondMatchesCentralDifferences(bool pred)
    {
        var w = tf.placeholder(tf.float64, new[] { 3 });
        var k = tf.constant(new[] { 0.5, -1.5, 2.0 }, tf.float64);
        var p = tf.placeholder(tf.@bool);
        // Both branches read w and k from outside; one only w (so the other Switch output has no gradient).
        var y = tf.cond(p, () => tf.multiply(tf.square(w), k), () => tf.exp(w));
        var loss = tf.reduce_sum(tf.multiply(y, tf.constant(new[] { 1.0, 2.0, 3.0 }, tf.float64)));
        var g = tf.gradients(loss, new[] { w })[0]!;
        using var sess = tf.Session();
        var w0 = new[] { 0.3, -0.7, 1.1 };
        var analytic = sess.run(g, (w, w0), (p, pred)).ToArray<double>();
        const double eps = 1e-6;
        for (int i = 0; i < 3; i++)
        {
            var plus = (double[])w0.Clone();
            var minus = (double[])w0.Clone();
            plus[i] += eps;
            minus[i] -= eps;
            double numeric = (sess.run(loss, (w, plus), (p, pred)).GetDouble(0) - sess.run(loss, (w, minus), (p, pred)).GetDouble(0)) / (2 * eps);
            Assert.That(analytic[i], Is.EqualTo(numeric).Within(1e-6 * Math.Max(1, Math.Abs(numeric))), $"d loss / d w[{i}] with pred {pred}");
        }
    }

    [Test]
    public void MinimizeThroughCondUpdatesOnlyWhatTheTakenBranchReads()
    {
        var a = tf.Variable(2.0f, name: "a");
        var b = tf.Variable(3.0f, name: "b");
        var p = tf.placeholder(tf.@bool);
        var loss = tf.cond(p, () => tf.square(a.AsTensor()), () => tf.multiply(b.AsTensor(), 4.0f));
        var train = tf.train.GradientDescentOptimizer(0.1).minimize(loss);
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        sess.run(train, (p, true));
        Assert.That(sess.run(a.AsTensor()).GetDouble(0), Is.EqualTo(2.0f - 0.1f * 4.0f).Within(1e-6), "a -= 0.1 * 2a");
        Assert.That(sess.run(b.AsTensor()).GetDouble(0), Is.EqualTo(3.0), "b's gradient is zero in the true branch");
        sess.run(train, (p, false));
        Assert.That(sess.run(b.AsTensor()).GetDouble(0), Is.EqualTo(3.0f - 0.1f * 4.0f).Within(1e-6));
    }

    [Test]
    public void FetchingADeadTensorIsAnInvalidArgumentError()
    {
        var p = tf.placeholder(tf.@bool);
        Tensor? inside = null;
        var r = tf.cond(p, () => inside = tf.add(tf.constant(1.0), 2.0), () => tf.constant(0.0));
        using var sess = tf.Session();
        Assert.That(sess.run(inside!, (p, true)).GetDouble(0), Is.EqualTo(3));
        var e = Assert.Throws<InvalidArgumentError>(() => sess.run(inside!, (p, false)))!;
        Assert.That(e.Message, Does.Contain(inside!.name).And.Contain("dead").And.Contain("help:"));
        Assert.That(sess.run(r, (p, false)).GetDouble(0), Is.EqualTo(0), "the session is still usable");
    }

    [Test]
    public void BadPredsAndMismatchedBranchesAreTfsErrors()
    {
        var x = tf.constant(1.0);
        var e1 = Assert.Throws<TypeError>(() => tf.cond(tf.constant(1.0), () => x, () => x))!;
        Assert.That(e1.Message, Does.Contain("tf.cond").And.Contain("bool").And.Contain("float32").And.Contain("help:"));
        var e2 = Assert.Throws<ValueError>(() => tf.cond(tf.constant(new[] { true, false }), () => x, () => x))!;
        Assert.That(e2.Message, Does.Contain("scalar").And.Contain("rank 1").And.Contain("help:"));
        var p = tf.placeholder(tf.@bool);
        var e3 = Assert.Throws<ValueError>(() => tf.cond(p, () => new[] { x, x }, () => new[] { x }))!;
        Assert.That(e3.Message, Does.Contain("same structure").And.Contain("help:"));
        var e4 = Assert.Throws<ValueError>(() => tf.cond(p, () => x, () => tf.constant(1)))!;
        Assert.That(e4.Message, Does.Contain("same type").And.Contain("float32, int32"));
        var e5 = Assert.Throws<TypeError>(() => tf.cond(p, null!, () => x))!;
        Assert.That(e5.Message, Does.Contain("true_fn must be callable"));
    }

    [Test]
    public void ControlDependenciesRunTheirOpsFirst()
    {
        var v = tf.Variable(0.0f, name: "counter");
        var x = tf.constant(5.0f);
        var update = tf.assign_add(v, 1.0f);
        Tensor y;
        using (tf.control_dependencies(new ITensorOrOperation[] { update }))
            y = tf.identity(x);
        Assert.That(y.op.ControlInputs, Is.EqualTo(new[] { update.op }));
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        Assert.That(sess.run(y).GetDouble(0), Is.EqualTo(5));
        sess.run(y);
        Assert.That(sess.run(v.AsTensor()).GetDouble(0), Is.EqualTo(2), "each run of y ran the update");
    }

    [Test]
    public void ControlDependenciesNestDominateAndClearAsTfs()
    {
        var a = tf.constant(1.0, name: "a");
        var b = tf.constant(2.0, name: "b");
        Tensor c, d, e, f;
        using (tf.control_dependencies(new ITensorOrOperation[] { a }))
        {
            c = tf.constant(3.0, name: "c");
            using (tf.control_dependencies(new ITensorOrOperation[] { b }))
            {
                d = tf.add(c, c); // reads c, made inside the outer block: only the inner block's b
                using (tf.control_dependencies(null))
                    e = tf.constant(4.0, name: "e");
            }
            f = tf.identity(a); // a as data: no control input on it
        }
        Assert.That(c.op.ControlInputs.Select(o => o.name), Is.EqualTo(new[] { "a" }));
        Assert.That(d.op.ControlInputs.Select(o => o.name), Is.EqualTo(new[] { "b" }));
        Assert.That(e.op.ControlInputs, Is.Empty, "None clears the dependencies");
        Assert.That(f.op.ControlInputs, Is.Empty);
        Assert.That(tf.constant(5.0).op.ControlInputs, Is.Empty, "outside the blocks");
        var te = Assert.Throws<TypeError>(() => tf.control_dependencies(new ITensorOrOperation[] { null! }))!;
        Assert.That(te.Message, Does.Contain("Control input must be Operation or Tensor"));
    }

    [Test]
    public void ControlDependenciesInsideABranchForceItsUpdates()
    {
        // The batch_norm idiom (updates_collections=None): the branch's identity runs after its assign.
        var v = tf.Variable(0.0f, name: "moving");
        var p = tf.placeholder(tf.@bool);
        var x = tf.constant(3.0f);
        var r = tf.cond(p, () =>
        {
            var upd = tf.assign_add(v, x);
            using (tf.control_dependencies(new ITensorOrOperation[] { upd })) return tf.identity(x);
        }, () => tf.identity(v.AsTensor()));
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        Assert.That(sess.run(r, (p, true)).GetDouble(0), Is.EqualTo(3));
        Assert.That(sess.run(r, (p, true)).GetDouble(0), Is.EqualTo(3));
        Assert.That(sess.run(r, (p, false)).GetDouble(0), Is.EqualTo(6), "two updates ran, none in the false run");
        Assert.That(sess.run(v.AsTensor()).GetDouble(0), Is.EqualTo(6));
    }

    [Test]
    public void VariablesAndSlotsMadeInsideControlDependenciesInitialiseAlone()
    {
        // TF builds variables (and an optimizer's slots) under control_dependencies(None): lab 10-6's
        // `with tf.control_dependencies(update_ops): train_op = AdamOptimizer(lr).minimize(loss)` initialises
        // without running the updates (which need the fed batch).
        var x = tf.placeholder(tf.float32, new Shape(-1, 2));
        var w = tf.Variable(tf.ones(new[] { 2, 1 }), name: "w");
        var moving = tf.Variable(tf.zeros(new[] { 2 }), name: "moving", trainable: false);
        var update = tf.assign_add(moving, tf.reduce_mean(x, axis: 0));
        Operation train;
        Variable inside;
        using (tf.control_dependencies(new ITensorOrOperation[] { update }))
        {
            inside = tf.Variable(3.0f, name: "inside");
            train = tf.train.AdamOptimizer(0.1).minimize(tf.reduce_sum(tf.matmul(x, w.AsTensor())));
        }
        Assert.That(inside.initializer.ControlInputs, Is.Empty);
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer()); // no feed needed: the update is not part of the initialisation
        sess.run(train, (x, new float[,] { { 1, 2 }, { 3, 4 } }));
        Assert.That(sess.run(moving.AsTensor()).ToArray<float>(), Is.EqualTo(new[] { 2f, 3f }), "the train op ran the update first");
    }

    [Test]
    public void AnOperationResultIsThePivotAfterIt()
    {
        var v = tf.Variable(1.0f, name: "w");
        var p = tf.placeholder(tf.@bool);
        var r = (Tensor)tf.cond(p, () => (object)tf.group(tf.assign(v, 9.0f)), () => tf.no_op_for_test());
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        Assert.That(sess.run(r, (p, false)).GetBool(0), Is.False);
        Assert.That(sess.run(v.AsTensor()).GetDouble(0), Is.EqualTo(1));
        Assert.That(sess.run(r, (p, true)).GetBool(0), Is.True);
        Assert.That(sess.run(v.AsTensor()).GetDouble(0), Is.EqualTo(9));
    }
}

internal static class NoOpForTest
{
    public static object no_op_for_test(this tensorflow tf) => tf.group();
}
