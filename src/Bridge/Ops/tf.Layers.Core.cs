namespace Bridge;

// TF 1.x's core layers (python/layers/core.py and base.py): tf.layers.dense and tf.layers.flatten, built from the ops
// TF's Python builds, in TF's order, so that op names, variable names and op ids (the seeds of later random ops) are
// TF's. Compositions: they need no OpDef.
public sealed partial class layers_api
{
    /// <summary>
    /// TF 1.x's tf.layers.dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
    /// bias_initializer=tf.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
    /// activity_regularizer=None, trainable=True, name=None, reuse=None): <c>activation(inputs · kernel + bias)</c>,
    /// with the variables "dense/kernel" [last dim of inputs, units] and "dense/bias" [units] made by tf.get_variable in
    /// the variable scope <paramref name="name"/> (else a new "dense", "dense_1" ...), shared when
    /// <paramref name="reuse"/> is true (or the enclosing scope reuses). The kernel's initializer defaults to
    /// tf.get_variable's (the scope's, else glorot_uniform, seeded from the graph seed by its op id);
    /// <paramref name="bias_initializer"/> null means tf.zeros_initializer() (pass <see cref="ArgScope.None"/> for
    /// TF's explicit None: then tf.get_variable's default). Regularizers' losses go to REGULARIZATION_LOSSES (under
    /// "&lt;scope&gt;/&lt;variable&gt;/Regularizer/" and "ActivityRegularizer/"). Inputs of rank &gt; 2 are reshaped to
    /// [-1, last dim], multiplied and reshaped back, as TF 1.0 does (TF 1.1+ calls tensordot, which makes the same
    /// products with other op ids; Bridge follows TF 1.0, the labs' version); the output keeps the static shape
    /// inputs.shape[:-1] + [units]. Errors as TF's ValueErrors: unknown rank, rank &lt; 2, an unknown last dimension
    /// ("The last dimension of the inputs to `Dense` should be defined. Found `None`."); units &lt;= 0 is a ValueError
    /// (TF 1.0 let 0 through and failed later on negatives; the text is later TF's).
    /// </summary>
    public Tensor dense(object inputs, int units, Func<Tensor, Tensor>? activation = null, bool use_bias = true, object? kernel_initializer = null,
        object? bias_initializer = null, Func<Variable, Tensor?>? kernel_regularizer = null, Func<Variable, Tensor?>? bias_regularizer = null,
        Func<Tensor, Tensor?>? activity_regularizer = null, bool trainable = true, string? name = null, bool? reuse = null)
    {
        var x = OpHelpers.ToTensor(inputs, "tf.layers.dense");
        return Layers.Dense("tf.layers.dense", x, units, activation, use_bias, kernel_initializer,
            bias_initializer ?? new Zeros(TF_DataType.TF_FLOAT), kernel_regularizer, bias_regularizer, activity_regularizer,
            trainable, string.IsNullOrEmpty(name) ? null : name, reuse, null, null).outputs;
    }

    /// <summary>
    /// <see cref="dense(object, int, Func{Tensor, Tensor}?, bool, object?, object?, Func{Variable, Tensor?}?, Func{Variable, Tensor?}?, Func{Tensor, Tensor?}?, bool, string?, bool?)"/>
    /// with the activation given as a tf function itself, e.g. <c>activation: tf.nn.relu</c> (called with the layer's
    /// output and no name).
    /// </summary>
    public Tensor dense(object inputs, int units, Func<object, string?, Tensor> activation, bool use_bias = true, object? kernel_initializer = null,
        object? bias_initializer = null, Func<Variable, Tensor?>? kernel_regularizer = null, Func<Variable, Tensor?>? bias_regularizer = null,
        Func<Tensor, Tensor?>? activity_regularizer = null, bool trainable = true, string? name = null, bool? reuse = null) =>
        dense(inputs, units, ArgScope.Activation(activation), use_bias, kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
            activity_regularizer, trainable, name, reuse);

    /// <summary>
    /// TF 1.x's tf.layers.flatten(inputs, name=None) (TF 1.4's layers/core.py, the first with it): <c>tf.reshape(inputs,
    /// (tf.shape(inputs)[0], -1))</c> in the name scope "flatten" (or <paramref name="name"/>), its static shape
    /// [batch, product of the other dimensions] (unknown when one of them is). A scalar or rank-unknown input is a
    /// ValueError naming the layer.
    /// </summary>
    public Tensor flatten(object inputs, string? name = null)
    {
        const string fn = "tf.layers.flatten";
        var x = OpHelpers.ToTensor(inputs, fn);
        if (x.ndim < 1)
            throw new ValueError($"{fn}: the input {x.name} has shape {OpHelpers.Fmt(x.shape)}; it needs a known rank of at least 1 (the batch dimension). - help: give the placeholder a shape, e.g. [None, 28, 28].");
        var dims = x.shape.dims;
        long rest = 1;
        for (int i = 1; i < dims.Length; i++) rest = dims[i] < 0 || rest < 0 ? -1 : rest * dims[i];
        using (Binding.tf.variable_scope(string.IsNullOrEmpty(name) ? null : name, default_name: "flatten"))
        {
            var batch = Binding.tf.shape(x)[0];
            var y = Binding.tf.reshape(x, new object[] { batch, -1 });
            y.shape = new Shape(dims[0], rest);
            return y;
        }
    }
}

/// <summary>TF 1.0's layer machinery (base._Layer) shared by tf.layers.dense and tf.contrib.layers.fully_connected.</summary>
internal static partial class Layers
{
    /// <summary>
    /// TF 1.0's <c>core_layers.Dense(...).apply(inputs)</c>. <paramref name="scope"/>: a name or a VariableScope (TF's
    /// _scope), null for a new "dense" scope. <paramref name="rename"/> maps a variable's full name to the one made
    /// (fully_connected's kernel → weights); <paramref name="collections"/> are the variables' collections (null: TF's).
    /// </summary>
    internal static (Tensor outputs, Variable kernel, Variable? bias) Dense(string fn, Tensor inputs, int units, Func<Tensor, Tensor>? activation,
        bool useBias, object? kernelInitializer, object? biasInitializer, Func<Variable, Tensor?>? kernelRegularizer,
        Func<Variable, Tensor?>? biasRegularizer, Func<Tensor, Tensor?>? activityRegularizer, bool trainable, object? scope, bool? reuse,
        Func<string, string>? rename, string[]? collections)
    {
        var tf = Binding.tf;
        var g = inputs.graph;
        if (units <= 0)
            throw new ValueError($"{fn}: units must be a positive integer, got {units}. - help: pass the number of outputs, e.g. {fn}(x, 10).");
        var inShape = inputs.shape;
        if (!inShape.IsRankKnown)
            throw new ValueError($"Inputs to `Dense` should have known rank. - help: {fn}: give {inputs.name} a shape, e.g. a placeholder of shape [None, 784].");
        if (inShape.ndim < 2)
            throw new ValueError($"Inputs to `Dense` should have rank >= 2. - help: {fn}: {inputs.name} has shape {OpHelpers.Fmt(inShape)}; reshape it to [batch, features].");
        long inDim = inShape[-1];
        if (inDim < 0)
            throw new ValueError($"The last dimension of the inputs to `Dense` should be defined. Found `None`. - help: {fn}: {inputs.name} has shape {OpHelpers.Fmt(inShape)}; give its last dimension (the features) a size.");
        if (!inputs.dtype.is_floating())
            throw new TypeError($"{fn}: inputs must be floats, but {inputs.name} is {inputs.dtype.as_numpy_name()}. - help: tf.cast it to tf.float32.");
        var dtype = inputs.dtype;

        // _Layer.__init__: enters and leaves the layer's variable scope once, keeping it (TF 1.0's next(...gen)).
        VariableScope layerScope;
        using (var c = tf.variable_scope(scope, default_name: scope is null ? "dense" : null)) layerScope = c.scope;

        // _Layer.__call__: the scope again (with the reuse asked), its first name scope for the ops.
        using var vsc = tf.variable_scope(layerScope, reuse: reuse == true ? true : null);
        using var ns = g.PushScope(vsc.scope.original_name_scope.Length > 0 ? vsc.scope.original_name_scope : null);
        var kernel = Variable(g, "kernel", new Shape(inDim, units), dtype, kernelInitializer, kernelRegularizer, trainable, rename, collections);
        Variable? bias = useBias ? Variable(g, "bias", new Shape(units), dtype, biasInitializer, biasRegularizer, trainable, rename, collections) : null;

        int rank = inShape.ndim;
        Tensor x = inputs;
        Tensor? outShapeTensor = null;
        if (rank > 2)
        {
            var parts = tf.unstack(tf.shape(inputs)).Cast<object>().ToArray();
            parts[^1] = units;
            outShapeTensor = tf.stack(parts);
            x = tf.reshape(inputs, new Shape(-1, inDim));
        }
        var outputs = tf.matmul(x, kernel);
        if (bias is not null) outputs = tf.nn.bias_add(outputs, bias);
        if (outShapeTensor is not null)
        {
            outputs = tf.reshape(outputs, outShapeTensor);
            var d = inShape.dims;
            d[^1] = units;
            outputs.shape = new Shape(d);
        }
        if (activation is not null && !ArgScope.IsNone(activation)) outputs = activation(outputs);
        if (activityRegularizer is not null)
        {
            Tensor? loss;
            using (g.PushScope("ActivityRegularizer")) loss = activityRegularizer(outputs);
            if (loss is not null) g.AddToCollection(CollectionKeys.REGULARIZATION_LOSSES, loss);
        }
        return (outputs, kernel, bias);
    }

    // _Layer._add_variable through the scope's get_variable: the scope's initializer and regularizer are the defaults;
    // the regularizer is applied by the layer (name scope "<full name>/Regularizer", relative) to a new variable only.
    internal static Variable Variable(Graph g, string shortName, Shape shape, TF_DataType dtype, object? initializer,
        Func<Variable, Tensor?>? regularizer, bool trainable, Func<string, string>? rename, string[]? collections)
    {
        var store = g.VariableScopes;
        var scope = store.Current;
        string full = scope.name.Length > 0 ? scope.name + "/" + shortName : shortName;
        string made = rename?.Invoke(full) ?? full;
        var reg = regularizer is null ? scope.default_regularizer : ArgScope.IsNone(regularizer) ? null : regularizer;
        object? init = initializer is null ? scope.default_initializer : ArgScope.IsNone(initializer) ? scope.default_initializer : initializer;
        bool existed = store.Vars.ContainsKey(made);
        Variable v;
        using (g.PushScope(null))
            v = store.GetVariable(made, shape, dtype, init, null, scope.Reuse, trainable, collections, true);
        if (!existed && reg is not null)
        {
            Tensor? loss;
            using (g.PushScope(full + "/Regularizer")) loss = reg(v);
            if (loss is not null) g.AddToCollection(CollectionKeys.REGULARIZATION_LOSSES, loss);
        }
        return v;
    }
}
