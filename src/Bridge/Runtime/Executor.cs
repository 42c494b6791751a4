using Bridge.Backend;
using Bridge.Kernels;
using Bridge.Philox;

namespace Bridge.Runtime;

/// <summary>
/// Engine-neutral graph interpreter for one Session. It plans which nodes a run needs, keeps the session's state
/// (variables, cached constants, random streams), and calls the engine's kernels node by node inside one memory
/// scope per run; results are copied out before the scope closes, so memory stays flat.
/// Run semantics (TF 1.0's, which the labs were recorded with): every computed value of a run is evaluated once,
/// before any of the run's writes (assign, optimizer updates); writes then apply in a deterministic order; a fetched
/// variable shows its value after the writes.
/// </summary>
internal sealed class Executor<TValue> : IExecutor where TValue : class
{
    private readonly Graph _graph;
    private readonly IKernels<TValue> _kernels;
    private readonly Dictionary<Operation, TValue> _constants = new();
    private readonly Dictionary<Operation, TValue> _variables = new();
    private readonly Dictionary<Operation, TfRandomStream> _randomStreams = new();
    private readonly Dictionary<PlanKey, Operation[]> _plans = new();
    // Per plan: the tensors whose last reader is the plan's op i (null where none), for the early release.
    private readonly Dictionary<Operation[], Tensor[]?[]> _lastReads = new(ReferenceEqualityComparer.Instance);
    // The last run's plan: a loop runs the same fetches, targets and fed tensors run after run, and checking them
    // against the last key allocates nothing (building a PlanKey, a sorted copy of the fed tensors, was a quarter of
    // a small run's allocations).
    private PlanKey? _lastKey;
    private Operation[]? _lastPlan;
    // A run's values and the values its writes replaced, reused by the next run (runs of a session never overlap;
    // RunInside's nested runs keep their own): a fresh dictionary and list each run were garbage the GC had to
    // collect, and on small graphs its pauses cost as much as the run itself. Both are emptied when a run ends, so
    // they hold no value past its run.
    private readonly Dictionary<Tensor, object?> _values = new();
    private readonly List<TValue> _released = new();
    private InputPipeline? _pipeline;
    private int _planVersion;
    private int _running; // 1 while a run is in progress
    private bool _disposed;

    public Executor(Graph graph, IKernels<TValue> kernels)
    {
        _graph = graph;
        _kernels = kernels;
    }

    public NDArray[] Run(Tensor[] fetches, Operation[] targets, IReadOnlyDictionary<Tensor, NDArray> feeds, bool[]? owned = null, bool privateFeeds = false)
    {
        // One run at a time: a run started inside another (from a Python signal handler during a run, or from
        // another thread) would share this run's buffers and variables and could corrupt its results.
        if (Interlocked.Exchange(ref _running, 1) == 1)
            throw new RuntimeError("Session.run: this session is already running (a run started from a signal handler or another thread while one is in progress). - help: run it after the current run returns, or use another tf.Session for concurrent work.");
        try
        {
            var results = RunAlone(fetches, targets, feeds);
            // Inside the run's exclusion: another thread's run may change the variables as soon as this one is over.
            if (owned is not null) MarkOwned(results, feeds, owned, privateFeeds);
            return results;
        }
        finally
        {
            _pipelineOutputs.Clear();
            Volatile.Write(ref _running, 0);
        }
    }

    // The storages input pipeline ops produced in this run: a queue may hold an element it handed out (an input
    // producer enqueues the same arrays every epoch), so a result sharing one is never handed out without a copy.
    private readonly HashSet<Array> _pipelineOutputs = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Whether each result's storage is the caller's alone (<see cref="IExecutor.Run"/>'s <c>owned</c>): a value computed
    /// by a kernel or copied out of the engine, not a variable's or a constant's storage (a read or an identity of
    /// either shares it), not a queue's, not another result's, and not a feed's unless the feeds are the run's private
    /// copies. Only large results are worth the question: small ones are copied regardless.
    /// </summary>
    private void MarkOwned(NDArray[] results, IReadOnlyDictionary<Tensor, NDArray> feeds, bool[] owned, bool privateFeeds)
    {
        HashSet<Array>? held = null;
        for (int i = 0; i < results.Length; i++)
        {
            owned[i] = false;
            var storage = results[i].Storage;
            if ((long)storage.Length * MemoryGuard.ElementBytes(results[i].dtype) < EarlyReleaseBytes) continue;
            held ??= HeldStorages(feeds, privateFeeds);
            bool shared = held.Contains(storage);
            for (int j = 0; j < results.Length && !shared; j++)
                shared = j != i && ReferenceEquals(results[j].Storage, storage);
            owned[i] = !shared;
        }
    }

    private HashSet<Array> HeldStorages(IReadOnlyDictionary<Tensor, NDArray> feeds, bool privateFeeds)
    {
        var held = new HashSet<Array>(_pipelineOutputs, ReferenceEqualityComparer.Instance);
        foreach (var v in _variables.Values)
            if (v is NDArray nd) held.Add(nd.Storage);
        foreach (var v in _constants.Values)
            if (v is NDArray nd) held.Add(nd.Storage);
        // A feed read in place is never a result's storage (results are copied out of it, NDArray.Detached).
        if (!privateFeeds)
            foreach (var nd in feeds.Values)
                if (!nd.IsBorrowed) held.Add(nd.Storage);
        return held;
    }

    private NDArray[] RunAlone(Tensor[] fetches, Operation[] targets, IReadOnlyDictionary<Tensor, NDArray> feeds)
    {
        var plan = PlanFor(fetches, targets, feeds);
        var lastReads = _lastReads[plan];
        var released = _released;
        // Engine values, or NDArrays for host ops (summaries produce serialized protobufs, not tensors).
        var values = _values;
        try
        {
            return RunScoped(plan, lastReads, fetches, feeds, values, released);
        }
        finally
        {
            // Emptied as if dropped: nothing is released here (a failed run releases nothing), and no value of the
            // run stays reachable from the executor.
            values.Clear();
            released.Clear();
        }
    }

    private NDArray[] RunScoped(Operation[] plan, Tensor[]?[] lastReads, Tensor[] fetches, IReadOnlyDictionary<Tensor, NDArray> feeds,
        Dictionary<Tensor, object?> values, List<TValue> released)
    {
        using (FlushToZero.Enter())
        using (_kernels.OpenScope())
        {
            foreach (var (t, v) in feeds) values[t] = _kernels.FromNDArray(v);
            var interrupt = RunInterrupt.Current;
            // Graphs with a Switch (tf.cond) follow TF's dead-tensor semantics; others keep the plain loop.
            bool flow = _graph.HasControlFlow;
            if (Profile is null && interrupt is null && !flow)
                for (int i = 0; i < plan.Length; i++)
                {
                    Evaluate(plan[i], values, feeds, released);
                    if (lastReads[i] is { } done) ReleaseEarly(done, values);
                }
            else
            {
                if (flow) _deadOps.Clear();
                try { EvaluateChecked(plan, lastReads, values, feeds, released, interrupt, flow); }
                finally { _deadOps.Clear(); }
            }
            var results = new NDArray[fetches.Length];
            for (int i = 0; i < fetches.Length; i++)
            {
                var t = fetches[i];
                // A fetched variable (its ref) reads the storage after the run's writes.
                var v = t.op.Def.Role == OpRole.Variable && !feeds.ContainsKey(t) ? _variables.GetValueOrDefault(t.op) : values[t];
                results[i] = v switch
                {
                    _ when ReferenceEquals(v, Dead) => throw new InvalidArgumentError(
                        $"Session.run: the fetched tensor '{t.name}' is dead in this run: it is in the branch of a tf.cond that was not taken (TF: Retval does not have value). - help: fetch the cond's result (its Merge) instead of a tensor inside one branch, or feed the pred so that this branch is taken."),
                    // A fed value (or a view of one) read in place is the caller's memory for this run only: TF
                    // returns a copy of a fetched feed, and so does Bridge, so that the result outlives the run.
                    NDArray host => host.Detached(),
                    TValue engine => _kernels.ToNDArray(engine),
                    _ => throw Uninitialized(t.op, t.op),
                };
            }
            // Values replaced by writes are freed once nothing of this run can use them.
            foreach (var old in released) _kernels.Release(old);
            return results;
        }
    }

    /// <summary>
    /// The plan's loop with the profiler and/or the thread's interrupt check: the check runs between ops at most once
    /// per interval, and never from the first write on, so that a stopped run has written nothing.
    /// </summary>
    private void EvaluateChecked(Operation[] plan, Tensor[]?[] lastReads, Dictionary<Tensor, object?> values, IReadOnlyDictionary<Tensor, NDArray> feeds,
        List<TValue> released, RunInterrupt? interrupt, bool flow)
    {
        long due = interrupt is null ? long.MaxValue : System.Diagnostics.Stopwatch.GetTimestamp() + interrupt.IntervalTicks;
        for (int index = 0; index < plan.Length; index++)
        {
            var op = plan[index];
            if (due != long.MaxValue)
            {
                if (op.Def.WrittenVariables > 0)
                    due = long.MaxValue; // the first write: from here on the run completes
                else if (System.Diagnostics.Stopwatch.GetTimestamp() >= due)
                {
                    if (StopRequested(interrupt!))
                        throw new CancelledError($"Session.run was interrupted before {op.type} '{op.name}'; no variable was written. - help: run it again to compute it (the session is still usable).");
                    due = System.Diagnostics.Stopwatch.GetTimestamp() + interrupt!.IntervalTicks;
                }
            }
            if (Profile is null)
            {
                if (flow) EvaluateFlow(op, values, feeds, released);
                else Evaluate(op, values, feeds, released);
            }
            else
            {
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                if (flow) EvaluateFlow(op, values, feeds, released);
                else Evaluate(op, values, feeds, released);
                Profile.Add(Profile.Detailed ? DetailedKey(op, values) : op.type, System.Diagnostics.Stopwatch.GetTimestamp() - start);
            }
            if (lastReads[index] is { } done) ReleaseEarly(done, values);
        }
    }

    /// <summary>Intermediates of at least this many bytes are freed as soon as their last reader has run.</summary>
    internal const long EarlyReleaseBytes = 1 << 20;

    /// <summary>Bytes freed before their run ended, by every executor of the process (what tests observe).</summary>
    internal static long EarlyReleasedBytes;

    /// <summary>
    /// Frees the large values whose last reader in this run has just run, as TF frees a tensor when its last consumer
    /// is done: evaluating lab 11's 10000 test images then holds each layer's activation only while the next layer
    /// reads it, not every layer's until the run ends. A value also held under another tensor of the run (a Switch's
    /// or an identity's output), as a variable's storage or as a constant is only forgotten, never freed.
    /// </summary>
    private void ReleaseEarly(Tensor[] done, Dictionary<Tensor, object?> values)
    {
        foreach (var t in done)
        {
            if (!values.TryGetValue(t, out var v) || v is not TValue value || ReferenceEquals(v, Dead)) continue;
            if (_kernels.ReleasableBytes(value) < EarlyReleaseBytes) continue;
            values.Remove(t);
            if (HeldElsewhere(value, values)) continue;
            Interlocked.Add(ref EarlyReleasedBytes, _kernels.ReleasableBytes(value));
            _kernels.Release(value);
        }
    }

    private bool HeldElsewhere(TValue value, Dictionary<Tensor, object?> values)
    {
        foreach (var v in values.Values)
            if (ReferenceEquals(v, value)) return true;
        foreach (var v in _variables.Values)
            if (ReferenceEquals(v, value)) return true;
        foreach (var v in _constants.Values)
            if (ReferenceEquals(v, value)) return true;
        return false;
    }

    // BRIDGE_PROFILE=2's key: the op kind, its inputs' shapes and the side its first output is on (NDArray: the managed
    // kernel; otherwise the engine's), so that a slow kind can be traced to the shapes and the side it ran on.
    private string DetailedKey(Operation op, Dictionary<Tensor, object?> values)
    {
        var parts = new List<string>();
        foreach (var input in op.Inputs)
            parts.Add(values.GetValueOrDefault(input) switch
            {
                TValue v when !ReferenceEquals(v, Dead) => _kernels.ShapeOf(v).ToTfString(),
                NDArray nd => nd.shape.ToTfString(),
                _ => "-",
            });
        var side = op.outputs.Length == 0 ? "" : values.GetValueOrDefault(op.outputs[0]) switch
        {
            null => "",
            var o when ReferenceEquals(o, Dead) => " dead",
            NDArray => " managed",
            _ => " engine",
        };
        return $"{op.type} {string.Join(" ", parts)}{side}";
    }

    /// <summary>A dead tensor's value: it is on the untaken side of a Switch (TF's is_dead).</summary>
    private static readonly object Dead = new();

    // The ops that are dead in the current run (a dead op without outputs, a NoOp, is known here only).
    private readonly HashSet<Operation> _deadOps = [];

    /// <summary>
    /// TF's dead-tensor semantics: an op with a dead data or control input is dead (its outputs are dead, its writes are
    /// not applied, its random stream does not advance); Switch forwards its data to the output its pred picks and
    /// makes the other dead; Merge forwards its first live input (and its index), and is dead only if all are.
    /// </summary>
    private void EvaluateFlow(Operation op, Dictionary<Tensor, object?> values, IReadOnlyDictionary<Tensor, NDArray> feeds, List<TValue> released)
    {
        if (op.Def == ControlFlowOps.Merge)
        {
            for (int i = 0; i < op.Inputs.Length; i++)
            {
                var v = values[op.Inputs[i]];
                if (ReferenceEquals(v, Dead)) continue;
                Store(op.outputs[0], v, values, feeds);
                Store(op.outputs[1], _kernels.FromNDArray(new NDArray(new[] { i })), values, feeds);
                return;
            }
            MarkDead(op, values, feeds);
            return;
        }
        if (IsDead(op, values))
        {
            MarkDead(op, values, feeds);
            return;
        }
        if (op.Def == ControlFlowOps.Switch)
        {
            var data = values[op.Inputs[0]];
            var predValue = values[op.Inputs[1]] switch
            {
                NDArray host => host,
                TValue engine => _kernels.ToNDArray(engine),
                _ => throw Uninitialized(op.Inputs[1].op, op),
            };
            int taken = predValue.GetBool(0) ? 1 : 0;
            Store(op.outputs[taken], data, values, feeds);
            Store(op.outputs[1 - taken], Dead, values, feeds);
            return;
        }
        Evaluate(op, values, feeds, released);
    }

    private bool IsDead(Operation op, Dictionary<Tensor, object?> values)
    {
        var inputs = op.Inputs;
        for (int i = op.Def.WrittenVariables; i < inputs.Length; i++)
            if (ReferenceEquals(values[inputs[i]], Dead)) return true;
        if (_deadOps.Count > 0)
            foreach (var c in op.ControlInputs)
                if (_deadOps.Contains(c)) return true;
        return false;
    }

    private void MarkDead(Operation op, Dictionary<Tensor, object?> values, IReadOnlyDictionary<Tensor, NDArray> feeds)
    {
        _deadOps.Add(op);
        foreach (var o in op.outputs) Store(o, Dead, values, feeds);
    }

    // The check is the host's code (Python's signal handlers): it runs with the caller's floating-point environment,
    // not the run's flush-to-zero, and what it sets there does not leak into the rest of the run.
    private static bool StopRequested(RunInterrupt interrupt)
    {
        using (FlushToZero.Suspend()) return interrupt.StopRequested();
    }

    private void Evaluate(Operation op, Dictionary<Tensor, object?> values, IReadOnlyDictionary<Tensor, NDArray> feeds, List<TValue> released)
    {
        object?[] outputs;
        switch (op.Def.Role)
        {
            case OpRole.Placeholder:
                var p = op.outputs[0];
                throw new InvalidArgumentError($"You must feed a value for placeholder tensor '{op.name}' with dtype {p.dtype.TfName()} and shape {p.shape.ToTfString()}. - help: pass it in the feed_dict: sess.run(..., ({op.name.Split('/')[^1]}, value)).");
            case OpRole.Const:
                if (!_constants.TryGetValue(op, out var c))
                    _constants[op] = c = _kernels.Keep(_kernels.FromNDArray(((ConstAttr)op.Attr!).Value));
                Store(op.outputs[0], c, values, feeds); // one output: no array for it
                return;
            case OpRole.Random:
                outputs = [_kernels.FromNDArray(DrawRandom(op, values))];
                break;
            case OpRole.Variable:
                // The ref; null while uninitialised (an Assign may still initialise it; readers check).
                Store(op.outputs[0], _variables.GetValueOrDefault(op), values, feeds);
                return;
            case OpRole.NoOp:
                outputs = [];
                break;
            case OpRole.Resource:
                var hostInputs = new NDArray[op.Inputs.Length];
                for (int i = 0; i < hostInputs.Length; i++)
                    hostInputs[i] = values[op.Inputs[i]] switch
                    {
                        // A queue keeps what it is given beyond the run: a fed value read in place is copied first.
                        NDArray host => host.Detached(),
                        TValue engine => _kernels.ToNDArray(engine),
                        _ => throw Uninitialized(op.Inputs[i].op, op),
                    };
                var produced = Pipeline.Evaluate(op, hostInputs);
                foreach (var v in produced) _pipelineOutputs.Add(v.Storage);
                outputs = Array.ConvertAll(produced, v => (object?)_kernels.FromNDArray(v));
                break;
            default:
                outputs = Compute(op, values, released);
                break;
        }
        for (int i = 0; i < outputs.Length; i++) Store(op.outputs[i], outputs[i], values, feeds);
    }

    /// <summary>Records an op's output for the rest of the run, unless the tensor is fed (the feed wins).</summary>
    private static void Store(Tensor t, object? value, Dictionary<Tensor, object?> values, IReadOnlyDictionary<Tensor, NDArray> feeds)
    {
        if (!feeds.ContainsKey(t)) values[t] = value;
    }

    private TValue?[] Compute(Operation op, Dictionary<Tensor, object?> values, List<TValue> released)
    {
        int written = op.Def.WrittenVariables;
        var inputs = new TValue[op.Inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            var input = op.Inputs[i];
            // A write reads the variables it updates from the storage at the moment it applies, so that two
            // writes to one variable in a run compose.
            TValue? v = i < written ? _variables.GetValueOrDefault(input.op) : values[input] switch
            {
                TValue engine => engine,
                NDArray host => _kernels.FromNDArray(host),
                _ => null,
            };
            if (v is null)
            {
                if (op.Def == StateOps.Assign && i == 0) continue; // assigning initialises
                throw Uninitialized(input.op, op);
            }
            inputs[i] = v;
        }
        if (op.ChecksShapesAtRunTime || op.GuardsMemoryAtRunTime) CheckShapes(op, inputs);
        TValue[] outputs;
        try
        {
            outputs = _kernels.Execute(op, inputs);
        }
        catch (Exception e) when (e is not BridgeException)
        {
            throw new InvalidArgumentError($"{op.type} '{op.name}' failed in the engine: {e.Message.Split('\n')[0]}", e);
        }
        for (int i = 0; i < written; i++)
        {
            var variable = op.Inputs[i].op;
            if (_variables.TryGetValue(variable, out var old)) released.Add(old);
            _variables[variable] = _kernels.Keep(outputs[i]);
        }
        return outputs;
    }

    /// <summary>
    /// The op's shape inference on the run's concrete shapes: the checks the graph builder could not complete because
    /// some static shapes were only partly known (a mismatched feed fails here, naming the op and the shapes), and the
    /// memory check of outputs whose static shape was partial (<see cref="MemoryGuard"/>).
    /// </summary>
    private void CheckShapes(Operation op, TValue[] inputs)
    {
        if (op.CheckedShapes is { } last && SameShapes(last, inputs)) return;
        var shapes = new Shape[inputs.Length];
        var dtypes = new TF_DataType[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            // An Assign's uninitialised variable has its declared shape.
            shapes[i] = inputs[i] is null ? op.Inputs[i].shape : _kernels.ShapeOf(inputs[i]);
            dtypes[i] = op.Inputs[i].dtype;
        }
        try
        {
            var outputs = op.Def.Infer(new OpContext(op.RunTimeName, op.Def, shapes, dtypes, op.Attr, RunTime: true));
            // Bounded memory: the concrete output shapes, before the kernel allocates them.
            foreach (var (shape, dtype) in outputs)
                if (shape.IsFullyDefined) MemoryGuard.Check(op.RunTimeName, shape.dims, dtype);
        }
        catch (ValueError e)
        {
            // TF reports what only the run could find out as InvalidArgumentError.
            throw new InvalidArgumentError(e.Message, e);
        }
        if (Array.IndexOf(inputs, null) < 0) op.CheckedShapes = Array.ConvertAll(shapes, s => s.dims);
    }

    private bool SameShapes(long[][] last, TValue[] inputs)
    {
        if (last.Length != inputs.Length) return false;
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i] is not { } v || !_kernels.HasDims(v, last[i])) return false;
        return true;
    }

    private static FailedPreconditionError Uninitialized(Operation variable, Operation reader) => new(
        $"Attempting to use uninitialized value {variable.name}" + (reader == variable ? "" : $" (read by '{reader.name}')") +
        ". - help: run tf.global_variables_initializer() in this session first: sess.run(tf.global_variables_initializer()).");

    /// <summary>The session's queues and readers; their queue runners run the enqueue ops through <see cref="RunInside"/>.</summary>
    public InputPipeline Pipeline => _pipeline ??= new InputPipeline(RunInside);

    /// <summary>
    /// Runs <paramref name="target"/> as a run of its own (what a queue runner thread's <c>sess.run(enqueue_op)</c>
    /// does) while the current run waits on a queue: its values are its own, its random ops and readers advance.
    /// </summary>
    private void RunInside(Operation target)
    {
        var none = new Dictionary<Tensor, NDArray>();
        var plan = PlanFor([], [target], none);
        var values = new Dictionary<Tensor, object?>(plan.Length);
        var released = new List<TValue>();
        foreach (var op in plan) Evaluate(op, values, none, released);
        foreach (var old in released) _kernels.Release(old);
    }

    /// <summary>TF's stateful random kernels: each op keeps one Philox stream per session, advanced by every run.</summary>
    private NDArray DrawRandom(Operation op, Dictionary<Tensor, object?> values)
    {
        if (!_randomStreams.TryGetValue(op, out var stream))
        {
            var (seed, seed2) = RandomDraw.Seeds(op);
            _randomStreams[op] = stream = new TfRandomStream(seed, seed2);
        }
        if (op.Inputs.Length == 0) return RandomDraw.Source(op.Def, (RandomAttr)op.Attr!, stream);
        var inputs = new NDArray[op.Inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
            inputs[i] = values[op.Inputs[i]] switch
            {
                TValue engine => _kernels.ToNDArray(engine),
                NDArray host => host,
                _ => throw Uninitialized(op.Inputs[i].op, op),
            };
        return RandomDraw.WithInputs(op, stream, inputs);
    }

    private Operation[] PlanFor(Tensor[] fetches, Operation[] targets, IReadOnlyDictionary<Tensor, NDArray> feeds)
    {
        if (_planVersion != _graph.Version)
        {
            _plans.Clear();
            _lastReads.Clear();
            _lastKey = null;
            _lastPlan = null;
            _planVersion = _graph.Version;
        }
        if (_lastKey is not null && _lastKey.Matches(fetches, targets, feeds)) return _lastPlan!;
        var key = new PlanKey(fetches, targets, feeds.Keys);
        if (!_plans.TryGetValue(key, out var plan))
        {
            _plans[key] = plan = RunPlan.Order(fetches, targets, feeds);
            _lastReads[plan] = LastReads(plan, fetches, feeds);
        }
        _lastKey = key;
        _lastPlan = plan;
        return plan;
    }

    /// <summary>
    /// For each op of the plan, the tensors it is the last reader of (or, for an output nothing reads, the op that made
    /// it), leaving out what outlives the run or is the caller's: fetched and fed tensors, variables' and constants'
    /// outputs, placeholders.
    /// </summary>
    private static Tensor[]?[] LastReads(Operation[] plan, Tensor[] fetches, IReadOnlyDictionary<Tensor, NDArray> feeds)
    {
        var last = new Dictionary<Tensor, int>();
        for (int i = 0; i < plan.Length; i++)
        {
            foreach (var o in plan[i].outputs) last.TryAdd(o, i);
            foreach (var input in plan[i].Inputs) last[input] = i;
        }
        var kept = new HashSet<Tensor>(fetches);
        var lists = new List<Tensor>?[plan.Length];
        foreach (var (t, i) in last)
        {
            if (kept.Contains(t) || feeds.ContainsKey(t) || t.op.Def.Role is OpRole.Variable or OpRole.Const or OpRole.Placeholder) continue;
            (lists[i] ??= []).Add(t);
        }
        return Array.ConvertAll(lists, l => l?.ToArray());
    }

    /// <summary>
    /// Per-op-kind time when BRIDGE_PROFILE=1, per kind, input shapes and side when BRIDGE_PROFILE=2 (printed to stderr
    /// when the session closes).
    /// </summary>
    private readonly OpProfile? Profile = Environment.GetEnvironmentVariable("BRIDGE_PROFILE") switch
    {
        "1" => new OpProfile(detailed: false),
        "2" => new OpProfile(detailed: true),
        _ => null,
    };

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Profile?.Report(Console.Error);
        foreach (var v in _constants.Values) _kernels.Release(v);
        foreach (var v in _variables.Values) _kernels.Release(v);
        _constants.Clear();
        _variables.Clear();
        _kernels.Dispose();
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

        /// <summary>
        /// Whether a run of these fetches, targets and feeds has this key (what Equals would say of its PlanKey),
        /// without building one: the same fetches and targets in order, and the same set of fed tensors.
        /// </summary>
        public bool Matches(Tensor[] fetches, Operation[] targets, IReadOnlyDictionary<Tensor, NDArray> feeds)
        {
            if (_parts.Length != fetches.Length + targets.Length + feeds.Count + 2) return false;
            int k = 0;
            foreach (var f in fetches)
                if (!ReferenceEquals(_parts[k++], f)) return false;
            if (_parts[k++] is not null) return false;
            foreach (var t in targets)
                if (!ReferenceEquals(_parts[k++], t)) return false;
            if (_parts[k++] is not null) return false;
            // The key's fed tensors are distinct (a dictionary's keys) and as many as the feeds: the same set if each is fed.
            for (; k < _parts.Length; k++)
                if (!feeds.ContainsKey((Tensor)_parts[k])) return false;
            return true;
        }

        public bool Equals(PlanKey? other) => other is not null && _parts.AsSpan().SequenceEqual(other._parts);
        public override bool Equals(object? obj) => Equals(obj as PlanKey);
        public override int GetHashCode() => _hash;
    }
}
