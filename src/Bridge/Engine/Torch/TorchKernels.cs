using Bridge.Kernels;
using Bridge.Shapes;
using TorchSharp;
using static TorchSharp.torch;
using TTensor = TorchSharp.torch.Tensor;

namespace Bridge.Backend.Torch;

/// <summary>
/// One kernel per op kind, on TorchSharp. Shapes and dtypes were checked when the graph was built (and again at
/// run time where they had unknown dimensions), so kernels only compute; where torch's semantics differ from
/// TF 1.x (integer mean, int32 sums, argmax, one_hot, softmax axis, int/int division), the kernel bridges it.
/// </summary>
internal sealed partial class TorchKernels : IKernels<TTensor>
{
    public IDisposable OpenScope() => NewDisposeScope();

    /// <summary>Nothing to free: these kernels keep nothing between runs (HybridKernels owns the pooled buffers).</summary>
    public void Dispose() { }

    public TTensor Keep(TTensor value) => value.DetachFromDisposeScope();

    public void Release(TTensor value) => value.Dispose();

    public long ReleasableBytes(TTensor value) => value.numel() * value.ElementSize;

    public Shape ShapeOf(TTensor value) => new(value.shape);

    public bool HasDims(TTensor value, ReadOnlySpan<long> dims) => value.shape.AsSpan().SequenceEqual(dims);

    /// <summary>Whether this backend has a kernel for the op (others run on the op's managed kernel).</summary>
    public static bool Has(OpDef def) => Kernels.ContainsKey(def);

    public TTensor[] Execute(Operation op, TTensor[] x) =>
        Kernels.TryGetValue(op.Def, out var kernel) ? kernel(op, x) : throw new InvalidOperationException($"no TorchSharp kernel for {op.type}");

    /// <summary>The libtorch kernel of an op, if it has one.</summary>
    internal static Kernel? KernelOf(OpDef def) => Kernels.GetValueOrDefault(def);

    internal delegate TTensor[] Kernel(Operation op, TTensor[] x);

    // The ops where libtorch pays on large tensors; every other op runs on its managed kernel (Ops/*.cs).
    private static readonly Dictionary<OpDef, Kernel> Kernels = new()
    {
        [UnaryOps.Neg] = (_, x) => [x[0].neg()],
        [UnaryOps.Square] = (_, x) => [x[0].mul(x[0])], // x * x, as TF; square() is pow(x, 2), which makes a Scalar on the fly (TorchScalars)
        // No Sqrt: libtorch's float32 sqrt is not always correctly rounded (an ulp off), the managed one is, and a
        // result must not depend on the tensor's size.
        [UnaryOps.Exp] = (_, x) => [Exp(x[0])],
        [UnaryOps.Log] = (_, x) => [Log(x[0])],
        [UnaryOps.Abs] = (_, x) => [x[0].abs()],
        [UnaryOps.Sigmoid] = (_, x) => [Sigmoid(x[0])],
        [UnaryOps.Cast] = (op, x) => [Cast(x[0], ((DTypeAttr)op.Attr!).DType)],
        [UnaryOps.Reciprocal] = (_, x) => [x[0].reciprocal()],
        [UnaryOps.Sign] = (_, x) => [x[0].sign()],
        [UnaryOps.Floor] = (_, x) => [Floor(x[0])],

        [MathOps.Add] = (_, x) => [Arithmetic<Plus>(x[0], x[1], (a, b) => a.add(b, TorchScalars.One))],
        // value + bias along the last axis: Add's row broadcast (a conv layer's 1 GB activation of 10000 images
        // stays in libtorch's memory, freed when its reader is done, not copied into managed garbage).
        [NNOps.BiasAdd] = (_, x) => [Arithmetic<Plus>(x[0], x[1], (a, b) => a.add(b, TorchScalars.One))],
        [MathOps.Sub] = (_, x) => [Arithmetic<Minus>(x[0], x[1], (a, b) => a.sub(b))],
        [MathOps.Mul] = (_, x) => [Arithmetic<Times>(x[0], x[1], (a, b) => a.mul(b))],
        [MathOps.RealDiv] = (_, x) => [Arithmetic<Divide>(x[0], x[1], (a, b) => a.div(b))],
        [NNMathOps.SquaredDifference] = (_, x) => [SquaredDifference(x[0], x[1])],
        [MathOps.Equal] = (_, x) => [x[0].eq(x[1])],
        [MathOps.NotEqual] = (_, x) => [x[0].ne(x[1])],
        [MathOps.Greater] = (_, x) => [x[0].gt(x[1])],
        [MathOps.Less] = (_, x) => [x[0].lt(x[1])],
        [MathOps.GreaterEqual] = (_, x) => [x[0].ge(x[1])],
        [MathOps.LessEqual] = (_, x) => [x[0].le(x[1])],

        [ReductionOps.Sum] = (op, x) => [Reduce(Reduction.Sum, x[0], (ReduceAttr)op.Attr!)],
        [ReductionOps.Mean] = (op, x) => [Reduce(Reduction.Mean, x[0], (ReduceAttr)op.Attr!)],
        [ReductionOps.Max] = (op, x) => [Reduce(Reduction.Max, x[0], (ReduceAttr)op.Attr!)],
        [ReductionOps.Min] = (op, x) => [Reduce(Reduction.Min, x[0], (ReduceAttr)op.Attr!)],
        [ReductionOps.Prod] = (op, x) => [Reduce(Reduction.Prod, x[0], (ReduceAttr)op.Attr!)],
        [ReductionOps.ArgMax] = (op, x) => [ArgReduce(x[0], ((AxisAttr)op.Attr!).Axis, max: true)],
        [ReductionOps.ArgMin] = (op, x) => [ArgReduce(x[0], ((AxisAttr)op.Attr!).Axis, max: false)],

        [ArrayOps.Shape] = (op, x) => [FromLongs(x[0].shape, op.outputs[0].dtype, [x[0].shape.Length])],
        [ArrayOps.Rank] = (op, x) => [FromLongs([x[0].shape.Length], op.outputs[0].dtype, [])],
        [ArrayOps.Size] = (op, x) => [FromLongs([x[0].numel()], op.outputs[0].dtype, [])],
        [ArrayOps.Reshape] = (op, x) => [x[0].reshape(((ShapeAttr)op.Attr!).Dims)],
        [ArrayOps.Squeeze] = (op, x) => [Squeeze(x[0], ((SqueezeAttr)op.Attr!).Axes)],
        [ArrayOps.ExpandDims] = (op, x) => [x[0].unsqueeze(((AxisAttr)op.Attr!).Axis)],
        [ArrayOps.Transpose] = (op, x) => [x[0].permute(Array.ConvertAll(((PermAttr)op.Attr!).Perm, p => (long)p)).contiguous()],
        [ArrayOps.OneHot] = (op, x) => [OneHot(x[0], (OneHotAttr)op.Attr!)],
        [ArrayOps.Pack] = (op, x) => [stack(x, ((AxisAttr)op.Attr!).Axis)],
        [ArrayOps.Unpack] = (op, x) => x[0].unbind(((UnpackAttr)op.Attr!).Axis),
        [ArrayOps.Concat] = (op, x) => [cat(x, ((AxisAttr)op.Attr!).Axis)],
        [ArrayOps.OnesLike] = (op, x) => [Full(x[0].shape, (FillAttr)op.Attr!)],
        [ArrayOps.ZerosLike] = (op, x) => [Full(x[0].shape, (FillAttr)op.Attr!)],
        [ArrayOps.Fill] = (op, _) => [Full(((FillAttr)op.Attr!).Dims, (FillAttr)op.Attr!)],

        [NNOps.Relu] = (_, x) => [Relu(x[0])],
        [NNOps.ReluGrad] = (_, x) => [ReluGrad(x[0], x[1])],
        [LinAlgOps.MatMul] = (op, x) => [MatMul(x[0], x[1], (MatMulAttr)op.Attr!)],
        [NNOps.Softmax] = (op, x) => [Softmax(x[0], ((AxisAttr)op.Attr!).Axis is var a && a < 0 ? a + (int)x[0].dim() : a)],

        [StateOps.Identity] = (_, x) => [x[0]],
        // Assign stores a copy: the value may be a cached constant or another variable's storage.
        [StateOps.Assign] = (_, x) => [x[1].clone()],
        [StateOps.AssignAdd] = (_, x) => [x[0].add(x[1], TorchScalars.One)],
        [StateOps.AssignSub] = (_, x) => [x[0].sub(x[1])],
        // TF's ApplyGradientDescent(var, alpha, delta): var -= delta * alpha (alpha a scalar of var's dtype).
        [TrainOps.ApplyGradientDescent] = (_, x) => [x[0].sub(x[2].mul(x[1]))],
        [TrainOps.ApplyAdam] = (_, x) => ApplyAdam(x),

        [GradientOps.AddN] = (_, x) => [AddN(x)],
        [GradientOps.SigmoidGrad] = (_, x) => [SigmoidGrad(x[0], x[1])],
        [GradientOps.SumToShape] = (_, x) => [SumToShape(x[0], x[1].shape)],
        [GradientOps.BroadcastToShape] = (op, x) => [BroadcastGrad(x[0], x[1].shape, (BroadcastGradAttr)op.Attr!)],
        [GradientOps.ReshapeLike] = (_, x) => [x[0].reshape(x[1].shape)],
    };

    private static TTensor Cast(TTensor v, TF_DataType dtype) =>
        // torch's float-to-int conversion truncates toward zero, as TF's Cast does.
        v.to_type(ScalarTypeOf(dtype));

    private static TTensor Reduce(Reduction kind, TTensor v, ReduceAttr a)
    {
        var axes = a.AxesFor((int)v.dim());
        if (axes.Length == 0) return v.alias();
        if (v.dtype == ScalarType.Float32 && kind is Reduction.Sum or Reduction.Mean)
            return TfSum(v, axes, a.KeepDims, kind == Reduction.Mean);
        var dims = Array.ConvertAll(axes, d => (long)d);
        bool isInt = v.dtype is not (ScalarType.Float32 or ScalarType.Float64);
        switch (kind)
        {
            case Reduction.Sum:
                // torch sums ints into int64; TF keeps the input dtype.
                return v.sum(dims, a.KeepDims, v.dtype == ScalarType.Bool ? ScalarType.Int64 : v.dtype);
            case Reduction.Mean when isInt:
                // TF's integer mean (Eigen's MeanReducer): the sum wraps in the dtype, then divides by the count,
                // truncating toward zero. libtorch's integer division by zero raises: the count is checked first.
                long count = 1;
                foreach (var d in dims) count *= v.shape[d];
                if (count == 0 && v.numel() == 0 && ShapeAlgebra.ElementCount(ShapeAlgebra.ReducedDims(v.shape, axes, a.KeepDims)) > 0)
                    throw new InvalidArgumentError($"tf.reduce_mean: the mean of an empty {v.dtype} axis divides by zero (input shape [{string.Join(", ", v.shape)}]). - help: TF 1.x's integer mean has no value for it; tf.cast to tf.float32 for NaN, or reduce a non-empty axis.");
                if (count == 0) return v.sum(dims, a.KeepDims, v.dtype);
                using (var divisor = TorchScalars.Of(count))
                    return v.sum(dims, a.KeepDims, v.dtype).to_type(ScalarType.Int64).div(divisor, RoundingMode.trunc).to_type(v.dtype);
            case Reduction.Mean:
                return v.mean(dims, a.KeepDims);
            case Reduction.Max or Reduction.Min when Array.Exists(dims, d => v.shape[d] == 0):
            {
                // libtorch's amax/amin raise on an empty axis; TF's identity is the dtype's lowest (highest) value.
                using var extreme = EmptyExtreme(v.dtype, kind == Reduction.Max);
                return full(ShapeAlgebra.ReducedDims(v.shape, axes, a.KeepDims), extreme, v.dtype);
            }
            case Reduction.Max:
                return v.amax(dims, a.KeepDims);
            case Reduction.Min:
                return v.amin(dims, a.KeepDims);
            default: // Prod: torch reduces one axis at a time; go from the last so indices stay valid.
                var r = v;
                for (int i = dims.Length - 1; i >= 0; i--) r = r.prod(dims[i], a.KeepDims, v.dtype);
                return r;
        }
    }

    /// <summary>TF 1.0's identity of a maximum (the dtype's lowest value: -3.4028235e+38 for float32) or a minimum (its highest) over nothing (ManagedKernels' Identity).</summary>
    private static Scalar EmptyExtreme(ScalarType type, bool max) => type switch
    {
        ScalarType.Float32 => (max ? float.MinValue : float.MaxValue).ToScalar(),
        ScalarType.Float64 => (max ? double.MinValue : double.MaxValue).ToScalar(),
        ScalarType.Int32 => (max ? int.MinValue : int.MaxValue).ToScalar(),
        ScalarType.Int64 => (max ? long.MinValue : long.MaxValue).ToScalar(),
        ScalarType.Int16 => (max ? short.MinValue : short.MaxValue).ToScalar(),
        ScalarType.Int8 => (max ? sbyte.MinValue : sbyte.MaxValue).ToScalar(),
        ScalarType.Byte => (max ? byte.MinValue : byte.MaxValue).ToScalar(),
        _ => throw new InvalidOperationException($"no maximum or minimum of {type}"),
    };

    /// <summary>ArgMax/ArgMin: libtorch raises on an empty axis, so it is TF's InvalidArgumentError before the call.</summary>
    private static TTensor ArgReduce(TTensor v, int axis, bool max)
    {
        if (v.shape[axis] == 0)
            throw new InvalidArgumentError($"tf.{(max ? "argmax" : "argmin")}: reduction axis {axis} is empty in a tensor of shape [{string.Join(", ", v.shape)}]. - help: reduce an axis of size >= 1.");
        return max ? v.argmax(axis, keepdim: false) : v.argmin(axis, keepdim: false);
    }

    /// <summary>float32 sum/mean in TF 1.x's addition order (TfReduction), reading the tensor's memory in place.</summary>
    private static TTensor TfSum(TTensor v, int[] axes, bool keepDims, bool mean)
    {
        var c = v.is_contiguous() ? v : v.contiguous();
        long[] dims = c.shape;
        // A span over the tensor's CPU memory (TorchSharp's bytes), not a .NET copy of it: a large value (a fed one)
        // reduced on this side then costs no copy more than its tensor.
        var result = c.numel() == 0 ? TfReduction.Reduce([], dims, axes, mean)
            : TfReduction.Reduce(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(c.bytes), dims, axes, mean);
        var outDims = ShapeAlgebra.ReducedDims(dims, axes, keepDims);
        return FromFloats(result, outDims);
    }

    private static TTensor Squeeze(TTensor v, int[] axes)
    {
        if (axes.Length == 0) return v.squeeze();
        var r = v;
        foreach (var a in axes.OrderByDescending(a => a)) r = r.squeeze(a);
        return r;
    }

    private static TTensor OneHot(TTensor indices, OneHotAttr a)
    {
        // Compare each index with 0..depth-1: out-of-range and negative indices match nothing (an all-off row), as in TF.
        using var depth = TorchScalars.Of((long)a.Depth);
        var classes = arange(TorchScalars.Zero, depth, TorchScalars.One, ScalarType.Int64);
        var mask = indices.to_type(ScalarType.Int64).unsqueeze(-1).eq(classes);
        var type = ScalarTypeOf(a.DType);
        using var onValue = TorchScalars.Of(a.On);
        using var offValue = TorchScalars.Of(a.Off);
        var on = full(Array.Empty<long>(), onValue, type);
        var off = full(Array.Empty<long>(), offValue, type);
        var r = where(mask, on, off);
        int last = (int)r.shape.Length - 1;
        int axis = a.Axis == -1 ? last : a.Axis; // -1: the one-hot dimension goes last
        return axis == last ? r : r.movedim([last], [axis]).contiguous();
    }

    private static TTensor MatMul(TTensor a, TTensor b, MatMulAttr m)
    {
        if (a.dtype == ScalarType.Float32 && a.shape.Length == 2 && b.shape.Length == 2)
        {
            int rows = (int)(m.TransposeA ? a.shape[1] : a.shape[0]), depth = (int)(m.TransposeA ? a.shape[0] : a.shape[1]);
            int cols = (int)(m.TransposeB ? b.shape[0] : b.shape[1]);
            if (TfMatMul.Handles(rows, depth, cols))
            {
                var ca = a.is_contiguous() ? a : a.contiguous();
                var cb = b.is_contiguous() ? b : b.contiguous();
                var c = TfMatMul.Compute(Floats(ca), Floats(cb), rows, depth, cols, m.TransposeA, m.TransposeB);
                return FromFloats(c, [rows, cols]);
            }
        }
        if (m.TransposeA) a = a.transpose(-2, -1);
        if (m.TransposeB) b = b.transpose(-2, -1);
        return a.matmul(b);
    }

    private static TTensor Softmax(TTensor logits, int axis)
    {
        // TF 1.x's kernel: e = exp(x - max(x)); softmax = e * (1 / sum(e)), along the axis, in the input dtype.
        if (logits.numel() == 0) return logits.clone(); // libtorch's amax raises on an empty axis; nothing to compute
        var shifted = logits.sub(logits.amax([axis], keepdim: true));
        var e = Exp(shifted);
        var sum = e.dtype == ScalarType.Float32 ? TfSum(e, [axis], keepDims: true, mean: false) : e.sum([axis], keepdim: true);
        return e.mul(sum.reciprocal());
    }

    // float32 transcendentals follow TF 1.x's own float32 algorithms (TfFloatMath), computed on a managed copy:
    // libtorch's vectorised exp/log differ from them by an ulp or two, enough to change printed digits of the labs.
    private static TTensor Exp(TTensor v) => v.dtype == ScalarType.Float32 ? MapFloat(v, TfFloatMath.Exp) : v.exp();

    private static TTensor Log(TTensor v) => v.dtype == ScalarType.Float32 ? MapFloat(v, TfFloatMath.Log) : v.log();

    /// <summary>
    /// TF 1.0's SigmoidGrad for float32 (ManagedKernels.SigmoidGrad): dy * (y * (1 - y)) over the full SSE packets,
    /// (dy * y) * (1 - y) for the last size % 4 elements. Other dtypes: (dy * y) * (1 - y) throughout.
    /// </summary>
    private static TTensor SigmoidGrad(TTensor y, TTensor dy)
    {
        if (y.dtype != ScalarType.Float32) return dy.mul(y).mul(OneMinus(y));
        var r = dy.mul(y.mul(OneMinus(y))).contiguous();
        long n = r.numel(), packed = n / 4 * 4;
        if (packed < n)
        {
            var ty = y.reshape(-1).narrow(0, packed, n - packed);
            var tdy = dy.reshape(-1).narrow(0, packed, n - packed);
            r.view(-1).narrow(0, packed, n - packed).copy_(tdy.mul(ty).mul(OneMinus(ty)));
        }
        return r;
    }

    /// <summary>1 - y, as -y + 1 (the same IEEE result), with the Scalar and alpha kept alive (TorchScalars).</summary>
    private static TTensor OneMinus(TTensor y) => y.neg().add(TorchScalars.One, TorchScalars.One);

    private static TTensor Sigmoid(TTensor v) => v.dtype == ScalarType.Float32 ? MapFloat(v, TfFloatMath.Sigmoid) : v.sigmoid();

    private delegate void FloatMap(Span<float> values);

    private static TTensor MapFloat(TTensor v, FloatMap f)
    {
        var c = v.is_contiguous() ? v : v.contiguous();
        var data = Floats(c);
        f(data);
        return FromFloats(data, c.shape);
    }

    /// <summary>
    /// TF 1.x's ApplyAdam (var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad) in float32: the managed
    /// kernel's vectorized pass (ManagedKernels.AdamStep) run over the tensors' own memory into three fresh tensors:
    /// one pass and no copies, where libtorch's element-wise calls made eight passes, each an OpenMP fork (a 512x512
    /// update: bench deep --profile), and the managed kernel's bits on both sides.
    /// </summary>
    private static TTensor[] ApplyAdam(TTensor[] x)
    {
        TTensor var = Contiguous(x[0]), m = Contiguous(x[1]), v = Contiguous(x[2]), grad = Contiguous(x[9]);
        float b1p = x[3].item<float>(), b2p = x[4].item<float>(), lr = x[5].item<float>();
        float beta1 = x[6].item<float>(), beta2 = x[7].item<float>(), epsilon = x[8].item<float>();
        var var2 = empty(var.shape, ScalarType.Float32);
        var m2 = empty(var.shape, ScalarType.Float32);
        var v2 = empty(var.shape, ScalarType.Float32);
        if (var.numel() > 0)
            ManagedKernels.AdamStep(Span(var), Span(m), Span(v), Span(grad), Span(var2), Span(m2), Span(v2),
                ManagedKernels.AdamAlpha(lr, b1p, b2p), 1f - beta1, 1f - beta2, epsilon);
        return [var2, m2, v2];
    }

    /// <summary>
    /// Relu on the tensor's memory with the managed kernel's pass (float32; NaN and -0.0 pass through, as TF's
    /// std::max), or x &lt; 0 ? 0 : x through libtorch for the other dtypes: without it a deep net's activations
    /// were copied out to the managed kernel and back in for the next product, layer by layer (bench deep --profile).
    /// </summary>
    private static TTensor Relu(TTensor x)
    {
        if (x.dtype != ScalarType.Float32) return where(x.lt(TorchScalars.Zero), zeros_like(x), x);
        var c = Contiguous(x);
        var r = FloatOutput(c.shape);
        if (c.numel() > 0) ManagedKernels.ReluPass(Span(c), Span(r));
        return r;
    }

    /// <summary>ReluGrad, gradients * (features &gt; 0), on the tensors' memory with the managed kernel's pass (float32).</summary>
    private static TTensor ReluGrad(TTensor dy, TTensor y)
    {
        if (dy.dtype != ScalarType.Float32 || y.dtype != ScalarType.Float32) return dy.mul(y.gt(TorchScalars.Zero).to_type(dy.dtype));
        TTensor g = Contiguous(dy), f = Contiguous(y);
        var r = FloatOutput(g.shape);
        if (g.numel() > 0) ManagedKernels.ReluGradPass(Span(g), Span(f), Span(r));
        return r;
    }

    /// <summary>What a kernel may keep for the rest of its session's run: its float32 results' buffers, pooling indices.</summary>
    internal interface IRun
    {
        /// <summary>A tensor of these dims, its values undefined, valid until the run ends; null: make a fresh one.</summary>
        TTensor? Float32(long[] dims);

        /// <summary>Keeps a max pooling's indices until the run ends.</summary>
        void KeepIndices(PoolingIndices kept);

        /// <summary>The indices of this run's pooling of <paramref name="input"/> with <paramref name="attr"/> that gave <paramref name="pooled"/>, or null.</summary>
        TTensor? IndicesOf(TTensor pooled, TTensor input, PoolAttr attr);
    }

    /// <summary>The run of the kernel running on this thread (set by <see cref="HybridKernels"/> around each call; null outside).</summary>
    [ThreadStatic] internal static IRun? Run;

    /// <summary>A float32 result tensor of these dims whose every element the kernel writes: a run's pooled buffer where there is one.</summary>
    private static TTensor FloatOutput(long[] dims) => Run?.Float32(dims) ?? empty(dims, ScalarType.Float32);

    private static TTensor Contiguous(TTensor t) => t.is_contiguous() ? t : t.contiguous();

    /// <summary>A contiguous float32 CPU tensor's own memory (TorchSharp's bytes span: no copy).</summary>
    private static Span<float> Span(TTensor t) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.bytes);

    /// <summary>Sums a broadcast gradient back to the operand's shape (TF's BroadcastGradientArgs + Sum + Reshape).</summary>
    private static TTensor SumToShape(TTensor grad, long[] shape)
    {
        var gs = grad.shape;
        if (gs.AsSpan().SequenceEqual(shape)) return grad;
        var axes = ShapeAlgebra.ReductionAxesToShape(gs, shape);
        var summed = axes.Length == 0 ? grad
            : grad.dtype == ScalarType.Float32 ? TfSum(grad, axes, keepDims: false, mean: false)
            : grad.sum(Array.ConvertAll(axes, a => (long)a), keepdim: false, grad.dtype);
        return summed.reshape(shape);
    }

    /// <summary>A contiguous float32 tensor's values (one memcpy).</summary>
    private static float[] Floats(TTensor c)
    {
        var data = new float[c.numel()];
        if (data.Length > 0) c.bytes.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        return data;
    }

    private static TTensor FromFloats(float[] data, long[] dims)
    {
        var t = FloatOutput(dims);
        t.bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan());
        return t;
    }

    private static TTensor FromLongs(long[] values, TF_DataType dtype, long[] dims) =>
        dtype == TF_DataType.TF_INT64
            ? tensor(values, dims)
            : tensor(Array.ConvertAll(values, v => (int)v), dims);
}
