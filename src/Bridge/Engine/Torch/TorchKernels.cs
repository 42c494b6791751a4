using TorchSharp;
using static TorchSharp.torch;
using TTensor = TorchSharp.torch.Tensor;

namespace Bridge;

/// <summary>
/// One kernel per op kind, on TorchSharp. Shapes and dtypes were checked when the graph was built (and again at
/// run time where they had unknown dimensions), so kernels only compute; where torch's semantics differ from
/// TF 1.x (integer mean, int32 sums, argmax, one_hot, softmax axis, int/int division), the kernel bridges it.
/// </summary>
internal sealed partial class TorchKernels : IKernels<TTensor>
{
    public IDisposable OpenScope() => NewDisposeScope();

    public TTensor Keep(TTensor value) => value.DetachFromDisposeScope();

    public void Release(TTensor value) => value.Dispose();

    public Shape ShapeOf(TTensor value) => new(value.shape);

    public TTensor[] Execute(Operation op, TTensor[] x) => op.Kind switch
    {
        OpKind.Neg => [x[0].neg()],
        OpKind.Square => [x[0].square()],
        OpKind.Sqrt => [x[0].sqrt()],
        OpKind.Exp => [Exp(x[0])],
        OpKind.Log => [Log(x[0])],
        OpKind.Abs => [x[0].abs()],
        OpKind.Sigmoid => [Sigmoid(x[0])],
        OpKind.Cast => [Cast(x[0], ((DTypeAttr)op.Attr!).DType)],

        OpKind.Add => [x[0].add(x[1])],
        OpKind.Sub => [x[0].sub(x[1])],
        OpKind.Mul => [x[0].mul(x[1])],
        OpKind.RealDiv => [RealDiv(x[0], x[1], op.outputs[0].dtype)],
        OpKind.Equal => [x[0].eq(x[1])],
        OpKind.NotEqual => [x[0].ne(x[1])],
        OpKind.Greater => [x[0].gt(x[1])],
        OpKind.Less => [x[0].lt(x[1])],
        OpKind.GreaterEqual => [x[0].ge(x[1])],
        OpKind.LessEqual => [x[0].le(x[1])],

        OpKind.Sum or OpKind.Mean or OpKind.Max or OpKind.Min or OpKind.Prod => [Reduce(op.Kind, x[0], (ReduceAttr)op.Attr!)],
        OpKind.ArgMax => [x[0].argmax(((AxisAttr)op.Attr!).Axis, keepdim: false)],
        OpKind.ArgMin => [x[0].argmin(((AxisAttr)op.Attr!).Axis, keepdim: false)],

        OpKind.Shape => [FromLongs(x[0].shape, op.outputs[0].dtype, [x[0].shape.Length])],
        OpKind.Rank => [FromLongs([x[0].shape.Length], op.outputs[0].dtype, [])],
        OpKind.Size => [FromLongs([x[0].numel()], op.outputs[0].dtype, [])],
        OpKind.StridedSlice => [x[0].select(0, ((AxisAttr)op.Attr!).Axis < 0 ? ((AxisAttr)op.Attr!).Axis + x[0].shape[0] : ((AxisAttr)op.Attr!).Axis).contiguous()],
        OpKind.Reshape => [x[0].reshape(((ShapeAttr)op.Attr!).Dims)],
        OpKind.Squeeze => [Squeeze(x[0], ((SqueezeAttr)op.Attr!).Axes)],
        OpKind.ExpandDims => [x[0].unsqueeze(((AxisAttr)op.Attr!).Axis)],
        OpKind.Transpose => [x[0].permute(Array.ConvertAll(((PermAttr)op.Attr!).Perm, p => (long)p)).contiguous()],
        OpKind.OneHot => [OneHot(x[0], (OneHotAttr)op.Attr!)],
        OpKind.Pack => [stack(x, ((AxisAttr)op.Attr!).Axis)],
        OpKind.Unpack => x[0].unbind(((AxisAttr)op.Attr!).Axis),
        OpKind.Concat => [cat(x, ((AxisAttr)op.Attr!).Axis)],
        OpKind.OnesLike or OpKind.ZerosLike => [Full(x[0].shape, (FillAttr)op.Attr!)],
        OpKind.Fill => [Full(((FillAttr)op.Attr!).Dims, (FillAttr)op.Attr!)],

        OpKind.MatMul => [MatMul(x[0], x[1], (MatMulAttr)op.Attr!)],
        OpKind.Softmax => [Softmax(x[0], ((AxisAttr)op.Attr!).Axis)],

        OpKind.Identity => [x[0]],
        // Assign stores a copy: the value may be a cached constant or another variable's storage.
        OpKind.Assign => [x[1].clone()],
        OpKind.AssignAdd => [x[0].add(x[1])],
        OpKind.AssignSub => [x[0].sub(x[1])],
        // TF's ApplyGradientDescent: var -= grad * lr.
        OpKind.ApplyGradientDescent => [x[0].sub(x[1].mul(((GradientDescentAttr)op.Attr!).LearningRate))],
        OpKind.ApplyAdam => ApplyAdam(x, (AdamAttr)op.Attr!),

        OpKind.AddN => [AddN(x)],
        OpKind.Reciprocal => [x[0].reciprocal()],
        OpKind.Sign => [x[0].sign()],
        // TF's SigmoidGrad: dy * y * (1 - y), in that order.
        OpKind.SigmoidGrad => [x[1].mul(x[0]).mul(x[0].neg().add(1))],
        OpKind.SumToShape => [SumToShape(x[0], x[1].shape)],
        OpKind.BroadcastToShape => [BroadcastGrad(x[0], x[1].shape, (BroadcastGradAttr)op.Attr!)],
        OpKind.StridedSliceGrad => [SliceGrad(x[0], x[1], ((AxisAttr)op.Attr!).Axis)],
        OpKind.ReshapeLike => [x[0].reshape(x[1].shape)],

        _ => throw new InvalidOperationException($"no TorchSharp kernel for {op.Kind}"),
    };

    private static TTensor Cast(TTensor v, TF_DataType dtype) =>
        // torch's float-to-int conversion truncates toward zero, as TF's Cast does.
        v.to_type(ScalarTypeOf(dtype));

    private static TTensor RealDiv(TTensor a, TTensor b, TF_DataType outType)
    {
        // TF's truediv of two int32 tensors divides in float64 (torch would use float32).
        if (outType == TF_DataType.TF_DOUBLE && a.dtype != ScalarType.Float64)
            return a.to_type(ScalarType.Float64).div(b.to_type(ScalarType.Float64));
        return a.div(b);
    }

    private static TTensor Reduce(OpKind kind, TTensor v, ReduceAttr a)
    {
        if (a.Axes.Length == 0) return v.alias();
        if (v.dtype == ScalarType.Float32 && kind is OpKind.Sum or OpKind.Mean)
            return TfSum(v, a.Axes, a.KeepDims, kind == OpKind.Mean);
        var dims = Array.ConvertAll(a.Axes, d => (long)d);
        bool isInt = v.dtype is not (ScalarType.Float32 or ScalarType.Float64);
        switch (kind)
        {
            case OpKind.Sum:
                // torch sums ints into int64; TF keeps the input dtype.
                return v.sum(dims, a.KeepDims, v.dtype == ScalarType.Bool ? ScalarType.Int64 : v.dtype);
            case OpKind.Mean when isInt:
                // TF's integer mean truncates toward zero: sum in int64, divide, truncate, back to the dtype.
                long count = 1;
                foreach (var d in dims) count *= v.shape[d];
                return v.sum(dims, a.KeepDims, ScalarType.Int64).div(count, RoundingMode.trunc).to_type(v.dtype);
            case OpKind.Mean:
                return v.mean(dims, a.KeepDims);
            case OpKind.Max:
                return v.amax(dims, a.KeepDims);
            case OpKind.Min:
                return v.amin(dims, a.KeepDims);
            default: // Prod: torch reduces one axis at a time; go from the last so indices stay valid.
                var r = v;
                for (int i = dims.Length - 1; i >= 0; i--) r = r.prod(dims[i], a.KeepDims, v.dtype);
                return r;
        }
    }

    /// <summary>float32 sum/mean in TF 1.x's addition order (TfReduction), on a managed copy.</summary>
    private static TTensor TfSum(TTensor v, int[] axes, bool keepDims, bool mean)
    {
        var c = v.is_contiguous() ? v : v.contiguous();
        long[] dims = c.shape;
        var result = TfReduction.Reduce(Floats(c), dims, axes, mean);
        var outDims = dims.Select((d, i) => Array.IndexOf(axes, i) >= 0 ? (keepDims ? 1L : -1L) : d).Where(d => d >= 0).ToArray();
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
        var classes = arange(a.Depth, ScalarType.Int64);
        var mask = indices.to_type(ScalarType.Int64).unsqueeze(-1).eq(classes);
        var type = ScalarTypeOf(a.DType);
        var on = full(Array.Empty<long>(), a.On, type);
        var off = full(Array.Empty<long>(), a.Off, type);
        var r = where(mask, on, off);
        int last = (int)r.shape.Length - 1;
        return a.Axis == last ? r : r.movedim([last], [a.Axis]).contiguous();
    }

    private static TTensor Full(ReadOnlySpan<long> dims, FillAttr a) => full(dims, a.Value, ScalarTypeOf(a.DType));

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
        var shifted = logits.sub(logits.amax([axis], keepdim: true));
        var e = Exp(shifted);
        var sum = e.dtype == ScalarType.Float32 ? TfSum(e, [axis], keepDims: true, mean: false) : e.sum([axis], keepdim: true);
        return e.mul(sum.reciprocal());
    }

    // float32 transcendentals follow TF 1.x's own float32 algorithms (TfFloatMath), computed on a managed copy:
    // libtorch's vectorised exp/log differ from them by an ulp or two, enough to change printed digits of the labs.
    private static TTensor Exp(TTensor v) => v.dtype == ScalarType.Float32 ? MapFloat(v, TfFloatMath.Exp) : v.exp();

    private static TTensor Log(TTensor v) => v.dtype == ScalarType.Float32 ? MapFloat(v, TfFloatMath.Log) : v.log();

    private static TTensor Sigmoid(TTensor v) => v.dtype == ScalarType.Float32 ? MapFloat(v, TfFloatMath.Sigmoid) : v.sigmoid();

    private delegate void FloatMap(Span<float> values);

    private static TTensor MapFloat(TTensor v, FloatMap f)
    {
        var c = v.is_contiguous() ? v : v.contiguous();
        var data = Floats(c);
        f(data);
        return FromFloats(data, c.shape);
    }

    private static TTensor[] ApplyAdam(TTensor[] x, AdamAttr a)
    {
        // TF 1.x's ApplyAdam kernel, in float32:
        //   alpha = lr * sqrt(1 - beta2_power) / (1 - beta1_power)
        //   m += (grad - m) * (1 - beta1);  v += (grad^2 - v) * (1 - beta2);  var -= m * alpha / (sqrt(v) + epsilon)
        TTensor var = x[0], m = x[1], v = x[2], grad = x[5];
        float b1p = x[3].item<float>(), b2p = x[4].item<float>();
        float alpha = a.LearningRate * MathF.Sqrt(1f - b2p) / (1f - b1p);
        var m2 = m.add(grad.sub(m).mul(1f - a.Beta1));
        var v2 = v.add(grad.square().sub(v).mul(1f - a.Beta2));
        var var2 = var.sub(m2.mul(alpha).div(v2.sqrt().add(a.Epsilon)));
        return [var2, m2, v2];
    }

    private static TTensor AddN(TTensor[] x)
    {
        var sum = x[0];
        for (int i = 1; i < x.Length; i++) sum = sum.add(x[i]);
        return x.Length == 1 ? sum.alias() : sum;
    }

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

    /// <summary>Spreads a reduction's gradient over the reduced axes (TF's _SumGrad; divided by the count for _MeanGrad).</summary>
    private static TTensor BroadcastGrad(TTensor grad, long[] shape, BroadcastGradAttr a)
    {
        var g = grad;
        if (!a.KeepDims)
            foreach (var axis in a.Axes.Order()) g = g.unsqueeze(axis);
        var spread = g.expand(shape);
        if (!a.DivideByCount) return spread.contiguous();
        long count = 1;
        foreach (var axis in a.Axes) count *= shape[axis];
        return spread.div((float)count);
    }

    private static TTensor SliceGrad(TTensor grad, TTensor like, int index)
    {
        var r = zeros(like.shape, grad.dtype);
        r[index < 0 ? index + like.shape[0] : index] = grad;
        return r;
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
        var t = empty(dims, ScalarType.Float32);
        t.bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan());
        return t;
    }

    private static TTensor FromLongs(long[] values, TF_DataType dtype, long[] dims) =>
        dtype == TF_DataType.TF_INT64
            ? tensor(values, dims)
            : tensor(Array.ConvertAll(values, v => (int)v), dims);
}
