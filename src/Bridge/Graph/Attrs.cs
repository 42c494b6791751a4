namespace Bridge;

// Attribute records of the ops that carry more than their inputs. Each is built by one op family (Ops/tf.*.cs)
// and read by the engine's kernels.

/// <summary>A constant's value.</summary>
internal sealed record ConstAttr(NDArray Value);

/// <summary>A random op: TF 1.x seeds, output shape and dtype, and the affine map applied to the raw draws.</summary>
internal sealed record RandomAttr(long Seed, long Seed2, Shape Shape, TF_DataType DType, float Scale = 1, float Shift = 0, float Min = 0, float Max = 1);

/// <summary>
/// Reduction axes and keepdims. When the input's rank is known the axes are normalised (0..rank-1, sorted, distinct);
/// when it is not, <see cref="Axes"/> holds the axes as given (null: all) and each run resolves them against its rank.
/// </summary>
internal sealed record ReduceAttr(int[]? Axes, bool KeepDims, bool Resolved = true)
{
    /// <summary>The normalised axes for an input of rank <paramref name="rank"/>.</summary>
    public int[] AxesFor(int rank) => Resolved ? Axes! : OpHelpers.Axes("reduction", Axes is null ? null : new Axis(Axes), rank);
}

/// <summary>One axis (argmax, softmax, squeeze, expand_dims, stack, concat, one_hot...).</summary>
internal sealed record AxisAttr(int Axis);

/// <summary>A target shape (reshape, with at most one -1) or an output shape (fill).</summary>
internal sealed record ShapeAttr(long[] Dims);

/// <summary>A dtype (cast, shape, argmax output type).</summary>
internal sealed record DTypeAttr(TF_DataType DType);

/// <summary>Squeeze: the axes to drop (empty: every size-1 axis).</summary>
internal sealed record SqueezeAttr(int[] Axes);

/// <summary>Transpose: the permutation.</summary>
internal sealed record PermAttr(int[] Perm);

/// <summary>one_hot: depth, on and off values, output axis (normalised), output dtype.</summary>
internal sealed record OneHotAttr(int Depth, double On, double Off, int Axis, TF_DataType DType);

/// <summary>matmul: transpose flags.</summary>
internal sealed record MatMulAttr(bool TransposeA, bool TransposeB);

/// <summary>Fill: value and dtype of ones/zeros/ones_like/zeros_like; the shape for ones/zeros (the *_like ops take their input's).</summary>
internal sealed record FillAttr(double Value, TF_DataType DType, long[]? Dims = null);

/// <summary>A variable's or a placeholder's declared shape and dtype (a variable's storage is in the session).</summary>
internal sealed record VariableAttr(Shape Shape, TF_DataType DType);

/// <summary>Gradient descent's learning rate.</summary>
internal sealed record GradientDescentAttr(float LearningRate);

/// <summary>Adam's hyper-parameters (TF 1.x's ApplyAdam).</summary>
internal sealed record AdamAttr(float LearningRate, float Beta1, float Beta2, float Epsilon);

/// <summary>A summary's tag.</summary>
internal sealed record SummaryAttr(string Tag);

/// <summary>Gradient of a reduction: the reduction's axes and keepdims, and whether to divide by the count (mean).</summary>
internal sealed record BroadcastGradAttr(ReduceAttr Reduce, bool DivideByCount);

/// <summary>unstack: the axis and how many outputs.</summary>
internal sealed record UnpackAttr(int Axis, int Num);

/// <summary>Gradient of concat: the axis and which input's slice (the inputs follow the gradient as the op's inputs).</summary>
internal sealed record ConcatSliceAttr(int Axis, int Input);

/// <summary>assign: whether the value must have the variable's shape.</summary>
internal sealed record AssignAttr(bool ValidateShape);
