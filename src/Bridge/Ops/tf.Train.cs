namespace Bridge;

// tf.train and tf.gradients.
public sealed partial class tensorflow
{
    /// <summary>tf.train: the optimizers.</summary>
    public train_api train { get; } = new();

    /// <summary>Symbolic gradients of sum(ys) with respect to each of xs (null where an x does not affect ys).</summary>
    public Tensor?[] gradients(object ys, object xs, Tensor[]? grad_ys = null)
    {
        Tensor[] Many(object o, string what) => o switch
        {
            Tensor t => [t],
            Variable v => [v.Snapshot],
            IEnumerable<object> list => list.Select(e => e switch
            {
                Tensor t => t,
                Variable v => v.Snapshot,
                _ => throw new TypeError($"tf.gradients: {what} must be tensors or variables, not {e?.GetType().Name ?? "null"}."),
            }).ToArray(),
            _ => throw new TypeError($"tf.gradients: {what} must be a tensor, a variable or a list of them."),
        };
        return Gradients.Compute(Many(ys, "ys"), Many(xs, "xs"), grad_ys);
    }
}

/// <summary>tf.train: TF 1.x's optimizers, the global step, the learning-rate schedules and the reading pipeline.</summary>
public sealed partial class train_api
{
    internal train_api() { }

    /// <summary>TF's GradientDescentOptimizer: var -= learning_rate * grad. The rate is a number (0.01, 0.01f) or a scalar tensor.</summary>
    public GradientDescentOptimizer GradientDescentOptimizer(LearningRate learning_rate, string name = "GradientDescent") => new(learning_rate, name);

    /// <summary>TF's AdamOptimizer with TF 1.x's defaults (learning_rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-8).</summary>
    public AdamOptimizer AdamOptimizer(LearningRate? learning_rate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, string name = "Adam") =>
        new(learning_rate, beta1, beta2, epsilon, name);

    /// <summary>TF's MomentumOptimizer (TF's ApplyMomentum; Nesterov's variant with use_nesterov).</summary>
    public MomentumOptimizer MomentumOptimizer(LearningRate learning_rate, LearningRate momentum, string name = "Momentum", bool use_nesterov = false) =>
        new(learning_rate, momentum, name, use_nesterov);

    /// <summary>TF's AdagradOptimizer (accumulators start at initial_accumulator_value, 0.1 by default; it must be positive).</summary>
    public AdagradOptimizer AdagradOptimizer(LearningRate learning_rate, double initial_accumulator_value = 0.1, string name = "Adagrad") =>
        new(learning_rate, initial_accumulator_value, name);

    /// <summary>TF's RMSPropOptimizer (decay 0.9, momentum 0, epsilon 1e-10; centered normalises by the variance estimate).</summary>
    public RMSPropOptimizer RMSPropOptimizer(LearningRate learning_rate, double decay = 0.9, double momentum = 0.0, double epsilon = 1e-10, bool centered = false, string name = "RMSProp") =>
        new(learning_rate, decay, momentum, epsilon, centered, name);

    /// <summary>TF's AdadeltaOptimizer (learning_rate 0.001, rho 0.95, epsilon 1e-8), with TF 1.0's kernel.</summary>
    public AdadeltaOptimizer AdadeltaOptimizer(LearningRate? learning_rate = null, double rho = 0.95, double epsilon = 1e-8, string name = "Adadelta") =>
        new(learning_rate, rho, epsilon, name);

    // --- checkpoints (TF's saver.py) ---

    /// <summary>
    /// TF 1.x's <c>tf.train.Saver(var_list=None, reshape=False, sharded=False, max_to_keep=5,
    /// keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False, ..., allow_empty=False,
    /// pad_step_number=False)</c>: saves and restores variables in TF's V2 checkpoint format (see <see cref="Bridge.Saver"/>).
    /// <paramref name="var_list"/>: null for all global variables (with the optimizers' slots and Adam's beta powers),
    /// a list of variables (saved under their op names), or a dictionary from checkpoint names to variables.
    /// max_to_keep null or 0 keeps every checkpoint file. sharded=True is not supported (one device: TF writes one
    /// shard too, under another name); restore_sequentially changes nothing (Bridge restores in one run).
    /// </summary>
    public Saver Saver(object? var_list = null, bool reshape = false, bool sharded = false, int? max_to_keep = 5,
        double keep_checkpoint_every_n_hours = 10000.0, string? name = null, bool restore_sequentially = false,
        bool allow_empty = false, bool pad_step_number = false)
    {
        const string f = "tf.train.Saver";
        if (sharded)
            throw new NotImplementedException($"{f}: sharded=True is not supported by Bridge. - help: leave it out (one device: a checkpoint is one shard).");
        var g = Graph.Default;
        var vars = new List<(string, Variable)>();
        switch (var_list)
        {
            case null:
                foreach (var v in Binding.tf.global_variables()) vars.Add((v.op_name, v));
                break;
            case System.Collections.IDictionary dict:
                foreach (System.Collections.DictionaryEntry kv in dict)
                {
                    if (kv.Key is not string key)
                        throw new TypeError($"{f}: names_to_saveables must be a dict mapping string names to Variables. Name is not a string: {kv.Key}. - help: use the names as the checkpoint has them (\"layer1/W\").");
                    if (kv.Value is not Variable v)
                        throw new TypeError($"{f}: names_to_saveables must be a dict mapping string names to Variables. Not a variable: {kv.Value ?? "None"} (for '{key}'). - help: give tf.Variable objects.");
                    vars.Add((key, v));
                }
                break;
            case Variable single:
                throw new TypeError($"{f}: Variables to save should be passed in a dict or a list: {single}. - help: pass [variable].");
            case System.Collections.IEnumerable list when var_list is not string:
                foreach (var o in list)
                {
                    if (o is not Variable v)
                        throw new TypeError($"{f}: Variable to save is not a Variable: {o ?? "None"}. - help: pass tf.Variable objects (tensors are not saved).");
                    if (!vars.Any(p => p.Item2 == v)) vars.Add((v.op_name, v)); // TF makes a set of the list
                }
                break;
            default:
                throw new TypeError($"{f}: Variables to save should be passed in a dict or a list: {var_list}. - help: pass a list of variables or a dict {{name: variable}}.");
        }
        return new Saver(g, vars, max_to_keep, keep_checkpoint_every_n_hours, name, reshape, pad_step_number, allow_empty);
    }

    /// <summary>
    /// TF's tf.train.get_checkpoint_state(checkpoint_dir, latest_filename=None): the directory's <c>checkpoint</c>
    /// file, its relative paths joined to <paramref name="checkpoint_dir"/>; null when there is none or it cannot be
    /// parsed (TF logs a warning then, Bridge writes it to stderr). ValueError when it has no model_checkpoint_path.
    /// </summary>
    public CheckpointState? get_checkpoint_state(string checkpoint_dir, string? latest_filename = null) =>
        CheckpointStateFile.Read(checkpoint_dir, latest_filename);

    /// <summary>
    /// TF's tf.train.latest_checkpoint(checkpoint_dir, latest_filename=None): the newest checkpoint's prefix from the
    /// directory's <c>checkpoint</c> file, or null when there is none or its <c>.index</c> file is gone.
    /// </summary>
    public string? latest_checkpoint(string checkpoint_dir, string? latest_filename = null)
    {
        var s = CheckpointStateFile.Read(checkpoint_dir, latest_filename);
        if (s is null || s.model_checkpoint_path.Length == 0) return null;
        if (File.Exists(CheckpointBundle.IndexFile(s.model_checkpoint_path))) return s.model_checkpoint_path;
        Console.Error.WriteLine($"WARNING: Couldn't match files for checkpoint {s.model_checkpoint_path}");
        return null;
    }

    /// <summary>
    /// TF's tf.train.update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
    /// latest_filename=None): rewrites the <c>checkpoint</c> file (paths relative to a relative save_dir, as TF).
    /// </summary>
    public void update_checkpoint_state(string save_dir, string model_checkpoint_path, string[]? all_model_checkpoint_paths = null, string? latest_filename = null) =>
        CheckpointStateFile.Update(save_dir, model_checkpoint_path, all_model_checkpoint_paths ?? [], latest_filename);

    /// <summary>
    /// TF's tf.train.list_variables(ckpt_dir_or_file) (TF 1.3 and later; tf.contrib.framework.list_variables in TF
    /// 1.0): the (name, shape) of every tensor in the checkpoint, sorted by name. A directory means its latest checkpoint.
    /// </summary>
    public (string name, long[] shape)[] list_variables(string ckpt_dir_or_file)
    {
        var index = CheckpointBundle.ReadIndex(CheckpointPrefix(ckpt_dir_or_file, "tf.train.list_variables"), out _);
        return index.Values.OrderBy(e => e.Name, StringComparer.Ordinal).Select(e => (e.Name, e.Shape.dims)).ToArray();
    }

    /// <summary>
    /// TF's tf.train.load_variable(ckpt_dir_or_file, name): the value of tensor <paramref name="name"/> in the
    /// checkpoint (its bytes checked against the stored CRC-32C). NotFoundError when the checkpoint has no such tensor.
    /// </summary>
    public NDArray load_variable(string ckpt_dir_or_file, string name)
    {
        const string f = "tf.train.load_variable";
        string prefix = CheckpointPrefix(ckpt_dir_or_file, f);
        var index = CheckpointBundle.ReadIndex(prefix, out int numShards);
        if (name.EndsWith(":0", StringComparison.Ordinal)) name = name[..^2]; // TF strips the output index
        if (!index.TryGetValue(name, out var e))
            throw new NotFoundError($"{f}: Key {name} not found in checkpoint {prefix}. - help: tf.train.list_variables(checkpoint) lists the names it has.");
        return CheckpointBundle.ReadTensor(prefix, numShards, e, []);
    }

    private string CheckpointPrefix(string ckpt_dir_or_file, string f)
    {
        if (!Directory.Exists(ckpt_dir_or_file)) return ckpt_dir_or_file;
        return latest_checkpoint(ckpt_dir_or_file)
            ?? throw new ValueError($"{f}: Couldn't find 'checkpoint' file or checkpoints in given directory {ckpt_dir_or_file}. - help: pass a checkpoint prefix (\"dir/model-1000\"), or a directory saver.save wrote to.");
    }

    /// <summary>TF's tf.train.checkpoint_exists(checkpoint_prefix): whether the V2 checkpoint's .index file exists.</summary>
    public bool checkpoint_exists(string checkpoint_prefix) => File.Exists(CheckpointBundle.IndexFile(checkpoint_prefix));

    // --- the global step (TF's training_util) ---

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Graph, Variable> GlobalSteps = new();

    /// <summary>
    /// The graph's global step (default graph): the one tf.train.create_global_step made, else the variable named
    /// "global_step" (TF 1.x looks up "global_step:0"), else null. TypeError if it is not an integer scalar.
    /// </summary>
    public Variable? get_global_step(Graph? graph = null)
    {
        var g = graph ?? Graph.Default;
        if (!GlobalSteps.TryGetValue(g, out var step))
            step = g.Variables.LastOrDefault(v => v.op_name == "global_step");
        if (step is null) return null;
        if (!step.dtype.is_integer())
            throw new TypeError($"tf.train.get_global_step: existing \"global_step\" does not have integer type: {step.dtype.as_numpy_name()}. - help: create it as tf.Variable(0, trainable=False, name='global_step').");
        if (step.shape.IsFullyDefined && step.shape.ndim != 0)
            throw new TypeError($"tf.train.get_global_step: existing \"global_step\" is not scalar: {OpHelpers.Fmt(step.shape)}. - help: create it as tf.Variable(0, trainable=False, name='global_step').");
        return step;
    }

    /// <summary>
    /// Creates the global step: an int64 scalar variable named "global_step" (at the root name scope), zero,
    /// not trainable. ValueError if the graph already has one.
    /// </summary>
    public Variable create_global_step(Graph? graph = null)
    {
        var g = graph ?? Graph.Default;
        if (get_global_step(g) is not null)
            throw new ValueError("tf.train.create_global_step: \"global_step\" already exists. - help: use tf.train.get_or_create_global_step().");
        Variable step;
        using (g.as_default())
        using (g.EnterRootScope())
            step = Binding.tf.Variable(Binding.tf.constant(0L, name: "global_step/Initializer/zeros"), name: "global_step", trainable: false);
        GlobalSteps.AddOrUpdate(g, step);
        return step;
    }

    /// <summary>The global step's current value in <paramref name="sess"/> (TF's tf.train.global_step(sess, global_step_tensor)).</summary>
    public long global_step(Session sess, Variable global_step_tensor)
    {
        if (sess is null) throw new ValueError("tf.train.global_step: sess is required. - help: pass the session that runs the training.");
        if (global_step_tensor is null) throw new ValueError("tf.train.global_step: global_step_tensor is required. - help: pass tf.train.get_global_step().");
        if (!global_step_tensor.dtype.is_integer())
            throw new TypeError($"tf.train.global_step: '{global_step_tensor.op_name}' has dtype {global_step_tensor.dtype.as_numpy_name()}; the global step is an integer. - help: tf.Variable(0, trainable=False, name='global_step').");
        return Convert.ToInt64(sess.run(global_step_tensor).Storage.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The graph's global step, created (int64, zero) if it has none (TF's get_or_create_global_step).</summary>
    public Variable get_or_create_global_step(Graph? graph = null) => get_global_step(graph) ?? create_global_step(graph);

    // --- learning-rate schedules (TF's learning_rate_decay.py, composed of graph ops as TF's Python composes them) ---

    /// <summary>
    /// TF's exponential_decay: learning_rate * decay_rate ^ (global_step / decay_steps), the exponent floored with
    /// staircase. Everything is cast to the learning rate's dtype (float32 for a number) first; pow is TF's Pow.
    /// </summary>
    public Tensor exponential_decay(LearningRate learning_rate, object global_step, object decay_steps, object decay_rate, bool staircase = false, string? name = null)
    {
        var (lr, p) = Decay("exponential_decay", "ExponentialDecay", learning_rate, global_step, decay_steps, decay_rate, staircase, name, out var rate, out var scope);
        using (scope)
            return Binding.tf.multiply(lr, Binding.tf.pow(rate, p));
    }

    /// <summary>
    /// TF's inverse_time_decay: learning_rate / (1 + decay_rate * global_step / decay_steps), the quotient floored
    /// with staircase; cast to the learning rate's dtype first.
    /// </summary>
    public Tensor inverse_time_decay(LearningRate learning_rate, object global_step, object decay_steps, object decay_rate, bool staircase = false, string? name = null)
    {
        var (lr, p) = Decay("inverse_time_decay", "InverseTimeDecay", learning_rate, global_step, decay_steps, decay_rate, staircase, name, out var rate, out var scope);
        using (scope)
        {
            var tf = Binding.tf;
            var one = tf.cast(tf.constant(1), lr.dtype);
            return tf.divide(lr, tf.add(one, tf.multiply(rate, p)));
        }
    }

    /// <summary>
    /// TF's natural_exp_decay: learning_rate * exp(-decay_rate * global_step / decay_steps), the quotient floored with
    /// staircase; cast to the learning rate's dtype first.
    /// </summary>
    public Tensor natural_exp_decay(LearningRate learning_rate, object global_step, object decay_steps, object decay_rate, bool staircase = false, string? name = null)
    {
        var (lr, p) = Decay("natural_exp_decay", "NaturalExpDecay", learning_rate, global_step, decay_steps, decay_rate, staircase, name, out var rate, out var scope);
        using (scope)
        {
            var tf = Binding.tf;
            return tf.multiply(lr, tf.exp(tf.multiply(tf.negative(rate), p)));
        }
    }

    /// <summary>
    /// TF's polynomial_decay: (learning_rate - end_learning_rate) * (1 - step / decay_steps) ^ power + end_learning_rate,
    /// with step = min(global_step, decay_steps); with cycle, decay_steps grows to decay_steps * ceil(global_step /
    /// decay_steps), taken as 1 at step 0 as TF 1.4 and later do (TF 1.0 to 1.3 divided 0 by 0 there: NaN).
    /// </summary>
    public Tensor polynomial_decay(LearningRate learning_rate, object global_step, object decay_steps, double end_learning_rate = 0.0001, double power = 1.0, bool cycle = false, string? name = null)
    {
        const string f = "tf.train.polynomial_decay";
        if (global_step is null) throw new ValueError("global_step is required for polynomial_decay. - help: pass tf.train.get_or_create_global_step().");
        var tf = Binding.tf;
        using var scope = Graph.Default.PushScope(name ?? "PolynomialDecay");
        var lr = FloatRate(f, learning_rate);
        var step = CastTo(f, global_step, "global_step", lr.dtype);
        var steps = CastTo(f, decay_steps, "decay_steps", lr.dtype);
        var end = CastTo(f, end_learning_rate, "end_learning_rate", lr.dtype);
        var pw = CastTo(f, power, "power", lr.dtype);
        if (cycle)
        {
            var multiplier = tf.where(tf.equal(step, tf.zeros_like(step)), tf.ones_like(step), tf.ceil(tf.divide(step, steps)));
            steps = tf.multiply(steps, multiplier);
        }
        else
            step = tf.minimum(step, steps);
        var p = tf.divide(step, steps);
        return tf.add(tf.multiply(tf.subtract(lr, end), tf.pow(tf.subtract(tf.ones_like(p), p), pw)), end);
    }

    private static Tensor FloatRate(string f, LearningRate learning_rate)
    {
        var lr = learning_rate.ToTensor(f, "learning_rate");
        if (!lr.dtype.is_floating())
            throw new TypeError($"{f}: learning_rate has dtype {lr.dtype.as_numpy_name()}; it must be float32 or float64. - help: pass a float such as 0.1.");
        return lr;
    }

    private static Tensor CastTo(string f, object v, string what, TF_DataType dtype)
    {
        var t = OpHelpers.ToTensor(v, f);
        if (!(t.dtype.is_floating() || t.dtype.is_integer()))
            throw new TypeError($"{f}: {what} has dtype {t.dtype.as_numpy_name()}; it must be a number. - help: pass a number or a number tensor.");
        return t.dtype == dtype ? t : Binding.tf.cast(t, dtype);
    }

    /// <summary>
    /// TF's piecewise_constant: values[0] while x &lt;= boundaries[0], values[i] while boundaries[i-1] &lt; x &lt;=
    /// boundaries[i], values[^1] past the last boundary (TF builds a tf.case; Bridge a chain of tf.where with the same
    /// result). Boundaries must have x's dtype (ValueError), except that int boundaries are cast to an int64 x, as TF
    /// 1.15 does (TF 1.0 raised); the values must share one dtype, and there must be one more value than boundaries.
    /// </summary>
    public Tensor piecewise_constant(object x, object[] boundaries, object[] values, string? name = null)
    {
        const string f = "tf.train.piecewise_constant";
        var tf = Binding.tf;
        if (boundaries is null || values is null || values.Length != boundaries.Length + 1)
            throw new ValueError($"{f}: the length of boundaries ({boundaries?.Length ?? 0}) should be 1 less than the length of values ({values?.Length ?? 0}). - help: one value per interval: values[i] applies up to boundaries[i], the last one after.");
        using var scope = Graph.Default.PushScope(name ?? "PiecewiseConstant");
        var tx = OpHelpers.ToTensor(x, f);
        var bs = boundaries.Select(b => OpHelpers.ToTensor(b, f)).ToArray();
        for (int i = 0; i < bs.Length; i++)
        {
            if (bs[i].dtype == tx.dtype) continue;
            if (bs[i].dtype.is_integer() && tx.dtype == TF_DataType.TF_INT64) { bs[i] = tf.cast(bs[i], tx.dtype); continue; }
            throw new ValueError($"{f}: boundaries ({bs[i].dtype.as_numpy_name()}) must have the same dtype as x ({tx.dtype.as_numpy_name()}). - help: give the boundaries as {tx.dtype.as_numpy_name()} numbers.");
        }
        var vs = values.Select(v => OpHelpers.ToTensor(v, f)).ToArray();
        foreach (var v in vs.Skip(1))
            if (v.dtype != vs[0].dtype)
                throw new ValueError($"{f}: values must have elements all with the same dtype ({vs[0].dtype.as_numpy_name()} vs {v.dtype.as_numpy_name()}). - help: write them all as floats, e.g. [1.0, 0.5, 0.1].");
        var result = vs[^1];
        for (int i = bs.Length - 1; i >= 0; i--)
            result = tf.where(tf.less_equal(tx, bs[i]), vs[i], result);
        return result;
    }

    private static (Tensor lr, Tensor p) Decay(string fn, string scopeName, LearningRate learning_rate, object global_step, object decay_steps,
        object decay_rate, bool staircase, string? name, out Tensor rate, out GraphScope scope)
    {
        if (global_step is null) throw new ValueError($"global_step is required for {fn}. - help: pass tf.train.get_or_create_global_step().");
        var tf = Binding.tf;
        string f = "tf.train." + fn;
        scope = Graph.Default.PushScope(name ?? scopeName);
        try
        {
            var lr = FloatRate(f, learning_rate);
            Tensor Cast(object v, string what) => CastTo(f, v, what, lr.dtype);
            var step = Cast(global_step, "global_step");
            var steps = Cast(decay_steps, "decay_steps");
            rate = Cast(decay_rate, "decay_rate");
            var p = tf.divide(step, steps);
            if (staircase) p = tf.floor(p);
            return (lr, p);
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }
}
