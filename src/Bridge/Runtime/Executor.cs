namespace Bridge;

/// <summary>
/// Engine-neutral graph interpreter for one Session: plans which nodes a run needs, checks feeds, keeps the
/// session's state (cached constants, random streams), and calls the engine's kernels node by node inside one
/// memory scope per run; results are copied out before the scope closes, so memory stays flat.
/// </summary>
internal sealed class Executor<TValue> : IExecutor where TValue : class
{
    private readonly Graph _graph;
    private readonly IKernels<TValue> _kernels;
    private readonly Dictionary<Operation, TValue> _constants = new();
    private readonly Dictionary<Operation, TfRandomStream> _randomStreams = new();
    private readonly Dictionary<PlanKey, Operation[]> _plans = new();
    private int _planVersion;
    private bool _disposed;

    public Executor(Graph graph, IKernels<TValue> kernels)
    {
        _graph = graph;
        _kernels = kernels;
    }

    public NDArray[] Run(Tensor[] fetches, Operation[] targets, IReadOnlyDictionary<Tensor, NDArray> feeds)
    {
        var plan = PlanFor(fetches, targets, feeds);
        using var scope = _kernels.OpenScope();
        var values = new Dictionary<Tensor, TValue>(plan.Length + feeds.Count);
        foreach (var (t, v) in feeds) values[t] = _kernels.FromNDArray(v);
        foreach (var op in plan) Evaluate(op, values, feeds);
        var results = new NDArray[fetches.Length];
        for (int i = 0; i < fetches.Length; i++) results[i] = _kernels.ToNDArray(values[fetches[i]]);
        return results;
    }

    private void Evaluate(Operation op, Dictionary<Tensor, TValue> values, IReadOnlyDictionary<Tensor, NDArray> feeds)
    {
        TValue[] outputs;
        switch (op.Kind)
        {
            case OpKind.Placeholder:
                var p = op.outputs[0];
                throw new InvalidArgumentError($"You must feed a value for placeholder tensor '{op.name}' with dtype {p.dtype.TfName()} and shape {p.shape.ToTfString()}. - help: pass it in the feed_dict: sess.run(..., ({op.name.Split('/')[^1]}, value)).");
            case OpKind.Const:
                if (!_constants.TryGetValue(op, out var c))
                    _constants[op] = c = _kernels.Keep(_kernels.FromNDArray(((ConstAttr)op.Attr!).Value));
                outputs = [c];
                break;
            case OpKind.RandomNormal or OpKind.RandomUniform:
                outputs = [_kernels.FromNDArray(DrawRandom(op))];
                break;
            default:
                var inputs = new TValue[op.Inputs.Length];
                for (int i = 0; i < inputs.Length; i++) inputs[i] = values[op.Inputs[i]];
                if (op.RuntimeShapeCheck is { } check)
                    check(Array.ConvertAll(inputs, _kernels.ShapeOf));
                try
                {
                    outputs = _kernels.Execute(op, inputs);
                }
                catch (Exception e) when (e is not BridgeException)
                {
                    throw new InvalidArgumentError($"{op.type} '{op.name}' failed in the engine: {e.Message.Split('\n')[0]}", e);
                }
                break;
        }
        for (int i = 0; i < outputs.Length; i++)
        {
            var t = op.outputs[i];
            if (!feeds.ContainsKey(t)) values[t] = outputs[i];
        }
    }

    /// <summary>TF's stateful random kernels: each op keeps one Philox stream per session, advanced by every run.</summary>
    private NDArray DrawRandom(Operation op)
    {
        var a = (RandomAttr)op.Attr!;
        if (!_randomStreams.TryGetValue(op, out var stream))
            _randomStreams[op] = stream = new TfRandomStream(a.Seed, a.Seed2);
        long n = a.Shape.size;
        float[] raw = op.Kind == OpKind.RandomNormal ? stream.NextNormal(n) : stream.NextUniform(n);
        // TF: RandomStandardNormal * stddev + mean; RandomUniform * (max - min) + min, in float32.
        float scale = op.Kind == OpKind.RandomNormal ? a.Scale : a.Max - a.Min;
        float shift = op.Kind == OpKind.RandomNormal ? a.Shift : a.Min;
        for (int i = 0; i < raw.Length; i++) raw[i] = raw[i] * scale + shift;
        var nd = new NDArray(raw, a.Shape.dims);
        return a.DType == TF_DataType.TF_FLOAT ? nd : ValueConverter.Cast(nd, a.DType);
    }

    private Operation[] PlanFor(Tensor[] fetches, Operation[] targets, IReadOnlyDictionary<Tensor, NDArray> feeds)
    {
        if (_planVersion != _graph.Version)
        {
            _plans.Clear();
            _planVersion = _graph.Version;
        }
        var key = new PlanKey(fetches, targets, feeds.Keys);
        if (_plans.TryGetValue(key, out var plan)) return plan;

        // Depth-first post-order from the fetches; a fed tensor cuts the walk (its producer need not run).
        var order = new List<Operation>();
        var state = new Dictionary<Operation, bool>(); // false: visiting, true: done
        void Visit(Operation op)
        {
            if (state.TryGetValue(op, out var done))
            {
                if (!done) throw new InvalidArgumentError($"Graph has a cycle through '{op.name}'.");
                return;
            }
            state[op] = false;
            foreach (var input in op.Inputs)
                if (!feeds.ContainsKey(input)) Visit(input.op);
            foreach (var c in op.ControlInputs) Visit(c);
            state[op] = true;
            order.Add(op);
        }
        foreach (var t in fetches)
            if (!feeds.ContainsKey(t)) Visit(t.op);
        foreach (var o in targets) Visit(o);
        plan = order.ToArray();
        _plans[key] = plan;
        return plan;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var v in _constants.Values) _kernels.Release(v);
        _constants.Clear();
    }

    /// <summary>Identifies a run's signature: the same fetches, targets and fed tensors reuse the plan.</summary>
    private sealed class PlanKey : IEquatable<PlanKey>
    {
        private readonly object[] _parts;
        private readonly int _hash;

        public PlanKey(Tensor[] fetches, Operation[] targets, IEnumerable<Tensor> fed)
        {
            var fedSorted = fed.OrderBy(t => t.op.Id).ThenBy(t => t.value_index);
            _parts = [.. fetches, null!, .. targets, null!, .. fedSorted];
            var h = new HashCode();
            foreach (var p in _parts) h.Add(p);
            _hash = h.ToHashCode();
        }

        public bool Equals(PlanKey? other) => other is not null && _parts.AsSpan().SequenceEqual(other._parts);
        public override bool Equals(object? obj) => Equals(obj as PlanKey);
        public override int GetHashCode() => _hash;
    }
}
