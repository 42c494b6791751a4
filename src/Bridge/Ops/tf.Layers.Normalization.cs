namespace Bridge;

// Batch normalisation as TF 1.0/1.1 builds it: tf.nn.batch_normalization (nn_impl.py), moving_averages'
// assign_moving_average, tf.layers.batch_normalization (layers/normalization.py, non-fused) and
// tf.contrib.layers.batch_norm (contrib/layers/python/layers/layers.py, its non-fused default).
public sealed partial class nn_api
{
    /// <summary>
    /// TF 1.x's tf.nn.batch_normalization: (x - mean) * scale / sqrt(variance + variance_epsilon) + offset, in TF's
    /// float order (nn_impl.py, name scope "batchnorm"): inv = rsqrt(variance + variance_epsilon), inv *= scale when
    /// given, then x * inv + (offset - mean * inv) (or x * inv + -mean * inv without an offset). mean, variance,
    /// offset and scale broadcast against x (usually the moments over all axes but the last). Differentiable.
    /// </summary>
    public Tensor batch_normalization(object x, object mean, object variance, object? offset, object? scale, double variance_epsilon, string? name = null)
    {
        const string fn = "tf.nn.batch_normalization";
        var tf = Binding.tf;
        var xt = OpHelpers.ToTensor(x, fn, name: "x");
        using var _ = tf.name_scope(name ?? "batchnorm");
        var m = OpHelpers.ToTensor(mean, fn, xt.dtype);
        var v = OpHelpers.ToTensor(variance, fn, xt.dtype);
        var inv = tf.rsqrt(tf.add(v, variance_epsilon, name: "add"), name: "Rsqrt");
        if (scale is not null) inv = tf.multiply(inv, OpHelpers.ToTensor(scale, fn, xt.dtype), name: "mul");
        var scaled = tf.multiply(xt, inv, name: "mul");
        var shift = offset is not null
            ? tf.subtract(OpHelpers.ToTensor(offset, fn, xt.dtype), tf.multiply(m, inv, name: "mul"), name: "sub")
            : tf.multiply(tf.negative(m, name: "Neg"), inv, name: "mul");
        return tf.add(scaled, shift, name: "add");
    }
}

/// <summary>TF 1.x's moving_averages.assign_moving_average (the helper the batch norm layers update with).</summary>
internal static class MovingAverages
{
    /// <summary>
    /// TF's assign_moving_average(variable, value, decay, zero_debias=False): in name scope "AssignMovingAvg",
    /// decay' = 1.0 - decay (a Python float, so computed in double and converted to the variable's dtype), then
    /// variable.assign_sub((variable - value) * decay'): variable = variable - (variable - value) * (1 - decay).
    /// zero_debias=True (TF's default, which the layers do not use) is not supported.
    /// </summary>
    public static Tensor AssignMovingAverage(string fn, Variable variable, Tensor value, double decay, bool zeroDebias = false)
    {
        if (zeroDebias)
            throw new NotImplementedException($"{fn}: zero_debias=True (moving_mean/biased and local_step) is not supported by Bridge. - help: use zero_debias_moving_mean=False (the default).");
        var tf = Binding.tf;
        using var _ = tf.name_scope("AssignMovingAvg");
        var d = tf.constant(1.0 - decay, name: "decay");
        if (d.dtype != variable.dtype) d = tf.cast(d, variable.dtype);
        var delta = tf.multiply(tf.subtract(variable.AsTensor(), value, name: "sub"), d, name: "mul");
        return tf.assign_sub(variable, delta, name: "AssignMovingAvg");
    }
}

public sealed partial class layers_api
{
    /// <summary>
    /// TF 1.0's tf.layers.batch_normalization (BatchNormalization layer, non-fused: TF 1.0/1.1 have no fused path
    /// here). Variables in variable scope <paramref name="name"/> (default "batch_normalization", made unique):
    /// beta (zeros, when <paramref name="center"/>), gamma (ones, when <paramref name="scale"/>), and the
    /// non-trainable moving_mean (zeros) and moving_variance (ones), of shape [inputs.shape[axis]]. When
    /// <paramref name="training"/> may be true (a bool tensor, a placeholder, or true), the batch moments over every
    /// axis but <paramref name="axis"/> are taken (tf.nn.moments with keep_dims, TF 1.0's shifted form), and the
    /// moving averages' updates (assign_moving_average with <paramref name="momentum"/>) are added to
    /// tf.GraphKeys.UPDATE_OPS, outside any cond, as TF 1.0 does: run them with the train op
    /// (<c>tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS))</c>). The output is
    /// tf.nn.batch_normalization with the batch moments (training) or the moving ones, chosen by TF's smart_cond
    /// (a tf.cond when <paramref name="training"/> is a tensor). The moments and parameters are reshaped to the
    /// broadcast shape, as TF 1.0 under Python 3 does (its needs_broadcasting test is always true there).
    /// The variables are float32 whatever the input's dtype, as TF 1.0's layer makes them (vs.get_variable without a
    /// dtype); TF 1.0 then fails on any other input dtype (a float32 variable meets the input in a Sub or Mul), so
    /// a non-float32 input is a TypeError here, raised before anything is built. (TF 1.15's layer follows the input's
    /// dtype; the labs ran TF 1.0.)
    /// </summary>
    public Tensor batch_normalization(object inputs, int axis = -1, double momentum = 0.99, double epsilon = 1e-3, bool center = true,
        bool scale = true, object? beta_initializer = null, object? gamma_initializer = null, object? moving_mean_initializer = null,
        object? moving_variance_initializer = null, Func<Variable, Tensor?>? beta_regularizer = null, Func<Variable, Tensor?>? gamma_regularizer = null,
        object? training = null, bool trainable = true, string? name = null, object? reuse = null)
    {
        const string fn = "tf.layers.batch_normalization";
        var x = OpHelpers.ToTensor(inputs, fn);
        var pred = Normalization.Pred(fn, training ?? false, "training");
        using var vs = Binding.tf.variable_scope(name, default_name: name is null ? "batch_normalization" : null, reuse: Normalization.Reuse(reuse));
        return BatchNormalizationIn(fn, x, axis, momentum, epsilon, center, scale, beta_initializer, gamma_initializer,
            moving_mean_initializer, moving_variance_initializer, beta_regularizer, gamma_regularizer, pred, trainable);
    }

    // The layer's build and call, in the variable scope and name scope the caller opened.
    internal static Tensor BatchNormalizationIn(string fn, Tensor x, int axis, double momentum, double epsilon, bool center, bool scale,
        object? beta_initializer, object? gamma_initializer, object? moving_mean_initializer, object? moving_variance_initializer,
        Func<Variable, Tensor?>? beta_regularizer, Func<Variable, Tensor?>? gamma_regularizer, object pred, bool trainable)
    {
        var tf = Binding.tf;
        if (!x.shape.IsRankKnown || x.ndim == 0)
            throw new ValueError($"{fn}: Input has undefined rank: {x.shape.ToTfString()}. - help: give the input a known rank (a placeholder with a shape).");
        int rank = x.ndim;
        int ax = axis < 0 ? rank + axis : axis;
        if (ax < 0 || ax >= rank)
            throw new ValueError($"{fn}: Value of `axis` argument {axis} is out of range for input with rank {rank}. - help: use an axis in [{-rank}, {rank}).");
        long c = x.shape[ax];
        if (c < 0)
            throw new ValueError($"{fn}: Input has undefined `axis` dimension. Input shape: {x.shape.ToTfString()}. - help: give dimension {ax} a known size.");
        // TF 1.0's layer: float32 variables (get_variable's default dtype), which no other input dtype can meet.
        var dtype = TF_DataType.TF_FLOAT;
        if (x.dtype != dtype)
            throw new TypeError($"{fn}: the input {x.name} is {x.dtype.as_numpy_name()}, but TF 1.0's batch normalization layer makes float32 variables (beta, gamma, moving_mean, moving_variance), which cannot meet a {x.dtype.as_numpy_name()} input. - help: cast the input, tf.cast(x, tf.float32), or use tf.contrib.layers.batch_norm(..., updates_collections=None), whose variables take the input's dtype.");
        var paramShape = new Shape(c);
        var beta = center ? tf.get_variable("beta", paramShape, dtype, beta_initializer ?? tf.zeros_initializer(), beta_regularizer, trainable: trainable) : null;
        var gamma = scale ? tf.get_variable("gamma", paramShape, dtype, gamma_initializer ?? tf.ones_initializer(), gamma_regularizer, trainable: trainable) : null;
        var movingMean = tf.get_variable("moving_mean", paramShape, dtype, moving_mean_initializer ?? tf.zeros_initializer(), trainable: false);
        var movingVariance = tf.get_variable("moving_variance", paramShape, dtype, moving_variance_initializer ?? tf.ones_initializer(), trainable: false);

        var reductionAxes = Enumerable.Range(0, rank).Where(a => a != ax).ToArray();
        var broadcast = Enumerable.Range(0, rank).Select(a => a == ax ? (int)c : 1).ToArray();
        var bBeta = beta is null ? null : tf.reshape(beta, broadcast, name: "Reshape");
        var bGamma = gamma is null ? null : tf.reshape(gamma, broadcast, name: "Reshape");
        Tensor? bMean = null, bVariance = null;
        if (pred is not false)
        {
            (bMean, bVariance) = tf.nn.moments(x, reductionAxes, keep_dims: true);
            var mean = tf.reshape(bMean, new[] { -1 }, name: "Reshape");
            var variance = tf.reshape(bVariance, new[] { -1 }, name: "Reshape");
            var g = Graph.Default;
            g.AddToCollection(Normalization.UpdateOps, MovingAverages.AssignMovingAverage(fn, movingMean, mean, momentum));
            g.AddToCollection(Normalization.UpdateOps, MovingAverages.AssignMovingAverage(fn, movingVariance, variance, momentum));
        }
        Tensor InTraining() => tf.nn.batch_normalization(x, bMean!, bVariance!, bBeta, bGamma, epsilon);
        Tensor InTest() => tf.nn.batch_normalization(x, tf.reshape(movingMean, broadcast, name: "Reshape"),
            tf.reshape(movingVariance, broadcast, name: "Reshape"), bBeta, bGamma, epsilon);
        return ControlFlow.SmartCond(fn, pred, InTraining, InTest);
    }
}

public sealed partial class contrib_layers_api
{
    /// <summary>
    /// TF 1.0/1.1's tf.contrib.layers.batch_norm (fused=False, its default). In variable scope
    /// <paramref name="scope"/> (default "BatchNorm", made unique): beta (when <paramref name="center"/>), gamma (when
    /// <paramref name="scale"/>, off by default), moving_mean and moving_variance (non-trainable), all model variables
    /// (GLOBAL_VARIABLES and MODEL_VARIABLES, plus <paramref name="variables_collections"/>). With
    /// <paramref name="updates_collections"/> = tf.GraphKeys.UPDATE_OPS (the default) TF hands the work to
    /// tf.layers.batch_normalization (momentum = <paramref name="decay"/>; its updates go to UPDATE_OPS). With
    /// updates_collections = null (Python None) the batch moments (tf.nn.moments over all axes but the last) are
    /// taken and, when <paramref name="is_training"/>, the moving averages are updated inside the training branch of a
    /// smart_cond under control_dependencies, so every training run updates them (TF's _force_updates); another
    /// collection name gets the updates of a smart_cond (TF's _delay_updates). Then tf.nn.batch_normalization with
    /// <paramref name="epsilon"/>, and <paramref name="activation_fn"/>. <paramref name="param_initializers"/> maps
    /// "beta", "gamma", "moving_mean", "moving_variance" to initializers. Not supported: batch_weights, fused=True,
    /// data_format "NCHW", zero_debias_moving_mean=True (NotImplementedError). An empty collection name "" also means
    /// None (how Python's None reaches this method). Variables' dtype, as in TF 1.0: with UPDATE_OPS, the core layer's
    /// float32 (a non-float32 input is a TypeError); with another updates_collections (or None), the input's dtype.
    /// </summary>
    public Tensor batch_norm(object inputs, double decay = 0.999, bool center = true, bool scale = false, double epsilon = 0.001,
        Func<Tensor, Tensor>? activation_fn = null, IDictionary<string, object>? param_initializers = null,
        string? updates_collections = Normalization.UpdateOps, object? is_training = null, object? reuse = null,
        IEnumerable<string>? variables_collections = null, IEnumerable<string>? outputs_collections = null, bool trainable = true,
        object? batch_weights = null, bool fused = false, string data_format = "NHWC", bool zero_debias_moving_mean = false, string? scope = null)
    {
        const string fn = "tf.contrib.layers.batch_norm";
        var tf = Binding.tf;
        if (batch_weights is not null || fused || data_format != "NHWC" || zero_debias_moving_mean)
            throw new NotImplementedException($"{fn}: batch_weights, fused=True, data_format='NCHW' and zero_debias_moving_mean=True are not supported by Bridge. - help: leave them at their defaults.");
        if (updates_collections == "") updates_collections = null;
        var pred = Normalization.Pred(fn, is_training ?? true, "is_training");
        object? Init(string key, object? fallback) => param_initializers is not null && param_initializers.TryGetValue(key, out var i) ? i : fallback;
        using var vs = tf.variable_scope(scope, default_name: scope is null ? "BatchNorm" : null, reuse: Normalization.Reuse(reuse));
        var x = OpHelpers.ToTensor(inputs, fn);
        Tensor outputs;
        if (updates_collections == Normalization.UpdateOps)
        {
            // TF hands the work to the core layer, in this scope (its variables are not model variables).
            int before = Graph.Default.Variables.Count;
            outputs = layers_api.BatchNormalizationIn(fn, x, -1, decay, epsilon, center, scale, Init("beta", null), Init("gamma", null),
                Init("moving_mean", null), Init("moving_variance", null), null, null, pred, trainable);
            foreach (var v in Graph.Default.Variables.Skip(before))
                foreach (var col in variables_collections ?? []) Graph.Default.AddToCollection(col, v);
        }
        else
        {
            if (!x.shape.IsRankKnown)
                throw new ValueError($"{fn}: Inputs {x.name} has undefined rank. - help: give the input a known rank.");
            int rank = x.ndim;
            long c = rank > 0 ? x.shape[rank - 1] : -1;
            if (c < 0)
                throw new ValueError($"{fn}: Inputs {x.name} has undefined channels dimension {x.shape.ToTfString()}. - help: give the last dimension a known size.");
            var shape = new Shape(c);
            IEnumerable<string> Collections(string _) => (variables_collections ?? []).Concat([CollectionKeys.GLOBAL_VARIABLES, CollectionKeys.MODEL_VARIABLES]);
            var beta = center ? tf.get_variable("beta", shape, x.dtype, Init("beta", tf.zeros_initializer()), trainable: trainable, collections: Collections("beta")) : null;
            var gamma = scale ? tf.get_variable("gamma", shape, x.dtype, Init("gamma", tf.ones_initializer()), trainable: trainable, collections: Collections("gamma")) : null;
            var movingMean = tf.get_variable("moving_mean", shape, x.dtype, Init("moving_mean", tf.zeros_initializer()), trainable: false, collections: Collections("moving_mean"));
            var movingVariance = tf.get_variable("moving_variance", shape, x.dtype, Init("moving_variance", tf.ones_initializer()), trainable: false, collections: Collections("moving_variance"));
            Tensor mean, variance;
            if (pred is not false)
            {
                (mean, variance) = tf.nn.moments(x, Enumerable.Range(0, rank - 1).ToArray());
                Tensor[] MovingVars() => [movingMean.AsTensor(), movingVariance.AsTensor()];
                if (updates_collections is null)
                {
                    var (m0, v0) = (mean, variance);
                    Tensor[] ForceUpdates()
                    {
                        var um = MovingAverages.AssignMovingAverage(fn, movingMean, m0, decay);
                        var uv = MovingAverages.AssignMovingAverage(fn, movingVariance, v0, decay);
                        using (tf.control_dependencies(new ITensorOrOperation[] { um, uv }))
                            return [tf.identity(m0), tf.identity(v0)];
                    }
                    var mv = ControlFlow.SmartCond(fn, pred, ForceUpdates, MovingVars);
                    (mean, variance) = (mv[0], mv[1]);
                }
                else
                {
                    var (m0, v0) = (mean, variance);
                    Tensor[] DelayUpdates() => [MovingAverages.AssignMovingAverage(fn, movingMean, m0, decay), MovingAverages.AssignMovingAverage(fn, movingVariance, v0, decay)];
                    var upd = ControlFlow.SmartCond(fn, pred, DelayUpdates, MovingVars);
                    var g = Graph.Default;
                    g.AddToCollection(updates_collections, upd[0]);
                    g.AddToCollection(updates_collections, upd[1]);
                    var mv = ControlFlow.SmartCond(fn, pred, () => new[] { m0, v0 }, MovingVars);
                    (mean, variance) = (mv[0], mv[1]);
                }
            }
            else (mean, variance) = (movingMean.AsTensor(), movingVariance.AsTensor());
            outputs = tf.nn.batch_normalization(x, mean, variance, beta, gamma, epsilon);
            outputs.shape = x.shape;
        }
        if (activation_fn is not null) outputs = activation_fn(outputs);
        foreach (var col in outputs_collections ?? []) Graph.Default.AddToCollection(col, outputs);
        return outputs;
    }

}

/// <summary>What the normalisation and dropout layers share: TF's utils.constant_value of their training flag.</summary>
internal static class Normalization
{
    /// <summary>
    /// A layer's training flag for smart_cond: a bool (Python's, or a bool scalar value), or a bool tensor (a
    /// placeholder); anything else is TF's TypeError.
    /// </summary>
    public static object Pred(string fn, object flag, string what) => flag switch
    {
        bool b => b,
        NDArray nd when nd.size == 1 && nd.dtype == TF_DataType.TF_BOOL => nd.GetBool(0),
        Tensor t when t.dtype == TF_DataType.TF_BOOL => ConstantValue.Of(t) is { } v && v.size == 1 ? v.GetBool(0) : t,
        Variable v when v.dtype == TF_DataType.TF_BOOL => v.AsTensor(),
        _ => throw new TypeError($"{fn}: {what} must be a Tensor, a Variable, or a Python bool (of dtype bool), not {Describe(flag)}. - help: pass True/False or a tf.placeholder(tf.bool)."),
    };

    /// <summary>The collection of the layers' moving-average updates (tf.GraphKeys.UPDATE_OPS).</summary>
    public const string UpdateOps = "update_ops";

    /// <summary>A layer's reuse argument as tf.variable_scope takes it (Python's True arrives as a bool value).</summary>
    public static object? Reuse(object? reuse) => reuse switch
    {
        NDArray nd when nd.size == 1 && nd.dtype == TF_DataType.TF_BOOL => nd.GetBool(0),
        _ => reuse,
    };

    private static string Describe(object o) => o switch
    {
        Tensor t => $"a {t.dtype.as_numpy_name()} tensor",
        NDArray nd => $"a {nd.dtype.as_numpy_name()} value",
        _ => o.GetType().Name,
    };
}
