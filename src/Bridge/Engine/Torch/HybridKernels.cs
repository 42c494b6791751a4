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
    /// <summary>Ops whose inputs all have at most this many elements run on managed arrays (tests move it to force one side).</summary>
    internal static long SmallLimit { get; set; } = 4096;

    private readonly ManagedKernels _managed = new();
    private readonly TorchKernels _torch = new();

    public object FromNDArray(NDArray value) => value;

    public NDArray ToNDArray(object value) => value as NDArray ?? _torch.ToNDArray((TTensor)value);

    public Shape ShapeOf(object value) => value is NDArray nd ? nd.shape : _torch.ShapeOf((TTensor)value);

    public object[] Execute(Operation op, object[] inputs)
    {
        bool small = true;
        var ranks = new int[inputs.Length];
        for (int i = 0; i < inputs.Length && small; i++)
        {
            if (inputs[i] is NDArray nd) { small = nd.size <= SmallLimit; ranks[i] = nd.ndim; }
            else if (inputs[i] is TTensor t) { small = t.numel() <= SmallLimit; ranks[i] = (int)t.dim(); }
            // null: the not-yet-initialised variable an Assign initialises; no kernel reads it.
        }
        if (small && ManagedKernels.Supports(op, ranks))
            return _managed.Execute(op, Array.ConvertAll(inputs, v => v is null ? null! : ToNDArray(v)));
        return _torch.Execute(op, Array.ConvertAll(inputs, v => v as TTensor ?? (v is NDArray nd ? _torch.FromNDArray(nd) : null!)));
    }

    public IDisposable OpenScope() => _torch.OpenScope();

    public object Keep(object value) => value is TTensor t ? _torch.Keep(t) : value;

    public void Release(object value)
    {
        if (value is TTensor t) _torch.Release(t);
    }
}
