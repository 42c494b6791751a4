namespace Bridge;

// TF 1.x's variable initializers (init_ops.py) and tf.GraphKeys. An initializer is an object called with a shape
// (and a dtype): it builds the ops of the initial value, the same ops in the same order as TF's Python, so that
// random initializers draw TF's values under tf.set_random_seed (their op seeds are TF's op ids).
public sealed partial class tensorflow
{
    /// <summary>TF 1.x's tf.zeros_initializer(dtype=tf.float32): a Const of zeros (false for bool).</summary>
    public Zeros zeros_initializer(TF_DataType dtype = TF_DataType.TF_FLOAT) => new(dtype);

    /// <summary>TF 1.x's tf.ones_initializer(dtype=tf.float32): a Const of ones.</summary>
    public Ones ones_initializer(TF_DataType dtype = TF_DataType.TF_FLOAT) => new(dtype);

    /// <summary>
    /// TF 1.x's tf.constant_initializer(value=0, dtype=tf.float32, verify_shape=False): a Const of
    /// <paramref name="value"/> (a number, a list or an array); a list with fewer values than the shape is padded
    /// with its last value, one with more is a ValueError ("Too many elements provided. ..."), as TF 1.x's constant.
    /// </summary>
    public Constant constant_initializer(object? value = null, TF_DataType dtype = TF_DataType.TF_FLOAT, bool verify_shape = false) =>
        new(value ?? 0, dtype, verify_shape);

    /// <summary>TF 1.x's tf.random_uniform_initializer(minval=0, maxval=None (1 for floats), seed=None, dtype=tf.float32): tf.random_uniform(shape, minval, maxval, dtype, seed).</summary>
    public RandomUniform random_uniform_initializer(double minval = 0, double? maxval = null, int? seed = null, TF_DataType dtype = TF_DataType.TF_FLOAT) =>
        new(minval, maxval, seed, dtype);

    /// <summary>TF 1.x's tf.random_normal_initializer(mean=0.0, stddev=1.0, seed=None, dtype=tf.float32): tf.random_normal(shape, mean, stddev, dtype, seed).</summary>
    public RandomNormal random_normal_initializer(double mean = 0.0, double stddev = 1.0, int? seed = null, TF_DataType dtype = TF_DataType.TF_FLOAT) =>
        new(mean, stddev, seed, dtype);

    /// <summary>TF 1.x's tf.truncated_normal_initializer(mean=0.0, stddev=1.0, seed=None, dtype=tf.float32): tf.truncated_normal(shape, mean, stddev, dtype, seed).</summary>
    public TruncatedNormal truncated_normal_initializer(double mean = 0.0, double stddev = 1.0, int? seed = null, TF_DataType dtype = TF_DataType.TF_FLOAT) =>
        new(mean, stddev, seed, dtype);

    /// <summary>
    /// TF 1.x's tf.uniform_unit_scaling_initializer(factor=1.0, seed=None, dtype=tf.float32): uniform in
    /// [-m, m], m = sqrt(3 / input_size) * factor, input_size the product of all dimensions but the last.
    /// </summary>
    public UniformUnitScaling uniform_unit_scaling_initializer(double factor = 1.0, int? seed = null, TF_DataType dtype = TF_DataType.TF_FLOAT) =>
        new(factor, seed, dtype);

    /// <summary>
    /// TF 1.x's tf.variance_scaling_initializer(scale=1.0, mode="fan_in", distribution="normal", seed=None,
    /// dtype=tf.float32): n = fan_in, fan_out or their mean (mode); "uniform" draws in [-l, l], l = sqrt(3 * scale / n);
    /// "normal" is a truncated normal of stddev sqrt(scale / n) as in TF 1.0 (TF 1.15 divides that stddev by
    /// 0.8796... and defaults to "truncated_normal"; Bridge follows TF 1.0 for "normal" and its default, and TF 1.15 for
    /// the names only it has: "truncated_normal" with the correction, "untruncated_normal" a tf.random_normal).
    /// </summary>
    public VarianceScaling variance_scaling_initializer(double scale = 1.0, string mode = "fan_in", string distribution = "normal", int? seed = null,
        TF_DataType dtype = TF_DataType.TF_FLOAT) => new(scale, mode, distribution, seed, dtype);

    /// <summary>
    /// TF 1.x's tf.glorot_uniform_initializer(seed=None, dtype=tf.float32), Xavier uniform: uniform in [-l, l],
    /// l = sqrt(6 / (fan_in + fan_out)) (variance_scaling with scale 1, fan_avg, uniform). tf.get_variable's default for floats.
    /// </summary>
    public VarianceScaling glorot_uniform_initializer(int? seed = null, TF_DataType dtype = TF_DataType.TF_FLOAT) =>
        new(1.0, "fan_avg", "uniform", seed, dtype);

    /// <summary>
    /// TF 1.x's tf.glorot_normal_initializer(seed=None, dtype=tf.float32), Xavier normal: a truncated normal of
    /// stddev sqrt(2 / (fan_in + fan_out)) as in TF 1.0 (TF 1.15 divides it by 0.8796...).
    /// </summary>
    public VarianceScaling glorot_normal_initializer(int? seed = null, TF_DataType dtype = TF_DataType.TF_FLOAT) =>
        new(1.0, "fan_avg", "normal", seed, dtype);

    /// <summary>tf.initializers (TF 1.15): the initializers under their short names, and the variable initializers.</summary>
    public initializers_api initializers { get; } = new();

    /// <summary>tf.contrib: tf.contrib.layers' initializers.</summary>
    public contrib_api contrib { get; } = new();
}

/// <summary>TF 1.15's tf.initializers.</summary>
public sealed class initializers_api
{
    internal initializers_api() { }

    /// <summary>tf.initializers.zeros: tf.zeros_initializer.</summary>
    public Zeros zeros(TF_DataType dtype = TF_DataType.TF_FLOAT) => new(dtype);

    /// <summary>tf.initializers.ones: tf.ones_initializer.</summary>
    public Ones ones(TF_DataType dtype = TF_DataType.TF_FLOAT) => new(dtype);

    /// <summary>tf.initializers.constant: tf.constant_initializer.</summary>
    public Constant constant(object? value = null, TF_DataType dtype = TF_DataType.TF_FLOAT, bool verify_shape = false) => new(value ?? 0, dtype, verify_shape);

    /// <summary>tf.initializers.random_uniform: tf.random_uniform_initializer.</summary>
    public RandomUniform random_uniform(double minval = 0, double? maxval = null, int? seed = null, TF_DataType dtype = TF_DataType.TF_FLOAT) => new(minval, maxval, seed, dtype);

    /// <summary>tf.initializers.random_normal: tf.random_normal_initializer.</summary>
    public RandomNormal random_normal(double mean = 0.0, double stddev = 1.0, int? seed = null, TF_DataType dtype = TF_DataType.TF_FLOAT) => new(mean, stddev, seed, dtype);

    /// <summary>tf.initializers.truncated_normal: tf.truncated_normal_initializer.</summary>
    public TruncatedNormal truncated_normal(double mean = 0.0, double stddev = 1.0, int? seed = null, TF_DataType dtype = TF_DataType.TF_FLOAT) => new(mean, stddev, seed, dtype);

    /// <summary>tf.initializers.uniform_unit_scaling: tf.uniform_unit_scaling_initializer.</summary>
    public UniformUnitScaling uniform_unit_scaling(double factor = 1.0, int? seed = null, TF_DataType dtype = TF_DataType.TF_FLOAT) => new(factor, seed, dtype);

    /// <summary>tf.initializers.variance_scaling: tf.variance_scaling_initializer (its "normal" as TF 1.0's).</summary>
    public VarianceScaling variance_scaling(double scale = 1.0, string mode = "fan_in", string distribution = "normal", int? seed = null,
        TF_DataType dtype = TF_DataType.TF_FLOAT) => new(scale, mode, distribution, seed, dtype);

    /// <summary>tf.initializers.glorot_uniform: tf.glorot_uniform_initializer.</summary>
    public VarianceScaling glorot_uniform(int? seed = null, TF_DataType dtype = TF_DataType.TF_FLOAT) => new(1.0, "fan_avg", "uniform", seed, dtype);

    /// <summary>tf.initializers.glorot_normal: tf.glorot_normal_initializer (TF 1.0's stddev).</summary>
    public VarianceScaling glorot_normal(int? seed = null, TF_DataType dtype = TF_DataType.TF_FLOAT) => new(1.0, "fan_avg", "normal", seed, dtype);

    /// <summary>TF 1.15's tf.initializers.he_normal(seed): variance_scaling(2.0, "fan_in", "truncated_normal") (TF 1.15's stddev correction: the name is TF 1.15's).</summary>
    public VarianceScaling he_normal(int? seed = null) => new(2.0, "fan_in", "truncated_normal", seed, TF_DataType.TF_FLOAT);

    /// <summary>TF 1.15's tf.initializers.he_uniform(seed): variance_scaling(2.0, "fan_in", "uniform").</summary>
    public VarianceScaling he_uniform(int? seed = null) => new(2.0, "fan_in", "uniform", seed, TF_DataType.TF_FLOAT);

    /// <summary>TF 1.15's tf.initializers.lecun_normal(seed): variance_scaling(1.0, "fan_in", "truncated_normal").</summary>
    public VarianceScaling lecun_normal(int? seed = null) => new(1.0, "fan_in", "truncated_normal", seed, TF_DataType.TF_FLOAT);

    /// <summary>TF 1.15's tf.initializers.lecun_uniform(seed): variance_scaling(1.0, "fan_in", "uniform").</summary>
    public VarianceScaling lecun_uniform(int? seed = null) => new(1.0, "fan_in", "uniform", seed, TF_DataType.TF_FLOAT);

    /// <summary>tf.initializers.global_variables(): tf.global_variables_initializer().</summary>
    public Operation global_variables() => Binding.tf.global_variables_initializer();

    /// <summary>tf.initializers.local_variables(): tf.local_variables_initializer().</summary>
    public Operation local_variables() => Binding.tf.local_variables_initializer();

    /// <summary>tf.initializers.variables(var_list, name="init"): tf.variables_initializer.</summary>
    public Operation variables(IEnumerable<Variable> var_list, string name = "init") => Binding.tf.variables_initializer(var_list, name);
}

/// <summary>tf.contrib (only what the course's labs use: tf.contrib.layers' initializers).</summary>
public sealed partial class contrib_api
{
    internal contrib_api() { }

    /// <summary>tf.contrib.layers.</summary>
    public contrib_layers_api layers { get; } = new();
}

/// <summary>tf.contrib.layers' initializers (TF 1.0's contrib/layers/python/layers/initializers.py).</summary>
public sealed partial class contrib_layers_api
{
    internal contrib_layers_api() { }

    /// <summary>
    /// TF 1.x's tf.contrib.layers.xavier_initializer(uniform=True, seed=None, dtype=tf.float32): uniform in [-l, l],
    /// l = sqrt(6 / (fan_in + fan_out)); with uniform=False a truncated normal of stddev sqrt(1.3 * 2 / (fan_in + fan_out)).
    /// Labs 10-3 onwards use it through tf.get_variable.
    /// </summary>
    public ContribVarianceScaling xavier_initializer(bool uniform = true, int? seed = null, TF_DataType dtype = TF_DataType.TF_FLOAT) =>
        new(1.0, "FAN_AVG", uniform, seed, dtype);

    /// <summary>tf.contrib.layers.xavier_initializer_conv2d: the same as xavier_initializer.</summary>
    public ContribVarianceScaling xavier_initializer_conv2d(bool uniform = true, int? seed = null, TF_DataType dtype = TF_DataType.TF_FLOAT) =>
        xavier_initializer(uniform, seed, dtype);

    /// <summary>
    /// TF 1.x's tf.contrib.layers.variance_scaling_initializer(factor=2.0, mode='FAN_IN', uniform=False, seed=None,
    /// dtype=tf.float32): n = fan_in, fan_out or their mean; uniform in [-l, l], l = sqrt(3 * factor / n), or a
    /// truncated normal of stddev sqrt(1.3 * factor / n).
    /// </summary>
    public ContribVarianceScaling variance_scaling_initializer(double factor = 2.0, string mode = "FAN_IN", bool uniform = false, int? seed = null,
        TF_DataType dtype = TF_DataType.TF_FLOAT) => new(factor, mode, uniform, seed, dtype);
}

/// <summary>
/// TF 1.x's Initializer: called with a shape (and optionally a dtype and partition_info, which Bridge does not
/// support) it builds the initial value's ops in the default graph. tf.get_variable calls it under
/// "name/Initializer/"; in Python, <c>init([2, 3])</c> calls it.
/// </summary>
public abstract class Initializer
{
    private protected Initializer(TF_DataType dtype) => this.dtype = dtype;

    /// <summary>The dtype of the values when the call gives none.</summary>
    public TF_DataType dtype { get; }

    /// <summary>TF's <c>__call__(shape, dtype=None, partition_info=None)</c>: the initial value's tensor, made now.</summary>
    public Tensor __call__(Shape shape, TF_DataType dtype = TF_DataType.DtInvalid, object? partition_info = null)
    {
        if (partition_info is not null)
            throw new NotImplementedException($"{GetType().Name}: partition_info (partitioned variables) is not supported by Bridge. - help: leave it out.");
        OpHelpers.RequireNoNegativeDims(GetType().Name, shape);
        if (!shape.IsFullyDefined)
            throw new ValueError($"{GetType().Name}: the shape {OpHelpers.Fmt(shape)} must be fully known. - help: give every dimension.");
        return Make(shape, dtype == TF_DataType.DtInvalid ? this.dtype : dtype);
    }

    private protected abstract Tensor Make(Shape shape, TF_DataType dtype);

    // TF's _assert_float_dtype.
    private protected static TF_DataType FloatDType(TF_DataType dtype) => dtype.is_floating() ? dtype
        : throw new ValueError($"Expected floating point type, got {dtype.as_numpy_name()}. - help: this initializer makes floats: pass dtype=tf.float32.");

    // TF's _compute_fans: (fan_in, fan_out) of a weight shape; convolution kernels count their receptive field.
    internal static (double fanIn, double fanOut) Fans(Shape shape)
    {
        var d = shape.dims;
        if (d.Length < 1) return (1, 1);
        if (d.Length == 1) return (d[0], d[0]);
        if (d.Length == 2) return (d[0], d[1]);
        double receptive = 1;
        for (int i = 0; i < d.Length - 2; i++) receptive *= d[i];
        return (d[^2] * receptive, d[^1] * receptive);
    }

    public override string ToString() => $"<{GetType().Name} initializer>";
}

/// <summary>tf.zeros_initializer: TF 1.0's <c>constant(0, dtype, shape)</c> (one Const; false for bool).</summary>
public sealed class Zeros : Initializer
{
    internal Zeros(TF_DataType dtype) : base(dtype) { }

    private protected override Tensor Make(Shape shape, TF_DataType dtype) =>
        Binding.tf.constant(dtype == TF_DataType.TF_BOOL ? (object)false : 0, dtype, shape);
}

/// <summary>tf.ones_initializer: TF 1.0's <c>constant(1, dtype, shape)</c> (one Const).</summary>
public sealed class Ones : Initializer
{
    internal Ones(TF_DataType dtype) : base(dtype) { }

    private protected override Tensor Make(Shape shape, TF_DataType dtype) =>
        Binding.tf.constant(dtype == TF_DataType.TF_BOOL ? (object)true : 1, dtype, shape);
}

/// <summary>tf.constant_initializer: <c>constant(value, dtype, shape)</c>, fewer values padded with the last (TF 1.x's constant).</summary>
public sealed class Constant : Initializer
{
    internal Constant(object value, TF_DataType dtype, bool verifyShape) : base(dtype)
    {
        this.value = value;
        verify_shape = verifyShape;
    }

    /// <summary>The value given.</summary>
    public object value { get; }

    /// <summary>Whether the value's shape must equal the variable's.</summary>
    public bool verify_shape { get; }

    private protected override Tensor Make(Shape shape, TF_DataType dtype)
    {
        var nd = ValueConverter.ToNDArray(value, ValueConverter.Rules.TensorFlow, dtype, "tf.constant_initializer");
        if (verify_shape && nd.shape != shape)
            throw new TypeError($"Expected Tensor's shape: {shape}, got {nd.shape}. - help: tf.constant_initializer: give a value of the variable's shape, or verify_shape=False.");
        long need = shape.size;
        if (nd.size > need)
            throw new ValueError($"Too many elements provided. Needed at most {need}, but received {nd.size}. - help: tf.constant_initializer: give at most {need} values for shape {shape}.");
        if (nd.size == 0 && need > 0)
            throw new ValueError($"tf.constant_initializer: no values to fill shape {shape}. - help: give one value at least.");
        var storage = Array.CreateInstance(nd.Storage.GetType().GetElementType()!, need);
        Array.Copy(nd.Storage, storage, nd.size);
        for (long i = nd.size; i < need; i++) Array.Copy(nd.Storage, nd.size - 1, storage, i, 1); // TF pads with the last value
        return OpHelpers.Constant(new NDArray(storage, shape), Bridge.Graph.Default, "Const");
    }
}

/// <summary>tf.random_uniform_initializer: tf.random_uniform(shape, minval, maxval, dtype, seed).</summary>
public sealed class RandomUniform : Initializer
{
    internal RandomUniform(double minval, double? maxval, int? seed, TF_DataType dtype) : base(dtype)
    {
        this.minval = minval;
        this.maxval = maxval;
        this.seed = seed;
    }

    /// <summary>The minval given (TF's attribute of the same name).</summary>
    public double minval { get; }
    /// <summary>The maxval given (TF's attribute of the same name).</summary>
    public double? maxval { get; }
    /// <summary>The seed given (TF's attribute of the same name).</summary>
    public int? seed { get; }

    private protected override Tensor Make(Shape shape, TF_DataType dtype) =>
        Binding.tf.random_uniform(shape, minval: minval, maxval: (maxval ?? 1.0), dtype: dtype, seed: seed);
}

/// <summary>tf.random_normal_initializer: tf.random_normal(shape, mean, stddev, dtype, seed).</summary>
public sealed class RandomNormal : Initializer
{
    internal RandomNormal(double mean, double stddev, int? seed, TF_DataType dtype) : base(FloatDType(dtype))
    {
        this.mean = mean;
        this.stddev = stddev;
        this.seed = seed;
    }

    /// <summary>The mean given (TF's attribute of the same name).</summary>
    public double mean { get; }
    /// <summary>The stddev given (TF's attribute of the same name).</summary>
    public double stddev { get; }
    /// <summary>The seed given (TF's attribute of the same name).</summary>
    public int? seed { get; }

    private protected override Tensor Make(Shape shape, TF_DataType dtype) =>
        Binding.tf.random_normal(shape, mean: mean, stddev: stddev, dtype: dtype, seed: seed);
}

/// <summary>tf.truncated_normal_initializer: tf.truncated_normal(shape, mean, stddev, dtype, seed).</summary>
public sealed class TruncatedNormal : Initializer
{
    internal TruncatedNormal(double mean, double stddev, int? seed, TF_DataType dtype) : base(FloatDType(dtype))
    {
        this.mean = mean;
        this.stddev = stddev;
        this.seed = seed;
    }

    /// <summary>The mean given (TF's attribute of the same name).</summary>
    public double mean { get; }
    /// <summary>The stddev given (TF's attribute of the same name).</summary>
    public double stddev { get; }
    /// <summary>The seed given (TF's attribute of the same name).</summary>
    public int? seed { get; }

    private protected override Tensor Make(Shape shape, TF_DataType dtype) => Draw.Truncated(shape, mean, stddev, dtype, seed);
}

/// <summary>tf.uniform_unit_scaling_initializer: uniform in ±sqrt(3 / input_size) * factor.</summary>
public sealed class UniformUnitScaling : Initializer
{
    internal UniformUnitScaling(double factor, int? seed, TF_DataType dtype) : base(FloatDType(dtype))
    {
        this.factor = factor;
        this.seed = seed;
    }

    /// <summary>The factor given (TF's attribute of the same name).</summary>
    public double factor { get; }
    /// <summary>The seed given (TF's attribute of the same name).</summary>
    public int? seed { get; }

    private protected override Tensor Make(Shape shape, TF_DataType dtype)
    {
        double inputSize = 1.0;
        var d = shape.dims;
        for (int i = 0; i < d.Length - 1; i++) inputSize *= d[i];
        inputSize = Math.Max(inputSize, 1.0);
        double max = Math.Sqrt(3 / inputSize) * factor;
        return Binding.tf.random_uniform(shape, minval: -max, maxval: max, dtype: dtype, seed: seed);
    }
}

/// <summary>tf.variance_scaling_initializer (and glorot_uniform / glorot_normal): TF 1.0's arithmetic; see the function.</summary>
public sealed class VarianceScaling : Initializer
{
    internal VarianceScaling(double scale, string mode, string distribution, int? seed, TF_DataType dtype) : base(FloatDType(dtype))
    {
        if (!(scale > 0))
            throw new ValueError("`scale` must be positive float. - help: tf.variance_scaling_initializer(scale=...) takes a number above 0.");
        if (mode is not ("fan_in" or "fan_out" or "fan_avg"))
            throw new ValueError($"Invalid `mode` argument: {mode}. - help: mode is \"fan_in\", \"fan_out\" or \"fan_avg\".");
        distribution = distribution.ToLowerInvariant();
        if (distribution is not ("normal" or "uniform" or "truncated_normal" or "untruncated_normal"))
            throw new ValueError($"Invalid `distribution` argument: {distribution}. - help: distribution is \"normal\", \"uniform\", \"truncated_normal\" or \"untruncated_normal\".");
        this.scale = scale;
        this.mode = mode;
        this.distribution = distribution;
        this.seed = seed;
    }

    /// <summary>The scale given (TF's attribute of the same name).</summary>
    public double scale { get; }
    /// <summary>The mode given (TF's attribute of the same name).</summary>
    public string mode { get; }
    /// <summary>The distribution given (TF's attribute of the same name).</summary>
    public string distribution { get; }
    /// <summary>The seed given (TF's attribute of the same name).</summary>
    public int? seed { get; }

    private protected override Tensor Make(Shape shape, TF_DataType dtype)
    {
        var (fanIn, fanOut) = Fans(shape);
        double s = scale / mode switch
        {
            "fan_in" => Math.Max(1.0, fanIn),
            "fan_out" => Math.Max(1.0, fanOut),
            _ => Math.Max(1.0, (fanIn + fanOut) / 2.0),
        };
        switch (distribution)
        {
            case "uniform":
                double limit = Math.Sqrt(3.0 * s);
                return Binding.tf.random_uniform(shape, minval: -limit, maxval: limit, dtype: dtype, seed: seed);
            case "untruncated_normal":
                return Binding.tf.random_normal(shape, mean: 0.0, stddev: Math.Sqrt(s), dtype: dtype, seed: seed);
            case "truncated_normal": // TF 1.15's name, with its correction for the truncation
                return Draw.Truncated(shape, 0.0, Math.Sqrt(s) / .87962566103423978, dtype, seed);
            default: // "normal": TF 1.0's truncated normal of stddev sqrt(scale)
                return Draw.Truncated(shape, 0.0, Math.Sqrt(s), dtype, seed);
        }
    }
}

/// <summary>tf.contrib.layers.variance_scaling_initializer and xavier_initializer (TF 1.0's contrib arithmetic).</summary>
public sealed class ContribVarianceScaling : Initializer
{
    internal ContribVarianceScaling(double factor, string mode, bool uniform, int? seed, TF_DataType dtype)
        : base(dtype.is_floating() ? dtype : throw new TypeError("Cannot create initializer for non-floating point type. - help: pass dtype=tf.float32."))
    {
        if (mode is not ("FAN_IN" or "FAN_OUT" or "FAN_AVG"))
            throw new TypeError($"Unknow mode {mode} [FAN_IN, FAN_OUT, FAN_AVG]. - help: mode is 'FAN_IN', 'FAN_OUT' or 'FAN_AVG'.");
        this.factor = factor;
        this.mode = mode;
        this.uniform = uniform;
        this.seed = seed;
    }

    /// <summary>The factor given (TF's attribute of the same name).</summary>
    public double factor { get; }
    /// <summary>The mode given (TF's attribute of the same name).</summary>
    public string mode { get; }
    /// <summary>The uniform given (TF's attribute of the same name).</summary>
    public bool uniform { get; }
    /// <summary>The seed given (TF's attribute of the same name).</summary>
    public int? seed { get; }

    private protected override Tensor Make(Shape shape, TF_DataType dtype)
    {
        if (!dtype.is_floating())
            throw new TypeError("Cannot create initializer for non-floating point type. - help: pass dtype=tf.float32.");
        var (fanIn, fanOut) = Fans(shape);  // contrib's own count gives the same fans as the core initializers'
        double n = mode switch { "FAN_IN" => fanIn, "FAN_OUT" => fanOut, _ => (fanIn + fanOut) / 2.0 };
        if (uniform)
        {
            double limit = Math.Sqrt(3.0 * factor / n);
            return Binding.tf.random_uniform(shape, minval: -limit, maxval: limit, dtype: dtype, seed: seed);
        }
        return Draw.Truncated(shape, 0.0, Math.Sqrt(1.3 * factor / n), dtype, seed);
    }
}

/// <summary>The truncated normal draws of the initializers.</summary>
internal static class Draw
{
    public static Tensor Truncated(Shape shape, double mean, double stddev, TF_DataType dtype, int? seed) =>
        Binding.tf.truncated_normal(shape, mean: mean, stddev: stddev, dtype: dtype, seed: seed);
}

/// <summary>TF 1.x's tf.GraphKeys: the names of the standard graph collections.</summary>
public sealed class GraphKeys
{
    internal GraphKeys() { }

    /// <summary>"variables": every variable (tf.global_variables()).</summary>
    public string GLOBAL_VARIABLES => CollectionKeys.GLOBAL_VARIABLES;
    /// <summary>"variables": TF 1.0's name of GLOBAL_VARIABLES.</summary>
    public string VARIABLES => CollectionKeys.GLOBAL_VARIABLES;
    /// <summary>"local_variables" (tf.local_variables()).</summary>
    public string LOCAL_VARIABLES => CollectionKeys.LOCAL_VARIABLES;
    /// <summary>"metric_variables".</summary>
    public string METRIC_VARIABLES => "metric_variables";
    /// <summary>"model_variables".</summary>
    public string MODEL_VARIABLES => CollectionKeys.MODEL_VARIABLES;
    /// <summary>"trainable_variables": what optimizers update by default (tf.trainable_variables()).</summary>
    public string TRAINABLE_VARIABLES => CollectionKeys.TRAINABLE_VARIABLES;
    /// <summary>"summaries": what tf.summary.merge_all merges.</summary>
    public string SUMMARIES => CollectionKeys.SUMMARIES;
    /// <summary>"queue_runners".</summary>
    public string QUEUE_RUNNERS => "queue_runners";
    /// <summary>"table_initializer".</summary>
    public string TABLE_INITIALIZERS => "table_initializer";
    /// <summary>"asset_filepaths".</summary>
    public string ASSET_FILEPATHS => "asset_filepaths";
    /// <summary>"moving_average_variables".</summary>
    public string MOVING_AVERAGE_VARIABLES => "moving_average_variables";
    /// <summary>"regularization_losses": the losses of get_variable's regularizers.</summary>
    public string REGULARIZATION_LOSSES => CollectionKeys.REGULARIZATION_LOSSES;
    /// <summary>"concatenated_variables".</summary>
    public string CONCATENATED_VARIABLES => "concatenated_variables";
    /// <summary>"savers".</summary>
    public string SAVERS => "savers";
    /// <summary>"weights".</summary>
    public string WEIGHTS => "weights";
    /// <summary>"biases".</summary>
    public string BIASES => "biases";
    /// <summary>"activations".</summary>
    public string ACTIVATIONS => "activations";
    /// <summary>"update_ops" (batch normalization's moving averages).</summary>
    public string UPDATE_OPS => "update_ops";
    /// <summary>"losses".</summary>
    public string LOSSES => "losses";
    /// <summary>"saveable_objects".</summary>
    public string SAVEABLE_OBJECTS => "saveable_objects";
    /// <summary>"resources".</summary>
    public string RESOURCES => "resources";
    /// <summary>"local_resources".</summary>
    public string LOCAL_RESOURCES => "local_resources";
    /// <summary>"trainable_resource_variables".</summary>
    public string TRAINABLE_RESOURCE_VARIABLES => "trainable_resource_variables";
    /// <summary>"init_op".</summary>
    public string INIT_OP => "init_op";
    /// <summary>"local_init_op".</summary>
    public string LOCAL_INIT_OP => "local_init_op";
    /// <summary>"ready_op".</summary>
    public string READY_OP => "ready_op";
    /// <summary>"ready_for_local_init_op".</summary>
    public string READY_FOR_LOCAL_INIT_OP => "ready_for_local_init_op";
    /// <summary>"summary_op".</summary>
    public string SUMMARY_OP => "summary_op";
    /// <summary>"global_step".</summary>
    public string GLOBAL_STEP => "global_step";
    /// <summary>"eval_step".</summary>
    public string EVAL_STEP => "eval_step";
    /// <summary>"train_op".</summary>
    public string TRAIN_OP => "train_op";
    /// <summary>"cond_context".</summary>
    public string COND_CONTEXT => "cond_context";
    /// <summary>"while_context".</summary>
    public string WHILE_CONTEXT => "while_context";
}

/// <summary>The collection names Bridge itself uses.</summary>
internal static class CollectionKeys
{
    public const string GLOBAL_VARIABLES = "variables";
    public const string LOCAL_VARIABLES = "local_variables";
    public const string MODEL_VARIABLES = "model_variables";
    public const string TRAINABLE_VARIABLES = "trainable_variables";
    public const string SUMMARIES = "summaries";
    public const string REGULARIZATION_LOSSES = "regularization_losses";
}
