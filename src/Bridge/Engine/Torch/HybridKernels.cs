using TTensor = TorchSharp.torch.Tensor;

namespace Bridge;

/// <summary>
/// The kernels a session uses: small tensors (the labs' 4x10 matrices) are computed on managed arrays by
/// <see cref="ManagedKernels"/>, where a libtorch call would cost more than the arithmetic; larger ones by libtorch
/// (<see cref="TorchKernels"/>). A value is an NDArray or a torch tensor and is copied across only when an op on the
/// other side needs it.
/// </summary>
internal sealed class HybridKernels : IKernels<object>
{
    /// <summary>Ops whose inputs all have at most this many elements run on managed arrays.</summary>
    internal const long SmallLimit = 4096;

    /// <summary>
    /// Float32 ops whose inputs are all managed already stay managed up to this many elements per input: no copy into
    /// libtorch, and their vectorized kernels beat a libtorch call there (lab 07-4's 784x10 weights and their updates).
    /// </summary>
    internal const long ManagedLimit = 16384;

    /// <summary>Where ops run: chosen per op by size (the default), or forced to one side by tests and benchmarks.</summary>
    internal static Placement Placement { get; set; } = Placement.BySize;

    private readonly TorchKernels _torch = new();

    // Tensors that managed values are copied into, reused run after run: a fresh 300 KB tensor each step (a fed
    // MNIST batch) costs page faults on every run, more than the matrix product that reads it. Buffers taken in a
    // run return to the pool when the run ends; no value outlives its run (writes store fresh or cloned tensors).
    private readonly Dictionary<(TF_DataType, string), Stack<TTensor>> _pool = new();
    private readonly List<((TF_DataType, string) key, TTensor buffer)> _taken = new();

    public object FromNDArray(NDArray value) => value;

    public NDArray ToNDArray(object value) => value as NDArray ?? _torch.ToNDArray((TTensor)value);

    public Shape ShapeOf(object value) => value is NDArray nd ? nd.shape : _torch.ShapeOf((TTensor)value);

    public object[] Execute(Operation op, object[] inputs)
    {
        if (RunsManaged(op, inputs))
            return op.Def.Managed!(op, Array.ConvertAll(inputs, v => v is null ? null! : ToNDArray(v)));
        return _torch.Execute(op, Array.ConvertAll(inputs, v => v as TTensor ?? (v is NDArray nd ? ToPooledTensor(nd) : null!)));
    }

    /// <summary>Whether <paramref name="op"/> runs on the managed kernels with these input values.</summary>
    internal bool RunsManaged(Operation op, object[] inputs)
    {
        if (!TorchKernels.Has(op.Def)) return true; // the managed kernel is the only one
        bool managed = true, float32 = true;
        long largest = 0, product = 1;
        var ranks = new int[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            long size = 1;
            if (inputs[i] is NDArray nd) { size = nd.size; ranks[i] = nd.ndim; float32 &= nd.dtype == TF_DataType.TF_FLOAT; }
            else if (inputs[i] is TTensor t) { size = t.numel(); ranks[i] = (int)t.dim(); managed = false; }
            // null: the not-yet-initialised variable an Assign initialises; no kernel reads it.
            largest = Math.Max(largest, size);
            product = size > 0 && product > long.MaxValue / size ? long.MaxValue : product * size;
        }
        // What a broadcast writes is at most the product of its inputs' sizes: only work it out when that is large.
        long written = op.Def == LinAlgOps.MatMul || product <= SmallLimit ? largest : Math.Max(largest, Spread(inputs));
        bool onManaged = Placement switch
        {
            Placement.Managed => true,
            Placement.Torch => false,
            _ => written <= SmallLimit || (managed && float32 && written <= ManagedLimit) || NarrowProduct(op, inputs),
        };
        return onManaged && (op.Def.ManagedHandles?.Invoke(ranks) ?? true);
    }

    // An upper bound on the elements an element-wise op writes: small inputs can broadcast to a large result
    // ([10000, 1] - [1, 10000] is 10^8 elements), which must not be sized by its inputs alone.
    private long Spread(object[] inputs)
    {
        if (inputs.Length < 2) return 0;
        var dims = new List<long>();
        foreach (var v in inputs)
        {
            if (v is null) continue;
            var d = ShapeOf(v).dims;
            while (dims.Count < d.Length) dims.Insert(0, 1);
            for (int i = 0; i < d.Length; i++)
            {
                int at = dims.Count - d.Length + i;
                dims[at] = Math.Max(dims[at], d[i]);
            }
        }
        long size = 1;
        foreach (var d in dims) size = d > 0 && size > long.MaxValue / d ? long.MaxValue : size * d;
        return size;
    }

    // A float32 product TfMatMul computes faster than libtorch's BLAS (lab 07-4's 100x784 by 784x10), at any size.
    private bool NarrowProduct(Operation op, object[] inputs)
    {
        if (op.Def != LinAlgOps.MatMul || op.outputs[0].dtype != TF_DataType.TF_FLOAT) return false;
        var a = ShapeOf(inputs[0]).dims;
        var b = ShapeOf(inputs[1]).dims;
        if (a.Length != 2 || b.Length != 2) return false;
        var m = (MatMulAttr)op.Attr!;
        return TfMatMul.Handles((int)(m.TransposeA ? a[1] : a[0]), (int)(m.TransposeA ? a[0] : a[1]), (int)(m.TransposeB ? b[0] : b[1]));
    }

    private TTensor ToPooledTensor(NDArray value)
    {
        if (value.size < 16 * 1024) return _torch.FromNDArray(value); // small copies: fresh memory is cheap
        var key = (value.dtype, string.Join(",", value.Dims.ToArray()));
        if (!_pool.TryGetValue(key, out var free)) _pool[key] = free = new Stack<TTensor>();
        var buffer = free.Count > 0 ? free.Pop() : _torch.Keep(_torch.FromNDArray(value));
        _torch.CopyInto(buffer, value);
        _taken.Add((key, buffer));
        return buffer;
    }

    public IDisposable OpenScope() => new RunScope(this, _torch.OpenScope());

    private sealed class RunScope(HybridKernels owner, IDisposable torchScope) : IDisposable
    {
        public void Dispose()
        {
            torchScope.Dispose();
            foreach (var (key, buffer) in owner._taken) owner._pool[key].Push(buffer);
            owner._taken.Clear();
        }
    }

    public object Keep(object value) => value is TTensor t ? _torch.Keep(t) : value;

    public void Release(object value)
    {
        if (value is TTensor t) _torch.Release(t);
    }
}

/// <summary>Where <see cref="HybridKernels"/> runs ops.</summary>
internal enum Placement { BySize, Managed, Torch }
