namespace Bridge;

// Dropout as a layer, TF 1.0's: tf.layers.dropout (layers/core.py's Dropout) and tf.contrib.layers.dropout, both
// through TF's smart_cond (a Python bool builds one branch only; a bool tensor builds tf.cond) over tf.nn.dropout.
public sealed partial class layers_api
{
    /// <summary>
    /// TF 1.0's tf.layers.dropout: in a layer scope <paramref name="name"/> (default "dropout", made unique),
    /// smart_cond(training, tf.nn.dropout(inputs, 1 - rate, noise_shape, seed), tf.identity(inputs)). With
    /// <paramref name="training"/> false (the default) the input passes unchanged; true draws TF's mask (keep
    /// probability 1 - <paramref name="rate"/>, computed in double as Python does, kept elements scaled by
    /// 1 / (1 - rate)); a bool tensor (a placeholder) builds a tf.cond, so the mask is drawn, and the random stream
    /// advanced, only in runs where it is true.
    /// </summary>
    public Tensor dropout(object inputs, double rate = 0.5, object? noise_shape = null, int? seed = null, object? training = null, string? name = null)
    {
        const string fn = "tf.layers.dropout";
        var pred = Normalization.Pred(fn, training ?? false, "training");
        using var vs = Binding.tf.variable_scope(name, default_name: name is null ? "dropout" : null);
        return DropoutIn(fn, inputs, 1 - rate, noise_shape, seed, pred);
    }

    // The Dropout layer's call, in the scope the caller opened.
    internal static Tensor DropoutIn(string fn, object inputs, object keepProb, object? noiseShape, int? seed, object pred)
    {
        var tf = Binding.tf;
        var x = OpHelpers.ToTensor(inputs, fn);
        return ControlFlow.SmartCond(fn, pred, () => tf.nn.dropout(x, keepProb, noiseShape, seed), () => tf.identity(x));
    }
}

public sealed partial class contrib_layers_api
{
    /// <summary>
    /// TF 1.0's tf.contrib.layers.dropout: in variable scope <paramref name="scope"/> (default "Dropout"), TF's core
    /// Dropout layer with rate = 1 - <paramref name="keep_prob"/>, so tf.nn.dropout(inputs, 1 - (1 - keep_prob),
    /// noise_shape) when <paramref name="is_training"/> (default true), else tf.identity(inputs); a bool tensor
    /// (a placeholder) builds a tf.cond (the mask is drawn only in runs where it is true). keep_prob may be a number
    /// (arithmetic in double, as Python's) or a scalar tensor (then two Sub ops, as TF builds them). The result is
    /// added to <paramref name="outputs_collections"/>.
    /// </summary>
    public Tensor dropout(object inputs, object? keep_prob = null, object? noise_shape = null, object? is_training = null,
        IEnumerable<string>? outputs_collections = null, string? scope = null)
    {
        const string fn = "tf.contrib.layers.dropout";
        var tf = Binding.tf;
        var pred = Normalization.Pred(fn, is_training ?? true, "is_training");
        using var vs = tf.variable_scope(scope, default_name: scope is null ? "Dropout" : null);
        var x = OpHelpers.ToTensor(inputs, fn);
        object keep = keep_prob switch
        {
            null => 1 - (1 - 0.5),
            Tensor or ITensorConvertible => tf.subtract(1.0, tf.subtract(1.0, OpHelpers.ToTensor(keep_prob, fn, x.dtype), name: "sub"), name: "sub"),
            NDArray nd when nd.size == 1 => 1 - (1 - nd.GetDouble(0)),
            IConvertible c when keep_prob is not (string or bool) => 1 - (1 - c.ToDouble(System.Globalization.CultureInfo.InvariantCulture)),
            _ => throw new TypeError($"{fn}: keep_prob must be a number or a scalar tensor, not {keep_prob.GetType().Name}. - help: pass e.g. 0.7."),
        };
        var outputs = layers_api.DropoutIn(fn, x, keep, noise_shape, null, pred);
        foreach (var col in outputs_collections ?? []) Graph.Default.AddToCollection(col, outputs);
        return outputs;
    }
}
