using Bridge.Kernels;

namespace Bridge;

/// <summary>
/// Base of TF 1.x's optimizers (tf.train.Optimizer): <c>minimize(loss)</c> = <c>apply_gradients(compute_gradients(loss))</c>;
/// the returned operation updates every trainable variable the loss depends on when run. Every optimizer follows TF
/// 1.x's <c>apply_gradients</c>: its slot variables ("w/Momentum", ...) are created first, outside any name scope
/// (as TF's variable scopes name them), then, in the optimizer's name scope, its hyper-parameters become tensors
/// (<c>_prepare</c>: a number becomes a float32 Const named after the parameter), each variable gets one update op of
/// TF's training_ops (cast hyper-parameters to the variable's dtype as TF does), and the updates are grouped; with a
/// <c>global_step</c>, an AssignAdd of 1 runs after them (a control dependency) and is the returned op.
/// </summary>
public abstract class Optimizer
{
    private readonly SortedDictionary<string, Dictionary<Variable, Variable>> _slots = new(StringComparer.Ordinal);

    protected Optimizer(string name) => this.name = name;

    /// <summary>The optimizer's name ("GradientDescent", "Adam"): the name scope of its update ops and its slots' suffix.</summary>
    public string name { get; }

    /// <summary>The tf.train function that builds this optimizer, for error messages ("tf.train.MomentumOptimizer").</summary>
    private protected abstract string Fn { get; }

    /// <summary>
    /// An op that takes one optimisation step on <paramref name="loss"/> over <paramref name="var_list"/> (default: all
    /// trainable variables), then increments <paramref name="global_step"/> if given (TF's minimize).
    /// </summary>
    public Operation minimize(Tensor loss, Variable? global_step = null, IEnumerable<Variable>? var_list = null, string? name = null)
    {
        var grads = compute_gradients(loss, var_list);
        if (grads.All(p => p.grad is null))
            throw new ValueError(
                $"No gradients provided for any variable, check your graph for ops that do not support gradients, between variables [{string.Join(", ", grads.Select(p => $"\"{p.var.name}\""))}] and loss {loss}. - help: the loss must depend on a trainable tf.Variable through differentiable ops.");
        return apply_gradients(grads, global_step, name);
    }

    /// <summary>
    /// (gradient, variable) pairs for the loss, in the order of <paramref name="var_list"/> (default: the trainable
    /// variables); the gradient is null where the loss does not depend on the variable (TF's compute_gradients).
    /// </summary>
    public (Tensor? grad, Variable var)[] compute_gradients(Tensor loss, IEnumerable<Variable>? var_list = null)
    {
        var vars = (var_list ?? loss.graph.Variables.Where(v => v.trainable)).ToArray();
        if (!loss.dtype.is_floating())
            throw new ValueError($"{Fn}: invalid type {loss.dtype.as_numpy_name()} for loss '{loss.name}', expected float32 or float64. - help: tf.cast the loss to tf.float32.");
        if (vars.Length == 0)
            throw new ValueError("No variables to optimize. - help: create the model's weights with tf.Variable before calling minimize.");
        var grads = Gradients.Compute([loss], vars.Select(v => v.Snapshot).ToArray(), fn: $"{name}.compute_gradients");
        return vars.Select((v, i) => (grads[i], v)).ToArray();
    }

    /// <summary>
    /// An op that applies the gradients: one update of each variable whose gradient is not null (null gradients are
    /// skipped, as TF does), then, if given, <paramref name="global_step"/> += 1 after all of them (TF's apply_gradients).
    /// </summary>
    public Operation apply_gradients(IEnumerable<(Tensor? grad, Variable var)> grads_and_vars, Variable? global_step = null, string? name = null)
    {
        var pairs = (grads_and_vars ?? throw new ValueError("No variables provided.")).ToArray();
        if (pairs.Length == 0) throw new ValueError("No variables provided. - help: pass the (gradient, variable) pairs of compute_gradients.");
        foreach (var (g, v) in pairs)
        {
            if (v is null)
                throw new TypeError($"{Fn}.apply_gradients: each pair needs a tf.Variable, not None. - help: pass the pairs compute_gradients returns.");
            if (g is null) continue;
            if (!(v.dtype is TF_DataType.TF_FLOAT or TF_DataType.TF_DOUBLE))
                throw new ValueError($"{Fn}.apply_gradients: invalid type {v.dtype.as_numpy_name()} for variable '{v.op_name}', expected float32 or float64. - help: optimise float variables only.");
            if (g.dtype != v.dtype)
                throw new TypeError($"{Fn}.apply_gradients: gradient '{g.name}' is {g.dtype.as_numpy_name()} but variable '{v.op_name}' is {v.dtype.as_numpy_name()}. - help: tf.cast the gradient to the variable's dtype.");
            if (!g.shape.is_compatible_with(v.shape))
                throw new ValueError($"{Fn}.apply_gradients: gradient '{g.name}' has shape {OpHelpers.Fmt(g.shape)} but variable '{v.op_name}' has shape {OpHelpers.Fmt(v.shape)}. - help: each gradient must have its variable's shape.");
        }
        var withGrads = pairs.Where(p => p.grad is not null).Select(p => (grad: p.grad!, p.var)).ToArray();
        if (withGrads.Length == 0)
            throw new ValueError($"No gradients provided for any variable: [{string.Join(", ", pairs.Select(p => $"\"{p.var.name}\""))}]. - help: the loss must depend on a trainable tf.Variable through differentiable ops.");
        var graph = withGrads[0].var.graph;
        if (global_step is not null && !global_step.dtype.is_integer() && !global_step.dtype.is_floating())
            throw new TypeError($"{Fn}.apply_gradients: global_step '{global_step.op_name}' has dtype {global_step.dtype.as_numpy_name()}; it must be a number. - help: tf.Variable(0, trainable=False, name='global_step').");

        using (graph.as_default())
        {
            // TF 1.x creates the slots under control_dependencies(None): a minimize inside
            // tf.control_dependencies(update_ops) does not make the slots' initializers wait for the updates.
            using (graph.ControlDependenciesScope(null))
                CreateSlots(withGrads.Select(p => p.var).Distinct().ToArray());
            string scope = graph.UniqueName(name ?? this.name);
            var updates = new List<Operation>();
            using (graph.EnterScopeExactly(scope))
            {
                Prepare();
                foreach (var (g, v) in withGrads)
                    using (graph.PushScope("update_" + v.op_name))
                        updates.Add(ApplyDense(g, v));
                // TF: the group is the returned op, named as the scope; with a global step the group is "update" and
                // an assign_add(global_step, 1, name=name) under a control dependency on it is the returned op.
                var finish = Finish(updates.ToArray(), graph, global_step is null ? scope : "update", exactName: global_step is null);
                if (global_step is null) return finish;
                var one = OpHelpers.ToTensor(1, Fn + ".apply_gradients", global_step.dtype);
                return graph.AddOpNamed(StateOps.AssignAdd, scope, [global_step.Ref, one], null, [(global_step.shape, global_step.dtype)], [finish]);
            }
        }
    }

    /// <summary>The slot <paramref name="name"/> ("momentum", "m") of <paramref name="var"/>, or null if there is none (TF's get_slot).</summary>
    public Variable? get_slot(Variable var, string name) =>
        _slots.TryGetValue(name, out var bySlot) && bySlot.TryGetValue(var, out var slot) ? slot : null;

    /// <summary>The names of the slots this optimizer created, sorted (TF's get_slot_names).</summary>
    public string[] get_slot_names() => _slots.Keys.ToArray();

    /// <summary>Creates the optimizer's own variables (TF's _create_slots), for the variables that have gradients.</summary>
    private protected virtual void CreateSlots(Variable[] vars) { }

    /// <summary>Turns the hyper-parameters into tensors, in the optimizer's name scope (TF's _prepare).</summary>
    private protected abstract void Prepare();

    /// <summary>The update op of one variable (TF's _apply_dense), in its "update_&lt;var&gt;" name scope.</summary>
    private protected abstract Operation ApplyDense(Tensor grad, Variable var);

    /// <summary>Groups the updates (TF's _finish); Adam also updates its beta powers after them.</summary>
    private protected virtual Operation Finish(Operation[] updates, Graph graph, string name, bool exactName) =>
        Group(updates, graph, name, exactName);

    private protected static Operation Group(Operation[] ops, Graph graph, string name, bool exactName) => exactName
        ? graph.AddOpNamed(StateOps.NoOp, name, [], null, [], ops)
        : StateOps.NoOp.Build("Optimizer.apply_gradients", name, [], controlInputs: ops, graph: graph);

    /// <summary>
    /// A slot of <paramref name="var"/> named "&lt;var&gt;/&lt;optimizer name&gt;" (then "_1" ...), as TF's slot_creator
    /// names it from the variable scope (not the name scope), initialised to <paramref name="initial"/>, not trainable.
    /// Made once per variable and slot name.
    /// </summary>
    private protected Variable Slot(Variable var, string slotName, Func<Tensor> initial)
    {
        if (!_slots.TryGetValue(slotName, out var bySlot)) _slots[slotName] = bySlot = new();
        if (bySlot.TryGetValue(var, out var existing)) return existing;
        var graph = var.graph;
        Variable slot;
        using (graph.EnterScopeExactly(var.op_name))
            slot = Binding.tf.Variable(initial(), name: name, trainable: false);
        return bySlot[var] = slot;
    }

    /// <summary>A slot initialised to zeros of the variable's shape and dtype (TF's _zeros_slot).</summary>
    private protected Variable ZerosSlot(Variable var, string slotName) =>
        Slot(var, slotName, () => Binding.tf.zeros(var.shape, var.dtype));

    /// <summary>A slot filled with <paramref name="value"/> (RMSProp's ones, Adagrad's initial accumulator).</summary>
    private protected Variable FilledSlot(Variable var, string slotName, double value) =>
        Slot(var, slotName, () => Binding.tf.constant(value, dtype: var.dtype, shape: var.shape));

    /// <summary>A hyper-parameter as a tensor (TF's ops.convert_to_tensor(x, name=...)).</summary>
    private protected Tensor Hyper(LearningRate value, string tensorName, string what) => value.ToTensor(Fn, tensorName, what);

    /// <summary>A hyper-parameter tensor cast to the variable's dtype (TF's math_ops.cast, which adds no op when equal).</summary>
    private protected static Tensor As(Tensor t, Variable var) => t.dtype == var.dtype ? t : Binding.tf.cast(t, var.dtype);

    /// <summary>The update op's name ("ApplyMomentum").</summary>
    private protected Operation Update(OpDef def, Tensor[] inputs, object? attr = null) =>
        def.Build(Fn + ".minimize", def.Type, inputs, attr);
}

/// <summary>
/// Plain gradient descent, TF 1.x's GradientDescentOptimizer: var -= learning_rate * grad (TF's ApplyGradientDescent
/// kernel: var - grad * lr in the variable's dtype). The learning rate is a number or a scalar tensor.
/// </summary>
public sealed class GradientDescentOptimizer : Optimizer
{
    private Tensor? _lr;

    /// <summary>TF's GradientDescentOptimizer(learning_rate, use_locking=False, name='GradientDescent').</summary>
    public GradientDescentOptimizer(LearningRate learning_rate, string name = "GradientDescent") : base(name) => this.learning_rate = learning_rate;

    /// <summary>The learning rate as given (a float32 number or a tensor).</summary>
    public LearningRate learning_rate { get; }

    private protected override string Fn => "tf.train.GradientDescentOptimizer";

    private protected override void Prepare() => _lr = Hyper(learning_rate, "learning_rate", "learning_rate");

    private protected override Operation ApplyDense(Tensor grad, Variable var) =>
        Update(TrainOps.ApplyGradientDescent, [var.Ref, As(_lr!, var), grad]);
}

/// <summary>
/// TF 1.x's MomentumOptimizer: accum = accum * momentum + grad; var -= accum * lr, or with use_nesterov
/// var -= grad * lr + accum * momentum * lr (TF's ApplyMomentum kernel, in that order of float operations). One slot,
/// "momentum", zero-initialised.
/// </summary>
public sealed class MomentumOptimizer : Optimizer
{
    private Tensor? _lr, _momentum;

    /// <summary>TF's MomentumOptimizer(learning_rate, momentum, use_locking=False, name='Momentum', use_nesterov=False).</summary>
    public MomentumOptimizer(LearningRate learning_rate, LearningRate momentum, string name = "Momentum", bool use_nesterov = false) : base(name)
    {
        this.learning_rate = learning_rate;
        this.momentum = momentum;
        this.use_nesterov = use_nesterov;
    }

    public LearningRate learning_rate { get; }
    public LearningRate momentum { get; }
    public bool use_nesterov { get; }

    private protected override string Fn => "tf.train.MomentumOptimizer";

    private protected override void CreateSlots(Variable[] vars)
    {
        foreach (var v in vars) ZerosSlot(v, "momentum");
    }

    private protected override void Prepare()
    {
        _lr = Hyper(learning_rate, "learning_rate", "learning_rate");
        _momentum = Hyper(momentum, "momentum", "momentum");
    }

    private protected override Operation ApplyDense(Tensor grad, Variable var) =>
        Update(TrainOps.ApplyMomentum, [var.Ref, get_slot(var, "momentum")!.Ref, As(_lr!, var), grad, As(_momentum!, var)], new MomentumAttr(use_nesterov));
}

/// <summary>
/// TF 1.x's AdagradOptimizer: accum += grad * grad; var -= grad * lr * rsqrt(accum) (TF's ApplyAdagrad kernel; rsqrt
/// is computed as 1 / sqrt, correctly rounded: see the op's Differences). One slot, "accumulator", filled with initial_accumulator_value.
/// </summary>
public sealed class AdagradOptimizer : Optimizer
{
    private Tensor? _lr;

    /// <summary>TF's AdagradOptimizer(learning_rate, initial_accumulator_value=0.1, use_locking=False, name='Adagrad').</summary>
    public AdagradOptimizer(LearningRate learning_rate, double initial_accumulator_value = 0.1, string name = "Adagrad") : base(name)
    {
        // TF 1.x checks this in the constructor.
        if (!(initial_accumulator_value > 0.0))
            throw new ValueError($"tf.train.AdagradOptimizer: initial_accumulator_value must be positive: {initial_accumulator_value}. - help: use e.g. 0.1 (the default).");
        this.learning_rate = learning_rate;
        this.initial_accumulator_value = initial_accumulator_value;
    }

    public LearningRate learning_rate { get; }
    public double initial_accumulator_value { get; }

    private protected override string Fn => "tf.train.AdagradOptimizer";

    private protected override void CreateSlots(Variable[] vars)
    {
        foreach (var v in vars) FilledSlot(v, "accumulator", initial_accumulator_value);
    }

    private protected override void Prepare() => _lr = Hyper(learning_rate, "learning_rate", "learning_rate");

    private protected override Operation ApplyDense(Tensor grad, Variable var) =>
        Update(TrainOps.ApplyAdagrad, [var.Ref, get_slot(var, "accumulator")!.Ref, As(_lr!, var), grad]);
}

/// <summary>
/// TF 1.x's RMSPropOptimizer: ms += (grad * grad - ms) * (1 - decay); mom = mom * momentum + grad * lr / sqrt(ms +
/// epsilon); var -= mom (TF's ApplyRMSProp). With centered, also mg += (grad - mg) * (1 - decay) and the denominator
/// is sqrt(ms - mg * mg + epsilon) (ApplyCenteredRMSProp). Slots as TF 1.0: "rms" initialised to ones, "mg" (centered
/// only) and "momentum" to zeros.
/// </summary>
public sealed class RMSPropOptimizer : Optimizer
{
    private Tensor? _lr, _decay, _momentum, _epsilon;

    /// <summary>TF's RMSPropOptimizer(learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking=False, centered=False, name='RMSProp').</summary>
    public RMSPropOptimizer(LearningRate learning_rate, double decay = 0.9, double momentum = 0.0, double epsilon = 1e-10, bool centered = false, string name = "RMSProp") : base(name)
    {
        this.learning_rate = learning_rate;
        this.decay = decay;
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.centered = centered;
    }

    public LearningRate learning_rate { get; }
    public double decay { get; }
    public double momentum { get; }
    public double epsilon { get; }
    public bool centered { get; }

    private protected override string Fn => "tf.train.RMSPropOptimizer";

    private protected override void CreateSlots(Variable[] vars)
    {
        foreach (var v in vars)
        {
            FilledSlot(v, "rms", 1.0);
            if (centered) FilledSlot(v, "mg", 0.0);
            ZerosSlot(v, "momentum");
        }
    }

    private protected override void Prepare()
    {
        _lr = Hyper(learning_rate, "learning_rate", "learning_rate");
        _decay = Hyper(decay, "decay", "decay");
        _momentum = Hyper(momentum, "momentum", "momentum");
        _epsilon = Hyper(epsilon, "epsilon", "epsilon");
    }

    private protected override Operation ApplyDense(Tensor grad, Variable var)
    {
        var rms = get_slot(var, "rms")!.Ref;
        var mom = get_slot(var, "momentum")!.Ref;
        Tensor lr = As(_lr!, var), rho = As(_decay!, var), m = As(_momentum!, var), eps = As(_epsilon!, var);
        return centered
            ? Update(TrainOps.ApplyCenteredRMSProp, [var.Ref, get_slot(var, "mg")!.Ref, rms, mom, lr, rho, m, eps, grad])
            : Update(TrainOps.ApplyRMSProp, [var.Ref, rms, mom, lr, rho, m, eps, grad]);
    }
}

/// <summary>
/// TF 1.x's AdadeltaOptimizer: accum = accum * rho + grad^2 * (1 - rho); update = sqrt(accum_update + eps) *
/// rsqrt(accum + eps) * grad; accum_update = accum_update * rho + update^2 * (1 - rho); var -= update * lr. As TF
/// 1.0's kernel (which the course ran), the variable's step re-evaluates update with the new accum_update; TF 1.15's
/// kernel moves var's step before the accum_update write (so it uses the old one). Slots "accum" and "accum_update", zeros.
/// </summary>
public sealed class AdadeltaOptimizer : Optimizer
{
    private Tensor? _lr, _rho, _epsilon;

    /// <summary>TF's AdadeltaOptimizer(learning_rate=0.001, rho=0.95, epsilon=1e-08, use_locking=False, name='Adadelta').</summary>
    public AdadeltaOptimizer(LearningRate? learning_rate = null, double rho = 0.95, double epsilon = 1e-8, string name = "Adadelta") : base(name)
    {
        this.learning_rate = learning_rate ?? 0.001;
        this.rho = rho;
        this.epsilon = epsilon;
    }

    public LearningRate learning_rate { get; }
    public double rho { get; }
    public double epsilon { get; }

    private protected override string Fn => "tf.train.AdadeltaOptimizer";

    private protected override void CreateSlots(Variable[] vars)
    {
        foreach (var v in vars)
        {
            ZerosSlot(v, "accum");
            ZerosSlot(v, "accum_update");
        }
    }

    private protected override void Prepare()
    {
        _lr = Hyper(learning_rate, "lr", "learning_rate");
        _rho = Hyper(rho, "rho", "rho");
        _epsilon = Hyper(epsilon, "epsilon", "epsilon");
    }

    private protected override Operation ApplyDense(Tensor grad, Variable var) =>
        Update(TrainOps.ApplyAdadelta, [var.Ref, get_slot(var, "accum")!.Ref, get_slot(var, "accum_update")!.Ref, As(_lr!, var), As(_rho!, var), As(_epsilon!, var), grad]);
}

/// <summary>
/// TF 1.x's Adam (defaults beta1 0.9, beta2 0.999, epsilon 1e-8), with its exact update rule (ApplyAdam): alpha = lr *
/// sqrt(1 - beta2_power) / (1 - beta1_power); m += (grad - m) * (1 - beta1); v += (grad^2 - v) * (1 - beta2);
/// var -= m * alpha / (sqrt(v) + epsilon); after the updates beta1_power *= beta1, beta2_power *= beta2. Slots "m"
/// and "v" (named "w/Adam", "w/Adam_1") and the variables beta1_power, beta2_power.
/// </summary>
public sealed class AdamOptimizer : Optimizer
{
    private Variable? _beta1Power, _beta2Power;
    private Tensor? _lr, _beta1, _beta2, _epsilon;

    /// <summary>TF's AdamOptimizer(learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08, use_locking=False, name='Adam').</summary>
    public AdamOptimizer(LearningRate? learning_rate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, string name = "Adam") : base(name)
    {
        this.learning_rate = learning_rate ?? 0.001;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    public LearningRate learning_rate { get; }
    public double beta1 { get; }
    public double beta2 { get; }
    public double epsilon { get; }

    private protected override string Fn => "tf.train.AdamOptimizer";

    private protected override void CreateSlots(Variable[] vars)
    {
        var tf = Binding.tf;
        // TF 1.x: beta1_power and beta2_power first (in the caller's name scope), then the two moment slots of each variable.
        if (_beta1Power is null || _beta1Power.graph != vars[0].graph)
        {
            _beta1Power = tf.Variable(tf.constant((float)beta1), name: "beta1_power", trainable: false);
            _beta2Power = tf.Variable(tf.constant((float)beta2), name: "beta2_power", trainable: false);
        }
        foreach (var v in vars)
        {
            ZerosSlot(v, "m");
            ZerosSlot(v, "v");
        }
    }

    private protected override void Prepare()
    {
        _lr = Hyper(learning_rate, "learning_rate", "learning_rate");
        _beta1 = Hyper(beta1, "beta1", "beta1");
        _beta2 = Hyper(beta2, "beta2", "beta2");
        _epsilon = Hyper(epsilon, "epsilon", "epsilon");
    }

    private protected override Operation ApplyDense(Tensor grad, Variable var) =>
        Update(TrainOps.ApplyAdam, [var.Ref, get_slot(var, "m")!.Ref, get_slot(var, "v")!.Ref, As(_beta1Power!.Snapshot, var), As(_beta2Power!.Snapshot, var),
            As(_lr!, var), As(_beta1!, var), As(_beta2!, var), As(_epsilon!, var), grad]);

    private protected override Operation Finish(Operation[] updates, Graph graph, string name, bool exactName)
    {
        // TF: with control_dependencies(update_ops): beta1_power.assign(beta1_power * beta1_t), likewise beta2; then a group.
        Operation Power(Variable power, Tensor beta)
        {
            var product = Binding.tf.multiply(power, beta);
            return StateOps.Assign.Build("AdamOptimizer.minimize", "Assign", [power.Ref, product], new AssignAttr(true), controlInputs: updates);
        }
        Operation b1, b2;
        // The products are computed before the updates run, as TF's (they read the powers the updates used).
        b1 = Power(_beta1Power!, _beta1!);
        b2 = Power(_beta2Power!, _beta2!);
        return Group([.. updates, b1, b2], graph, name, exactName);
    }
}

/// <summary>The optimizers' update ops (TF's training_ops.cc), which write their variables.</summary>
[OpFamily("train")]
internal static class TrainOps
{
    /// <summary>
    /// One of TF's Apply* ops: the variable, then <paramref name="slots"/> slot variables (all written), then scalar
    /// hyper-parameters and the gradient in TF's input order. All inputs have the variable's dtype; the slots and the
    /// gradient its shape; the hyper-parameters are scalars (TF's shape functions: a ValueError when the graph is
    /// built, an InvalidArgumentError when only the run finds out).
    /// </summary>
    private static OpDef Apply(string type, string[] inputs, int slots, string function, ManagedKernel managed,
        Type? attr = null, DTypeSet? dtypes = null, string? differences = null) => new(type)
    {
        Inputs = inputs,
        Attribute = attr,
        Functions = [function],
        DTypes = dtypes ?? DTypeSet.Floats,
        WrittenVariables = 1 + slots,
        Infer = c => InferApply(c, inputs, slots),
        Managed = managed,
        NotDifferentiable = true,
        Differences = differences,
    };

    private static (Shape, TF_DataType)[] InferApply(OpContext c, string[] inputs, int slots)
    {
        var var = c.Shapes[0];
        var dtype = c.DTypes[0];
        for (int i = 1; i < inputs.Length; i++)
        {
            if (c.DTypes[i] != dtype)
                throw new TypeError($"{c.Fn}: input '{inputs[i]}' of {c.Def.Type} has type {c.DTypes[i].as_numpy_name()} that does not match type {dtype.as_numpy_name()} of argument 'var'. - help: tf.cast it to {dtype.as_numpy_name()}.");
            bool like = i <= slots || inputs[i] is "grad" or "delta";
            if (like && !var.is_compatible_with(c.Shapes[i]))
                throw new ValueError($"{c.Fn}: var and {inputs[i]} do not have the same shape: {OpHelpers.Fmt(var)} {OpHelpers.Fmt(c.Shapes[i])} ({c.Def.Type}). - help: each gradient and slot must have its variable's shape.");
            if (!like && c.Shapes[i].ndim > 0)
                throw new ValueError($"{c.Fn}: {inputs[i]} is not a scalar: {OpHelpers.Fmt(c.Shapes[i])} ({c.Def.Type}). - help: pass one number (a shape [] tensor) as the {inputs[i]}.");
        }
        var outputs = new (Shape, TF_DataType)[1 + slots];
        for (int i = 0; i <= slots; i++) outputs[i] = (c.Shapes[i], dtype);
        return outputs;
    }

    /// <summary>
    /// What TF 1.0's CPU build likely computes differently and Bridge does not reproduce: the Eigen of its time (EIGEN_FAST_MATH, SSE)
    /// evaluates float32 sqrt and rsqrt on 4-float packets as _mm_rsqrt_ps plus one Newton step (1-2 bits less
    /// precise, and processor-dependent), the leftover elements exactly.
    /// </summary>
    private const string FastSqrt = "sqrt and rsqrt (= 1 / sqrt) are correctly rounded; the Eigen of TF 1.0's time (Jan 2017, EIGEN_FAST_MATH) approximates float32 sqrt/rsqrt on 4-float SSE packets (_mm_rsqrt_ps + one Newton step, processor-dependent)";

    public static readonly OpDef ApplyGradientDescent = Apply("ApplyGradientDescent", ["var", "alpha", "delta"], 0,
        "GradientDescentOptimizer.minimize", (_, x) => [ManagedKernels.ApplyGradientDescent(x[0], x[1], x[2])]);

    public static readonly OpDef ApplyMomentum = Apply("ApplyMomentum", ["var", "accum", "lr", "grad", "momentum"], 1,
        "MomentumOptimizer.minimize", (op, x) => TrainKernels.Momentum(x, ((MomentumAttr)op.Attr!).UseNesterov), typeof(MomentumAttr));

    public static readonly OpDef ApplyAdagrad = Apply("ApplyAdagrad", ["var", "accum", "lr", "grad"], 1,
        "AdagradOptimizer.minimize", (_, x) => TrainKernels.Adagrad(x),
        differences: FastSqrt);

    public static readonly OpDef ApplyRMSProp = Apply("ApplyRMSProp", ["var", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad"], 2,
        "RMSPropOptimizer.minimize", (_, x) => TrainKernels.RMSProp(x), differences: FastSqrt);

    public static readonly OpDef ApplyCenteredRMSProp = Apply("ApplyCenteredRMSProp", ["var", "mg", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad"], 3,
        "RMSPropOptimizer.minimize (centered)", (_, x) => TrainKernels.CenteredRMSProp(x), differences: FastSqrt);

    public static readonly OpDef ApplyAdadelta = Apply("ApplyAdadelta", ["var", "accum", "accum_update", "lr", "rho", "epsilon", "grad"], 2,
        "AdadeltaOptimizer.minimize", (_, x) => TrainKernels.Adadelta(x),
        differences: "TF 1.0's order (var's step uses the new accum_update; TF 1.15's the old one); " + FastSqrt);

    public static readonly OpDef ApplyAdam = Apply("ApplyAdam", ["var", "m", "v", "beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon", "grad"], 2,
        "AdamOptimizer.minimize", (_, x) => ManagedKernels.ApplyAdam(x), dtypes: DTypeSet.Of(TF_DataType.TF_FLOAT),
        differences: "float32 only (TF 1.x also has float64); " + FastSqrt);
}

/// <summary>Momentum's flag: Nesterov's update.</summary>
internal sealed record MomentumAttr(bool UseNesterov);
