using Bridge.Kernels;

namespace Bridge;

// The matrix product.
public sealed partial class tensorflow
{
    /// <summary>
    /// Matrix product of two tensors of rank 2 (or equal batch dimensions): a is [.., n, k], b is [.., k, m].
    /// Both must have the same dtype, one of TF 1.0's MatMul kernels' (float32, float64, int32; bool and int64 are a
    /// TypeError when the graph is built); float32 products add in TF 1.x's order (TfMatMul), int32 wraps.
    /// </summary>
    public Tensor matmul(object a, object b, bool transpose_a = false, bool transpose_b = false, string? name = null)
    {
        var (ta, tb) = Operands("tf.matmul", a, b);
        LinAlgOps.MatMul.RequireDType("tf.matmul", ta.dtype, "a");
        return LinAlgOps.MatMul.Build("tf.matmul", name ?? "MatMul", [ta, tb], new MatMulAttr(transpose_a, transpose_b)).outputs[0];
    }
}

/// <summary>Linear algebra (TF's matmul_op.cc and batch_matmul_op_impl.h kernels, math_grad.py's _MatMulGrad).</summary>
[OpFamily("linalg")]
internal static class LinAlgOps
{
    private static readonly tensorflow tf = Binding.tf;

    public static readonly OpDef MatMul = new("MatMul")
    {
        Inputs = ["a", "b"],
        Attribute = typeof(MatMulAttr),
        Functions = ["tf.matmul", "Tensor @ Tensor"],
        // TF 1.0's MatMul and BatchMatMul CPU kernels: float32, float64, int32 (int64 came later, in r1.x's matmul_op.cc).
        DTypes = DTypeSet.Of(TF_DataType.TF_FLOAT, TF_DataType.TF_DOUBLE, TF_DataType.TF_INT32),
        Infer = c => [(ProductShape(c, c.Shapes[0], c.Shapes[1], c.A<MatMulAttr>()), c.DTypes[0])],
        Managed = (op, x) => [ManagedKernels.MatMul(x[0], x[1], (MatMulAttr)op.Attr!)],
        ManagedHandles = ranks => ranks[0] == 2 && ranks[1] == 2,
        Differences = "one op for rank 2 and batched (rank > 2) products; TF 1.x builds BatchMatMul for the latter",
        Gradient = (op, dy) =>
        {
            var m = (MatMulAttr)op.Attr!;
            Tensor g = dy[0]!, a = op.Inputs[0], b = op.Inputs[1];
            return (m.TransposeA, m.TransposeB) switch
            {
                (false, false) => [tf.matmul(g, b, transpose_b: true), tf.matmul(a, g, transpose_a: true)],
                (false, true) => [tf.matmul(g, b), tf.matmul(g, a, transpose_a: true)],
                (true, false) => [tf.matmul(b, g, transpose_b: true), tf.matmul(a, g)],
                (true, true) => [tf.matmul(b, g, transpose_a: true, transpose_b: true), tf.matmul(g, a, transpose_a: true, transpose_b: true)],
            };
        },
    };

    private static Shape ProductShape(OpContext c, Shape sa, Shape sb, MatMulAttr m)
    {
        string fn = c.Fn;
        if ((sa.IsRankKnown && sa.ndim < 2) || (sb.IsRankKnown && sb.ndim < 2))
        {
            var message = $"{fn}: both operands must have rank >= 2, but a is {OpHelpers.Fmt(sa)} (rank {sa.ndim}) and b is {OpHelpers.Fmt(sb)} (rank {sb.ndim}). - help: make a vector a matrix with tf.reshape(v, [1, -1]) or tf.expand_dims, or use tf.multiply for an element-wise product.";
            throw c.RunTime ? new InvalidArgumentError(message) : new ValueError(message);
        }
        if (!sa.IsRankKnown || !sb.IsRankKnown)
        {
            // TF 1.x's MatMul is rank 2: an operand of unknown rank gives a matrix of unknown dimensions, whose rank the
            // other operand may tell.
            int rank = sa.IsRankKnown ? sa.ndim : sb.IsRankKnown ? sb.ndim : 2;
            var known = sa.IsRankKnown ? sa : sb.IsRankKnown ? sb : null;
            var dims = Enumerable.Repeat(-1L, rank).ToArray();
            if (known == sa && sa.IsRankKnown) dims[^2] = m.TransposeA ? sa[-1] : sa[-2];
            if (known == sb && sb.IsRankKnown) dims[^1] = m.TransposeB ? sb[-2] : sb[-1];
            return new Shape(dims);
        }
        if (sa.ndim != sb.ndim)
            throw new ValueError($"{fn}: operands must have the same rank, but a is {OpHelpers.Fmt(sa)} and b is {OpHelpers.Fmt(sb)}. - help: tf.reshape the operands to one rank.");
        long n = m.TransposeA ? sa[-1] : sa[-2], ka = m.TransposeA ? sa[-2] : sa[-1];
        long kb = m.TransposeB ? sb[-1] : sb[-2], cols = m.TransposeB ? sb[-2] : sb[-1];
        if (ka >= 0 && kb >= 0 && ka != kb)
        {
            string hint = !m.TransposeB && (sb[-1] == ka) ? "; did you mean tf.matmul(a, b, transpose_b: true) or tf.matmul(a, tf.transpose(b))?" : ".";
            throw new ValueError($"{fn}: inner dimensions differ: a is {OpHelpers.Fmt(sa)}, b is {OpHelpers.Fmt(sb)} ({ka} != {kb}). - help: the last dimension of a must equal the first dimension of b{hint}");
        }
        var result = new long[sa.ndim];
        for (int i = 0; i < sa.ndim - 2; i++)
        {
            if (sa[i] >= 0 && sb[i] >= 0 && sa[i] != sb[i])
                throw new ValueError($"{fn}: batch dimensions differ: a is {OpHelpers.Fmt(sa)}, b is {OpHelpers.Fmt(sb)}. - help: the dimensions before the last two must be equal.");
            result[i] = Math.Max(sa[i], sb[i]);
        }
        result[^2] = n;
        result[^1] = cols;
        return new Shape(result);
    }
}

/// <summary>matmul: transpose flags.</summary>
internal sealed record MatMulAttr(bool TransposeA, bool TransposeB);
