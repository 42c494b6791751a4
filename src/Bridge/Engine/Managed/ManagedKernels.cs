namespace Bridge;

/// <summary>
/// Kernels on managed arrays (NDArray), for small tensors: for a 4x10 matrix a libtorch call costs more than the
/// arithmetic, so the XOR and lab-07 graphs run here, several times faster. float32 follows TF 1.x's own
/// arithmetic (TfFloatMath, TfReduction, TfMatMul); + - * / of float32 are computed in float (IEEE single).
/// </summary>
internal sealed partial class ManagedKernels
{
    /// <summary>Whether this backend computes the op on these inputs (matmul: 2-D only).</summary>
    public static bool Supports(Operation op, int[] inputRanks) => op.Kind switch
    {
        OpKind.MatMul => inputRanks[0] == 2 && inputRanks[1] == 2,
        _ => true,
    };

    public NDArray[] Execute(Operation op, NDArray[] x) => op.Kind switch
    {
        OpKind.Neg => [x[0].Storage is float[] f ? new NDArray(Negate(f), x[0].Dims.ToArray()) : Map(x[0], v => -v, v => -v)],
        OpKind.Square => [Map(x[0], v => v * v, v => v * v)],
        OpKind.Sqrt => [MapFloat(x[0], v => (float)Math.Sqrt(v), Math.Sqrt)],
        OpKind.Exp => [MapSpan(x[0], TfFloatMath.Exp, Math.Exp)],
        OpKind.Log => [MapSpan(x[0], TfFloatMath.Log, Math.Log)],
        OpKind.Sigmoid => [MapSpan(x[0], TfFloatMath.Sigmoid, v => 1 / (1 + Math.Exp(-v)))],
        OpKind.Abs => [Map(x[0], Math.Abs, Math.Abs)],
        OpKind.Reciprocal => [x[0].Storage is float[] f ? new NDArray(Reciprocal(f), x[0].Dims.ToArray()) : MapFloat(x[0], v => 1f / v, v => 1 / v)],
        OpKind.Sign => [Map(x[0], v => MathF.Sign(v), v => Math.Sign(v))],
        OpKind.Cast => [ValueConverter.Cast(x[0], ((DTypeAttr)op.Attr!).DType)],

        OpKind.Add => [Binary<Plus>(x[0], x[1])],
        OpKind.Sub => [Binary<Minus>(x[0], x[1])],
        OpKind.Mul => [Binary<Times>(x[0], x[1])],
        OpKind.RealDiv => [RealDiv(x[0], x[1])],
        OpKind.Equal => [Compare(x[0], x[1], (a, b) => a == b)],
        OpKind.NotEqual => [Compare(x[0], x[1], (a, b) => a != b)],
        OpKind.Greater => [Compare(x[0], x[1], (a, b) => a > b)],
        OpKind.Less => [Compare(x[0], x[1], (a, b) => a < b)],
        OpKind.GreaterEqual => [Compare(x[0], x[1], (a, b) => a >= b)],
        OpKind.LessEqual => [Compare(x[0], x[1], (a, b) => a <= b)],

        OpKind.Sum or OpKind.Mean or OpKind.Max or OpKind.Min or OpKind.Prod => [Reduce(op.Kind, x[0], (ReduceAttr)op.Attr!)],
        OpKind.ArgMax or OpKind.ArgMin => [ArgReduce(x[0], ((AxisAttr)op.Attr!).Axis, op.Kind == OpKind.ArgMax)],

        OpKind.Shape => [Ints(x[0].Dims.ToArray(), op.outputs[0].dtype, [x[0].ndim])],
        OpKind.Rank => [Ints([x[0].ndim], op.outputs[0].dtype, [])],
        OpKind.Size => [Ints([x[0].size], op.outputs[0].dtype, [])],
        OpKind.Reshape => [Reshape(x[0], ((ShapeAttr)op.Attr!).Dims)],
        OpKind.ReshapeLike => [Reshape(x[0], x[1].Dims.ToArray())],
        OpKind.Squeeze => [Squeeze(x[0], ((SqueezeAttr)op.Attr!).Axes)],
        OpKind.ExpandDims => [ExpandDims(x[0], ((AxisAttr)op.Attr!).Axis)],
        OpKind.StridedSlice => [x[0][((AxisAttr)op.Attr!).Axis]],
        OpKind.Transpose => [Transpose(x[0], ((PermAttr)op.Attr!).Perm)],
        OpKind.OneHot => [OneHot(x[0], (OneHotAttr)op.Attr!)],
        OpKind.Pack => [Pack(x, ((AxisAttr)op.Attr!).Axis)],
        OpKind.Unpack => Unpack(x[0], ((AxisAttr)op.Attr!).Axis),
        OpKind.Concat => [Concat(x, ((AxisAttr)op.Attr!).Axis)],
        OpKind.OnesLike or OpKind.ZerosLike => [Full(x[0].Dims.ToArray(), (FillAttr)op.Attr!)],
        OpKind.Fill => [Full(((FillAttr)op.Attr!).Dims!, (FillAttr)op.Attr!)],

        OpKind.MatMul => [MatMul(x[0], x[1], (MatMulAttr)op.Attr!)],
        OpKind.Softmax => [Softmax(x[0], ((AxisAttr)op.Attr!).Axis)],

        OpKind.Identity => [x[0]],
        OpKind.Assign => [x[1]], // arrays are never mutated: sharing is a copy
        OpKind.AssignAdd => [Binary<Plus>(x[0], x[1])],
        OpKind.AssignSub => [Binary<Minus>(x[0], x[1])],
        OpKind.ApplyGradientDescent => [ApplyGradientDescent(x[0], x[1], ((GradientDescentAttr)op.Attr!).LearningRate)],
        OpKind.ApplyAdam => ApplyAdam(x, (AdamAttr)op.Attr!),

        OpKind.AddN => [x.Skip(1).Aggregate(x[0], Binary<Plus>)],
        OpKind.SigmoidGrad => [SigmoidGrad(x[0], x[1])],
        OpKind.SumToShape => [SumToShape(x[0], x[1].Dims.ToArray())],
        OpKind.StridedSliceGrad => [SliceGrad(x[0], x[1], ((AxisAttr)op.Attr!).Axis)],
        OpKind.BroadcastToShape => [BroadcastGrad(x[0], x[1].Dims.ToArray(), (BroadcastGradAttr)op.Attr!)],

        _ => throw new InvalidOperationException($"no managed kernel for {op.Kind}"),
    };
}
