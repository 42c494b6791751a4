using Bridge.Kernels;
using static TorchSharp.torch;
using TTensor = TorchSharp.torch.Tensor;

namespace Bridge.Backend.Torch;

/// <summary>
/// Float32 element-wise ops on the tensors' own memory with the managed kernels' vectorized passes, on the run's
/// thread. libtorch splits every element-wise op of more than 32768 elements (a 100x512 activation) into an OpenMP
/// parallel region; on a machine whose cores are busy, each region waits for a time slice of its worker thread, and a
/// batch-normalised net (lab 10-7: about a hundred such ops a step) spent most of its time in those waits, its
/// workers spinning between them (BRIDGE_PROFILE=2: a 100x512 Sub took 1 to 2.5 ms, the same pass here 0.05 ms).
/// Each result is one IEEE float32 operation per element either way, so the bits are libtorch's; and the pass runs
/// under the run's flush-to-zero (TF's), which libtorch's worker threads did not have. Other dtypes, broadcasts
/// other than a scalar, a row or a column, and non-CPU tensors keep libtorch's kernel.
/// </summary>
internal sealed partial class TorchKernels
{
    /// <summary>The largest tensor the passes take (a span's length in bytes is an int).</summary>
    private const long PassLimit = int.MaxValue / sizeof(float);

    /// <summary>
    /// Whether these ops run as the managed passes (true) or as libtorch's own kernels (tests compare the two, bit for
    /// bit; a process-wide switch, not for use while sessions run).
    /// </summary>
    internal static bool ElementwisePasses { get; set; } = true;

    /// <summary>a op b (+ - * /): the managed pass for float32 operands in one of the simple broadcasting patterns, else <paramref name="general"/>.</summary>
    private static TTensor Arithmetic<TOp>(TTensor a, TTensor b, Func<TTensor, TTensor, TTensor> general) where TOp : IArithmetic
    {
        if (!Passable(a) || !Passable(b)) return general(a, b);
        long[] ad = a.shape, bd = b.shape;
        if (ad.AsSpan().SequenceEqual(bd))
        {
            TTensor ca = Contiguous(a), cb = Contiguous(b);
            var r = FloatOutput(ad);
            if (r.numel() > 0) ManagedKernels.Lanes<TOp>(Span(ca), Span(cb), Span(r));
            return r;
        }
        if (ManagedKernels.Pattern(ad, bd) is { } right)
        {
            TTensor ca = Contiguous(a), cb = Contiguous(b);
            var r = FloatOutput(ad);
            if (r.numel() > 0) ManagedKernels.Spread<TOp>(Span(ca), Span(cb), Span(r), right, smallOnRight: true);
            return r;
        }
        if (ManagedKernels.Pattern(bd, ad) is { } left)
        {
            TTensor ca = Contiguous(a), cb = Contiguous(b);
            var r = FloatOutput(bd);
            if (r.numel() > 0) ManagedKernels.Spread<TOp>(Span(cb), Span(ca), Span(r), left, smallOnRight: false);
            return r;
        }
        return general(a, b);
    }

    private static bool Passable(TTensor t) =>
        ElementwisePasses && t.dtype == ScalarType.Float32 && t.device_type == TorchSharp.DeviceType.CPU && t.numel() <= PassLimit;

    /// <summary>
    /// SquaredDifference, d = x - y; d * d (Eigen's scalar_squared_difference_op): for float32 the difference pass and an
    /// in-place product, each a single rounding as in the managed kernel; other dtypes through libtorch's sub and mul.
    /// </summary>
    private static TTensor SquaredDifference(TTensor x, TTensor y)
    {
        var d = Arithmetic<Minus>(x, y, (a, b) => a.sub(b));
        if (Passable(d) && d.is_contiguous())
        {
            if (d.numel() > 0)
            {
                var s = Span(d);
                ManagedKernels.Lanes<Times>(s, s, s);
            }
            return d;
        }
        return d.mul(d);
    }

    /// <summary>AddN in input order ((x0 + x1) + x2 ...): float32 inputs of one shape with the addition pass.</summary>
    private static TTensor AddN(TTensor[] x)
    {
        if (x.Length == 1) return x[0].alias();
        var sum = Arithmetic<Plus>(x[0], x[1], (a, b) => a.add(b, TorchScalars.One));
        for (int i = 2; i < x.Length; i++)
        {
            if (Passable(sum) && Passable(x[i]) && x[i].shape.AsSpan().SequenceEqual(sum.shape) && sum.is_contiguous())
            {
                var s = Span(sum);
                ManagedKernels.Lanes<Plus>(s, Span(Contiguous(x[i])), s);
            }
            else sum = sum.add(x[i], TorchScalars.One);
        }
        return sum;
    }

    /// <summary>ZerosLike, OnesLike and Fill: a float32 tensor filled on the run's thread, others through libtorch's full.</summary>
    private static TTensor Full(ReadOnlySpan<long> dims, FillAttr a)
    {
        using var value = TorchScalars.Of(a.Value);
        if (a.DType != TF_DataType.TF_FLOAT || !ElementwisePasses) return full(dims, value, ScalarTypeOf(a.DType));
        var r = empty(dims, ScalarType.Float32);
        if (r.numel() > PassLimit) return r.fill_(value);
        if (r.numel() > 0) Span(r).Fill(a.Value.Data<float>()[0]);
        return r;
    }

    /// <summary>
    /// Spreads a reduction's gradient over the reduced axes (TF's _SumGrad; divided by the count for _MeanGrad, each
    /// element grad / count as libtorch's div): float32 as a copy pass (and a division pass) where the gradient spreads
    /// as a scalar, a row or a column, else libtorch's expand.
    /// </summary>
    private static TTensor BroadcastGrad(TTensor grad, long[] shape, BroadcastGradAttr a)
    {
        var g = grad;
        var axes = a.Reduce.AxesFor(shape.Length);
        if (!a.Reduce.KeepDims)
            foreach (var axis in axes.Order()) g = g.unsqueeze(axis);
        long count = 1;
        foreach (var axis in axes) count *= shape[axis];
        if (Passable(g) && ManagedKernels.Pattern(shape, g.shape) is { } p)
        {
            var r = FloatOutput(shape);
            if (r.numel() > 0)
            {
                var s = Span(r);
                ManagedKernels.SpreadCopy(Span(Contiguous(g)), s, p);
                if (a.DivideByCount) ManagedKernels.WithScalar<Divide>(s, (float)count, s, scalarOnRight: true);
            }
            return r;
        }
        var spread = g.expand(shape);
        if (!a.DivideByCount) return spread.contiguous();
        using var divisor = TorchScalars.Of((float)count);
        return spread.div(divisor);
    }

    /// <summary>Floor: float32 with the vectorized floor (MathF.Floor's values: -0 and NaN pass through), others through libtorch.</summary>
    private static TTensor Floor(TTensor x)
    {
        if (!Passable(x)) return x.floor();
        var c = Contiguous(x);
        var r = FloatOutput(c.shape);
        if (r.numel() > 0) ManagedKernels.FloorPass(Span(c), Span(r));
        return r;
    }
}
