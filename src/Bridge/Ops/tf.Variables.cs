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
            StateOps.VariableV2.RequireDType("tf.Variable", init.dtype, "the initial value");
            storage = g.AddOpNamed(StateOps.VariableV2, scope, [], new VariableAttr(init.shape, init.dtype), [(init.shape, init.dtype)]);
            assignOp = StateOps.Assign.Build("tf.Variable", "Assign", [storage.outputs[0], init], new AssignAttr(ValidateShape: true));
            snapshot = StateOps.Identity.Build("tf.Variable", "read", [storage.outputs[0]]).outputs[0];
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
        return StateOps.NoOp.Build("tf.variables_initializer", name, [], controlInputs: var_list.Select(v => v.initializer).ToArray(), graph: g);
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

    /// <summary>A name scope: ops created inside the using block get "scope/" names (shown grouped in TensorBoard).</summary>
    public GraphScope name_scope(string name) => Bridge.Graph.Default.PushScope(name);
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
