using System.Text;

namespace Bridge;

// TF 1.x's tf.cond (control_flow_ops.py: cond, CondContext, switch, merge; control_flow_grad.py) and
// tf.control_dependencies.
public sealed partial class tensorflow
{
    /// <summary>
    /// TF 1.x's tf.cond(pred, true_fn, false_fn): <paramref name="true_fn"/>'s result where the scalar bool
    /// <paramref name="pred"/> is true at run time, else <paramref name="false_fn"/>'s. Built as TF 1.x builds it, in
    /// name scope "cond": Switch(pred, pred), the pivots "switch_t" and "switch_f" and "pred_id"; each branch function
    /// runs once, when the graph is built, inside a cond context that routes every tensor it reads from outside the
    /// branch through a Switch on pred (one per tensor and branch) and gives ops without inputs a control input on
    /// the branch's pivot; the results are Merged. Only the taken branch runs: the other branch's ops are dead (their
    /// random ops draw nothing, their assigns write nothing), as in TF. Gradients flow through (TF's _SwitchGrad and
    /// _MergeGrad). A non-bool pred is a TypeError, a non-scalar one a ValueError; branches returning different
    /// structures or dtypes are a ValueError (TF's).
    /// </summary>
    public Tensor cond(object pred, Func<Tensor> true_fn, Func<Tensor> false_fn, string? name = null) =>
        (Tensor)ControlFlow.Cond("tf.cond", pred, true_fn is null ? null : () => true_fn(), false_fn is null ? null : () => false_fn(), name);

    /// <summary>tf.cond with branches returning several tensors (each merged; both branches return as many, of the same dtypes).</summary>
    public Tensor[] cond(object pred, Func<Tensor[]> true_fn, Func<Tensor[]> false_fn, string? name = null)
    {
        var r = ControlFlow.Cond("tf.cond", pred, true_fn is null ? null : () => true_fn(), false_fn is null ? null : () => false_fn(), name, unpackSingleton: false);
        return ((object[])r).Select(o => (Tensor)o).ToArray();
    }

    /// <summary>
    /// tf.cond with branches returning any nested structure (arrays, lists and tuples) of tensors, variables (read) and
    /// operations (TF's with_dependencies on the pivot: the result is the merged pivot, a bool). Returns the same
    /// structure, nested as object[]; a lone result (also a one-element list, as TF 1.x's non-strict cond) is the
    /// tensor itself.
    /// </summary>
    public object cond(object pred, Func<object> true_fn, Func<object> false_fn, string? name = null) =>
        ControlFlow.Cond("tf.cond", pred, true_fn, false_fn, name);

    /// <summary>
    /// TF 1.x's tf.control_dependencies(control_inputs): ops created until the scope is disposed (C# <c>using</c>,
    /// Python <c>with</c>) run after <paramref name="control_inputs"/> (operations, tensors: their ops, variables: their
    /// storage ops), and after those of enclosing blocks. As in TF an op reading an op made inside the block gets no
    /// extra control inputs from it, and null clears every enclosing block (and leaves a cond branch) inside. The usual
    /// idiom: <c>using (tf.control_dependencies(new[] { update })) y = tf.identity(x);</c>
    /// </summary>
    public GraphScope control_dependencies(IEnumerable<ITensorOrOperation>? control_inputs)
    {
        var g = Bridge.Graph.Default;
        if (control_inputs is null) return g.ControlDependenciesScope(null);
        var ops = new List<Operation>();
        foreach (var c in control_inputs)
        {
            var op = c switch
            {
                Operation o => o,
                Tensor t => t.op,
                Variable v => v.op,
                null => throw new TypeError("tf.control_dependencies: Control input must be Operation or Tensor: None. - help: pass a list of operations or tensors (or None to clear the dependencies)."),
                _ => throw new TypeError($"tf.control_dependencies: Control input must be Operation or Tensor: {c}. - help: pass a list of operations or tensors."),
            };
            if (op.graph != g)
                throw new ValueError($"tf.control_dependencies: '{op.name}' belongs to another graph. - help: build the control inputs in the default graph.");
            ops.Add(op);
        }
        return g.ControlDependenciesScope(ops.ToArray());
    }
}

/// <summary>TF's control-flow primitives: the executor evaluates them (dead-tensor semantics).</summary>
[OpFamily("control_flow")]
internal static class ControlFlowOps
{
    /// <summary>TF's Switch: forwards data to output_true if pred, else to output_false; the other output is dead.</summary>
    public static readonly OpDef Switch = new("Switch", OpRole.ControlFlow)
    {
        Inputs = ["data", "pred"],
        Functions = ["tf.cond"],
        DTypes = DTypeSet.All,
        Infer = c =>
        {
            if (c.DTypes[1] != TF_DataType.TF_BOOL)
                throw new TypeError($"{c.Fn}: pred must be a bool tensor, but it has dtype {c.DTypes[1].as_numpy_name()} (TF: Input 'pred' of 'Switch' Op has type {c.DTypes[1].as_numpy_name()} that does not match expected type of bool). - help: compare first, e.g. tf.greater(x, 0), or tf.cast(pred, tf.bool).");
            if (c.Shapes[1].IsRankKnown && c.Shapes[1].ndim != 0)
                throw new ValueError($"{c.Fn}: pred must be a scalar, but its shape is {c.Shapes[1].ToTfString()} (TF: Shape must be rank 0 but is rank {c.Shapes[1].ndim}). - help: reduce it to one bool, e.g. tf.reduce_all(pred), or pick one element.");
            return [(c.Shapes[0], c.DTypes[0]), (c.Shapes[0], c.DTypes[0])];
        },
        ChecksShapesAtRunTime = false,
        // TF's _SwitchGrad in a cond: the gradient of the taken output, merged with zeros for the untaken one (dead).
        Gradient = (op, dy) =>
        {
            if (dy[0] is null && dy[1] is null) return [null, null];
            var tf = Binding.tf;
            var gFalse = dy[0] ?? tf.zeros_like(op.outputs[0]);
            var gTrue = dy[1] ?? tf.zeros_like(op.outputs[1]);
            return [ControlFlow.Merge("tf.gradients", [gFalse, gTrue], null, "cond_grad")[0], null];
        },
    };

    /// <summary>TF's Merge: forwards its first live input (output) and which one it was (value_index, int32).</summary>
    public static readonly OpDef Merge = new("Merge", OpRole.ControlFlow)
    {
        Inputs = ["*inputs"],
        Attribute = typeof(MergeAttr),
        Functions = ["tf.cond"],
        DTypes = DTypeSet.All,
        Infer = c =>
        {
            for (int i = 1; i < c.DTypes.Length; i++)
                if (c.DTypes[i] != c.DTypes[0])
                    throw new TypeError($"{c.Fn}: Merge's inputs must have one dtype, got {c.DTypes[0].as_numpy_name()} and {c.DTypes[i].as_numpy_name()}. - help: tf.cast them to one dtype.");
            return [(MergedShape(c.Shapes), c.DTypes[0]), (Shape.Scalar, TF_DataType.TF_INT32)];
        },
        ChecksShapesAtRunTime = false,
        // TF's _MergeGrad: in a cond, the gradient switched on its pred (to the branch that was taken); otherwise on
        // whether value_index is each input's.
        Gradient = (op, dy) =>
        {
            var grads = new Tensor?[op.Inputs.Length];
            if (dy[0] is not { } g) return grads;
            if (((MergeAttr)op.Attr!).Pred is { } pred && op.Inputs.Length == 2)
            {
                var sw = ControlFlow.Switch("tf.gradients", g, pred, "cond_grad");
                return [sw[0], sw[1]];
            }
            for (int i = 0; i < grads.Length; i++)
                grads[i] = ControlFlow.Switch("tf.gradients", g, Binding.tf.equal(op.outputs[1], i), "Switch")[1];
            return grads;
        },
    };

    // TF's Merge shape function: the inputs' common shape, with unknown dimensions where they differ.
    private static Shape MergedShape(Shape[] shapes)
    {
        var first = shapes[0];
        if (!first.IsRankKnown) return Shape.Unknown;
        var dims = first.dims.ToArray();
        foreach (var s in shapes.Skip(1))
        {
            if (!s.IsRankKnown || s.ndim != dims.Length) return Shape.Unknown;
            for (int k = 0; k < dims.Length; k++)
                if (dims[k] != s[k]) dims[k] = -1;
        }
        return new Shape(dims);
    }
}

/// <summary>Merge's attribute: the cond's pred when the Merge joins a tf.cond's branches (its gradient switches on it).</summary>
internal sealed record MergeAttr(Tensor? Pred);

/// <summary>
/// TF 1.x's CondContext: while a branch function of tf.cond builds, ops created in the graph are added here. An input
/// from outside the branch is replaced by a Switch of it on pred (its output for this branch), made once per tensor;
/// ops without inputs get a control input on the pivot. Variables an op writes are not switched (Bridge's writes
/// name their variable directly); the op is dead through its other inputs.
/// </summary>
internal sealed class CondContext
{
    private readonly Graph _graph;
    private readonly HashSet<Tensor> _values = [];
    private readonly Dictionary<Tensor, Tensor> _external = [];

    public CondContext(Graph graph, Tensor pred, Tensor pivot, int branch, CondContext? outer)
    {
        _graph = graph;
        Pred = pred;
        Pivot = pivot;
        Branch = branch;
        Outer = outer;
        _values.Add(pred);
        _values.Add(pivot);
    }

    /// <summary>The cond's pred ("pred_id").</summary>
    public Tensor Pred { get; }

    /// <summary>The branch's pivot ("switch_t" or "switch_f"): live exactly when the branch is taken.</summary>
    public Tensor Pivot { get; }

    /// <summary>1 for the true branch, 0 for the false one (the Switch output it uses).</summary>
    public int Branch { get; }

    /// <summary>The enclosing cond branch (nested conds), or null.</summary>
    public CondContext? Outer { get; }

    /// <summary>TF's _AddOpInternal: called by the graph for each op created while this context is current.</summary>
    public void AddOp(Operation op)
    {
        var inputs = op.Inputs;
        for (int i = op.Def.WrittenVariables; i < inputs.Length; i++)
            inputs[i] = AddValue(inputs[i]);
        foreach (var o in op.outputs) _values.Add(o);
    }

    /// <summary>TF's AddValue: the tensor as this branch sees it (its Switch when it comes from outside).</summary>
    public Tensor AddValue(Tensor val)
    {
        if (_values.Contains(val)) return _external.GetValueOrDefault(val) ?? val;
        var result = val;
        _values.Add(val);
        if (Outer is not null)
        {
            result = Outer.AddValue(val);
            _values.Add(result);
        }
        using (_graph.ControlDependenciesScope(null))
            result = ControlFlow.Switch("tf.cond", result, Pred, "Switch")[Branch];
        _values.Add(result);
        _external[val] = result;
        return result;
    }

    /// <summary>TF's _ProcessOutputTensor: a branch's result as the Merge takes it (switched when it came from outside).</summary>
    public Tensor ProcessOutput(Tensor val)
    {
        if (!_values.Contains(val))
        {
            _values.Add(val);
            var real = val;
            if (Outer is not null)
            {
                real = Outer.AddValue(val);
                _values.Add(real);
            }
            var saved = _graph.ControlFlowContext;
            _graph.ControlFlowContext = null;
            try { real = ControlFlow.Switch("tf.cond", real, Pred, "Switch")[Branch]; }
            finally { _graph.ControlFlowContext = saved; }
            _values.Add(real);
            _external[val] = real;
            return real;
        }
        return _external.GetValueOrDefault(val) ?? val;
    }
}

/// <summary>tf.cond's construction and TF's switch/merge/smart_cond helpers.</summary>
internal static class ControlFlow
{
    /// <summary>TF's switch(data, pred): (output_false, output_true).</summary>
    public static Tensor[] Switch(string fn, Tensor data, Tensor pred, string name)
    {
        var op = ControlFlowOps.Switch.Build(fn, name, [data, pred]);
        op.graph.HasControlFlow = true;
        return op.outputs;
    }

    /// <summary>TF's merge(inputs): (output, value_index).</summary>
    public static Tensor[] Merge(string fn, Tensor[] inputs, Tensor? pred, string name) =>
        ControlFlowOps.Merge.Build(fn, name, inputs, new MergeAttr(pred)).outputs;

    /// <summary>
    /// TF's layers utils.smart_cond: a Python bool (or a tensor whose value is known when the graph is built) calls
    /// one function and builds no cond; a bool tensor builds tf.cond.
    /// </summary>
    public static T SmartCond<T>(string fn, object pred, Func<T> trueFn, Func<T> falseFn, string? name = null) where T : class
    {
        switch (pred)
        {
            case bool b:
                return b ? trueFn() : falseFn();
            case Variable:
                break;
            case Tensor t when ConstantValue.Of(t) is { } v && v.size == 1 && t.dtype == TF_DataType.TF_BOOL:
                return v.GetBool(0) ? trueFn() : falseFn();
            case Tensor:
                break;
            default:
                throw new TypeError($"{fn}: `pred` must be a Tensor, a Variable, or a Python bool, not {pred?.GetType().Name ?? "None"}. - help: pass True/False or a tf.bool placeholder.");
        }
        var r = Cond(fn, pred, () => trueFn(), () => falseFn(), name, unpackSingleton: typeof(T) == typeof(Tensor));
        if (typeof(T) == typeof(Tensor[])) return (T)(object)((object[])r).Select(o => (Tensor)o).ToArray();
        return (T)r;
    }

    /// <summary>tf.cond itself (see <see cref="tensorflow.cond(object, Func{object}, Func{object}, string?)"/>).</summary>
    public static object Cond(string fn, object pred, Func<object>? trueFn, Func<object>? falseFn, string? name, bool unpackSingleton = true)
    {
        if (trueFn is null) throw new TypeError($"{fn}: true_fn must be callable. - help: pass a function of no arguments that builds the true branch, e.g. lambda: tf.identity(x).");
        if (falseFn is null) throw new TypeError($"{fn}: false_fn must be callable. - help: pass a function of no arguments that builds the false branch.");
        var g = Graph.Default;
        using var scope = g.PushScope(name ?? "cond");
        var p = pred is Variable pv ? pv.AsTensor() : OpHelpers.ToTensor(pred, fn, name: "Const");
        var (pF, pT) = Switch(fn, p, p, "Switch") is var s ? (s[0], s[1]) : default;
        var tf = Binding.tf;
        var pivotT = tf.identity(pT, name: "switch_t");
        var pivotF = tf.identity(pF, name: "switch_f");
        var predId = tf.identity(p, name: "pred_id");

        var outer = g.ControlFlowContext;
        var (origT, resT) = BuildBranch(g, new CondContext(g, predId, pivotT, 1, outer), trueFn, fn, "true_fn");
        var (origF, resF) = BuildBranch(g, new CondContext(g, predId, pivotF, 0, outer), falseFn, fn, "false_fn");

        var structT = Describe(origT);
        var structF = Describe(origF);
        if (structT != structF)
            throw new ValueError($"{fn}: true_fn and false_fn must return the same structure: true_fn returned {structT} but false_fn returned {structF}. - help: make both branches return the same number of tensors, nested alike.");
        if (resT.Count == 0)
            throw new ValueError($"{fn}: true_fn and false_fn must return at least one result. - help: return a tensor (or an op) from each branch.");
        for (int i = 0; i < resT.Count; i++)
            if (resT[i].dtype != resF[i].dtype)
                throw new ValueError($"{fn}: Outputs of true_fn and false_fn must have the same type: {resT[i].dtype.as_numpy_name()}, {resF[i].dtype.as_numpy_name()}. - help: tf.cast one branch's result to the other's dtype.");
        var merges = new Tensor[resT.Count];
        for (int i = 0; i < merges.Length; i++) merges[i] = Merge(fn, [resF[i], resT[i]], predId, "Merge")[0];
        int k = 0;
        var rebuilt = Rebuild(origT, merges, ref k);
        if (unpackSingleton && rebuilt is object[] { Length: 1 } one && one[0] is Tensor lone) return lone;
        return rebuilt;
    }

    // TF's BuildCondBranch: runs the function in the context; returns its result (leaves converted) and the tensors
    // the Merge takes.
    private static (object orig, List<Tensor> results) BuildBranch(Graph g, CondContext ctx, Func<object> f, string fn, string which)
    {
        var saved = g.ControlFlowContext;
        g.ControlFlowContext = ctx;
        try
        {
            var r = f() ?? throw new ValueError($"{fn}: {which} returned None: true_fn and false_fn must return at least one result. - help: return a tensor (or an op) from each branch.");
            var leaves = new List<Tensor>();
            var orig = Flatten(r, leaves, ctx, fn);
            return (orig, leaves);
        }
        finally { g.ControlFlowContext = saved; }
    }

    // The branch's result with each leaf as the Merge takes it: a tensor (switched if it came from outside), a
    // variable's read, an op as the pivot after it (TF's with_dependencies), a value as a constant in the branch.
    private static object Flatten(object r, List<Tensor> leaves, CondContext ctx, string fn)
    {
        switch (r)
        {
            case Tensor t:
                leaves.Add(ctx.ProcessOutput(t));
                return t;
            case Operation op:
                Tensor pivotAfter;
                using (op.graph.ControlDependenciesScope([op])) pivotAfter = Binding.tf.identity(ctx.Pivot);
                leaves.Add(pivotAfter);
                return pivotAfter;
            case ITensorConvertible c:
                return Flatten(c.AsTensor(), leaves, ctx, fn);
            case System.Runtime.CompilerServices.ITuple tuple:
                var items = new object[tuple.Length];
                for (int i = 0; i < items.Length; i++)
                    items[i] = Flatten(tuple[i] ?? throw NoneLeaf(fn), leaves, ctx, fn);
                return items;
            case System.Collections.IEnumerable list when r is not (string or NDArray) && !(r is Array a && a.GetType().GetElementType()!.IsPrimitive):
                var parts = new List<object>();
                foreach (var item in list) parts.Add(Flatten(item ?? throw NoneLeaf(fn), leaves, ctx, fn));
                return parts.ToArray();
            default:
                return Flatten(OpHelpers.ToTensor(r, fn), leaves, ctx, fn);
        }
    }

    private static ValueError NoneLeaf(string fn) =>
        new($"{fn}: a branch returned None inside its result. - help: return tensors (or ops) only.");

    private static string Describe(object o) => o switch
    {
        object[] items => "(" + string.Join(", ", items.Select(Describe)) + ")",
        _ => "Tensor",
    };

    private static object Rebuild(object orig, Tensor[] merges, ref int k)
    {
        if (orig is object[] items)
        {
            var r = new object[items.Length];
            for (int i = 0; i < items.Length; i++) r[i] = Rebuild(items[i], merges, ref k);
            return r;
        }
        return merges[k++];
    }
}
