using static Bridge.Binding;

namespace Bridge.Tests.Train;

/// <summary>
/// tf.train.Saver as TF 1.0's saver.py and saver_test.py define it: save/restore round trips (saver_test's testBasic
/// values 10.0 and 20.0), the names variables are saved under, max_to_keep, the <c>checkpoint</c> file's text and
/// path rules, get_checkpoint_state and latest_checkpoint, training continued bit for bit after a restore, and bad
/// or damaged checkpoints: always a clear error, never a changed variable.
/// </summary>
public class SaverTests : GraphFixture
{
    private string _dir = "";

    [SetUp]
    public void MakeDir()
    {
        _dir = Path.Combine(Path.GetTempPath(), "bridge-saver-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveDir()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static float F(Session s, Variable v) => s.run(v).ToArray<float>()[0];

    /// <summary>saver_test.py's testBasic: v0 = 10.0, v1 = 20.0 saved, restored into a new graph's -1.0s.</summary>
    [Test]
    public void RoundTripRestoresIntoANewGraph()
    {
        var v0 = tf.Variable(10.0f, name: "v0");
        var v1 = tf.Variable(20.0f, name: "v1");
        var e = tf.Variable(tf.constant(new[] { 1, 2, 3 }), name: "ints");
        string prefix;
        using (var sess = tf.Session())
        {
            sess.run(tf.global_variables_initializer());
            prefix = tf.train.Saver().save(sess, Path.Combine(_dir, "basic"))!;
        }
        Assert.That(prefix, Is.EqualTo(Path.Combine(_dir, "basic")));
        Assert.That(File.Exists(prefix + ".index") && File.Exists(prefix + ".data-00000-of-00001"));

        tf.reset_default_graph();
        var w0 = tf.Variable(-1.0f, name: "v0");
        var w1 = tf.Variable(-1.0f, name: "v1");
        var ints = tf.Variable(tf.constant(new[] { 0, 0, 0 }), name: "ints");
        var saver = tf.train.Saver();
        using var s2 = tf.Session();
        saver.restore(s2, prefix); // no initializer needed: restoring initialises
        Assert.That(F(s2, w0), Is.EqualTo(10.0f));
        Assert.That(F(s2, w1), Is.EqualTo(20.0f));
        Assert.That(s2.run(ints).ToArray<int>(), Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public void AllGlobalVariablesWithAdamSlotsAreSavedUnderTheirOpNames()
    {
        var w = tf.Variable(tf.constant(new[] { 1f, 2f }), name: "W");
        var loss = tf.reduce_sum(tf.square(w));
        tf.train.AdamOptimizer(0.1).minimize(loss);
        var epoch = tf.Variable(0, name: "last_epoch");
        var saver = tf.train.Saver();
        Assert.That(saver.saved_names, Is.EqualTo(new[] { "W", "W/Adam", "W/Adam_1", "beta1_power", "beta2_power", "last_epoch" }));
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        var p = saver.save(sess, Path.Combine(_dir, "m"))!;
        Assert.That(tf.train.list_variables(p).Select(v => v.name), Is.EqualTo(saver.saved_names));
        Assert.That(tf.train.load_variable(p, "beta1_power").ToArray<float>(), Is.EqualTo(new[] { 0.9f }));
        Assert.That(tf.train.load_variable(_dir, "W").ToArray<float>(), Is.EqualTo(new[] { 1f, 2f }));
    }

    [Test]
    public void OpIdsAdvanceAsTf10sSaverDoes()
    {
        tf.Variable(1.0f, name: "a");
        tf.Variable(2.0f, name: "b");
        int before = Graph.Default.LastId;
        tf.train.Saver();
        // save/Const, SaveV2 and its two Consts, control_dependency; per variable RestoreV2, its two Consts, Assign; restore_all.
        Assert.That(Graph.Default.LastId - before, Is.EqualTo(6 + 4 * 2));
        Assert.That(Graph.Default.get_operations().Select(o => o.name), Does.Contain("save/restore_all"));
        before = Graph.Default.LastId;
        tf.train.Saver(reshape: true);
        Assert.That(Graph.Default.LastId - before, Is.EqualTo(6 + 6 * 2), "with reshape, a shape Const and a Reshape per variable too");
        Assert.That(Graph.Default.get_operations().Select(o => o.name), Does.Contain("save_1/restore_all").And.Contain("save_1/RestoreV2_1"));
    }

    [Test]
    public void ListAndDictVarLists()
    {
        var a = tf.Variable(1.0f, name: "a");
        var b = tf.Variable(2.0f, name: "b");
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        var p = tf.train.Saver(new[] { a }).save(sess, Path.Combine(_dir, "only_a"))!;
        Assert.That(tf.train.list_variables(p).Select(v => v.name), Is.EqualTo(new[] { "a" }));
        var q = tf.train.Saver(new Dictionary<string, Variable> { ["renamed"] = b }).save(sess, Path.Combine(_dir, "dict"))!;
        Assert.That(tf.train.list_variables(q).Select(v => v.name), Is.EqualTo(new[] { "renamed" }));
        // Restore "renamed" into a through a dict.
        tf.train.Saver(new Dictionary<string, Variable> { ["renamed"] = a }).restore(sess, q);
        Assert.That(F(sess, a), Is.EqualTo(2.0f));
    }

    [Test]
    public void GlobalStepNamesTheFilesAndMaxToKeepDeletesOldOnes()
    {
        var v = tf.Variable(1.0f, name: "v");
        var saver = tf.train.Saver(max_to_keep: 2);
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        string prefix = Path.Combine(_dir, "model");
        foreach (var step in new[] { 100, 200, 300 }) Assert.That(saver.save(sess, prefix, global_step: step), Is.EqualTo($"{prefix}-{step}"));
        Assert.That(File.Exists($"{prefix}-100.index"), Is.False);
        Assert.That(File.Exists($"{prefix}-100.data-00000-of-00001"), Is.False);
        Assert.That(File.Exists($"{prefix}-200.index") && File.Exists($"{prefix}-300.data-00000-of-00001"));
        Assert.That(saver.last_checkpoints, Is.EqualTo(new[] { $"{prefix}-200", $"{prefix}-300" }));
        // An absolute save directory keeps absolute paths in the file.
        Assert.That(File.ReadAllText(Path.Combine(_dir, "checkpoint")), Is.EqualTo(
            $"model_checkpoint_path: \"{prefix}-300\"\nall_model_checkpoint_paths: \"{prefix}-200\"\nall_model_checkpoint_paths: \"{prefix}-300\"\n"));
        var state = tf.train.get_checkpoint_state(_dir)!;
        Assert.That(state.model_checkpoint_path, Is.EqualTo($"{prefix}-300"));
        Assert.That(state.all_model_checkpoint_paths, Is.EqualTo(new[] { $"{prefix}-200", $"{prefix}-300" }));
        Assert.That(tf.train.latest_checkpoint(_dir), Is.EqualTo($"{prefix}-300"));
        // The Variable overload reads the step; pad_step_number zero-pads it.
        var step7 = tf.Variable(7L, name: "global_step", trainable: false);
        sess.run(step7.initializer);
        var padded = tf.train.Saver(new[] { v }, pad_step_number: true);
        Assert.That(padded.save(sess, prefix, step7), Is.EqualTo($"{prefix}-00000007"));
    }

    [Test]
    public void RelativeSaveDirectoryStoresPathsRelativeToIt()
    {
        var v = tf.Variable(3.0f, name: "v");
        var saver = tf.train.Saver(max_to_keep: 0);
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        string cwd = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(_dir);
            Directory.CreateDirectory("tb/mnist");
            Assert.That(saver.save(sess, "./tb/mnist/model", global_step: 549), Is.EqualTo("./tb/mnist/model-549"));
            Assert.That(saver.save(sess, "./tb/mnist/model", global_step: 1099), Is.EqualTo("./tb/mnist/model-1099"));
            // max_to_keep 0: nothing deleted, only the newest listed (TF 1.0).
            Assert.That(File.Exists("tb/mnist/model-549.index"));
            Assert.That(File.ReadAllText("tb/mnist/checkpoint"), Is.EqualTo("model_checkpoint_path: \"model-1099\"\nall_model_checkpoint_paths: \"model-1099\"\n"));
            var state = tf.train.get_checkpoint_state("./tb/mnist")!;
            Assert.That(state.model_checkpoint_path, Is.EqualTo("./tb/mnist/model-1099"));
            Assert.That(tf.train.get_checkpoint_state("./tb/mnist/")!.model_checkpoint_path, Is.EqualTo("./tb/mnist/model-1099"));
            Assert.That(state.ToString(), Is.EqualTo("model_checkpoint_path: \"./tb/mnist/model-1099\"\nall_model_checkpoint_paths: \"./tb/mnist/model-1099\"\n"));
            Assert.That(tf.train.latest_checkpoint("tb/mnist"), Is.EqualTo("tb/mnist/model-1099"));
        }
        finally { Directory.SetCurrentDirectory(cwd); }
    }

    [Test]
    public void CheckpointStateFileParsing()
    {
        Assert.That(tf.train.get_checkpoint_state(_dir), Is.Null, "no file: None");
        Assert.That(tf.train.latest_checkpoint(_dir), Is.Null);
        var file = Path.Combine(_dir, "checkpoint");
        // TF 1.15's extra fields, a comment, single quotes, escapes and an adjacent string are accepted.
        File.WriteAllText(file, "# state\nmodel_checkpoint_path: 'a\\\\b' \"-\\101\"\nall_model_checkpoint_paths: \"x\\ty\"\nall_model_checkpoint_timestamps: 1.5e9\nlast_preserved_timestamp: 1514764800.25\n");
        var s = tf.train.get_checkpoint_state(_dir)!;
        Assert.That(s.model_checkpoint_path, Is.EqualTo(Path.Combine(_dir, "a\\b-A")));
        Assert.That(s.all_model_checkpoint_paths, Is.EqualTo(new[] { Path.Combine(_dir, "x\ty") }));
        Assert.That(tf.train.latest_checkpoint(_dir), Is.Null, "its .index file does not exist");
        // Escaping when written: quotes, backslashes, control and non-ASCII bytes (octal, as protobuf's CEscape).
        tf.train.update_checkpoint_state(_dir, "/abs/q\"b\\é\n");
        Assert.That(File.ReadAllText(file), Is.EqualTo("model_checkpoint_path: \"/abs/q\\\"b\\\\\\303\\251\\n\"\nall_model_checkpoint_paths: \"/abs/q\\\"b\\\\\\303\\251\\n\"\n"));
        Assert.That(tf.train.get_checkpoint_state(_dir)!.model_checkpoint_path, Is.EqualTo("/abs/q\"b\\é\n"));
        // Unparsable: None (TF logs a warning); no model_checkpoint_path: ValueError.
        File.WriteAllText(file, "model_checkpoint_path: unquoted\n");
        Assert.That(tf.train.get_checkpoint_state(_dir), Is.Null);
        File.WriteAllText(file, "bogus_field: \"x\"\n");
        Assert.That(tf.train.get_checkpoint_state(_dir), Is.Null);
        File.WriteAllText(file, "all_model_checkpoint_paths: \"x\"\n");
        var ex = Assert.Throws<ValueError>(() => tf.train.get_checkpoint_state(_dir))!;
        Assert.That(ex.Message, Does.Contain("Invalid checkpoint state loaded from").And.Contain("- help:"));
    }

    /// <summary>
    /// A restored session continues training to the very numbers of an uninterrupted one: Adam's slots and beta powers
    /// are saved with the weights (N = 3 steps, save, a new graph and session, restore, M = 4 more steps).
    /// </summary>
    [Test]
    public void TrainingContinuesBitForBitAfterRestore()
    {
        var x = new float[] { 0.5f, -1.25f, 2f, 0.75f, -0.3f, 1.1f };
        var y = new float[] { 1f, 0f, 1f, 1f, 0f, 0f };
        (Variable w, Variable b, Operation train, Tensor cost) Build()
        {
            tf.reset_default_graph();
            tf.set_random_seed(777);
            var X = tf.constant(x, shape: new Shape(3, 2));
            var Y = tf.constant(y, shape: new Shape(3, 2));
            var w = tf.Variable(tf.random_normal(new[] { 2, 2 }), name: "weight");
            var b = tf.Variable(tf.random_normal(new[] { 2 }), name: "bias");
            var h = tf.sigmoid(tf.matmul(X, w) + b);
            var cost = tf.reduce_mean(tf.square(h - Y));
            var train = tf.train.AdamOptimizer(0.1).minimize(cost);
            return (w, b, train, cost);
        }
        float[] Values(Session s, params Variable[] vs) => vs.SelectMany(v => s.run(v).ToArray<float>()).ToArray();

        var (w1, b1, t1, c1) = Build();
        float[] straight;
        float straightCost;
        using (var s = tf.Session())
        {
            s.run(tf.global_variables_initializer());
            for (int i = 0; i < 7; i++) s.run(t1);
            straight = Values(s, w1, b1);
            straightCost = s.run(c1).ToArray<float>()[0];
        }

        var (w2, b2, t2, _) = Build();
        string prefix;
        using (var s = tf.Session())
        {
            s.run(tf.global_variables_initializer());
            for (int i = 0; i < 3; i++) s.run(t2);
            prefix = tf.train.Saver().save(s, Path.Combine(_dir, "adam"), global_step: 3)!;
        }

        var (w3, b3, t3, c3) = Build();
        var saver = tf.train.Saver();
        using (var s = tf.Session())
        {
            saver.restore(s, tf.train.latest_checkpoint(_dir)!);
            Assert.That(prefix, Is.EqualTo(Path.Combine(_dir, "adam-3")));
            for (int i = 0; i < 4; i++) s.run(t3);
            var resumed = Values(s, w3, b3);
            Assert.That(resumed.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(straight.Select(BitConverter.SingleToInt32Bits)), "bit for bit");
            Assert.That(BitConverter.SingleToInt32Bits(s.run(c3).ToArray<float>()[0]), Is.EqualTo(BitConverter.SingleToInt32Bits(straightCost)));
        }
    }

    // --- bad input and damaged files ---

    private (Variable a, Variable b, Saver saver, Session sess, string prefix) Saved()
    {
        var a = tf.Variable(tf.constant(new[] { 1f, 2f, 3f }), name: "a");
        var b = tf.Variable(5, name: "b");
        var saver = tf.train.Saver();
        var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        var prefix = saver.save(sess, Path.Combine(_dir, "m"))!;
        // Change the variables, so that a partial restore would show.
        sess.run(a.assign(tf.constant(new[] { -1f, -1f, -1f })));
        sess.run(b.assign(-1));
        return (a, b, saver, sess, prefix);
    }

    private static void Unchanged(Session sess, Variable a, Variable b)
    {
        Assert.That(sess.run(a).ToArray<float>(), Is.EqualTo(new[] { -1f, -1f, -1f }), "no variable changed");
        Assert.That(sess.run(b).ToArray<int>(), Is.EqualTo(new[] { -1 }), "no variable changed");
    }

    [Test]
    public void EveryTruncationIsAClearErrorAndChangesNothing()
    {
        var (a, b, saver, sess, prefix) = Saved();
        using var _ = sess;
        foreach (var ext in new[] { ".index", ".data-00000-of-00001" })
        {
            string file = prefix + ext;
            var good = File.ReadAllBytes(file);
            for (int n = 0; n < good.Length; n++)
            {
                File.WriteAllBytes(file, good[..n]);
                var ex = Assert.Throws<DataLossError>(() => saver.restore(sess, prefix), $"{ext} cut at {n}")!;
                Assert.That(ex.Message, Does.Contain(file).And.Contain("- help:"));
                Unchanged(sess, a, b);
            }
            File.WriteAllBytes(file, good);
        }
        saver.restore(sess, prefix);
        Assert.That(sess.run(a).ToArray<float>(), Is.EqualTo(new[] { 1f, 2f, 3f }));
    }

    [Test]
    public void EveryFlippedBitIsDetectedOrHarmless()
    {
        var (a, b, saver, sess, prefix) = Saved();
        using var _ = sess;
        foreach (var ext in new[] { ".index", ".data-00000-of-00001" })
        {
            string file = prefix + ext;
            var good = File.ReadAllBytes(file);
            int detected = 0;
            for (int i = 0; i < good.Length; i++)
                for (int bit = 0; bit < 8; bit++)
                {
                    var bad = (byte[])good.Clone();
                    bad[i] ^= (byte)(1 << bit);
                    File.WriteAllBytes(file, bad);
                    try
                    {
                        saver.restore(sess, prefix);
                        // Only the footer's zero padding is not checked (TF's reader ignores it too): the values are right.
                        Assert.That(ext == ".index" && i >= good.Length - 48 && i < good.Length - 8, $"{ext} byte {i} bit {bit} restored undetected");
                        Assert.That(sess.run(a).ToArray<float>(), Is.EqualTo(new[] { 1f, 2f, 3f }));
                        Assert.That(sess.run(b).ToArray<int>(), Is.EqualTo(new[] { 5 }));
                        sess.run(a.assign(tf.constant(new[] { -1f, -1f, -1f })));
                        sess.run(b.assign(-1));
                    }
                    catch (DataLossError e)
                    {
                        detected++;
                        Assert.That(e.Message, Does.Contain(file));
                        Unchanged(sess, a, b);
                    }
                }
            Assert.That(detected, Is.GreaterThan(0));
            File.WriteAllBytes(file, good);
        }
    }

    [Test]
    public void MissingFilesAndVariablesAreNotFoundErrors()
    {
        var (a, b, saver, sess, prefix) = Saved();
        using var _ = sess;
        var ex = Assert.Throws<NotFoundError>(() => saver.restore(sess, Path.Combine(_dir, "nothing")))!;
        Assert.That(ex.Message, Does.Contain("Failed to find any matching files for").And.Contain("nothing").And.Contain("- help:"));
        File.Move(prefix + ".data-00000-of-00001", prefix + ".moved");
        ex = Assert.Throws<NotFoundError>(() => saver.restore(sess, prefix))!;
        Assert.That(ex.Message, Does.Contain(prefix + ".data-00000-of-00001").And.Contain("missing"));
        Unchanged(sess, a, b);
        File.Move(prefix + ".moved", prefix + ".data-00000-of-00001");
        var c = tf.Variable(0.0f, name: "c");
        sess.run(c.initializer);
        ex = Assert.Throws<NotFoundError>(() => tf.train.Saver().restore(sess, prefix))!;
        Assert.That(ex.Message, Does.Contain("Key c not found in checkpoint").And.Contain(prefix));
        Unchanged(sess, a, b);
    }

    [Test]
    public void ShapeAndDtypeMismatchesAreInvalidArgumentErrors()
    {
        var (a, b, saver, sess, prefix) = Saved();
        sess.Dispose();
        tf.reset_default_graph();
        var a2 = tf.Variable(tf.zeros(new Shape(4)), name: "a");
        var b2 = tf.Variable(0, name: "b");
        using (var s = tf.Session())
        {
            s.run(tf.global_variables_initializer());
            var ex = Assert.Throws<InvalidArgumentError>(() => tf.train.Saver().restore(s, prefix))!;
            Assert.That(ex.Message, Does.Contain("Assign requires shapes of both tensors to match. lhs shape= [4] rhs shape= [3]").And.Contain("'a'"));
            Assert.That(s.run(b2).ToArray<int>(), Is.EqualTo(new[] { 0 }), "b is not restored either");
        }
        tf.reset_default_graph();
        tf.Variable(tf.zeros(new Shape(3)), name: "a");
        var bf = tf.Variable(0.0f, name: "b");
        using (var s = tf.Session())
        {
            var ex = Assert.Throws<InvalidArgumentError>(() => tf.train.Saver().restore(s, prefix))!;
            Assert.That(ex.Message, Does.Contain("tensor_name = b; expected dtype float32 does not equal original dtype int32"));
        }
        // reshape=True: the element counts must agree, then the saved values take the variable's shape.
        tf.reset_default_graph();
        var ar = tf.Variable(tf.zeros(new Shape(3, 1)), name: "a");
        tf.Variable(0, name: "b");
        using (var s = tf.Session())
        {
            tf.train.Saver(reshape: true).restore(s, prefix);
            Assert.That(s.run(ar).shape, Is.EqualTo(new Shape(3, 1)));
            Assert.That(s.run(ar).ToArray<float>(), Is.EqualTo(new[] { 1f, 2f, 3f }));
        }
    }

    [Test]
    public void BadArgumentsAreClearErrors()
    {
        Assert.That(Assert.Throws<ValueError>(() => tf.train.Saver())!.Message, Does.Contain("No variables to save"));
        Assert.That(tf.train.Saver(allow_empty: true).saved_names, Is.Empty);
        var v = tf.Variable(1.0f, name: "v");
        var saver = tf.train.Saver();
        Assert.That(Assert.Throws<TypeError>(() => tf.train.Saver(v))!.Message, Does.Contain("dict or a list"));
        Assert.That(Assert.Throws<TypeError>(() => tf.train.Saver(new object[] { v.value() }))!.Message, Does.Contain("not a Variable"));
        Assert.That(Assert.Throws<ValueError>(() => tf.train.Saver(new Dictionary<string, Variable> { ["x"] = v, ["y"] = v }))!.Message, Does.Contain("two names"));
        Assert.Throws<NotImplementedException>(() => tf.train.Saver(sharded: true));
        using var sess = tf.Session();
        var ex = Assert.Throws<FailedPreconditionError>(() => saver.save(sess, Path.Combine(_dir, "m")))!;
        Assert.That(ex.Message, Does.Contain("v"));
        sess.run(v.initializer);
        var e2 = Assert.Throws<ValueError>(() => saver.save(sess, Path.Combine(_dir, "no", "such", "dir", "m")))!;
        Assert.That(e2.Message, Does.Contain("Parent directory of").And.Contain("doesn't exist, can't save"));
        Assert.That(Assert.Throws<ValueError>(() => saver.save(sess, "model"))!.Message, Does.Contain("./model"));
        Assert.That(Assert.Throws<ValueError>(() => saver.save(sess, Path.Combine(_dir, "m"), latest_filename: "a/b"))!.Message, Does.Contain("path components"));
        Assert.That(Assert.Throws<ValueError>(() => saver.save(sess, Path.Combine(_dir, "checkpoint")))!.Message, Does.Contain("collides"));
        Assert.Throws<ValueError>(() => saver.restore(sess, null!));
        tf.reset_default_graph();
        using var other = tf.Session();
        Assert.That(Assert.Throws<ValueError>(() => saver.save(other, Path.Combine(_dir, "m")))!.Message, Does.Contain("another graph"));
    }
}
