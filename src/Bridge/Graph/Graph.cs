namespace Bridge;

/// <summary>
/// A TF 1.x graph: the operations in creation order, unique names, the graph-level random seed, and TF's
/// op-id counter (<c>_last_id</c>), which must advance exactly as in TF 1.x because random ops take it as their seed.
/// </summary>
public sealed class Graph
{
    private readonly List<Operation> _operations = [];
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
    private readonly Stack<string> _scopes = new();

    private static Graph? _default;

    /// <summary>The graph ops are added to (TF's default graph); created on first use.</summary>
    internal static Graph Default
    {
        get => _default ??= new Graph();
        set => _default = value;
    }

    /// <summary>TF's <c>graph._last_id</c>: ids of the ops TF 1.x would have created so far.</summary>
    internal int LastId { get; private set; }

    /// <summary>The graph-level seed set by tf.set_random_seed; null when not set.</summary>
    internal int? Seed { get; set; }

    /// <summary>Incremented on every change; sessions use it to invalidate cached plans.</summary>
    internal int Version { get; private set; }

    internal IReadOnlyList<Operation> Operations => _operations;

    private readonly List<Variable> _variables = [];

    /// <summary>
    /// Every variable created in this graph, in creation order, whatever its collections (the optimizers take the
    /// trainable ones). TF's collections are <see cref="Collection"/>: GLOBAL_VARIABLES ("variables") ...
    /// </summary>
    internal IReadOnlyList<Variable> Variables => _variables;

    /// <summary>Records a new variable and adds it to its collections (TF's Variable constructor).</summary>
    internal void AddVariable(Variable v, IEnumerable<string> collections)
    {
        _variables.Add(v);
        foreach (var c in collections.Distinct()) AddToCollection(c, v);
    }

    /// <summary>The summary ops (TF's SUMMARIES collection), merged by tf.summary.merge_all.</summary>
    internal IReadOnlyList<Tensor> Summaries => Collection(CollectionKeys.SUMMARIES).OfType<Tensor>().ToArray();

    internal void AddSummary(Tensor t) => AddToCollection(CollectionKeys.SUMMARIES, t);

    private readonly Dictionary<string, List<object>> _collections = new(StringComparer.Ordinal);

    /// <summary>TF's graph collections: named lists of any objects (variables, tensors, ops, Python values).</summary>
    internal void AddToCollection(string name, object value) => CollectionRef(name).Add(value);

    /// <summary>A collection's items in the order they were added (empty when there is none of that name).</summary>
    internal IReadOnlyList<object> Collection(string name) => _collections.TryGetValue(name, out var l) ? l : [];

    /// <summary>The collection itself (TF's get_collection_ref): created empty when missing.</summary>
    internal List<object> CollectionRef(string name)
    {
        if (!_collections.TryGetValue(name, out var l)) _collections[name] = l = [];
        return l;
    }

    /// <summary>The names of the collections (TF's get_all_collection_keys).</summary>
    internal string[] CollectionNames => _collections.Keys.ToArray();

    /// <summary>The variable scopes (TF's _VariableScopeStore) and the variables get_variable made (TF's _VariableStore).</summary>
    internal VariableScopeStore VariableScopes { get; } = new();

    /// <summary>The current name scope without its trailing "/" ("" at the top).</summary>
    internal string CurrentNameScope => _scopes.Count > 0 ? _scopes.Peek() : "";

    private readonly List<QueueRunner> _queueRunners = [];

    /// <summary>The queue runners (TF's QUEUE_RUNNERS collection) that tf.train.start_queue_runners starts.</summary>
    internal IReadOnlyList<QueueRunner> QueueRunners => _queueRunners;

    internal void AddQueueRunner(QueueRunner qr) => _queueRunners.Add(qr);

    /// <summary>All operations in creation order.</summary>
    public Operation[] get_operations() => _operations.ToArray();

    /// <summary>Makes this graph the default for ops created inside the using block: <c>using (g.as_default()) { ... }</c>.</summary>
    public GraphScope as_default()
    {
        var previous = _default;
        _default = this;
        return new GraphScope(() => _default = previous);
    }

    /// <summary>Advances TF's op-id counter by ops that TF 1.x creates but Bridge folds into one node (e.g. shape Consts).</summary>
    internal void CountTfOps(int n) => LastId += n;

    /// <summary>
    /// Adds a node. <paramref name="tfOps"/> is how many ops TF 1.x creates for this call (the node's own op
    /// included); they advance the op-id counter so that later random ops get TF's seeds.
    /// </summary>
    internal Operation AddOp(OpDef def, string name, Tensor[] inputs, object? attr, (Shape shape, TF_DataType dtype)[] outputs,
        int tfOps = 1, Operation[]? controlInputs = null)
    {
        foreach (var t in inputs)
            if (t.graph != this)
                throw new ValueError($"tf.{name}: input '{t.name}' belongs to another graph. - help: build every tensor of one computation in the same graph (after tf.reset_default_graph(), create the inputs again).");
        LastId += tfOps;
        var controls = controlInputs ?? [];
        if (_controlStack.Count > 0) controls = WithControlDependencies(inputs, controls);
        var context = ControlFlowContext;
        if (context is not null)
        {
            inputs = (Tensor[])inputs.Clone(); // the context replaces outside inputs by their Switches
            // TF's CondContext gives an op without inputs a control input on the branch's pivot, so that it is dead
            // too; here also a write whose only inputs are the variables it writes (they are not switched).
            if ((inputs.Length == 0 || def.WrittenVariables >= inputs.Length) && Array.IndexOf(controls, context.Pivot.op) < 0)
                controls = [.. controls, context.Pivot.op];
        }
        var op = new Operation(this, LastId, UniqueName(name), def, inputs, attr, controls);
        var outs = new Tensor[outputs.Length];
        for (int i = 0; i < outs.Length; i++) outs[i] = new Tensor(op, i, outputs[i].shape, outputs[i].dtype);
        op.outputs = outs;
        _operations.Add(op);
        Version++;
        foreach (var c in _controlStack) c.Created?.Add(op);
        // As TF's Operation constructor does last: the op's context routes its outside inputs through Switches
        // (made after the op, so they take the op ids after its own, as in TF).
        context?.AddOp(op);
        return op;
    }

    /// <summary>The cond branch being built (TF's control-flow context), or null outside tf.cond's branch functions.</summary>
    internal CondContext? ControlFlowContext { get; set; }

    /// <summary>Whether the graph has a Switch: runs then follow TF's dead-tensor semantics (graphs without one keep the fast path).</summary>
    internal bool HasControlFlow { get; set; }

    // TF's _control_dependencies_stack: one controller per open tf.control_dependencies block.
    private List<ControlDependencies> _controlStack = [];

    private sealed record ControlDependencies(Operation[] Controls, HashSet<Operation>? Created);

    /// <summary>
    /// TF's _control_dependencies_for_inputs: the control inputs an op made now gets from the open
    /// tf.control_dependencies blocks. A block's ops are not added to an op that reads an op created inside that block
    /// (it depends on them already), nor those it reads as data.
    /// </summary>
    private Operation[] WithControlDependencies(Tensor[] inputs, Operation[] given)
    {
        var result = new List<Operation>(given);
        foreach (var c in _controlStack)
        {
            bool dominated = false;
            foreach (var t in inputs)
                if (c.Created!.Contains(t.op)) { dominated = true; break; }
            if (dominated) continue;
            foreach (var ctl in c.Controls)
                if (!result.Contains(ctl) && Array.FindIndex(inputs, t => t.op == ctl) < 0) result.Add(ctl);
        }
        return result.ToArray();
    }

    /// <summary>
    /// TF's g.control_dependencies(ops): ops created until disposed run after <paramref name="controls"/> (and after
    /// those of the enclosing blocks); null clears them (and leaves any cond branch, as TF's control_dependencies(None)).
    /// </summary>
    internal GraphScope ControlDependenciesScope(Operation[]? controls)
    {
        if (controls is null)
        {
            var savedStack = _controlStack;
            var savedContext = ControlFlowContext;
            _controlStack = [];
            ControlFlowContext = null;
            return new GraphScope(() =>
            {
                _controlStack = savedStack;
                ControlFlowContext = savedContext;
            });
        }
        var current = new HashSet<Operation>(_controlStack.SelectMany(c => c.Controls));
        var fresh = controls.Where(c => current.Add(c)).ToArray();
        var controller = new ControlDependencies(fresh, []);
        _controlStack.Add(controller);
        return new GraphScope(() => _controlStack.Remove(controller));
    }

    /// <summary>Adds a node under an exact (already unique) name, as a variable's storage node is named.</summary>
    internal Operation AddOpNamed(OpDef def, string exactName, Tensor[] inputs, object? attr, (Shape shape, TF_DataType dtype)[] outputs,
        Operation[]? controlInputs = null)
    {
        _names[exactName] = Math.Max(_names.GetValueOrDefault(exactName), 1);
        LastId += 1;
        var op = new Operation(this, LastId, exactName, def, inputs, attr, controlInputs ?? []);
        op.outputs = outputs.Select((o, i) => new Tensor(op, i, o.shape, o.dtype)).ToArray();
        _operations.Add(op);
        Version++;
        return op;
    }

    /// <summary>Enters a scope whose full name is already unique (a variable's "weight" scope for "weight/read").</summary>
    internal GraphScope EnterScopeExactly(string fullName)
    {
        _scopes.Push(fullName);
        return new GraphScope(() => _scopes.Pop());
    }

    /// <summary>Leaves every name scope until disposed (TF's <c>g.name_scope(None)</c>: the global step is named at the root).</summary>
    internal GraphScope EnterRootScope()
    {
        var saved = _scopes.ToArray(); // innermost first
        _scopes.Clear();
        return new GraphScope(() =>
        {
            _scopes.Clear();
            for (int i = saved.Length - 1; i >= 0; i--) _scopes.Push(saved[i]);
        });
    }

    /// <summary>TF's unique naming: "Const", "Const_1", ...; prefixed by the current name scope.</summary>
    internal string UniqueName(string name)
    {
        var prefix = CurrentNameScope;
        var full = prefix.Length > 0 ? prefix + "/" + name : name;
        if (!_names.TryGetValue(full, out int count))
        {
            _names[full] = 1;
            return full;
        }
        string candidate;
        do candidate = $"{full}_{count++}"; while (_names.ContainsKey(candidate));
        _names[full] = count;
        _names[candidate] = 1;
        return candidate;
    }

    /// <summary>The full name of the innermost name scope ("batch"), or null at the top.</summary>
    internal string? CurrentScope => _scopes.Count > 0 && _scopes.Peek().Length > 0 ? _scopes.Peek() : null;

    /// <summary>
    /// TF's name_scope: a new scope "name" (made unique, inside the current one); "name/" (a scope string TF
    /// returned, trailing slash) re-enters that scope exactly; null or "" goes back to the top.
    /// </summary>
    internal GraphScope PushScope(string? name)
    {
        string full = string.IsNullOrEmpty(name) ? "" : name.EndsWith('/') ? name[..^1] : UniqueName(name);
        _scopes.Push(full);
        return new GraphScope(() => _scopes.Pop(), full.Length > 0 ? full + "/" : "");
    }
}

/// <summary>
/// What <c>g.as_default()</c> and <c>tf.name_scope(...)</c> return: the change is undone when it is disposed (C#
/// <c>using</c>, F# <c>use</c>) or when a Python <c>with</c> block ends (<c>__enter__</c>/<c>__exit__</c> are for Python,
/// which sees this class through pythonnet).
/// </summary>
public sealed class GraphScope : IDisposable
{
    private Action? _undo;

    internal GraphScope(Action undo, string? name = null)
    {
        _undo = undo;
        this.name = name;
    }

    /// <summary>For a name scope: its full name with a trailing "/" ("layer1/"), as TF's <c>with tf.name_scope(...) as scope</c> gives; else null.</summary>
    public string? name { get; }

    /// <summary>Undoes the change (once).</summary>
    public void Dispose()
    {
        _undo?.Invoke();
        _undo = null;
    }

    /// <summary>Python's <c>with</c>: nothing more to do on entry.</summary>
    public GraphScope __enter__() => this;

    /// <summary>Python's <c>with</c>: undoes the change on exit; an exception propagates.</summary>
    public bool __exit__(object? type, object? value, object? traceback)
    {
        Dispose();
        return false;
    }
}
