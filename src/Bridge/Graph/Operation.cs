namespace Bridge;

/// <summary>Something <c>Session.run</c> can fetch: a <see cref="Tensor"/> (gives a value) or an <see cref="Operation"/> (gives null).</summary>
public interface ITensorOrOperation
{
    /// <summary>The graph it belongs to.</summary>
    Graph graph { get; }
}

/// <summary>
/// A node of the graph: an op (its <see cref="OpDef"/>), its input tensors, its attributes and its outputs.
/// Immutable once built; values live in a Session.
/// </summary>
[Display.TypeFormatterSource(typeof(Display.NotebookFormatterSource))]
public sealed class Operation : ITensorOrOperation
{
    internal Operation(Graph graph, int id, string name, OpDef def, Tensor[] inputs, object? attr, Operation[] controlInputs)
    {
        this.graph = graph;
        Id = id;
        this.name = name;
        Def = def;
        Inputs = inputs;
        Attr = attr;
        ControlInputs = controlInputs;
        outputs = [];
        ChecksShapesAtRunTime = def.ChecksShapesAtRunTime && Array.Exists(inputs, t => !t.shape.IsFullyDefined);
    }

    public Graph graph { get; }

    /// <summary>Unique name in the graph, as TF makes it: "Const", "Const_1", "scope/MatMul".</summary>
    public string name { get; }

    /// <summary>TF's op type name, e.g. "MatMul", "Mean".</summary>
    public string type => Def.Type;

    /// <summary>The TF op id of this node (TF's graph._last_id after creating it); drives op seeds.</summary>
    internal int Id { get; }
    internal OpDef Def { get; }
    internal Tensor[] Inputs { get; }
    internal object? Attr { get; }
    internal Operation[] ControlInputs { get; }

    /// <summary>
    /// Whether a run checks the concrete input shapes with the op's shape inference first: its static input shapes
    /// were not fully known, so the checks made when the graph was built could not be complete.
    /// </summary>
    internal bool ChecksShapesAtRunTime { get; }

    /// <summary>
    /// Whether some output's static shape is not fully known: a run then infers the concrete output shapes before the
    /// kernel runs, so that a value too large fails with <see cref="ResourceExhaustedError"/> before it is allocated
    /// (<see cref="Runtime.MemoryGuard"/>); fully known outputs were checked when the graph was built.
    /// </summary>
    internal bool GuardsMemoryAtRunTime => _guardsMemory ??= Array.Exists(outputs, o => !o.shape.IsFullyDefined);
    private bool? _guardsMemory;

    /// <summary>
    /// The input shapes of the last run that passed the run-time check: a training loop feeds the same shapes run
    /// after run, and inference is a pure function of them, so equal shapes need no second check.
    /// </summary>
    internal long[][]? CheckedShapes { get; set; }

    /// <summary>How run-time errors name this node: its function and its name ("tf.matmul 'MatMul_1'").</summary>
    internal string RunTimeName => _runTimeName ??=
        $"{Array.Find(Def.Functions, f => f.StartsWith("tf.", StringComparison.Ordinal)) ?? type} '{name}'";

    private string? _runTimeName;

    public Tensor[] outputs { get; internal set; }

    /// <summary>The op's inputs.</summary>
    public Tensor[] inputs => (Tensor[])Inputs.Clone();

    /// <summary>Runs this operation in the default session (TF's <c>op.run()</c>).</summary>
    public void run(params FeedItem[] feed_dict) => Session.RequireDefault("Operation.run()").run(this, feed_dict);

    /// <summary>Runs this operation in the given session.</summary>
    public void run(Session session, params FeedItem[] feed_dict) => session.run(this, feed_dict);

    public override string ToString() => $"name: \"{name}\"\nop: \"{type}\"";
}
