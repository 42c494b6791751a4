namespace Bridge.Runtime;

/// <summary>
/// The order in which a run evaluates nodes: the nodes the fetches and targets need (a fed tensor cuts the walk),
/// topologically sorted so that every computed value comes before any write (Assign, optimizer updates), and
/// writes come in the order they are reached from the fetches. Ties keep the depth-first order, so a plan is
/// deterministic.
/// </summary>
internal static class RunPlan
{
    public static Operation[] Order(Tensor[] fetches, Operation[] targets, IReadOnlyDictionary<Tensor, NDArray> feeds)
    {
        // 1. Depth-first post-order from the fetches and targets: the needed nodes and a stable rank for each.
        var rank = new Dictionary<Operation, int>();
        var visiting = new HashSet<Operation>();
        var order = new List<Operation>();
        var stack = new Stack<(Operation op, int next)>();
        void Visit(Operation root)
        {
            if (rank.ContainsKey(root)) return;
            stack.Push((root, 0));
            visiting.Add(root);
            while (stack.Count > 0)
            {
                var (op, next) = stack.Pop();
                var deps = Dependencies(op, feeds);
                if (next < deps.Count)
                {
                    stack.Push((op, next + 1));
                    var d = deps[next];
                    if (rank.ContainsKey(d)) continue;
                    if (!visiting.Add(d)) throw new InvalidArgumentError($"The graph has a cycle through '{d.name}'.");
                    stack.Push((d, 0));
                    continue;
                }
                visiting.Remove(op);
                rank[op] = order.Count;
                order.Add(op);
            }
        }
        foreach (var t in fetches)
            if (!feeds.ContainsKey(t)) Visit(t.op);
        foreach (var o in targets) Visit(o);

        // 2. Kahn's algorithm: among ready nodes, computed ones first (lowest rank), writes only when nothing else is ready.
        var pending = new Dictionary<Operation, int>();
        var users = new Dictionary<Operation, List<Operation>>();
        foreach (var op in order)
        {
            var deps = Dependencies(op, feeds);
            pending[op] = deps.Count;
            foreach (var d in deps)
            {
                if (!users.TryGetValue(d, out var list)) users[d] = list = [];
                list.Add(op);
            }
        }
        var computed = new PriorityQueue<Operation, int>();
        var writes = new PriorityQueue<Operation, int>();
        foreach (var op in order)
            if (pending[op] == 0) (IsWrite(op) ? writes : computed).Enqueue(op, rank[op]);
        var result = new List<Operation>(order.Count);
        while (computed.Count > 0 || writes.Count > 0)
        {
            var op = computed.Count > 0 ? computed.Dequeue() : writes.Dequeue();
            result.Add(op);
            if (!users.TryGetValue(op, out var us)) continue;
            foreach (var u in us)
                if (--pending[u] == 0) (IsWrite(u) ? writes : computed).Enqueue(u, rank[u]);
        }
        return result.ToArray();
    }

    private static bool IsWrite(Operation op) => op.Def.WrittenVariables > 0;

    /// <summary>Data inputs (unless fed, or duplicated) then control inputs.</summary>
    private static List<Operation> Dependencies(Operation op, IReadOnlyDictionary<Tensor, NDArray> feeds)
    {
        var deps = new List<Operation>(op.Inputs.Length + op.ControlInputs.Length);
        foreach (var input in op.Inputs)
            if (!feeds.ContainsKey(input) && !deps.Contains(input.op)) deps.Add(input.op);
        foreach (var c in op.ControlInputs)
            if (!deps.Contains(c)) deps.Add(c);
        return deps;
    }
}
