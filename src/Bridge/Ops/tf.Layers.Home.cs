namespace Bridge;

public sealed partial class tensorflow
{
    /// <summary>TF 1.x's tf.layers (core layers: dense, dropout, batch_normalization, flatten).</summary>
    public layers_api layers { get; } = new();
}

/// <summary>TF 1.x's tf.layers module: the functional core layers. Its functions live in tf.Layers.*.cs.</summary>
public sealed partial class layers_api
{
}
