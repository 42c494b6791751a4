namespace Bridge;

// The attribute records several op families share. An attribute only one op (or family) has is declared beside
// its definition (Ops/tf.*.cs, Train/*.cs), which names it in OpDef.Attribute.

/// <summary>One axis (argmax, softmax, squeeze, expand_dims, stack, concat, one_hot...).</summary>
internal sealed record AxisAttr(int Axis);

/// <summary>A dtype (cast, shape, argmax output type).</summary>
internal sealed record DTypeAttr(TF_DataType DType);

