namespace Bridge;

// Placeholders, variables, initializers, assignment and name scopes.
public sealed partial class tensorflow
{
    /// <summary>
    /// A value to feed at run time. Unknown dimensions are -1 (Python's None): <c>tf.placeholder(tf.float32, new[] { -1, 3 })</c>
    /// or <c>new int?[] { null, 3 }</c>.
    /// </summary>
    public Tensor placeholder(TF_DataType dtype, Shape? shape = null, string? name = null)
    {
        if (shape is null)
            throw new ValueError("tf.placeholder: Bridge needs the placeholder's rank. - help: pass a shape, with -1 (None) for dimensions of any size, e.g. tf.placeholder(tf.float32, new[] { -1, 3 }).");
        dtype.ClrType();
        return Bridge.Graph.Default.AddOp(OpKind.Placeholder, name ?? "Placeholder", [], null, [(shape, dtype)]).outputs[0];
    }

    /// <summary>A placeholder whose dtype is given by name, as TF 1.x accepts: "float" is float32.</summary>
    public Tensor placeholder(string dtype, Shape? shape = null, string? name = null) => placeholder(DTypes.Parse(dtype), shape, name);

    /// <summary>
    /// A variable initialised to <paramref name="initial_value"/> (a tensor such as tf.random_normal(...), or C# values).
    /// Names are made unique as in TF ("weight", "weight_1").
    /// </summary>
    public Variable Variable(object initial_value, string? name = null, bool trainable = true, TF_DataType dtype = TF_DataType.DtInvalid, bool validate_shape = true)
    {
        var g = Bridge.Graph.Default;
        var init = OpHelpers.ToTensor(initial_value, "tf.Variable", dtype);
        if (dtype != TF_DataType.DtInvalid && init.dtype != dtype) init = cast(init, dtype);
        if (!init.shape.IsFullyDefined && validate_shape)
            throw new ValueError($"tf.Variable: the initial value's shape {OpHelpers.Fmt(init.shape)} must be fully known. - help: initialise from a tensor of known shape.");
        string scope = g.UniqueName(name ?? "Variable");
        Operation storage, assignOp;
        Tensor snapshot;
        // TF 1.x: VariableV2, then Assign (the initializer) and Identity (the read snapshot): three op ids.
        using (g.EnterScopeExactly(scope))
        {
            storage = g.AddOpNamed(OpKind.VariableV2, scope, [], new VariableAttr(init.shape, init.dtype), [(init.shape, init.dtype)]);
            assignOp = g.AddOp(OpKind.Assign, "Assign", [storage.outputs[0], init], null, [(init.shape, init.dtype)]);
            snapshot = g.AddOp(OpKind.Identity, "read", [storage.outputs[0]], null, [(init.shape, init.dtype)]).outputs[0];
        }
        var v = new Variable(storage, assignOp, snapshot, init, trainable);
        g.AddVariable(v);
        return v;
    }

    /// <summary>One op that initialises every variable of the default graph (run it once before training).</summary>
    public Operation global_variables_initializer() => variables_initializer(global_variables(), "init");

    /// <summary>TF 1.0's name of global_variables_initializer.</summary>
    public Operation initialize_all_variables() => global_variables_initializer();

    /// <summary>One op that initialises the given variables.</summary>
    public Operation variables_initializer(IEnumerable<Variable> var_list, string name = "init")
    {
        var g = Bridge.Graph.Default;
        return g.AddOp(OpKind.NoOp, name, [], null, [], controlInputs: var_list.Select(v => v.initializer).ToArray());
    }

    /// <summary>Every variable of the default graph, in creation order.</summary>
    public Variable[] global_variables() => Bridge.Graph.Default.Variables.ToArray();

    /// <summary>The trainable variables of the default graph.</summary>
    public Variable[] trainable_variables() => Bridge.Graph.Default.Variables.Where(v => v.trainable).ToArray();

    /// <summary>Sets <paramref name="ref"/> to <paramref name="value"/> when run; returns the new value.</summary>
    public Tensor assign(Variable @ref, object value, bool validate_shape = true, string? name = null)
    {
        var t = OpHelpers.ToTensor(value, "tf.assign", @ref.dtype);
        if (t.dtype != @ref.dtype)
            throw new TypeError($"tf.assign: the value is {t.dtype.as_numpy_name()} but variable '{@ref.op_name}' is {@ref.dtype.as_numpy_name()}. - help: tf.cast the value.");
        if (validate_shape && t.shape.IsFullyDefined && t.shape != @ref.shape)
            throw new ValueError($"tf.assign: the value's shape {OpHelpers.Fmt(t.shape)} differs from variable '{@ref.op_name}' {OpHelpers.Fmt(@ref.shape)}. - help: reshape the value, or pass validate_shape: false.");
        var shape = validate_shape ? @ref.shape : t.shape;
        return @ref.graph.AddOp(OpKind.Assign, name ?? "Assign", [@ref.Ref, t], null, [(shape, t.dtype)]).outputs[0];
    }

    /// <summary>Adds <paramref name="value"/> to the variable when run; returns the new value.</summary>
    public Tensor assign_add(Variable @ref, object value, string? name = null) => Update(OpKind.AssignAdd, "assign_add", @ref, value, name ?? "AssignAdd");

    /// <summary>Subtracts <paramref name="value"/> from the variable when run; returns the new value.</summary>
    public Tensor assign_sub(Variable @ref, object value, string? name = null) => Update(OpKind.AssignSub, "assign_sub", @ref, value, name ?? "AssignSub");

    private static Tensor Update(OpKind kind, string fn, Variable v, object value, string name)
    {
        var t = OpHelpers.ToTensor(value, "tf." + fn, v.dtype);
        if (t.dtype != v.dtype)
            throw new TypeError($"tf.{fn}: the value is {t.dtype.as_numpy_name()} but variable '{v.op_name}' is {v.dtype.as_numpy_name()}. - help: tf.cast the value.");
        OpHelpers.Broadcast("tf." + fn, v.shape, t.shape);
        return v.graph.AddOp(kind, name, [v.Ref, t], null, [(v.shape, v.dtype)]).outputs[0];
    }

    /// <summary>Groups ops: one op that runs all of them (tf.group).</summary>
    public Operation group(params ITensorOrOperation[] inputs)
    {
        var ops = inputs.Select(i => i switch { Operation o => o, Tensor t => t.op, Variable v => v.initializer, _ => throw new TypeError("tf.group: pass tensors or operations.") }).ToArray();
        return Bridge.Graph.Default.AddOp(OpKind.NoOp, "group_deps", [], null, [], controlInputs: ops);
    }

    /// <summary>A name scope: ops created inside the using block get "scope/" names (shown grouped in TensorBoard).</summary>
    public IDisposable name_scope(string name) => Bridge.Graph.Default.PushScope(name);
}
