namespace Bridge;

// Python's operators on tensors. Each is one line calling the named op; C# numbers and arrays on either side
// take the tensor's dtype, as Python values do in TF.
public sealed partial class Tensor
{
    public static Tensor operator +(Tensor x, Tensor y) => Binding.tf.add(x, y);
    public static Tensor operator +(Tensor x, object y) => Binding.tf.add(x, y);
    public static Tensor operator +(object x, Tensor y) => Binding.tf.add(x, y);
    public static Tensor operator -(Tensor x, Tensor y) => Binding.tf.subtract(x, y);
    public static Tensor operator -(Tensor x, object y) => Binding.tf.subtract(x, y);
    public static Tensor operator -(object x, Tensor y) => Binding.tf.subtract(x, y);
    public static Tensor operator *(Tensor x, Tensor y) => Binding.tf.multiply(x, y);
    public static Tensor operator *(Tensor x, object y) => Binding.tf.multiply(x, y);
    public static Tensor operator *(object x, Tensor y) => Binding.tf.multiply(x, y);
    public static Tensor operator /(Tensor x, Tensor y) => Binding.tf.divide(x, y);
    public static Tensor operator /(Tensor x, object y) => Binding.tf.divide(x, y);
    public static Tensor operator /(object x, Tensor y) => Binding.tf.divide(x, y);
    public static Tensor operator -(Tensor x) => Binding.tf.negative(x);
    public static Tensor operator >(Tensor x, object y) => Binding.tf.greater(x, y);
    public static Tensor operator <(Tensor x, object y) => Binding.tf.less(x, y);
    public static Tensor operator >=(Tensor x, object y) => Binding.tf.greater_equal(x, y);
    public static Tensor operator <=(Tensor x, object y) => Binding.tf.less_equal(x, y);

    /// <summary><c>t[i]</c>: item i along the first axis (negative counts from the end), as TF's strided slice.</summary>
    public Tensor this[int index]
    {
        get
        {
            if (ndim == 0) throw new ValueError($"Tensor index: '{name}' is a scalar and cannot be indexed.");
            long n = shape[0];
            if (n >= 0 && (index < -n || index >= n))
                throw new ValueError($"Tensor index: index {index} is out of bounds for axis 0 of '{name}' with size {n}.");
            var dims = shape.dims[1..];
            // TF 1.x: Consts for begin, end and strides, then StridedSlice.
            var op = graph.AddOp(OpKind.StridedSlice, "strided_slice", [this], new AxisAttr(index), [(new Shape(dims), dtype)], tfOps: 4);
            if (n < 0)
                op.RuntimeShapeCheck = s =>
                {
                    if (index < -s[0][0] || index >= s[0][0])
                        throw new InvalidArgumentError($"Tensor index: index {index} is out of bounds for axis 0 of '{name}' with size {s[0][0]}.");
                    return [];
                };
            return op.outputs[0];
        }
    }

    // No implicit conversions from C# values to Tensor: a C# number meeting a tensor must take the tensor's dtype
    // (tf.constant([1.0]) * 2 is float32), which an implicit float32/int32 constant would defeat.
}
