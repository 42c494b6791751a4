using Bridge.Kernels;

namespace Bridge;

/// <summary>
/// Base of TF 1.x's optimizers: <c>minimize(loss)</c> = <c>apply_gradients(compute_gradients(loss))</c>; the returned
/// operation updates every trainable variable the loss depends on when run.
/// </summary>
public abstract class Optimizer
{
    protected Optimizer(string name) => this.name = name;

    /// <summary>The optimizer's name ("GradientDescent", "Adam").</summary>
    public string name { get; }

    /// <summary>An op that takes one optimisation step on <paramref name="loss"/> over <paramref name="var_list"/> (default: all trainable variables).</summary>
    public Operation minimize(Tensor loss, Variable? global_step = null, IEnumerable<Variable>? var_list = null, string? name = null)
    {
        var grads = compute_gradients(loss, var_list);
        if (grads.All(p => p.grad is null))
            throw new ValueError(
                $"No gradients provided for any variable, check your graph for ops that do not support gradients, between variables [{string.Join(", ", grads.Select(p => $"\"{p.var.name}\""))}] and loss {loss}. - help: the loss must depend on a trainable tf.Variable through differentiable ops.");
        return apply_gradients(grads.Where(p => p.grad is not null).Select(p => (p.grad!, p.var)), global_step, name);
    }

    /// <summary>(gradient, variable) pairs for the loss; a null gradient where the loss does not depend on the variable.</summary>
    public (Tensor? grad, Variable var)[] compute_gradients(Tensor loss, IEnumerable<Variable>? var_list = null)
    {
        var vars = (var_list ?? loss.graph.Variables.Where(v => v.trainable)).ToArray();
        if (vars.Length == 0)
            throw new ValueError("No variables to optimize. - help: create the model's weights with tf.Variable before calling minimize.");
        if (!loss.dtype.is_floating())
            throw new TypeError($"{name}: the loss '{loss.name}' has dtype {loss.dtype.as_numpy_name()}; it must be float32 or float64.");
        var grads = Gradients.Compute([loss], vars.Select(v => v.Snapshot).ToArray(), fn: $"{name}.compute_gradients");
        return vars.Select((v, i) => (grads[i], v)).ToArray();
    }

    /// <summary>An op that applies the gradients (and increments <paramref name="global_step"/> if given).</summary>
    public Operation apply_gradients(IEnumerable<(Tensor grad, Variable var)> grads_and_vars, Variable? global_step = null, string? name = null)
    {
        var pairs = grads_and_vars.ToArray();
        if (pairs.Length == 0) throw new ValueError("No gradients provided for any variable.");
        var graph = pairs[0].var.graph;
        var updates = new List<Operation>();
        using (graph.PushScope(name ?? this.name))
        {
            Prepare(pairs.Select(p => p.var).ToArray());
            foreach (var (g, v) in pairs)
            {
                if (g.dtype != v.dtype)
                    throw new TypeError($"{this.name}: gradient {g.name} is {g.dtype.as_numpy_name()} but variable {v.name} is {v.dtype.as_numpy_name()}.");
                updates.Add(ApplyDense(g, v));
            }
            updates.AddRange(Finish(updates.ToArray()));
            if (global_step is not null) updates.Add(Binding.tf.assign_add(global_step, 1).op);
        }
        return StateOps.NoOp.Build($"{this.name}.apply_gradients", name ?? this.name, [], controlInputs: updates.ToArray(), graph: graph);
    }

    /// <summary>Creates the optimizer's own variables (Adam's moments) before the updates are built.</summary>
    private protected virtual void Prepare(Variable[] vars) { }

    /// <summary>The update op of one variable.</summary>
    private protected abstract Operation ApplyDense(Tensor grad, Variable var);

    /// <summary>Ops that run after the updates (Adam's beta powers).</summary>
    private protected virtual IEnumerable<Operation> Finish(Operation[] updates) => [];
}

/// <summary>Plain gradient descent: var -= learning_rate * grad (TF's ApplyGradientDescent).</summary>
public sealed class GradientDescentOptimizer : Optimizer
{
    public GradientDescentOptimizer(float learning_rate, string name = "GradientDescent") : base(name) => this.learning_rate = learning_rate;

    public float learning_rate { get; }

    private protected override Operation ApplyDense(Tensor grad, Variable var) =>
        TrainOps.ApplyGradientDescent.Build("GradientDescentOptimizer", "update_" + var.op_name.Replace('/', '_'), [var.Ref, grad], new GradientDescentAttr(learning_rate));
}

/// <summary>TF 1.x's Adam (defaults beta1 0.9, beta2 0.999, epsilon 1e-8), with its exact update rule (ApplyAdam).</summary>
public sealed class AdamOptimizer : Optimizer
{
    private readonly Dictionary<Variable, (Variable m, Variable v)> _slots = new();
    private Variable? _beta1Power, _beta2Power;

    public AdamOptimizer(float learning_rate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, string name = "Adam") : base(name)
    {
        this.learning_rate = learning_rate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    public float learning_rate { get; }
    public float beta1 { get; }
    public float beta2 { get; }
    public float epsilon { get; }

    private protected override void Prepare(Variable[] vars)
    {
        var tf = Binding.tf;
        // TF 1.x: beta1_power and beta2_power first, then the two moment slots of each variable, all zero-initialised
        // but the powers (beta1, beta2); all are global variables, so global_variables_initializer covers them.
        _beta1Power ??= tf.Variable(tf.constant(beta1), name: "beta1_power", trainable: false);
        _beta2Power ??= tf.Variable(tf.constant(beta2), name: "beta2_power", trainable: false);
        foreach (var v in vars)
            if (!_slots.ContainsKey(v))
                _slots[v] = (tf.Variable(tf.zeros(v.shape, v.dtype), name: v.op_name + "/Adam", trainable: false),
                             tf.Variable(tf.zeros(v.shape, v.dtype), name: v.op_name + "/Adam_1", trainable: false));
    }

    private protected override Operation ApplyDense(Tensor grad, Variable var)
    {
        var (m, v) = _slots[var];
        return TrainOps.ApplyAdam.Build("AdamOptimizer", "update_" + var.op_name.Replace('/', '_'),
            [var.Ref, m.Ref, v.Ref, _beta1Power!.Snapshot, _beta2Power!.Snapshot, grad], new AdamAttr(learning_rate, beta1, beta2, epsilon));
    }

    private protected override IEnumerable<Operation> Finish(Operation[] updates)
    {
        var tf = Binding.tf;
        // After the updates: beta1_power *= beta1, beta2_power *= beta2.
        return [tf.assign(_beta1Power!, tf.multiply(_beta1Power!, beta1)).op, tf.assign(_beta2Power!, tf.multiply(_beta2Power!, beta2)).op];
    }
}

/// <summary>The optimizers' update ops (TF's training_ops.cc), which write their variables.</summary>
[OpFamily("train")]
internal static class TrainOps
{
    public static readonly OpDef ApplyGradientDescent = new("ApplyGradientDescent")
    {
        Inputs = ["var", "delta"],
        Attribute = typeof(GradientDescentAttr),
        Functions = ["GradientDescentOptimizer.minimize"],
        DTypes = DTypeSet.Floats,
        WrittenVariables = 1,
        Infer = c => [(c.Shapes[0], c.DTypes[0])],
        Managed = (op, x) => [ManagedKernels.ApplyGradientDescent(x[0], x[1], ((GradientDescentAttr)op.Attr!).LearningRate)],
        NotDifferentiable = true,
    };

    public static readonly OpDef ApplyAdam = new("ApplyAdam")
    {
        Inputs = ["var", "m", "v", "beta1_power", "beta2_power", "grad"],
        Attribute = typeof(AdamAttr),
        Functions = ["AdamOptimizer.minimize"],
        DTypes = DTypeSet.Of(TF_DataType.TF_FLOAT),
        WrittenVariables = 3,
        Infer = c => [(c.Shapes[0], c.DTypes[0]), (c.Shapes[0], c.DTypes[0]), (c.Shapes[0], c.DTypes[0])],
        Managed = (op, x) => ManagedKernels.ApplyAdam(x, (AdamAttr)op.Attr!),
        NotDifferentiable = true,
        Differences = "float32 only (TF 1.x also has float64)",
    };
}

/// <summary>Gradient descent's learning rate.</summary>
internal sealed record GradientDescentAttr(float LearningRate);

/// <summary>Adam's hyper-parameters (TF 1.x's ApplyAdam).</summary>
internal sealed record AdamAttr(float LearningRate, float Beta1, float Beta2, float Epsilon);
