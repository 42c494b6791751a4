namespace Bridge;

/// <summary>
/// A TF 1.x variable: storage that lives in a Session and persists across runs. In ops it reads as its snapshot
/// (the value at the start of the run's updates); fetched directly with <c>Session.run</c> it shows its value after
/// the run's updates, as TF 1.0's ref variables did. Created by <c>tf.Variable(initial_value)</c>; set by
/// <c>tf.global_variables_initializer()</c> or <see cref="initializer"/>.
/// </summary>
[Display.TypeFormatterSource(typeof(Display.NotebookFormatterSource))]
public sealed class Variable : ITensorConvertible, ITensorOrOperation
{
    internal Variable(Operation storage, Operation initializer, Tensor snapshot, Tensor initialValue, bool trainable)
    {
        Storage = storage;
        this.initializer = initializer;
        Snapshot = snapshot;
        initial_value = initialValue;
        this.trainable = trainable;
    }

    /// <summary>The VariableV2 node: its output is the variable's ref (fetching it reads the value after updates).</summary>
    internal Operation Storage { get; }

    /// <summary>The Identity node that reads the variable: what ops computing with it consume.</summary>
    internal Tensor Snapshot { get; }

    /// <summary>The ref tensor (VariableV2:0).</summary>
    internal Tensor Ref => Storage.outputs[0];

    /// <summary>The op that assigns the initial value.</summary>
    public Operation initializer { get; }

    /// <summary>The tensor that computes the initial value.</summary>
    public Tensor initial_value { get; }

    /// <summary>Whether optimizers update it by default.</summary>
    public bool trainable { get; }

    /// <summary>"weight:0".</summary>
    public string name => Ref.name;

    /// <summary>The op name ("weight").</summary>
    public string op_name => Storage.name;

    public Shape shape => Ref.shape;
    public TF_DataType dtype => Ref.dtype;
    public Graph graph => Storage.graph;
    public Operation op => Storage;

    public Tensor AsTensor() => Snapshot;

    /// <summary>TF's <c>Variable.value()</c>: the snapshot tensor ops read ("name/read:0").</summary>
    public Tensor value() => Snapshot;

    /// <summary>TF's <c>Variable.read_value()</c>: a new Identity op "read" (in the current name scope) reading the variable.</summary>
    public Tensor read_value() => StateOps.Identity.Build("Variable.read_value", "read", [Ref]).outputs[0];

    /// <summary>The value in the default session.</summary>
    public NDArray eval(params FeedItem[] feed_dict) => Session.RequireDefault("Variable.eval()").run(this, feed_dict);

    /// <summary>The value in the given session.</summary>
    public NDArray eval(Session session, params FeedItem[] feed_dict) => session.run(this, feed_dict);

    /// <summary>
    /// TF's <c>Variable.assign(value, use_locking=False, name=None)</c>: an op that sets the variable to
    /// <paramref name="value"/> (tf.assign), giving the new value. <paramref name="use_locking"/> changes nothing (a
    /// session runs one run at a time).
    /// </summary>
    public Tensor assign(object value, bool use_locking = false, string? name = null) => Binding.tf.assign(this, value, name: name);

    /// <summary>TF's <c>Variable.assign_add(delta, use_locking=False, name=None)</c>: an op that adds <paramref name="delta"/> to the variable.</summary>
    public Tensor assign_add(object delta, bool use_locking = false, string? name = null) => Binding.tf.assign_add(this, delta, name);

    /// <summary>TF's <c>Variable.assign_sub(delta, use_locking=False, name=None)</c>: an op that subtracts <paramref name="delta"/> from the variable.</summary>
    public Tensor assign_sub(object delta, bool use_locking = false, string? name = null) => Binding.tf.assign_sub(this, delta, name);

    public static implicit operator Tensor(Variable v) => v.Snapshot;

    // Python's operators on variables read the variable (its snapshot), as on tensors, and name their ops as TF 1.x's
    // operators do ("add", "sub", "mul", "truediv").
    public static Tensor operator +(Variable x, Variable y) => Binding.tf.add(x, y, "add");
    public static Tensor operator +(Variable x, Tensor y) => Binding.tf.add(x, y, "add");
    public static Tensor operator +(Tensor x, Variable y) => Binding.tf.add(x, y, "add");
    public static Tensor operator +(Variable x, object y) => Binding.tf.add(x, y, "add");
    public static Tensor operator +(object x, Variable y) => Binding.tf.add(x, y, "add");
    public static Tensor operator -(Variable x, Variable y) => Binding.tf.subtract(x, y, "sub");
    public static Tensor operator -(Variable x, Tensor y) => Binding.tf.subtract(x, y, "sub");
    public static Tensor operator -(Tensor x, Variable y) => Binding.tf.subtract(x, y, "sub");
    public static Tensor operator -(Variable x, object y) => Binding.tf.subtract(x, y, "sub");
    public static Tensor operator -(object x, Variable y) => Binding.tf.subtract(x, y, "sub");
    public static Tensor operator *(Variable x, Variable y) => Binding.tf.multiply(x, y, "mul");
    public static Tensor operator *(Variable x, Tensor y) => Binding.tf.multiply(x, y, "mul");
    public static Tensor operator *(Tensor x, Variable y) => Binding.tf.multiply(x, y, "mul");
    public static Tensor operator *(Variable x, object y) => Binding.tf.multiply(x, y, "mul");
    public static Tensor operator *(object x, Variable y) => Binding.tf.multiply(x, y, "mul");
    public static Tensor operator /(Variable x, Variable y) => Binding.tf.divide(x, y, "truediv");
    public static Tensor operator /(Variable x, Tensor y) => Binding.tf.divide(x, y, "truediv");
    public static Tensor operator /(Tensor x, Variable y) => Binding.tf.divide(x, y, "truediv");
    public static Tensor operator /(Variable x, object y) => Binding.tf.divide(x, y, "truediv");
    public static Tensor operator /(object x, Variable y) => Binding.tf.divide(x, y, "truediv");
    public static Tensor operator -(Variable x) => Binding.tf.negative(x);
    public static Tensor operator >(Variable x, object y) => Binding.tf.greater(x, y);
    public static Tensor operator <(Variable x, object y) => Binding.tf.less(x, y);

    public override string ToString() => $"<tf.Variable '{name}' shape={shape} dtype={dtype.as_numpy_name()}_ref>";
}
