namespace Bridge.Runtime;

/// <summary>Checks and converts the values given to Session.run's feed_dict, as TF 1.x does.</summary>
internal static class Feeds
{
    public static IReadOnlyDictionary<Tensor, NDArray> Convert(Graph graph, FeedItem[] items)
    {
        if (items.Length == 0) return Empty;
        var feeds = new Dictionary<Tensor, NDArray>(items.Length);
        foreach (var (key, value) in items)
        {
            if (key is not Tensor t)
                throw new TypeError($"Session.run: a feed_dict key must be a Tensor (e.g. a tf.placeholder), not {key?.GetType().Name ?? "null"}. - help: write (X, x_data) with X = tf.placeholder(...).");
            if (t.graph != graph)
                throw new ValueError($"Session.run: the fed tensor '{t.name}' is from another graph than this session's. - help: feed the placeholders of the session's graph.");
            feeds[t] = Convert(t, value);
        }
        return feeds;
    }

    /// <summary>Converts one fed value to the tensor's dtype and checks it against the tensor's static shape.</summary>
    public static NDArray Convert(Tensor t, object? value)
    {
        NDArray nd;
        try
        {
            nd = ValueConverter.ToNDArray(value, ValueConverter.Rules.TensorFlow, t.dtype, $"Session.run (feeding '{t.name}')");
        }
        catch (TypeError e) when (value is not null && value is not NDArray)
        {
            throw new TypeError($"Session.run: cannot feed a value of type {value.GetType().Name} to '{t.name}' (dtype {t.dtype.as_numpy_name()}): {e.Message}", e);
        }
        if (nd.dtype != t.dtype) nd = ValueConverter.Cast(nd, t.dtype);
        var expected = t.shape;
        if (!expected.IsRankKnown) return nd; // a placeholder made without a shape takes any shape
        bool fits = expected.ndim == nd.ndim;
        for (int i = 0; fits && i < nd.ndim; i++)
            fits = expected[i] < 0 || expected[i] == nd.Dims[i];
        if (!fits)
            throw new ValueError($"Cannot feed value of shape {nd.shape} for Tensor '{t.name}', which has shape '{expected.ToTfString()}'. - help: reshape the data to {expected.ToTfString()} (None/? means any size).");
        return nd;
    }

    private static readonly IReadOnlyDictionary<Tensor, NDArray> Empty = new Dictionary<Tensor, NDArray>();
}
