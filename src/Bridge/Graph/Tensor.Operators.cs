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

    // C# values convert to constant tensors where a Tensor is expected (e.g. Tensor[] of tf.stack).
    public static implicit operator Tensor(NDArray value) => OpHelpers.ToTensor(value, "Tensor");
    public static implicit operator Tensor(int value) => OpHelpers.ToTensor(value, "Tensor");
    public static implicit operator Tensor(float value) => OpHelpers.ToTensor(value, "Tensor");
    public static implicit operator Tensor(double value) => OpHelpers.ToTensor(value, "Tensor");
    public static implicit operator Tensor(int[] value) => OpHelpers.ToTensor(value, "Tensor");
    public static implicit operator Tensor(float[] value) => OpHelpers.ToTensor(value, "Tensor");
    public static implicit operator Tensor(double[] value) => OpHelpers.ToTensor(value, "Tensor");
}
