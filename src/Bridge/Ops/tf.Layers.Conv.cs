namespace Bridge;

// TF 1.0's convolutional and pooling layers (python/layers/convolutional.py, pooling.py): tf.layers.conv2d,
// max_pooling2d and average_pooling2d, built from the ops TF's Python builds, in TF's order, so that op names,
// variable names and op ids (the seeds of later random ops) are TF's. Compositions: they need no OpDef.
public sealed partial class layers_api
{
    /// <summary>
    /// TF 1.0's tf.layers.conv2d(inputs, filters, kernel_size, strides=(1, 1), padding='valid',
    /// data_format='channels_last', dilation_rate=(1, 1), activation=None, use_bias=True, kernel_initializer=None,
    /// bias_initializer=tf.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
    /// activity_regularizer=None, trainable=True, name=None, reuse=None): <c>activation(conv2d(inputs, kernel) + bias)</c>
    /// with the variables "conv2d/kernel" [kernel_h, kernel_w, in_channels, filters] and "conv2d/bias" [filters] made by
    /// tf.get_variable in the variable scope <paramref name="name"/> (else a new "conv2d", "conv2d_1" ...), shared when
    /// <paramref name="reuse"/> is true. <paramref name="kernel_size"/>, <paramref name="strides"/> and
    /// <paramref name="dilation_rate"/> are an int or 2 ints; <paramref name="padding"/> "valid" or "same" (any case).
    /// The kernel's initializer defaults to tf.get_variable's (the scope's, else glorot_uniform seeded by its op id);
    /// <paramref name="bias_initializer"/> null means tf.zeros_initializer(). TF 1.0's nn.convolution makes a Shape and
    /// a Const ("dilation_rate") before the Conv2D ("conv2d/convolution"): their op ids are counted, so later seeded
    /// ops draw TF's numbers. Differences: 'channels_first' is a ValueError (TF 1.x's CPU Conv2D supports NHWC only);
    /// a dilation_rate above 1 builds one Conv2D with dilations, where TF 1.0 wraps a Conv2D in SpaceToBatchND and
    /// BatchToSpaceND (the same values, other op ids).
    /// </summary>
    public Tensor conv2d(object inputs, int filters, object kernel_size, object? strides = null, string padding = "valid",
        string data_format = "channels_last", object? dilation_rate = null, Func<Tensor, Tensor>? activation = null, bool use_bias = true,
        object? kernel_initializer = null, object? bias_initializer = null, Func<Variable, Tensor?>? kernel_regularizer = null,
        Func<Variable, Tensor?>? bias_regularizer = null, Func<Tensor, Tensor?>? activity_regularizer = null, bool trainable = true,
        string? name = null, bool? reuse = null)
    {
        var x = OpHelpers.ToTensor(inputs, "tf.layers.conv2d");
        return Layers.Conv2D("tf.layers.conv2d", x, filters, kernel_size, strides ?? 1, padding, data_format, dilation_rate ?? 1, activation, use_bias,
            kernel_initializer, bias_initializer ?? new Zeros(TF_DataType.TF_FLOAT), kernel_regularizer, bias_regularizer, activity_regularizer,
            trainable, string.IsNullOrEmpty(name) ? null : name, reuse);
    }

    /// <summary>
    /// <see cref="conv2d(object, int, object, object?, string, string, object?, Func{Tensor, Tensor}?, bool, object?, object?, Func{Variable, Tensor?}?, Func{Variable, Tensor?}?, Func{Tensor, Tensor?}?, bool, string?, bool?)"/>
    /// with the activation given as a tf function itself, e.g. <c>activation: tf.nn.relu</c>.
    /// </summary>
    public Tensor conv2d(object inputs, int filters, object kernel_size, Func<object, string?, Tensor> activation, object? strides = null,
        string padding = "valid", string data_format = "channels_last", object? dilation_rate = null, bool use_bias = true,
        object? kernel_initializer = null, object? bias_initializer = null, Func<Variable, Tensor?>? kernel_regularizer = null,
        Func<Variable, Tensor?>? bias_regularizer = null, Func<Tensor, Tensor?>? activity_regularizer = null, bool trainable = true,
        string? name = null, bool? reuse = null) =>
        conv2d(inputs, filters, kernel_size, strides, padding, data_format, dilation_rate, ArgScope.Activation(activation), use_bias,
            kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer, activity_regularizer, trainable, name, reuse);

    /// <summary>
    /// TF 1.0's tf.layers.max_pooling2d(inputs, pool_size, strides, padding='valid', data_format='channels_last',
    /// name=None): tf.nn.max_pool with ksize (1, pool_h, pool_w, 1) and strides (1, stride_h, stride_w, 1) in the layer
    /// scope "max_pooling2d" (made unique) or <paramref name="name"/>; the op is "max_pooling2d/MaxPool". pool_size and
    /// strides are an int or 2 ints. 'channels_first' is a ValueError (TF 1.x's CPU MaxPool supports NHWC only).
    /// </summary>
    public Tensor max_pooling2d(object inputs, object pool_size, object strides, string padding = "valid", string data_format = "channels_last", string? name = null) =>
        Layers.Pool2D("tf.layers.max_pooling2d", "max_pooling2d", true, inputs, pool_size, strides, padding, data_format, name);

    /// <summary>
    /// TF 1.0's tf.layers.average_pooling2d(inputs, pool_size, strides, padding='valid', data_format='channels_last',
    /// name=None): tf.nn.avg_pool in the layer scope "average_pooling2d" (the op "average_pooling2d/AvgPool"); with
    /// 'same' padding border windows average over their elements inside the input. As <see cref="max_pooling2d"/>.
    /// </summary>
    public Tensor average_pooling2d(object inputs, object pool_size, object strides, string padding = "valid", string data_format = "channels_last", string? name = null) =>
        Layers.Pool2D("tf.layers.average_pooling2d", "average_pooling2d", false, inputs, pool_size, strides, padding, data_format, name);
}

internal static partial class Layers
{
    /// <summary>TF 1.0's layers.utils.normalize_tuple: an int, or a list/tuple of <paramref name="n"/> ints.</summary>
    internal static int[] NormalizeTuple(string fn, object? value, int n, string name)
    {
        int[] r;
        switch (value)
        {
            case int i: return Enumerable.Repeat(i, n).ToArray();
            case long l: return Enumerable.Repeat((int)l, n).ToArray();
            case null: throw new ValueError($"{fn}: The `{name}` argument must be a tuple of {n} integers. Received: None. - help: pass an int or {n} ints, e.g. {name}=[3, 3].");
            case System.Runtime.CompilerServices.ITuple t:
                r = new int[t.Length];
                for (int k = 0; k < t.Length; k++) r[k] = t[k] is int v ? v : t[k] is long lv ? (int)lv : throw Bad();
                break;
            case string: throw Bad();
            case System.Collections.IEnumerable list:
                var items = new List<int>();
                foreach (var item in list) items.Add(item is int v ? v : item is long lv ? (int)lv : throw Bad());
                r = items.ToArray();
                break;
            default: throw Bad();
        }
        if (r.Length != n) throw Bad();
        return r;

        ValueError Bad() => new($"{fn}: The `{name}` argument must be a tuple of {n} integers. Received: {Describe(value)}. - help: pass an int or {n} ints, e.g. {name}=[3, 3].");
    }

    private static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"'{s}'",
        System.Collections.IEnumerable e => "(" + string.Join(", ", e.Cast<object>()) + ")",
        _ => value.ToString() ?? "",
    };

    /// <summary>TF 1.0's utils.normalize_padding (lower-cased "valid"/"same") as the ops' "VALID"/"SAME".</summary>
    internal static string NormalizePadding(string fn, string? padding) => padding?.ToLowerInvariant() switch
    {
        "valid" => "VALID",
        "same" => "SAME",
        _ => throw new ValueError($"{fn}: The `padding` argument must be one of \"valid\", \"same\". Received: {padding ?? "None"}. - help: pass padding='same' or padding='valid'."),
    };

    /// <summary>TF 1.0's utils.normalize_data_format, then Bridge's NHWC-only rule (TF 1.x's CPU kernels).</summary>
    internal static void RequireChannelsLast(string fn, string? dataFormat)
    {
        var d = dataFormat?.ToLowerInvariant();
        if (d == "channels_last") return;
        if (d == "channels_first")
            throw new ValueError($"{fn}: data_format 'channels_first' (NCHW) is not supported: TF 1.x's CPU kernels support NHWC only. - help: leave data_format out ('channels_last'), or tf.transpose(x, [0, 2, 3, 1]) the input first.");
        throw new ValueError($"{fn}: The `data_format` argument must be one of \"channels_first\", \"channels_last\". Received: {dataFormat ?? "None"}. - help: pass data_format='channels_last'.");
    }

    /// <summary>TF 1.0's <c>convolutional.Conv2D(...).apply(inputs)</c> (see layers_api.conv2d).</summary>
    internal static Tensor Conv2D(string fn, Tensor inputs, int filters, object kernelSize, object strides, string padding, string dataFormat,
        object dilationRate, Func<Tensor, Tensor>? activation, bool useBias, object? kernelInitializer, object? biasInitializer,
        Func<Variable, Tensor?>? kernelRegularizer, Func<Variable, Tensor?>? biasRegularizer, Func<Tensor, Tensor?>? activityRegularizer,
        bool trainable, string? scope, bool? reuse)
    {
        var tf = Binding.tf;
        var g = inputs.graph;
        // The constructor's checks (normalize_tuple, normalize_padding, normalize_data_format), then build's.
        var kernel = NormalizeTuple(fn, kernelSize, 2, "kernel_size");
        var stride = NormalizeTuple(fn, strides, 2, "strides");
        var pad = NormalizePadding(fn, padding);
        RequireChannelsLast(fn, dataFormat);
        var rate = NormalizeTuple(fn, dilationRate, 2, "dilation_rate");
        if (filters <= 0)
            throw new ValueError($"{fn}: filters must be a positive integer, got {filters}. - help: pass the number of output channels, e.g. {fn}(x, 32, [3, 3]).");
        if (kernel.Any(k => k <= 0) || stride.Any(s => s <= 0) || rate.Any(r => r <= 0))
            throw new ValueError($"{fn}: kernel_size, strides and dilation_rate must be positive (kernel_size ({string.Join(", ", kernel)}), strides ({string.Join(", ", stride)}), dilation_rate ({string.Join(", ", rate)})). - help: pass e.g. kernel_size=[3, 3], strides=(1, 1).");
        if (rate.Any(r => r > 1) && stride.Any(s => s > 1))
            throw new ValueError($"{fn}: strides > 1 not supported in conjunction with dilation_rate > 1 (strides ({string.Join(", ", stride)}), dilation_rate ({string.Join(", ", rate)})). - help: use strides=1 with a dilation, or dilation_rate=1 with strides.");
        var inShape = inputs.shape;
        if (!inShape.IsRankKnown || inShape.ndim != 4)
            throw new ValueError($"{fn}: Inputs should have rank 4. Received input shape: {OpHelpers.Fmt(inShape)}. - help: images are NHWC, [batch, height, width, channels]; tf.reshape(x, [-1, 28, 28, 1]) a flat batch first.");
        long inDim = inShape[-1];
        if (inDim < 0)
            throw new ValueError($"{fn}: The channel dimension of the inputs should be defined. Found `None`. - help: give {inputs.name} its channel count, e.g. a placeholder of shape [None, 28, 28, 1].");
        if (!inputs.dtype.is_floating())
            throw new TypeError($"{fn}: inputs must be floats, but {inputs.name} is {inputs.dtype.as_numpy_name()}. - help: tf.cast it to tf.float32.");
        var dtype = inputs.dtype;

        // _Layer.__init__ enters and leaves the layer's variable scope once; __call__ enters it again with its name scope.
        VariableScope layerScope;
        using (var c = tf.variable_scope(scope, default_name: scope is null ? "conv2d" : null)) layerScope = c.scope;
        using var vsc = tf.variable_scope(layerScope, reuse: reuse == true ? true : null);
        using var ns = g.PushScope(vsc.scope.original_name_scope.Length > 0 ? vsc.scope.original_name_scope : null);
        var k = Variable(g, "kernel", new Shape(kernel[0], kernel[1], inDim, filters), dtype, kernelInitializer, kernelRegularizer, trainable, null, null);
        Variable? bias = useBias ? Variable(g, "bias", new Shape(filters), dtype, biasInitializer, biasRegularizer, trainable, null, null) : null;

        // nn.convolution: array_ops.shape(filter) and the Const "dilation_rate" (op ids TF 1.0 creates), then the Conv2D
        // "convolution" (with_space_to_batch returns the plain convolution for a rate of 1).
        var attr = ConvOps.Attr(fn, "Conv2D", [1, stride[0], stride[1], 1], pad, "NHWC", [1, rate[0], rate[1], 1]);
        ConvOps.Conv2D.RequireDType(fn, dtype, "inputs");
        var outputs = ConvOps.Conv2D.Build(fn, "convolution", [inputs, k.AsTensor()], attr, extraTfOpIds: 2).outputs[0];
        if (bias is not null) outputs = tf.nn.bias_add(outputs, bias);
        if (activation is not null && !ArgScope.IsNone(activation)) outputs = activation(outputs);
        if (activityRegularizer is not null)
        {
            Tensor? loss;
            using (g.PushScope("ActivityRegularizer")) loss = activityRegularizer(outputs);
            if (loss is not null) g.AddToCollection(CollectionKeys.REGULARIZATION_LOSSES, loss);
        }
        return outputs;
    }

    /// <summary>TF 1.0's <c>pooling._Pooling2D(...).apply(inputs)</c>: the pool op in the layer's scope.</summary>
    internal static Tensor Pool2D(string fn, string defaultName, bool max, object inputs, object poolSize, object strides, string padding,
        string dataFormat, string? name)
    {
        var tf = Binding.tf;
        var size = NormalizeTuple(fn, poolSize, 2, "pool_size");
        var stride = NormalizeTuple(fn, strides, 2, "strides");
        var pad = NormalizePadding(fn, padding);
        RequireChannelsLast(fn, dataFormat);
        var x = OpHelpers.ToTensor(inputs, fn);
        var g = x.graph;
        string? scope = string.IsNullOrEmpty(name) ? null : name;
        VariableScope layerScope;
        using (var c = tf.variable_scope(scope, default_name: scope is null ? defaultName : null)) layerScope = c.scope;
        using var vsc = tf.variable_scope(layerScope);
        using var ns = g.PushScope(vsc.scope.original_name_scope.Length > 0 ? vsc.scope.original_name_scope : null);
        int[] ksize = [1, size[0], size[1], 1], st = [1, stride[0], stride[1], 1];
        return max ? tf.nn.max_pool(x, ksize, st, pad) : tf.nn.avg_pool(x, ksize, st, pad);
    }
}
