namespace Bridge;

/// <summary>
/// The closed vocabulary of graph operations. Adding an op means: one member here, one builder in an Ops/tf.*.cs
/// file (static shape and dtype), one kernel arm in the engine, one parity test.
/// </summary>
internal enum OpKind
{
    // Sources
    Const,
    Placeholder,
    RandomNormal,
    RandomUniform,

    // Element-wise unary
    Neg,
    Square,
    Sqrt,
    Exp,
    Log,
    Abs,
    Sigmoid,
    Cast,

    // Element-wise binary (numpy broadcasting)
    Add,
    Sub,
    Mul,
    RealDiv,
    Equal,
    NotEqual,
    Greater,
    Less,
    GreaterEqual,
    LessEqual,

    // Reductions
    Sum,
    Mean,
    Max,
    Min,
    Prod,
    ArgMax,
    ArgMin,

    // Shapes and arrays
    Shape,
    Rank,
    Size,
    Reshape,
    Squeeze,
    ExpandDims,
    Transpose,
    OneHot,
    Pack,
    Unpack,
    Concat,
    OnesLike,
    ZerosLike,
    Fill,
    StridedSlice,

    // Linear algebra and neural networks
    MatMul,
    Softmax,

    // State: a variable's storage (its ref), its read snapshot, and the ops that write it. Writes run after
    // every computed value of the run (see Executor), in a deterministic order.
    VariableV2,
    Identity,
    Assign,
    AssignAdd,
    AssignSub,
    ApplyGradientDescent,
    ApplyAdam,
    NoOp,

    // Gradient helpers (built by Train/Gradients.cs)
    AddN,
    Reciprocal,
    Sign,
    SigmoidGrad,
    SumToShape,
    BroadcastToShape,
    ReshapeLike,
    StridedSliceGrad,

    // Summaries (serialized Summary protobufs, as TF's summary ops produce)
    ScalarSummary,
    HistogramSummary,
    MergeSummary,
}

/// <summary>Facts about op kinds that both the planner and the executor need.</summary>
internal static class OpKinds
{
    /// <summary>How many of an op's leading inputs are variables (refs) that it writes: 0 for ops that write nothing.</summary>
    public static int WrittenVariables(Operation op) => op.Kind switch
    {
        OpKind.Assign or OpKind.AssignAdd or OpKind.AssignSub or OpKind.ApplyGradientDescent => 1,
        OpKind.ApplyAdam => 3,
        _ => 0,
    };
}
