namespace Bridge;

/// <summary>
/// Symbolic reverse-mode differentiation, as TF 1.x's tf.gradients: gradients are graph nodes, built from one rule
/// per op (each <see cref="OpDef.Gradient"/>, beside the op's other facts: TF 1.x's own formulas, so that float32
/// results round as TF's do). Because the gradients are ordinary graph nodes, the engine only needs forward kernels.
/// </summary>
internal static class Gradients
{
    /// <summary>d(sum of ys)/d(xs); null where an x does not affect any y.</summary>
    public static Tensor?[] Compute(Tensor[] ys, Tensor[] xs, Tensor[]? gradYs = null, string fn = "tf.gradients")
    {
        var graph = ys[0].graph;
        foreach (var t in ys.Concat(xs))
            if (t.graph != graph) throw new ValueError($"{fn}: all tensors must be in one graph; '{t.name}' is not.");
        foreach (var y in ys)
            if (!y.dtype.is_floating()) throw new TypeError($"{fn}: '{y.name}' has dtype {y.dtype.as_numpy_name()}; gradients need float tensors. - help: differentiate a float loss.");

        var between = Between(graph, ys, xs);
        var grads = new Dictionary<Tensor, List<Tensor>>();
        using var scope = graph.PushScope("gradients");
        for (int i = 0; i < ys.Length; i++)
        {
            var seed = gradYs?[i] ?? Binding.tf.ones_like(ys[i], name: "grad_ys_" + i);
            Add(grads, ys[i], seed);
        }

        // A topological order (creation order, except that a cond's Switches come after the op that first read
        // them): walk it backwards.
        var ops = TopologicalOrder(graph, between);
        for (int k = ops.Count - 1; k >= 0; k--)
        {
            var op = ops[k];
            var outGrads = op.outputs.Select(o => Sum(grads, o)).ToArray();
            if (outGrads.All(g => g is null)) continue;
            if (xs.Any(x => x.op == op) && op.outputs.All(o => xs.Contains(o))) continue; // stop at the xs
            var inGrads = Rule(op, outGrads);
            for (int i = 0; i < op.Inputs.Length; i++)
                if (inGrads[i] is { } g && between.Contains(op.Inputs[i].op)) Add(grads, op.Inputs[i], g);
        }
        return xs.Select(x => Sum(grads, x)).ToArray();
    }

    /// <summary>
    /// The ops of <paramref name="between"/>, each after the ops it reads: creation order where that is topological
    /// (graphs without tf.cond), else each op moved after its inputs (a cond context adds an op's Switches after it).
    /// </summary>
    private static List<Operation> TopologicalOrder(Graph graph, HashSet<Operation> between)
    {
        var result = new List<Operation>(between.Count);
        if (!graph.HasControlFlow)
        {
            foreach (var op in graph.Operations)
                if (between.Contains(op)) result.Add(op);
            return result;
        }
        var done = new HashSet<Operation>();
        var stack = new Stack<(Operation op, int next)>();
        foreach (var root in graph.Operations)
        {
            if (!between.Contains(root) || done.Contains(root)) continue;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (op, next) = stack.Pop();
                if (next < op.Inputs.Length)
                {
                    stack.Push((op, next + 1));
                    var d = op.Inputs[next].op;
                    if (between.Contains(d) && !done.Contains(d)) stack.Push((d, 0));
                    continue;
                }
                if (done.Add(op)) result.Add(op);
            }
        }
        return result;
    }

    private static void Add(Dictionary<Tensor, List<Tensor>> grads, Tensor t, Tensor g)
    {
        if (!grads.TryGetValue(t, out var list)) grads[t] = list = [];
        list.Add(g);
    }

    /// <summary>TF aggregates several gradients of one tensor with AddN, in the order they arrived.</summary>
    private static Tensor? Sum(Dictionary<Tensor, List<Tensor>> grads, Tensor t)
    {
        if (!grads.TryGetValue(t, out var list) || list.Count == 0) return null;
        if (list.Count == 1) return list[0];
        var sum = GradientOps.AddN.Build("tf.gradients", "AddN", list.ToArray()).outputs[0];
        grads[t] = [sum];
        return sum;
    }

    /// <summary>Ops on a path from some x to some y.</summary>
    private static HashSet<Operation> Between(Graph graph, Tensor[] ys, Tensor[] xs)
    {
        var consumers = new Dictionary<Operation, List<Operation>>();
        foreach (var op in graph.Operations)
            foreach (var input in op.Inputs)
            {
                if (!consumers.TryGetValue(input.op, out var l)) consumers[input.op] = l = [];
                l.Add(op);
            }
        var fromX = new HashSet<Operation>();
        var stack = new Stack<Operation>(xs.Select(x => x.op));
        while (stack.Count > 0)
        {
            var op = stack.Pop();
            if (!fromX.Add(op)) continue;
            foreach (var c in consumers.GetValueOrDefault(op) ?? []) stack.Push(c);
        }
        var between = new HashSet<Operation>();
        stack = new Stack<Operation>(ys.Select(y => y.op));
        while (stack.Count > 0)
        {
            var op = stack.Pop();
            if (!fromX.Contains(op) || !between.Add(op)) continue;
            foreach (var i in op.Inputs) stack.Push(i.op);
        }
        return between;
    }

    /// <summary>The input gradients of one op, by its definition's rule (TF 1.x's math_grad/array_grad/nn_grad).</summary>
    private static Tensor?[] Rule(Operation op, Tensor?[] dy)
    {
        var def = op.Def;
        if (def.Gradient is { } rule)
        {
            var grads = rule(op, dy);
            if (grads.Length != op.Inputs.Length)
                throw new InvalidOperationException($"the gradient rule of {def.Type} returned {grads.Length} gradients for {op.Inputs.Length} inputs");
            return grads;
        }
        if (def.NotDifferentiable) return new Tensor?[op.Inputs.Length]; // no gradient flows through
        var why = def.NoGradientYet is { } reason ? $" ({reason})" : "";
        var differentiable = string.Join(", ", Ops.All.Where(d => d.Gradient is not null).SelectMany(d => d.Functions).Where(f => f.StartsWith("tf.", StringComparison.Ordinal)).Distinct().Order());
        throw new LookupError($"tf.gradients: no gradient is defined for operation '{op.name}' (op type {op.type}){why}. - help: Bridge differentiates {differentiable}, and indexing; rewrite the loss with these.");
    }

    /// <summary>Sums a broadcast gradient back to the operand's shape (skipped when the shapes are statically equal).</summary>
    internal static Tensor SumTo(Tensor g, Tensor like)
    {
        if (g.shape.IsFullyDefined && g.shape == like.shape) return g;
        return GradientOps.SumToShape.Build("tf.gradients", "Sum_to_shape", [g, like]).outputs[0];
    }

    /// <summary>A one-input node of <paramref name="def"/> (Reciprocal, Sign) in a gradient.</summary>
    internal static Tensor Node(OpDef def, Tensor input) => def.Build("tf.gradients", def.Type, [input]).outputs[0];
}
