namespace Bridge;

// Python's operators on tensors. Each is one line calling the named op, with the name TF 1.x's operator gives the op
// (x + y is "add", where tf.add(x, y) is "Add"; comparisons and negation keep the op's own name, "Greater", "Neg").
// C# numbers and arrays on either side take the tensor's dtype, as Python values do in TF.
public sealed partial class Tensor
{
    public static Tensor operator +(Tensor x, Tensor y) => Binding.tf.add(x, y, "add");
    public static Tensor operator +(Tensor x, object y) => Binding.tf.add(x, y, "add");
    public static Tensor operator +(object x, Tensor y) => Binding.tf.add(x, y, "add");
    public static Tensor operator -(Tensor x, Tensor y) => Binding.tf.subtract(x, y, "sub");
    public static Tensor operator -(Tensor x, object y) => Binding.tf.subtract(x, y, "sub");
    public static Tensor operator -(object x, Tensor y) => Binding.tf.subtract(x, y, "sub");
    public static Tensor operator *(Tensor x, Tensor y) => Binding.tf.multiply(x, y, "mul");
    public static Tensor operator *(Tensor x, object y) => Binding.tf.multiply(x, y, "mul");
    public static Tensor operator *(object x, Tensor y) => Binding.tf.multiply(x, y, "mul");
    public static Tensor operator /(Tensor x, Tensor y) => Binding.tf.divide(x, y, "truediv");
    public static Tensor operator /(Tensor x, object y) => Binding.tf.divide(x, y, "truediv");
    public static Tensor operator /(object x, Tensor y) => Binding.tf.divide(x, y, "truediv");
    public static Tensor operator -(Tensor x) => Binding.tf.negative(x);
    public static Tensor operator %(Tensor x, Tensor y) => Binding.tf.floormod(x, y, "mod");
    public static Tensor operator %(Tensor x, object y) => Binding.tf.floormod(x, y, "mod");
    public static Tensor operator %(object x, Tensor y) => Binding.tf.floormod(x, y, "mod");
    public static Tensor operator &(Tensor x, Tensor y) => Binding.tf.logical_and(x, y, "and");
    public static Tensor operator |(Tensor x, Tensor y) => Binding.tf.logical_or(x, y, "or");
    public static Tensor operator ^(Tensor x, Tensor y) => Binding.tf.logical_xor(x, y, "xor");
    public static Tensor operator ~(Tensor x) => Binding.tf.logical_not(x);
    public static Tensor operator >(Tensor x, object y) => Binding.tf.greater(x, y);
    public static Tensor operator <(Tensor x, object y) => Binding.tf.less(x, y);
    public static Tensor operator >=(Tensor x, object y) => Binding.tf.greater_equal(x, y);
    public static Tensor operator <=(Tensor x, object y) => Binding.tf.less_equal(x, y);
    public static Tensor operator >(object x, Tensor y) => Binding.tf.greater(x, y);
    public static Tensor operator <(object x, Tensor y) => Binding.tf.less(x, y);
    public static Tensor operator >=(object x, Tensor y) => Binding.tf.greater_equal(x, y);
    public static Tensor operator <=(object x, Tensor y) => Binding.tf.less_equal(x, y);

    // No implicit conversions from C# values to Tensor: a C# number meeting a tensor must take the tensor's dtype
    // (tf.constant([1.0]) * 2 is float32), which an implicit float32/int32 constant would defeat.
}
