using Bridge.Kernels;

namespace Bridge;

// Norm clipping (TF's clip_ops.py) and the L2 loss.
public sealed partial class tensorflow
{
    /// <summary>
    /// Scales <paramref name="t"/> so that its L2 norm over <paramref name="axes"/> (null: all) is at most
    /// <paramref name="clip_norm"/>, as TF 1.0's Python composes it:
    /// t * clip_norm * minimum(rsqrt(reduce_sum(t * t, axes, keepdims=True)), 1 / clip_norm). As in TF 1.0, an
    /// all-zero t gives zeros but a NaN gradient (TF 1.15 guards the square root with tf.where).
    /// </summary>
    public Tensor clip_by_norm(object t, object clip_norm, Axis? axes = null, string? name = null)
    {
        var tt = OpHelpers.ToTensor(t, "tf.clip_by_norm");
        if (!tt.dtype.is_floating())
            throw new TypeError($"tf.clip_by_norm: t has dtype {tt.dtype.as_numpy_name()}, but its norm needs Rsqrt, which has kernels for float32, float64 only. - help: tf.cast it first, e.g. tf.cast(t, tf.float32).");
        using (name_scope(name ?? "clip_by_norm"))
        {
            var l2normInv = rsqrt(reduce_sum(multiply(tt, tt), axes, keepdims: true));
            // TF converts a Python clip_norm at each use (two Consts): the op ids follow TF's.
            var scaled = multiply(tt, OpHelpers.ToTensor(clip_norm, "tf.clip_by_norm", tt.dtype));
            var one = OpHelpers.Constant(ValueConverter.Cast(new NDArray(new[] { 1.0 }, Array.Empty<long>()), tt.dtype), tt.graph, "Const");
            return identity(multiply(scaled, minimum(l2normInv, divide(one, OpHelpers.ToTensor(clip_norm, "tf.clip_by_norm", tt.dtype)))));
        }
    }

    /// <summary>
    /// The global norm of several tensors, sqrt(sum of their squared L2 norms), as TF 1.0 composes it:
    /// sqrt(reduce_sum(stack([l2_loss(t) for t in t_list])) * 2). null entries are skipped, as in TF.
    /// </summary>
    public Tensor global_norm(IEnumerable<object?> t_list, string? name = null)
    {
        const string fn = "tf.global_norm";
        var ts = t_list.Select(v => v is null ? null : OpHelpers.ToTensor(v, fn)).ToArray();
        var present = ts.Where(v => v is not null).Select(v => v!).ToArray();
        if (present.Length == 0)
            throw new ValueError($"{fn}: t_list holds no tensors. - help: pass a list of tensors (None entries are skipped).");
        if (present.Any(v => v.dtype != present[0].dtype))
            throw new TypeError($"{fn}: the tensors have dtypes {string.Join(", ", present.Select(v => v.dtype.as_numpy_name()).Distinct())}; TF stacks their L2 losses, so they need one dtype. - help: tf.cast them to one float dtype.");
        using (name_scope(name ?? "global_norm"))
        {
            var halves = present.Select(v => nn.l2_loss(v)).ToArray();
            var half = reduce_sum(stack(halves));
            return sqrt(multiply(half, 2.0), name: "global_norm");
        }
    }

    /// <summary>
    /// Scales every tensor of <paramref name="t_list"/> by clip_norm / max(global_norm, clip_norm), as TF 1.0 composes
    /// it: scale = clip_norm * minimum(1 / use_norm, 1 / clip_norm), each t * scale (null entries stay null). Returns the
    /// clipped list and the global norm (<paramref name="use_norm"/> when given, else <see cref="global_norm"/>).
    /// </summary>
    public (Tensor?[] list_clipped, Tensor global_norm) clip_by_global_norm(IEnumerable<object?> t_list, object clip_norm, object? use_norm = null, string? name = null)
    {
        const string fn = "tf.clip_by_global_norm";
        var items = t_list.ToArray();
        var ts = items.Select(v => v is null ? null : OpHelpers.ToTensor(v, fn)).ToArray();
        var norm = use_norm is null ? global_norm(ts, name) : OpHelpers.ToTensor(use_norm, fn);
        using (name_scope(name ?? "clip_by_global_norm"))
        {
            // TF's order of ops (for the op ids): 1.0 / use_norm, Const 1.0, / clip_norm, minimum, clip_norm * (a Python
            // clip_norm converted at each use).
            var inverse = divide(1.0, norm);
            var one = OpHelpers.Constant(ValueConverter.Cast(new NDArray(new[] { 1.0 }, Array.Empty<long>()), norm.dtype), norm.graph, "Const");
            var smaller = minimum(inverse, divide(one, OpHelpers.ToTensor(clip_norm, fn, norm.dtype)));
            var scale = multiply(OpHelpers.ToTensor(clip_norm, fn, norm.dtype), smaller);
            var clipped = new Tensor?[ts.Length];
            for (int i = 0; i < ts.Length; i++)
                if (ts[i] is { } v) clipped[i] = identity(multiply(v, scale), name: $"clip_by_global_norm_{i}");
            return (clipped, norm);
        }
    }
}

/// <summary>tf.nn: tanh and l2_loss.</summary>
public sealed partial class nn_api
{
    /// <summary>Hyperbolic tangent (TF 1.x exports tf.tanh as tf.nn.tanh too); see <see cref="tensorflow.tanh"/>.</summary>
    public Tensor tanh(object x, string? name = null) => Binding.tf.tanh(x, name);

    /// <summary>
    /// TF's L2Loss: sum(t ** 2) / 2, a scalar, computed as TF's kernel does: each t * t * 0.5, then summed in Eigen's
    /// order (float32, float64).
    /// </summary>
    public Tensor l2_loss(object t, string? name = null) => tensorflow.Unary(ClipOps.L2Loss, "nn.l2_loss", t, name, tfName: "L2Loss");
}

/// <summary>L2Loss (TF's l2loss_op.cc, nn_grad.py's _L2LossGrad).</summary>
[OpFamily("nn")]
internal static class ClipOps
{
    private static readonly tensorflow tf = Binding.tf;

    public static readonly OpDef L2Loss = new("L2Loss")
    {
        Inputs = ["t"],
        Functions = ["tf.nn.l2_loss", "tf.global_norm", "tf.clip_by_global_norm"],
        DTypes = DTypeSet.Floats,
        Infer = c => [(Shape.Scalar, c.DTypes[0])],
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [ManagedKernels.L2Loss(x[0])],
        // TF's _L2LossGrad: x * grad.
        Gradient = (op, dy) => [tf.multiply(op.Inputs[0], dy[0]!)],
        Differences = "a float32 sum of more than about 220 000 values adds in one sequence of packets; TF's Eigen splits it across threads",
    };
}
