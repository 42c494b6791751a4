namespace Bridge;

/// <summary>
/// Symbolic reverse-mode differentiation, as TF 1.x's tf.gradients: gradients are graph nodes, built from one rule
/// per op kind (the table below, TF 1.x's own formulas, so that float32 results round as TF's do). Because the
/// gradients are ordinary graph nodes, the engine only needs forward kernels.
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

        // Creation order is a topological order: walk it backwards.
        var ops = graph.Operations;
        for (int k = ops.Count - 1; k >= 0; k--)
        {
            var op = ops[k];
            if (!between.Contains(op)) continue;
            var outGrads = op.outputs.Select(o => Sum(grads, o)).ToArray();
            if (outGrads.All(g => g is null)) continue;
            if (xs.Any(x => x.op == op) && op.outputs.All(o => xs.Contains(o))) continue; // stop at the xs
            var inGrads = Rule(op, outGrads);
            for (int i = 0; i < op.Inputs.Length; i++)
                if (inGrads[i] is { } g && between.Contains(op.Inputs[i].op)) Add(grads, op.Inputs[i], g);
        }
        return xs.Select(x => Sum(grads, x)).ToArray();
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
        var sum = t.graph.AddOp(OpKind.AddN, "AddN", list.ToArray(), null, [(t.shape, t.dtype)]).outputs[0];
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

    private static readonly tensorflow tf = Binding.tf;

    /// <summary>The gradient rules: input gradients from output gradients (TF 1.x's math_grad/array_grad/nn_grad).</summary>
    private static Tensor?[] Rule(Operation op, Tensor?[] dy)
    {
        var x = op.Inputs;
        var y = op.outputs;
        var g = dy[0]!;
        switch (op.Kind)
        {
            case OpKind.Identity: return [g];
            case OpKind.Add: return [SumTo(g, x[0]), SumTo(g, x[1])];
            case OpKind.Sub: return [SumTo(g, x[0]), tf.negative(SumTo(g, x[1]))];
            case OpKind.Mul: return [SumTo(tf.multiply(g, x[1]), x[0]), SumTo(tf.multiply(x[0], g), x[1])];
            case OpKind.RealDiv:
                return [SumTo(tf.divide(g, x[1]), x[0]),
                        SumTo(tf.multiply(g, tf.divide(tf.divide(tf.negative(x[0]), x[1]), x[1])), x[1])];
            case OpKind.AddN: return x.Select(_ => (Tensor?)g).ToArray();
            case OpKind.Neg: return [tf.negative(g)];
            case OpKind.Square: return [tf.multiply(g, tf.multiply(x[0], 2.0))];
            case OpKind.Sqrt: return [tf.divide(tf.multiply(g, 0.5), y[0])];
            case OpKind.Exp: return [tf.multiply(g, y[0])];
            case OpKind.Log: return [tf.multiply(g, Node(OpKind.Reciprocal, "Reciprocal", x[0]))];
            case OpKind.Abs: return [tf.multiply(g, Node(OpKind.Sign, "Sign", x[0]))];
            case OpKind.Sigmoid: return [op.graph.AddOp(OpKind.SigmoidGrad, "SigmoidGrad", [y[0], g], null, [(y[0].shape, y[0].dtype)]).outputs[0]];
            case OpKind.Cast: return [x[0].dtype.is_floating() && g.dtype.is_floating() ? tf.cast(g, x[0].dtype) : null];
            case OpKind.MatMul:
            {
                var m = (MatMulAttr)op.Attr!;
                Tensor a = x[0], b = x[1];
                return (m.TransposeA, m.TransposeB) switch
                {
                    (false, false) => [tf.matmul(g, b, transpose_b: true), tf.matmul(a, g, transpose_a: true)],
                    (false, true) => [tf.matmul(g, b), tf.matmul(g, a, transpose_a: true)],
                    (true, false) => [tf.matmul(b, g, transpose_b: true), tf.matmul(a, g)],
                    (true, true) => [tf.matmul(b, g, transpose_a: true, transpose_b: true), tf.matmul(g, a, transpose_a: true, transpose_b: true)],
                };
            }
            case OpKind.Sum or OpKind.Mean:
            {
                var r = (ReduceAttr)op.Attr!;
                var attr = new BroadcastGradAttr(r.Axes, r.KeepDims, op.Kind == OpKind.Mean);
                return [op.graph.AddOp(OpKind.BroadcastToShape, op.Kind == OpKind.Mean ? "Mean_grad" : "Sum_grad", [g, x[0]], attr, [(x[0].shape, g.dtype)]).outputs[0]];
            }
            case OpKind.Softmax:
            {
                // TF: (grad - reduce_sum(grad * softmax, axis, keepdims)) * softmax
                int axis = ((AxisAttr)op.Attr!).Axis;
                var sum = tf.reduce_sum(tf.multiply(g, y[0]), axis: axis, keepdims: true);
                return [tf.multiply(tf.subtract(g, sum), y[0])];
            }
            case OpKind.Reshape or OpKind.ExpandDims or OpKind.Squeeze:
                return [op.graph.AddOp(OpKind.ReshapeLike, "Reshape_grad", [g, x[0]], null, [(x[0].shape, g.dtype)]).outputs[0]];
            case OpKind.Transpose:
            {
                var perm = ((PermAttr)op.Attr!).Perm;
                var inverse = new int[perm.Length];
                for (int i = 0; i < perm.Length; i++) inverse[perm[i]] = i;
                return [tf.transpose(g, inverse)];
            }
            case OpKind.StridedSlice:
                return [op.graph.AddOp(OpKind.StridedSliceGrad, "StridedSliceGrad", [g, x[0]], op.Attr, [(x[0].shape, g.dtype)]).outputs[0]];
            case OpKind.Pack:
                return tf.unstack(g, num: x.Length, axis: ((AxisAttr)op.Attr!).Axis);
            case OpKind.ArgMax or OpKind.ArgMin or OpKind.Equal or OpKind.NotEqual or OpKind.Greater or OpKind.Less
                or OpKind.GreaterEqual or OpKind.LessEqual or OpKind.Shape or OpKind.Rank or OpKind.Size or OpKind.OnesLike
                or OpKind.ZerosLike or OpKind.Fill or OpKind.OneHot or OpKind.Sign or OpKind.Const or OpKind.Placeholder
                or OpKind.RandomNormal or OpKind.RandomUniform or OpKind.VariableV2:
                return new Tensor?[x.Length]; // not differentiable: no gradient flows through
            default:
                throw new LookupError($"tf.gradients: no gradient is defined for operation '{op.name}' (op type {op.type}). - help: Bridge differentiates add, subtract, multiply, divide, matmul, reduce_sum/mean, softmax, sigmoid, log, exp, sqrt, square, abs, negative, reshape, expand_dims, squeeze, transpose, cast, stack and indexing; rewrite the loss with these.");
        }
    }

    /// <summary>Sums a broadcast gradient back to the operand's shape (skipped when the shapes are statically equal).</summary>
    private static Tensor SumTo(Tensor g, Tensor like)
    {
        if (g.shape.IsFullyDefined && g.shape == like.shape) return g;
        return g.graph.AddOp(OpKind.SumToShape, "Sum_to_shape", [g, like], null, [(like.shape, g.dtype)]).outputs[0];
    }

    private static Tensor Node(OpKind kind, string name, Tensor input) =>
        input.graph.AddOp(kind, name, [input], null, [(input.shape, input.dtype)]).outputs[0];
}
