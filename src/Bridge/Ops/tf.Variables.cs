using Bridge.Kernels;

namespace Bridge;

// Placeholders, variables, initializers, assignment and name scopes.
public sealed partial class tensorflow
{
    /// <summary>
    /// A value to feed at run time. Unknown dimensions are -1 (Python's None): <c>tf.placeholder(tf.float32, new[] { -1, 3 })</c>
    /// or <c>new int?[] { null, 3 }</c>; without a shape, any value of the dtype can be fed (TF's shape of unknown rank),
    /// and the ops that use it check the fed shapes when the graph runs.
    /// </summary>
    public Tensor placeholder(TF_DataType dtype, Shape? shape = null, string? name = null)
    {
        dtype.ClrType();
        return StateOps.Placeholder.Build("tf.placeholder", name ?? "Placeholder", [], new VariableAttr(shape ?? Shape.Unknown, dtype), graph: Bridge.Graph.Default).outputs[0];
    }

    /// <summary>A placeholder whose dtype is given by name, as TF 1.x accepts: "float" is float32.</summary>
    public Tensor placeholder(string dtype, Shape? shape = null, string? name = null) => placeholder(DTypes.Parse(dtype), shape, name);

    /// <summary>
    /// TF 1.x's <c>tf.Variable(initial_value, trainable=True, collections=None, validate_shape=True,
    /// caching_device=None, name=None, variable_def=None, dtype=None, expected_shape=None, import_scope=None)</c>, in
    /// TF's positional order. <paramref name="initial_value"/> is a tensor (tf.random_normal(...)), C# values, or a
    /// function of no arguments making the value (TF accepts a callable; see the <c>Func&lt;object&gt;</c> overload):
    /// its ops are made under "name/Initializer/" before the variable, as TF makes them. A tensor of another dtype than
    /// <paramref name="dtype"/> is a ValueError, as in TF (values are converted to it). The variable goes to <paramref name="collections"/> (default GLOBAL_VARIABLES), and
    /// to TRAINABLE_VARIABLES when <paramref name="trainable"/>. Names are made unique as in TF ("weight", "weight_1").
    /// <paramref name="caching_device"/> and <paramref name="expected_shape"/> change nothing (no devices; TF 1.x
    /// ignores expected_shape); <paramref name="variable_def"/> and <paramref name="import_scope"/> (restoring from a
    /// protocol buffer) are not supported.
    /// </summary>
    public Variable Variable(object initial_value, bool trainable = true, IEnumerable<string>? collections = null, bool validate_shape = true,
        string? caching_device = null, string? name = null, object? variable_def = null, TF_DataType dtype = TF_DataType.DtInvalid,
        Shape? expected_shape = null, string? import_scope = null)
    {
        if (variable_def is not null || import_scope is not null)
            throw new NotImplementedException("tf.Variable: variable_def and import_scope (restoring a variable from a VariableDef protocol buffer) are not supported by Bridge. - help: create the variable from its initial value.");
        if (initial_value is null)
            throw new ValueError("tf.Variable: initial_value must be specified. - help: pass a tensor, a value or a function making one.");
        return MakeVariable(initial_value, trainable, collections, validate_shape, name, dtype, "tf.Variable");
    }

    /// <summary>
    /// A variable whose initial value a function makes (TF's callable initial_value), made under
    /// "name/Initializer/" before the variable's own ops: <c>tf.Variable(() =&gt; tf.random_normal(new[] { 3 }), name: "b")</c>.
    /// </summary>
    public Variable Variable(Func<object> initial_value, bool trainable = true, IEnumerable<string>? collections = null, bool validate_shape = true,
        string? caching_device = null, string? name = null, object? variable_def = null, TF_DataType dtype = TF_DataType.DtInvalid,
        Shape? expected_shape = null, string? import_scope = null) =>
        Variable((object)initial_value, trainable, collections, validate_shape, caching_device, name, variable_def, dtype, expected_shape, import_scope);

    // TF 1.x's Variable._init_from_args: a name scope "name" (unique), the initial value (a callable's ops under
    // "name/Initializer/"), then VariableV2 "name", Assign "name/Assign" and Identity "name/read" (three op ids).
    internal static Variable MakeVariable(object initial_value, bool trainable, IEnumerable<string>? collections, bool validate_shape,
        string? name, TF_DataType dtype, string fn)
    {
        var g = Bridge.Graph.Default;
        // TF's _init_from_args builds under control_dependencies(None): a variable made inside a
        // tf.control_dependencies block or a cond branch (an optimizer's slots) initialises unconditionally.
        using var noDependencies = g.ControlDependenciesScope(null);
        var cols = (collections ?? [CollectionKeys.GLOBAL_VARIABLES]).ToList();
        if (trainable && !cols.Contains(CollectionKeys.TRAINABLE_VARIABLES)) cols.Add(CollectionKeys.TRAINABLE_VARIABLES);
        string scope = g.UniqueName(name ?? "Variable");
        Operation storage, assignOp;
        Tensor snapshot, init;
        using (g.EnterScopeExactly(scope))
        {
            if (initial_value is Func<object> make)
            {
                using (g.PushScope("Initializer"))
                    init = InitialValue(make(), dtype, fn, g);
            }
            else init = InitialValue(initial_value, dtype, fn, g);
            if (!init.shape.IsFullyDefined && validate_shape)
                throw new ValueError($"{fn}: the initial value's shape {OpHelpers.Fmt(init.shape)} must be fully known (TF: initial_value must have a shape specified). - help: initialise from a tensor of known shape, or pass validate_shape: false.");
            StateOps.VariableV2.RequireDType(fn, init.dtype, "the initial value");
            storage = g.AddOpNamed(StateOps.VariableV2, scope, [], new VariableAttr(init.shape, init.dtype), [(init.shape, init.dtype)]);
            assignOp = StateOps.Assign.Build(fn, "Assign", [storage.outputs[0], init], new AssignAttr(ValidateShape: true));
            snapshot = StateOps.Identity.Build(fn, "read", [storage.outputs[0]]).outputs[0];
        }
        var v = new Variable(storage, assignOp, snapshot, init, trainable);
        g.AddVariable(v, cols);
        return v;
    }

    // TF's convert_to_tensor(initial_value, name="initial_value", dtype=dtype): a value becomes a Const of that name;
    // a tensor of another dtype than the one asked is an error, as in TF (Bridge casted it before; TF 1.x does not).
    private static Tensor InitialValue(object value, TF_DataType dtype, string fn, Bridge.Graph g)
    {
        if (value is Tensor or ITensorConvertible)
        {
            var t = OpHelpers.ToTensor(value, fn);
            if (dtype != TF_DataType.DtInvalid && t.dtype != dtype)
                throw new ValueError($"{fn}: the initial value is {t.dtype.as_numpy_name()}, not the dtype asked ({dtype.as_numpy_name()}) (TF: Tensor conversion requested dtype {dtype.as_numpy_name()} for Tensor with dtype {t.dtype.as_numpy_name()}). - help: tf.cast the initial value, or leave dtype out.");
            return t;
        }
        var v = OpHelpers.ToTensor(value, fn, dtype, name: "initial_value");
        return dtype != TF_DataType.DtInvalid && v.dtype != dtype ? Binding.tf.cast(v, dtype) : v;
    }

    /// <summary>One op that initialises every variable of the GLOBAL_VARIABLES collection (run it once before training).</summary>
    public Operation global_variables_initializer() => variables_initializer(global_variables(), "init");

    /// <summary>TF 1.0's name of global_variables_initializer (deprecated in TF 1.x).</summary>
    public Operation initialize_all_variables() => global_variables_initializer();

    /// <summary>
    /// One op that initialises the variables of the LOCAL_VARIABLES collection (TF's local_variables_initializer),
    /// and the epoch counters of <c>tf.train.string_input_producer(..., num_epochs: n)</c>, which TF keeps as local
    /// variables (Bridge as ops of their own; without this their first epoch is a FailedPreconditionError, as in TF).
    /// </summary>
    public Operation local_variables_initializer()
    {
        var g = Bridge.Graph.Default;
        var inits = local_variables().Select(v => v.initializer)
            .Concat(g.Operations.Where(o => o.Def == IoOps.LimitEpochsInit)).ToArray();
        return StateOps.NoOp.Build("tf.local_variables_initializer", "init", [], controlInputs: inits, graph: g);
    }

    /// <summary>TF 1.0's name of local_variables_initializer (deprecated in TF 1.x).</summary>
    public Operation initialize_local_variables() => local_variables_initializer();

    /// <summary>One op that initialises the given variables (TF: a NoOp with their initializers as control inputs).</summary>
    public Operation variables_initializer(IEnumerable<Variable> var_list, string name = "init")
    {
        var g = Bridge.Graph.Default;
        return StateOps.NoOp.Build("tf.variables_initializer", name, [], controlInputs: var_list.Select(v => v.initializer).ToArray(), graph: g);
    }

    /// <summary>TF 1.0's name of variables_initializer (deprecated in TF 1.x).</summary>
    public Operation initialize_variables(IEnumerable<Variable> var_list, string name = "init") => variables_initializer(var_list, name);

    /// <summary>
    /// The GLOBAL_VARIABLES collection of the default graph, in creation order; with <paramref name="scope"/>, those
    /// whose name matches it from the start (a regular expression, as TF's re.match).
    /// </summary>
    public Variable[] global_variables(string? scope = null) => get_collection(CollectionKeys.GLOBAL_VARIABLES, scope).OfType<Variable>().ToArray();

    /// <summary>TF 1.0's name of global_variables (deprecated in TF 1.x).</summary>
    public Variable[] all_variables() => global_variables();

    /// <summary>The TRAINABLE_VARIABLES collection (the variables optimizers update by default), filtered by <paramref name="scope"/> as <see cref="global_variables"/>.</summary>
    public Variable[] trainable_variables(string? scope = null) => get_collection(CollectionKeys.TRAINABLE_VARIABLES, scope).OfType<Variable>().ToArray();

    /// <summary>The LOCAL_VARIABLES collection (variables not saved or shared, e.g. metrics' counters), filtered by <paramref name="scope"/>.</summary>
    public Variable[] local_variables(string? scope = null) => get_collection(CollectionKeys.LOCAL_VARIABLES, scope).OfType<Variable>().ToArray();

    /// <summary>The MODEL_VARIABLES collection, filtered by <paramref name="scope"/>.</summary>
    public Variable[] model_variables(string? scope = null) => get_collection(CollectionKeys.MODEL_VARIABLES, scope).OfType<Variable>().ToArray();

    /// <summary>TF's tf.GraphKeys: the standard collection names (GLOBAL_VARIABLES is "variables" ...).</summary>
    public GraphKeys GraphKeys { get; } = new();

    /// <summary>Adds <paramref name="value"/> (any object) to the default graph's collection <paramref name="name"/> (TF's tf.add_to_collection).</summary>
    public void add_to_collection(string name, object value) => Bridge.Graph.Default.AddToCollection(name, value);

    /// <summary>Adds <paramref name="value"/> to each of the collections <paramref name="names"/> (each once).</summary>
    public void add_to_collections(IEnumerable<string> names, object value)
    {
        foreach (var n in names.Distinct()) add_to_collection(n, value);
    }

    /// <summary>
    /// A copy of the default graph's collection <paramref name="key"/> (empty when there is none). With
    /// <paramref name="scope"/>, only the items with a name that matches it from the start (TF's re.match on
    /// item.name; a .NET regular expression here); items without a name are left out then.
    /// </summary>
    public object[] get_collection(string key, string? scope = null)
    {
        var items = Bridge.Graph.Default.Collection(key);
        if (scope is null) return items.ToArray();
        System.Text.RegularExpressions.Regex re;
        try { re = new System.Text.RegularExpressions.Regex(@"\G(?:" + scope + ")"); }
        catch (ArgumentException e)
        {
            throw new ValueError($"tf.get_collection: scope '{scope}' is not a regular expression ({e.Message}). - help: give a name prefix such as \"layer1/\", escaping special characters.");
        }
        return items.Where(i => ItemName(i) is { } n && re.IsMatch(n)).ToArray();
    }

    /// <summary>The collection <paramref name="key"/> itself, created if missing (TF's get_collection_ref): changing the list changes the collection.</summary>
    public List<object> get_collection_ref(string key) => Bridge.Graph.Default.CollectionRef(key);

    private static string? ItemName(object item) => item switch
    {
        Variable v => v.name,
        Tensor t => t.name,
        Operation o => o.name,
        _ => null,
    };

    /// <summary>Sets <paramref name="ref"/> to <paramref name="value"/> when run; returns the new value.</summary>
    public Tensor assign(Variable @ref, object value, bool validate_shape = true, string? name = null)
    {
        var t = OpHelpers.ToTensor(value, "tf.assign", @ref.dtype);
        if (t.dtype != @ref.dtype)
            throw new TypeError($"tf.assign: the value is {t.dtype.as_numpy_name()} but variable '{@ref.op_name}' is {@ref.dtype.as_numpy_name()}. - help: tf.cast the value.");
        if (validate_shape && t.shape.IsFullyDefined && t.shape != @ref.shape)
            throw new ValueError($"tf.assign: the value's shape {OpHelpers.Fmt(t.shape)} differs from variable '{@ref.op_name}' {OpHelpers.Fmt(@ref.shape)}. - help: reshape the value, or pass validate_shape: false.");
        return StateOps.Assign.Build("tf.assign", name ?? "Assign", [@ref.Ref, t], new AssignAttr(validate_shape)).outputs[0];
    }

    /// <summary>Adds <paramref name="value"/> to the variable when run; returns the new value.</summary>
    public Tensor assign_add(Variable @ref, object value, string? name = null) => Update(StateOps.AssignAdd, "assign_add", @ref, value, name ?? "AssignAdd");

    /// <summary>Subtracts <paramref name="value"/> from the variable when run; returns the new value.</summary>
    public Tensor assign_sub(Variable @ref, object value, string? name = null) => Update(StateOps.AssignSub, "assign_sub", @ref, value, name ?? "AssignSub");

    private static Tensor Update(OpDef def, string fn, Variable v, object value, string name)
    {
        var t = OpHelpers.ToTensor(value, "tf." + fn, v.dtype);
        if (t.dtype != v.dtype)
            throw new TypeError($"tf.{fn}: the value is {t.dtype.as_numpy_name()} but variable '{v.op_name}' is {v.dtype.as_numpy_name()}. - help: tf.cast the value.");
        def.RequireDType("tf." + fn, t.dtype, "the value");
        return def.Build("tf." + fn, name, [v.Ref, t]).outputs[0];
    }

    /// <summary>Groups ops: one op that runs all of them (tf.group).</summary>
    public Operation group(params ITensorOrOperation[] inputs)
    {
        var ops = inputs.Select(i => i switch { Operation o => o, Tensor t => t.op, Variable v => v.initializer, _ => throw new TypeError("tf.group: pass tensors or operations.") }).ToArray();
        return StateOps.NoOp.Build("tf.group", "group_deps", [], controlInputs: ops, graph: Bridge.Graph.Default);
    }

    /// <summary>
    /// A name scope: ops created inside the using block get "scope/" names (shown grouped in TensorBoard). As TF: the
    /// name is made unique ("scope_1"); a name ending in "/" (a scope's <c>name</c>) re-enters that scope; null or ""
    /// is the top. Variable names from tf.get_variable ignore name scopes (they follow tf.variable_scope).
    /// </summary>
    public GraphScope name_scope(string? name) => Bridge.Graph.Default.PushScope(name);
}

/// <summary>Sources and state: constants, placeholders, variables and their writes (TF's constant_op, variable_ops, state_ops).</summary>
[OpFamily("state")]
internal static class StateOps
{
    public static readonly OpDef Const = new("Const", OpRole.Const)
    {
        Inputs = [],
        Attribute = typeof(ConstAttr),
        Functions = ["tf.constant"],
        DTypes = DTypeSet.All,
        Infer = c => [(c.A<ConstAttr>().Value.shape, c.A<ConstAttr>().Value.dtype)],
        NotDifferentiable = true,
    };

    public static readonly OpDef Placeholder = new("Placeholder", OpRole.Placeholder)
    {
        Inputs = [],
        Attribute = typeof(VariableAttr),
        Functions = ["tf.placeholder"],
        DTypes = DTypeSet.All,
        Infer = c => [(c.A<VariableAttr>().Shape, c.A<VariableAttr>().DType)],
        NotDifferentiable = true,
    };

    public static readonly OpDef VariableV2 = new("VariableV2", OpRole.Variable)
    {
        Inputs = [],
        Attribute = typeof(VariableAttr),
        Functions = ["tf.Variable"],
        DTypes = DTypeSet.Pod,
        TfOpIdsReason = "with its Assign (the initializer) and Identity (the read snapshot): three op ids for tf.Variable",
        Infer = c => [(c.A<VariableAttr>().Shape, c.A<VariableAttr>().DType)],
        NotDifferentiable = true,
    };

    public static readonly OpDef Identity = new("Identity")
    {
        Inputs = ["input"],
        Functions = ["tf.identity", "Variable (its read snapshot)"],
        DTypes = DTypeSet.All,
        Infer = Ops.SameAsInput,
        ChecksShapesAtRunTime = false,
        Managed = (_, x) => [x[0]],
        Gradient = (_, dy) => [dy[0]],
    };

    public static readonly OpDef Assign = new("Assign")
    {
        Inputs = ["ref", "value"],
        Attribute = typeof(AssignAttr),
        Functions = ["tf.assign", "Variable.assign"],
        DTypes = DTypeSet.Pod,
        WrittenVariables = 1,
        Infer = c =>
        {
            // validate_shape: the value must have the variable's shape (checked again when the value's shape was partly unknown).
            Shape variable = c.Shapes[0], value = c.Shapes[1];
            if (c.A<AssignAttr>().ValidateShape && !variable.is_compatible_with(value))
                throw new ValueError($"{c.Fn}: the value's shape {OpHelpers.Fmt(value)} differs from the variable's {OpHelpers.Fmt(variable)}. - help: reshape the value, or pass validate_shape: false.");
            return [(c.A<AssignAttr>().ValidateShape ? variable : value, c.DTypes[1])];
        },
        Managed = (_, x) => [x[1]], // arrays are never mutated: sharing is a copy
        NotDifferentiable = true,
    };

    public static readonly OpDef AssignAdd = new("AssignAdd")
    {
        Inputs = ["ref", "value"],
        Functions = ["tf.assign_add", "Variable.assign_add"],
        DTypes = DTypeSet.RealNumbers,
        WrittenVariables = 1,
        Infer = c => { OpHelpers.Broadcast(c.Fn, c.Shapes[0], c.Shapes[1]); return [(c.Shapes[0], c.DTypes[0])]; },
        Managed = (_, x) => [ManagedKernels.Binary<Plus>(x[0], x[1])],
        NotDifferentiable = true,
    };

    public static readonly OpDef AssignSub = new("AssignSub")
    {
        Inputs = ["ref", "value"],
        Functions = ["tf.assign_sub", "Variable.assign_sub"],
        DTypes = DTypeSet.RealNumbers,
        WrittenVariables = 1,
        Infer = c => { OpHelpers.Broadcast(c.Fn, c.Shapes[0], c.Shapes[1]); return [(c.Shapes[0], c.DTypes[0])]; },
        Managed = (_, x) => [ManagedKernels.Binary<Minus>(x[0], x[1])],
        NotDifferentiable = true,
    };

    public static readonly OpDef NoOp = new("NoOp", OpRole.NoOp)
    {
        Inputs = [],
        Functions = ["tf.group", "tf.global_variables_initializer", "tf.variables_initializer", "Optimizer.minimize"],
        DTypes = DTypeSet.All,
        Infer = Ops.Nothing,
        NotDifferentiable = true,
    };
}

/// <summary>A constant's value.</summary>
internal sealed record ConstAttr(NDArray Value);

/// <summary>A variable's or a placeholder's declared shape and dtype (a variable's storage is in the session).</summary>
internal sealed record VariableAttr(Shape Shape, TF_DataType DType);

/// <summary>assign: whether the value must have the variable's shape.</summary>
internal sealed record AssignAttr(bool ValidateShape);
