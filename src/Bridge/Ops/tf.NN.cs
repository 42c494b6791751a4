using Bridge.Kernels;

namespace Bridge;

/// <summary>tf.nn: neural-network ops.</summary>
public sealed class nn_api
{
    internal nn_api() { }

    /// <summary>softmax(x) = exp(x - max) / sum(exp(x - max)) along <paramref name="axis"/> (default -1, the last), float dtypes only.</summary>
    public Tensor softmax(object logits, int axis = -1, string? name = null)
    {
        var t = OpHelpers.ToTensor(logits, "tf.nn.softmax");
        NNOps.Softmax.RequireDType("tf.nn.softmax", t.dtype, "logits");
        if (t.ndim == 0)
            throw new ValueError("tf.nn.softmax: logits must have rank >= 1, got a scalar. - help: pass a vector or a matrix of logits.");
        // TF 1.x keeps the axis as given and resolves it against the run's rank; Bridge needs the rank when the axis is not -1.
        int a = axis == -1 && !t.shape.IsRankKnown ? -1 : OpHelpers.Axis("tf.nn.softmax", axis, RankOrThrow(t, "tf.nn.softmax", "axis"));
        return NNOps.Softmax.Build("tf.nn.softmax", name ?? "Softmax", [t], new AxisAttr(a)).outputs[0];
    }

    /// <summary>1 / (1 + e^-x).</summary>
    public Tensor sigmoid(object x, string? name = null) => Binding.tf.sigmoid(x, name);

    internal static int RankOrThrow(Tensor t, string fn, string what) => t.shape.IsRankKnown ? t.ndim
        : throw new ValueError($"{fn}: the rank of '{t.name}' is unknown, so {what} cannot be resolved. - help: give the placeholder a shape (None for dimensions of any size), or tf.reshape the input.");
}

/// <summary>Neural-network ops (TF's softmax_op.cc, nn_grad.py).</summary>
[OpFamily("nn")]
internal static class NNOps
{
    private static readonly tensorflow tf = Binding.tf;

    public static readonly OpDef Softmax = new("Softmax")
    {
        Inputs = ["logits"],
        Attribute = typeof(AxisAttr),
        Functions = ["tf.nn.softmax"],
        DTypes = DTypeSet.Floats,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (op, x) => [ManagedKernels.Softmax(x[0], AxisOf(op, x[0]))],
        Gradient = (op, dy) =>
        {
            // TF: (grad - reduce_sum(grad * softmax, axis, keepdims)) * softmax
            Tensor g = dy[0]!, y = op.outputs[0];
            var sum = tf.reduce_sum(tf.multiply(g, y), axis: ((AxisAttr)op.Attr!).Axis, keepdims: true);
            return [tf.multiply(tf.subtract(g, sum), y)];
        },
    };

    /// <summary>The softmax axis of this run's value (-1 is the last axis).</summary>
    internal static int AxisOf(Operation op, NDArray x) => ((AxisAttr)op.Attr!).Axis is var a && a < 0 ? a + x.ndim : a;
}
