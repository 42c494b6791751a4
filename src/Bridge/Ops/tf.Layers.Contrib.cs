namespace Bridge;

// TF 1.x's tf.contrib.layers.fully_connected and flatten (TF 1.0's contrib/layers/python/layers/layers.py), both
// @add_arg_scope: arguments left null take the innermost tf.contrib.framework.arg_scope's values, else TF's defaults.
public sealed partial class contrib_layers_api
{
    private static readonly string[] FullyConnectedArgs =
    [
        "activation_fn", "normalizer_fn", "normalizer_params", "weights_initializer", "weights_regularizer", "biases_initializer",
        "biases_regularizer", "reuse", "variables_collections", "outputs_collections", "trainable", "scope",
    ];

    /// <summary>
    /// TF 1.x's tf.contrib.layers.fully_connected(inputs, num_outputs, activation_fn=tf.nn.relu, normalizer_fn=None,
    /// normalizer_params=None, weights_initializer=xavier_initializer(), weights_regularizer=None,
    /// biases_initializer=tf.zeros_initializer(), biases_regularizer=None, reuse=None, variables_collections=None,
    /// outputs_collections=None, trainable=True, scope=None): TF 1.0's Dense layer in the variable scope
    /// <paramref name="scope"/> (else "fully_connected", "fully_connected_1" ...), its variables named "weights" and
    /// "biases" and put in MODEL_VARIABLES too, then <c>normalizer_fn(outputs, normalizer_params)</c>, then
    /// <c>activation_fn</c>. There is no bias when a normalizer is given or <paramref name="biases_initializer"/> is
    /// TF's None (<see cref="ArgScope.None"/>), as in TF. Every argument but the first two may come from an arg_scope:
    /// null means "not given" (the arg_scope's, else TF's default); TF's explicit None is
    /// <see cref="ArgScope.NoActivation"/>, <see cref="ArgScope.NoNormalizer"/>, <see cref="ArgScope.NoRegularizer"/>
    /// or <see cref="ArgScope.None"/>. <paramref name="normalizer_fn"/> takes the outputs and the parameters (TF's
    /// keyword arguments), e.g. <c>(x, p) =&gt; tf.contrib.layers.batch_norm(x, ...)</c>.
    /// <paramref name="variables_collections"/>: a list of collection names for both variables, or a dictionary
    /// {"weights": [...], "biases": [...]}; <paramref name="outputs_collections"/> get the output. Bad input as TF's:
    /// see tf.layers.dense; num_outputs &lt;= 0 is a ValueError.
    /// </summary>
    [AddArgScope("tf.contrib.layers.fully_connected")]
    public Tensor fully_connected(object inputs, int num_outputs, Func<Tensor, Tensor>? activation_fn = null,
        Func<Tensor, IReadOnlyDictionary<string, object?>?, Tensor>? normalizer_fn = null, IReadOnlyDictionary<string, object?>? normalizer_params = null,
        object? weights_initializer = null, Func<Variable, Tensor?>? weights_regularizer = null, object? biases_initializer = null,
        Func<Variable, Tensor?>? biases_regularizer = null, bool? reuse = null, object? variables_collections = null,
        IEnumerable<string>? outputs_collections = null, bool? trainable = null, string? scope = null)
    {
        const string fn = "tf.contrib.layers.fully_connected";
        var a = ArgScope.For("tf.contrib.layers.fully_connected");
        a.Check(fn, FullyConnectedArgs);
        var activation = a.Get(nameof(activation_fn), activation_fn, (Func<Tensor, Tensor>)(t => Binding.tf.nn.relu(t)));
        var normalizer = a.Get(nameof(normalizer_fn), normalizer_fn, null);
        var normParams = a.Get(nameof(normalizer_params), normalizer_params, null);
        bool weightsInitNone = a.IsNone(nameof(weights_initializer), weights_initializer);
        var weightsInit = a.Get(nameof(weights_initializer), weights_initializer, Binding.tf.contrib.layers.xavier_initializer());
        var weightsReg = a.Get(nameof(weights_regularizer), weights_regularizer, null);
        var biasesInit = a.Get(nameof(biases_initializer), biases_initializer, new Zeros(TF_DataType.TF_FLOAT));
        var biasesReg = a.Get(nameof(biases_regularizer), biases_regularizer, null);
        bool? reuseArg = a.Get<bool>(nameof(reuse), reuse, false) ? true : null;
        var varCollections = a.Get(nameof(variables_collections), variables_collections, null);
        var outCollections = a.Get(nameof(outputs_collections), outputs_collections, null);
        bool isTrainable = a.Get(nameof(trainable), trainable, true);
        var scopeName = a.Get(nameof(scope), scope, null);
        if (num_outputs <= 0)
            throw new ValueError($"num_outputs should be a positive int, got {num_outputs}. - help: {fn}(inputs, num_outputs): the layer's number of outputs, e.g. 10.");

        var g = Graph.Default;
        using var sc = Binding.tf.variable_scope(string.IsNullOrEmpty(scopeName) ? null : scopeName, default_name: "fully_connected", reuse: reuseArg == true ? true : null);
        var x = OpHelpers.ToTensor(inputs, fn);
        bool useBias = normalizer is null && biasesInit is not null;
        string[] modelCollections = [CollectionKeys.GLOBAL_VARIABLES, CollectionKeys.MODEL_VARIABLES];
        var (outputs, kernel, bias) = Layers.Dense(fn, x, num_outputs, null, useBias, weightsInitNone ? ArgScope.None : weightsInit,
            biasesInit, weightsReg, biasesReg, null, // TF's None regularizer: the variable scope's, as in TF
            isTrainable, sc.scope, reuseArg, Rename, modelCollections);
        AddToCollections(g, kernel, varCollections, "weights", fn);
        if (bias is not null) AddToCollections(g, bias, varCollections, "biases", fn);
        if (normalizer is not null) outputs = normalizer(outputs, normParams ?? new Dictionary<string, object?>());
        if (activation is not null) outputs = activation(outputs);
        return CollectNamedOutputs(g, outCollections, outputs);
    }

    /// <summary>
    /// <see cref="fully_connected(object, int, Func{Tensor, Tensor}?, Func{Tensor, IReadOnlyDictionary{string, object?}?, Tensor}?, IReadOnlyDictionary{string, object?}?, object?, Func{Variable, Tensor?}?, object?, Func{Variable, Tensor?}?, bool?, object?, IEnumerable{string}?, bool?, string?)"/>
    /// with the activation given as a tf function itself, e.g. <c>activation_fn: tf.nn.sigmoid</c>.
    /// </summary>
    [AddArgScope("tf.contrib.layers.fully_connected")]
    public Tensor fully_connected(object inputs, int num_outputs, Func<object, string?, Tensor> activation_fn,
        Func<Tensor, IReadOnlyDictionary<string, object?>?, Tensor>? normalizer_fn = null, IReadOnlyDictionary<string, object?>? normalizer_params = null,
        object? weights_initializer = null, Func<Variable, Tensor?>? weights_regularizer = null, object? biases_initializer = null,
        Func<Variable, Tensor?>? biases_regularizer = null, bool? reuse = null, object? variables_collections = null,
        IEnumerable<string>? outputs_collections = null, bool? trainable = null, string? scope = null) =>
        fully_connected(inputs, num_outputs, ArgScope.Activation(activation_fn), normalizer_fn, normalizer_params, weights_initializer, weights_regularizer,
            biases_initializer, biases_regularizer, reuse, variables_collections, outputs_collections, trainable, scope);

    // fully_connected's variable getter: "<scope>/kernel" and "<scope>/bias" become "<scope>/weights" and "<scope>/biases".
    private static string Rename(string full)
    {
        int i = full.LastIndexOf('/');
        string last = full[(i + 1)..];
        string renamed = last switch { "kernel" => "weights", "bias" => "biases", _ => last };
        return i < 0 ? renamed : full[..(i + 1)] + renamed;
    }

    // TF's _add_variable_to_collections with utils.get_variable_collections.
    private static void AddToCollections(Graph g, Variable v, object? collections, string name, string fn)
    {
        IEnumerable<string>? names = collections switch
        {
            null => null,
            string s => [s],
            IDictionary<string, IEnumerable<string>> d => d.TryGetValue(name, out var l) ? l : null,
            IReadOnlyDictionary<string, object?> d => d.TryGetValue(name, out var l) ? l switch { null => null, string s => [s], IEnumerable<string> e => e, _ => Bad(l) } : null,
            System.Collections.IDictionary d => d.Contains(name) ? d[name] switch { null => null, string s => [s], IEnumerable<string> e => e, var o => Bad(o) } : null,
            IEnumerable<string> e => e,
            _ => Bad(collections),
        };
        IEnumerable<string> Bad(object o) => throw new TypeError($"{fn}: variables_collections must be a list of collection names or a dictionary of them by variable ('weights', 'biases'), not {o.GetType().Name}. - help: e.g. new[] {{ \"my_vars\" }}.");
        if (names is null) return;
        foreach (var c in names)
            if (!g.Collection(c).Contains(v)) g.AddToCollection(c, v);
    }

    // TF's utils.collect_named_outputs: the output added to each collection (Bridge keeps no tensor aliases).
    private static Tensor CollectNamedOutputs(Graph g, IEnumerable<string>? collections, Tensor outputs)
    {
        if (collections is not null)
            foreach (var c in collections)
                g.AddToCollection(c, outputs);
        return outputs;
    }

    /// <summary>
    /// TF 1.x's tf.contrib.layers.flatten(inputs, outputs_collections=None, scope=None): <c>tf.reshape(inputs, [-1, k])</c>,
    /// k the product of the dimensions after the first, in the name scope <paramref name="scope"/> (else "Flatten"),
    /// static shape [batch, k]. Errors as TF's ValueErrors: rank unknown or &lt; 2 ("Inputs must have a least 2
    /// dimensions."), a dimension after the first unknown ("Inputs 2nd dimension must be defined."). An arg_scope may
    /// set outputs_collections and scope.
    /// </summary>
    [AddArgScope("tf.contrib.layers.flatten")]
    public Tensor flatten(object inputs, IEnumerable<string>? outputs_collections = null, string? scope = null)
    {
        const string fn = "tf.contrib.layers.flatten";
        var a = ArgScope.For("tf.contrib.layers.flatten");
        a.Check(fn, "outputs_collections", "scope");
        var outCollections = a.Get(nameof(outputs_collections), outputs_collections, null);
        var scopeName = a.Get(nameof(scope), scope, null);
        var g = Graph.Default;
        using var ns = g.PushScope(string.IsNullOrEmpty(scopeName) ? "Flatten" : scopeName);
        var x = OpHelpers.ToTensor(inputs, fn);
        var shape = x.shape;
        if (!shape.IsRankKnown || shape.ndim < 2)
            throw new ValueError($"Inputs must have a least 2 dimensions. - help: {fn}: {x.name} has shape {OpHelpers.Fmt(shape)}; it needs [batch, ...].");
        var dims = shape.dims;
        long k = 1;
        for (int i = 1; i < dims.Length; i++)
        {
            if (dims[i] < 0)
                throw new ValueError($"Inputs 2nd dimension must be defined. - help: {fn}: {x.name} has shape {OpHelpers.Fmt(shape)}; every dimension after the first must be known.");
            k *= dims[i];
        }
        var y = Binding.tf.reshape(x, new Shape(-1, k));
        return CollectNamedOutputs(g, outCollections, y);
    }
}
