namespace Bridge;

// int[] twins of the ops that take a Shape. C# reaches the Shape overloads through Shape's implicit conversion from
// int[]; F# applies that conversion only to an argument whose type is already known, not to a literal such as
// tf.random_normal([| 3; 3 |]) (it checks the literal against Shape and fails), unless the method is overloaded.
// C# binds int[] arguments here by identity, with the same result as before.
public sealed partial class tensorflow
{
    /// <summary><see cref="random_normal(Shape, double, double, TF_DataType, int?, string?)"/> with the shape as an array.</summary>
    public Tensor random_normal(int[] shape, double mean = 0.0, double stddev = 1.0, TF_DataType dtype = TF_DataType.TF_FLOAT, int? seed = null, string? name = null) =>
        random_normal(new Shape(shape), mean, stddev, dtype, seed, name);

    /// <summary><see cref="random_uniform(Shape, double, double, TF_DataType, int?, string?)"/> with the shape as an array.</summary>
    public Tensor random_uniform(int[] shape, double minval = 0, double maxval = 1, TF_DataType dtype = TF_DataType.TF_FLOAT, int? seed = null, string? name = null) =>
        random_uniform(new Shape(shape), minval, maxval, dtype, seed, name);

    /// <summary><see cref="truncated_normal(Shape, double, double, TF_DataType, int?, string?)"/> with the shape as an array.</summary>
    public Tensor truncated_normal(int[] shape, double mean = 0.0, double stddev = 1.0, TF_DataType dtype = TF_DataType.TF_FLOAT, int? seed = null, string? name = null) =>
        truncated_normal(new Shape(shape), mean, stddev, dtype, seed, name);

    /// <summary><see cref="reshape(object, Shape, string?)"/> with the shape as an array.</summary>
    public Tensor reshape(object tensor, int[] shape, string? name = null) => reshape(tensor, new Shape(shape), name);

    /// <summary><see cref="ones(Shape, TF_DataType, string?)"/> with the shape as an array.</summary>
    public Tensor ones(int[] shape, TF_DataType dtype = TF_DataType.TF_FLOAT, string? name = null) => ones(new Shape(shape), dtype, name);

    /// <summary><see cref="zeros(Shape, TF_DataType, string?)"/> with the shape as an array.</summary>
    public Tensor zeros(int[] shape, TF_DataType dtype = TF_DataType.TF_FLOAT, string? name = null) => zeros(new Shape(shape), dtype, name);
}
