namespace Bridge;

/// <summary>tf.nn: neural-network ops.</summary>
public sealed class nn_api
{
    internal nn_api() { }

    /// <summary>softmax(x) = exp(x - max) / sum(exp(x - max)) along <paramref name="axis"/> (default -1, the last), float dtypes only.</summary>
    public Tensor softmax(object logits, int axis = -1, string? name = null)
    {
        var t = OpHelpers.ToTensor(logits, "tf.nn.softmax");
        if (!t.dtype.is_floating())
            throw new TypeError($"tf.nn.softmax: logits have dtype {t.dtype.as_numpy_name()}; softmax needs float32 or float64. - help: tf.nn.softmax(tf.cast(logits, tf.float32)).");
        if (t.ndim == 0)
            throw new ValueError("tf.nn.softmax: logits must have rank >= 1, got a scalar.");
        int a = OpHelpers.Axis("tf.nn.softmax", axis, t.ndim);
        return t.graph.AddOp(OpKind.Softmax, name ?? "Softmax", [t], new AxisAttr(a), [(t.shape, t.dtype)]).outputs[0];
    }

    /// <summary>1 / (1 + e^-x).</summary>
    public Tensor sigmoid(object x, string? name = null) => Binding.tf.sigmoid(x, name);
}
