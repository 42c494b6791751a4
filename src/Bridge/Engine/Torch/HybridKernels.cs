using TTensor = TorchSharp.torch.Tensor;

namespace Bridge.Backend.Torch;

/// <summary>
/// The kernels a session uses: each op runs on its managed kernel (its definition's) or on libtorch's
/// (<see cref="TorchKernels"/>), as <see cref="PlacementRule"/> decides: small tensors (the labs' 4x10 matrices) stay
/// managed, where a libtorch call would cost more than the arithmetic. A value is an NDArray or a torch tensor and is
/// copied across only when an op on the other side needs it.
/// </summary>
internal sealed class HybridKernels : IKernels<object>, IValueFacts, TorchKernels.IRun
{
    private readonly TorchKernels _torch = new();

    // Tensors that managed values are copied into, reused run after run: a fresh 300 KB tensor each step (a fed
    // MNIST batch) costs page faults on every run, more than the matrix product that reads it. Buffers taken in a
    // run return to the pool when the run ends; no value outlives its run (writes store fresh or cloned tensors).
    private readonly Dictionary<(TF_DataType, string), Stack<TTensor>> _pool = new();
    private readonly List<((TF_DataType, string) key, TTensor buffer)> _taken = new();

    // Which run last took a buffer of each key, so that the shapes no longer in use can be let go (TrimPool).
    private readonly Dictionary<(TF_DataType, string), long> _lastUsed = new();
    private long _run;
    private bool _poolGrew;
    private readonly long _idleLimitBytes;

    /// <summary>
    /// How many bytes of free pooled buffers whose shapes the last run did not use are kept for later runs. Without a
    /// bound every distinct shape (an evaluation's batch of 512, its last partial batch, inputs of varying length) would
    /// leave up to a run's budget behind for the session's life (feeding batches of a hundred lengths could hold gigabytes).
    /// </summary>
    internal const long PoolIdleLimitBytes = 256L << 20;

    public HybridKernels() : this(PoolIdleLimitBytes) { }

    /// <summary>For tests: a smaller bound on the idle buffers.</summary>
    internal HybridKernels(long idleLimitBytes) => _idleLimitBytes = idleLimitBytes;

    public object FromNDArray(NDArray value) => value;

    public NDArray ToNDArray(object value) => value as NDArray ?? _torch.ToNDArray((TTensor)value);

    public Shape ShapeOf(object value) => value is NDArray nd ? nd.shape : _torch.ShapeOf((TTensor)value);

    public bool HasDims(object value, ReadOnlySpan<long> dims) => value is NDArray nd ? nd.Dims.SequenceEqual(dims) : _torch.HasDims((TTensor)value, dims);

    public object[] Execute(Operation op, object[] inputs)
    {
        var torchKernel = TorchKernels.KernelOf(op.Def);
        if (PlacementRule.RunsManaged(op, inputs, torchKernel is not null, this))
        {
            // A loop, not Array.ConvertAll with a lambda capturing this: that allocated a delegate on every op of
            // every run, garbage on the path of the smallest runs.
            var managed = new NDArray[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
                managed[i] = inputs[i] is null ? null! : ToNDArray(inputs[i]);
            return op.Def.Managed!(op, managed);
        }
        var tensors = Array.ConvertAll(inputs, v => v as TTensor ?? (v is NDArray nd ? ToPooledTensor(nd) : null!));
        // What the kernel keeps for the rest of the run (pooled result buffers, pooling indices) is this run's (TorchKernels.IRun).
        var outer = TorchKernels.Run;
        TorchKernels.Run = this;
        try { return torchKernel!(op, tensors); }
        finally { TorchKernels.Run = outer; }
    }

    /// <summary>Whether <paramref name="op"/> runs on its managed kernel with these input values (the placement rule).</summary>
    internal bool RunsManaged(Operation op, object[] inputs) => PlacementRule.RunsManaged(op, inputs, TorchKernels.Has(op.Def), this);

    bool IValueFacts.IsManaged(object value) => value is NDArray;

    long IValueFacts.SizeOf(object value) => value is NDArray nd ? nd.size : ((TTensor)value).numel();

    int IValueFacts.RankOf(object value) => value is NDArray nd ? nd.ndim : (int)((TTensor)value).dim();

    TF_DataType IValueFacts.DTypeOf(object value) => value is NDArray nd ? nd.dtype : TF_DataType.DtInvalid;

    /// <summary>Managed values below this many elements are copied into fresh tensors, not pooled ones.</summary>
    private const long PoolMinElements = 16 * 1024;

    /// <summary>Managed values above this size are not copied into pooled tensors (see <see cref="ToPooledTensor"/>).</summary>
    internal const long PoolLimitBytes = 16L << 20;

    private TTensor ToPooledTensor(NDArray value)
    {
        // Small copies: fresh memory is cheap. Large values (above 16 MB): a fresh tensor the run's scope frees, so a
        // large feed leaves no buffer of its size behind in the pool after its run (bounded memory).
        if (value.size < PoolMinElements || value.size * 4 > PoolLimitBytes) return _torch.FromNDArray(value);
        var buffer = Take((value.dtype, string.Join(",", value.Dims.ToArray())), () => _torch.FromNDArray(value));
        _torch.CopyInto(buffer, value);
        return buffer;
    }

    /// <summary>
    /// A float32 tensor of these dims, its values undefined, for a libtorch-side kernel's own result: a pooled buffer
    /// (taken for this run; 16K elements to 16 MB), else null (the kernel makes a fresh one). The managed passes
    /// (Relu, ReluGrad, MaxPoolGrad, element-wise arithmetic) wrote into fresh tensors, and glibc gave each fresh pages:
    /// at lab 11-1's 10 MB activations the page faults were a third of a step (bench cnn; perf: page-faults).
    /// </summary>
    TTensor? TorchKernels.IRun.Float32(long[] dims)
    {
        long n = 1;
        foreach (var d in dims) n *= d;
        if (n < PoolMinElements || n * 4 > PoolLimitBytes) return null;
        // A pooled result is held until the run ends (the executor cannot free it after its last reader, as a view of it
        // may live on), so a run takes at most RunResultBudgetBytes of them: past that, fresh tensors, freed early.
        if (_takenResultBytes + n * 4 > RunResultBudgetBytes) return null;
        _takenResultBytes += n * 4;
        return Take((TF_DataType.TF_FLOAT, string.Join(",", dims)), () => TorchSharp.torch.empty(dims, TorchSharp.torch.ScalarType.Float32));
    }

    /// <summary>How many bytes of pooled result buffers one run may hold (more than a lab 11 training step at batch 100 takes).</summary>
    internal const long RunResultBudgetBytes = 256L << 20;

    private long _takenResultBytes;

    /// <summary>The bytes of pooled result buffers the current run holds (OutputBufferTests).</summary>
    internal long TakenResultBytes => _takenResultBytes;

    // Max poolings' arg-max indices, this run's only (their tensors belong to the run's scope).
    private readonly List<TorchKernels.PoolingIndices> _indices = new();

    void TorchKernels.IRun.KeepIndices(TorchKernels.PoolingIndices kept) => _indices.Add(kept);

    TTensor? TorchKernels.IRun.IndicesOf(TTensor pooled, TTensor input, PoolAttr attr)
    {
        foreach (var k in _indices)
            if (ReferenceEquals(k.Pooled, pooled) && ReferenceEquals(k.Input, input) && k.Attr.Equals(attr)) return k.Indices;
        return null;
    }

    // A free buffer of the key's pool (or a new one, kept out of the run's scope), taken until the run ends.
    private TTensor Take((TF_DataType, string) key, Func<TTensor> create)
    {
        if (!_pool.TryGetValue(key, out var free)) _pool[key] = free = new Stack<TTensor>();
        TTensor buffer;
        if (free.Count > 0) buffer = free.Pop();
        else
        {
            buffer = _torch.Keep(create());
            _poolGrew = true;
        }
        _taken.Add((key, buffer));
        return buffer;
    }

    /// <summary>The bytes of every pooled buffer, free or taken (OutputBufferTests).</summary>
    internal long PooledBytes
    {
        get
        {
            long bytes = 0;
            foreach (var free in _pool.Values)
                foreach (var t in free) bytes += BytesOf(t);
            foreach (var (_, t) in _taken) bytes += BytesOf(t);
            return bytes;
        }
    }

    private static long BytesOf(TTensor t) => t.numel() * t.element_size();

    /// <summary>
    /// After a run that made new buffers (the only way the pool grows): frees the free buffers of the shapes least
    /// recently used, other than this run's, until those hold at most the idle limit. The steady state of a training
    /// loop (the same shapes every run, nothing new) skips this.
    /// </summary>
    private void TrimPool()
    {
        if (!_poolGrew) return;
        _poolGrew = false;
        while (true)
        {
            long idle = 0;
            (TF_DataType, string)? oldest = null;
            foreach (var (key, free) in _pool)
            {
                if (free.Count == 0 || _lastUsed.GetValueOrDefault(key) == _run) continue;
                foreach (var t in free) idle += BytesOf(t);
                if (oldest is null || _lastUsed.GetValueOrDefault(key) < _lastUsed.GetValueOrDefault(oldest.Value)) oldest = key;
            }
            if (idle <= _idleLimitBytes || oldest is not { } evict) return;
            foreach (var t in _pool[evict]) _torch.Release(t);
            _pool.Remove(evict);
            _lastUsed.Remove(evict);
        }
    }

    /// <summary>Frees every pooled buffer (the session is closed: no run is in progress).</summary>
    public void Dispose()
    {
        foreach (var free in _pool.Values)
            foreach (var t in free) _torch.Release(t);
        _pool.Clear();
        _lastUsed.Clear();
    }

    public IDisposable OpenScope() => new RunScope(this, _torch.OpenScope());

    /// <summary>A managed value's bytes (freeing it drops the run's reference), a tensor's unless it is a pooled buffer.</summary>
    public long ReleasableBytes(object value)
    {
        if (value is NDArray nd) return nd.size * Runtime.MemoryGuard.ElementBytes(nd.dtype);
        var t = (TTensor)value;
        long bytes = _torch.ReleasableBytes(t);
        if (t.numel() < PoolMinElements) return bytes; // never a pooled buffer: no need to look
        return IsTaken(t) ? 0 : bytes;
    }

    private sealed class RunScope(HybridKernels owner, IDisposable torchScope) : IDisposable
    {
        public void Dispose()
        {
            torchScope.Dispose();
            owner._indices.Clear();
            owner._takenResultBytes = 0;
            owner._run++;
            foreach (var (key, buffer) in owner._taken)
            {
                owner._pool[key].Push(buffer);
                owner._lastUsed[key] = owner._run;
            }
            owner._taken.Clear();
            owner.TrimPool();
        }
    }

    // A pooled buffer is this run's only, and so is a fed array read in place (the caller's memory): a value kept
    // beyond the run (a variable's) is a copy of either.
    public object Keep(object value) => value is TTensor t ? _torch.Keep(IsTaken(t) ? t.clone() : t) : ((NDArray)value).Detached();

    private bool IsTaken(TTensor t)
    {
        foreach (var (_, buffer) in _taken)
            if (ReferenceEquals(buffer, t)) return true;
        return false;
    }

    public void Release(object value)
    {
        if (value is TTensor t) _torch.Release(t);
    }
}
