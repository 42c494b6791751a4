namespace Bridge;

/// <summary>
/// One graph op, defined in one place (as JAX defines a primitive, or TF an op with REGISTER_OP, its shape function
/// and RegisterGradient): its TF type name, the dtypes TF 1.x registers CPU kernels for, how many op ids TF 1.x
/// creates for it, its static shape and dtype inference (also used at run time where the static shapes were only
/// partly known), its gradient rule or an explicit "not differentiable", and its managed reference kernel. The
/// libtorch backend may add a faster kernel for it (Engine/Torch/TorchKernels.cs); without one the op runs managed.
/// Definitions are the static <see cref="OpDef"/> fields of <see cref="Ops"/> (one partial file per family, next to
/// the <c>tf.*</c> functions that build them); <see cref="Ops.All"/> finds them all.
/// </summary>
internal sealed class OpDef
{
    public OpDef(string type, OpRole role = OpRole.Kernel)
    {
        Type = type;
        Role = role;
    }

    /// <summary>TF's op type name ("MatMul", "Sum"), shown by <c>op.type</c> and in the graph TensorBoard draws.</summary>
    public string Type { get; }

    /// <summary>Who evaluates it: a kernel (most ops) or the executor itself (sources and state).</summary>
    public OpRole Role { get; }

    /// <summary>The family it belongs to in the op reference ("math", "array", ...); set by <see cref="Ops"/>.</summary>
    public string Family { get; internal set; } = "";

    /// <summary>The <c>tf.*</c> functions that build it, as users call them ("tf.matmul"); empty for internal ops.</summary>
    public string[] Functions { get; init; } = [];

    /// <summary>Its inputs, by TF's names; a leading <c>*</c> marks a list of one or more ("*values").</summary>
    public required string[] Inputs { get; init; }

    /// <summary>The type of its attribute record (Graph/Attrs.cs: axes, flags, hyper-parameters); null when it has none.</summary>
    public Type? Attribute { get; init; }

    /// <summary>
    /// The dtypes TF 1.x registers CPU kernels for (of the op's "T" inputs, or of its output for sources); any other
    /// dtype is a TypeError when the graph is built.
    /// </summary>
    public required DTypeSet DTypes { get; init; }

    /// <summary>Which input carries the op's "T", the dtype <see cref="DTypes"/> lists (Select's is its x, not its bool condition).</summary>
    public int DTypeInput { get; init; }

    /// <summary>How many op ids TF 1.x's Python function creates for it (the node's own included); random seeds depend on it.</summary>
    public int TfOpIds { get; init; } = 1;

    /// <summary>Why <see cref="TfOpIds"/> is what it is (e.g. "a Const for the reduction indices, then Sum").</summary>
    public string? TfOpIdsReason { get; init; }

    /// <summary>The output shapes and dtypes from the inputs' (static at build time, concrete at run time); throws naming the op.</summary>
    public required InferFn Infer { get; init; }

    /// <summary>
    /// Whether the run re-checks the shapes (with <see cref="Infer"/>) when the static input shapes were not fully
    /// known. False for ops that accept any shape (element-wise unary ops): nothing could fail.
    /// </summary>
    public bool ChecksShapesAtRunTime { get; init; } = true;

    /// <summary>The gradient rule (input gradients from output gradients), TF 1.x's formulas; null when not differentiable.</summary>
    public GradientFn? Gradient { get; init; }

    /// <summary>TF's NotDifferentiable: no gradient flows through (comparisons, shapes, arg-max ...).</summary>
    public bool NotDifferentiable { get; init; }

    /// <summary>
    /// Why Bridge has no gradient rule for an op TF 1.x differentiates: tf.gradients through it is a LookupError saying
    /// so (never a silent zero).
    /// </summary>
    public string? NoGradientYet { get; init; }

    /// <summary>The managed reference kernel, on NDArrays; null for ops the executor evaluates itself.</summary>
    public ManagedKernel? Managed { get; init; }

    /// <summary>Whether <see cref="Managed"/> computes inputs of these ranks; null: all of them.</summary>
    public Func<int[], bool>? ManagedHandles { get; init; }

    /// <summary>How many leading inputs are variables (refs) the op writes: 0 for ops that write nothing.</summary>
    public int WrittenVariables { get; init; }

    /// <summary>Where Bridge differs from TF 1.x, if anywhere (shown by <c>bridge ops</c>).</summary>
    public string? Differences { get; init; }

    /// <summary>Adds a node of this op to <paramref name="graph"/>: checks dtypes, infers shapes, counts TF's op ids.</summary>
    /// <param name="fn">The user-facing function, for error messages ("tf.matmul").</param>
    /// <param name="name">The node's name before the graph makes it unique ("MatMul").</param>
    /// <param name="inputs">The input tensors, as <see cref="Inputs"/> declares them.</param>
    /// <param name="attr">The attribute record, of type <see cref="Attribute"/>.</param>
    /// <param name="extraTfOpIds">Op ids beyond <see cref="TfOpIds"/> that this call makes TF 1.x create (say why at the call).</param>
    /// <param name="controlInputs">Ops that must run first (a NoOp's group).</param>
    /// <param name="graph">The graph, when there are no inputs to take it from (default: the default graph).</param>
    public Operation Build(string fn, string name, Tensor[] inputs, object? attr = null, int extraTfOpIds = 0,
        Operation[]? controlInputs = null, Graph? graph = null)
    {
        CheckArity(inputs.Length, attr);
        graph ??= inputs.Length > 0 ? inputs[0].graph : Graph.Default;
        // The dtype rule: one input carries the op's "T" (an index, a variable, a gradient ...), checked for every op.
        if (inputs.Length > DTypeInput) RequireDType(fn, inputs[DTypeInput].dtype);
        var outputs = Infer(new OpContext(fn, this, Array.ConvertAll(inputs, t => t.shape), Array.ConvertAll(inputs, t => t.dtype), attr, RunTime: false));
        // Bounded memory: an output whose shape is known now and too large fails here, before anything is allocated.
        foreach (var (shape, dtype) in outputs)
            if (shape.IsFullyDefined) Runtime.MemoryGuard.Check(fn, shape.dims, dtype);
        return graph.AddOp(this, name, inputs, attr, outputs, TfOpIds + extraTfOpIds, controlInputs);
    }

    // A mismatch is a bug in a builder, not a user's error: the tf.* functions always pass what their op declares.
    private void CheckArity(int count, object? attr)
    {
        bool list = Inputs.Length > 0 && Inputs[^1].StartsWith('*');
        if (list ? count < Inputs.Length : count != Inputs.Length)
            throw new InvalidOperationException($"{Type} takes inputs ({string.Join(", ", Inputs)}), not {count}");
        if (Attribute is null ? attr is not null : attr?.GetType() != Attribute)
            throw new InvalidOperationException($"{Type} takes {(Attribute?.Name ?? "no attribute")}, not {attr?.GetType().Name ?? "none"}");
    }

    /// <summary>Throws TF's TypeError unless <paramref name="dtype"/> is one this op has kernels for.</summary>
    public void RequireDType(string fn, TF_DataType dtype, string what = "the input")
    {
        if (DTypes.Contains(dtype)) return;
        throw new TypeError($"{fn}: {what} has dtype {dtype.as_numpy_name()}, but TF 1.x's {Type} has kernels for {DTypes} only. - help: tf.cast it first, e.g. tf.cast(x, tf.{DTypes.Preferred.as_numpy_name()}).");
    }

    public override string ToString() => Type;
}

/// <summary>Who evaluates an op.</summary>
internal enum OpRole
{
    /// <summary>A kernel computes the outputs from the inputs.</summary>
    Kernel,

    /// <summary>A constant: its value is cached by the session.</summary>
    Const,

    /// <summary>A value fed at run time.</summary>
    Placeholder,

    /// <summary>A stateful random op: the session keeps one Philox stream per op.</summary>
    Random,

    /// <summary>A variable's storage (its ref).</summary>
    Variable,

    /// <summary>No output: groups control inputs.</summary>
    NoOp,

    /// <summary>
    /// A stateful input-pipeline op (queues, readers, their enqueue and dequeue): the session's
    /// <see cref="Runtime.InputPipeline"/> evaluates it on its resources.
    /// </summary>
    Resource,

    /// <summary>
    /// TF's control-flow primitives (Switch, Merge): the executor forwards their input to one output and marks the
    /// others dead (TF's dead-tensor semantics, which make only the taken branch of a tf.cond run).
    /// </summary>
    ControlFlow,
}

/// <summary>What shape inference sees: the inputs' shapes and dtypes and the attribute; at run time the shapes are concrete.</summary>
internal sealed record OpContext(string Fn, OpDef Def, Shape[] Shapes, TF_DataType[] DTypes, object? Attr, bool RunTime)
{
    /// <summary>The attribute, typed.</summary>
    public T A<T>() where T : class => (T)Attr!;
}

/// <summary>Output shapes and dtypes of one op.</summary>
internal delegate (Shape shape, TF_DataType dtype)[] InferFn(OpContext c);

/// <summary>Input gradients (null where none flows) from output gradients (null for outputs nothing depends on).</summary>
internal delegate Tensor?[] GradientFn(Operation op, Tensor?[] dy);

/// <summary>A managed kernel: output values from input values.</summary>
internal delegate NDArray[] ManagedKernel(Operation op, NDArray[] x);

/// <summary>A set of dtypes, printed as TF's names ("float32, float64").</summary>
internal readonly struct DTypeSet(params TF_DataType[] dtypes)
{
    private readonly TF_DataType[] _dtypes = dtypes;

    public IReadOnlyList<TF_DataType> Items => _dtypes ?? [];

    public bool Contains(TF_DataType t) => Array.IndexOf(_dtypes ?? [], t) >= 0;

    /// <summary>The dtype a help message suggests casting to.</summary>
    public TF_DataType Preferred => Contains(TF_DataType.TF_FLOAT) || Items.Count == 0 ? TF_DataType.TF_FLOAT : Items[0];

    public override string ToString() => string.Join(", ", Items.Select(t => t.as_numpy_name()));

    private const TF_DataType F32 = TF_DataType.TF_FLOAT, F64 = TF_DataType.TF_DOUBLE, I32 = TF_DataType.TF_INT32,
        I64 = TF_DataType.TF_INT64, U8 = TF_DataType.TF_UINT8, I16 = TF_DataType.TF_INT16, I8 = TF_DataType.TF_INT8,
        B = TF_DataType.TF_BOOL, S = TF_DataType.TF_STRING;

    /// <summary>float32, float64.</summary>
    public static DTypeSet Floats { get; } = new(F32, F64);

    /// <summary>float32, float64, int32, int64.</summary>
    public static DTypeSet FloatsAndWideInts { get; } = new(F32, F64, I32, I64);

    /// <summary>Every real number type Bridge has (TF's TF_CALL_REAL_NUMBER_TYPES restricted to them).</summary>
    public static DTypeSet RealNumbers { get; } = new(F32, F64, I32, I64, U8, I16, I8);

    /// <summary>Every numeric type and bool.</summary>
    public static DTypeSet Pod { get; } = new(F32, F64, I32, I64, U8, I16, I8, B);

    /// <summary>Every dtype Bridge has, strings included.</summary>
    public static DTypeSet All { get; } = new(F32, F64, I32, I64, U8, I16, I8, B, S);

    /// <summary>A string scalar (summaries).</summary>
    public static DTypeSet Strings { get; } = new(S);

    /// <summary>An explicit set.</summary>
    public static DTypeSet Of(params TF_DataType[] dtypes) => new(dtypes);
}
