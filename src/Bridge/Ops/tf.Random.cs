namespace Bridge;

// Random tensors with TF 1.x's generator: with tf.set_random_seed they draw exactly TF 1.x's values.
public sealed partial class tensorflow
{
    /// <summary>
    /// Normal random values (mean, stddev), float32 by default. With a graph seed (tf.set_random_seed) and no
    /// <paramref name="seed"/>, the op seed is TF 1.x's op id, so the values equal TF 1.x's. Each run draws new values.
    /// </summary>
    public Tensor random_normal(Shape shape, float mean = 0.0f, float stddev = 1.0f, TF_DataType dtype = TF_DataType.TF_FLOAT, int? seed = null, string? name = null) =>
        Random(OpKind.RandomNormal, "random_normal", shape, dtype, seed, name, new RandomAttr(0, 0, shape, dtype, Scale: stddev, Shift: mean), tfOpsAfterSeed: 3);

    /// <summary>Uniform random values in [minval, maxval), float32 by default; seeded as <see cref="random_normal(Shape, float, float, TF_DataType, int?, string?)"/>.</summary>
    public Tensor random_uniform(Shape shape, float minval = 0, float maxval = 1, TF_DataType dtype = TF_DataType.TF_FLOAT, int? seed = null, string? name = null)
    {
        if (!(maxval > minval))
            throw new ValueError($"tf.random_uniform: maxval ({maxval}) must be greater than minval ({minval}).");
        return Random(OpKind.RandomUniform, "random_uniform", shape, dtype, seed, name, new RandomAttr(0, 0, shape, dtype, Min: minval, Max: maxval), tfOpsAfterSeed: 4);
    }

    private static Tensor Random(OpKind kind, string fn, Shape shape, TF_DataType dtype, int? seed, string? name, RandomAttr attr, int tfOpsAfterSeed)
    {
        if (!shape.IsFullyDefined)
            throw new ValueError($"tf.{fn}: the shape {OpHelpers.Fmt(shape)} must be fully known.");
        if (!dtype.is_floating())
            throw new TypeError($"tf.{fn}: dtype must be float32 or float64, not {dtype.as_numpy_name()}.");
        var g = Bridge.Graph.Default;
        // TF 1.x first creates three Consts (shape and the two parameters), then takes the op seed = the last op id.
        g.CountTfOps(3);
        var seeds = TfSeeds.Get(g.Seed, seed, g.LastId) ?? (System.Random.Shared.Next(1, int.MaxValue), System.Random.Shared.Next(1, int.MaxValue));
        var a = attr with { Seed = seeds.seed, Seed2 = seeds.seed2 };
        return g.AddOp(kind, name ?? fn, [], a, [(shape, dtype)], tfOps: tfOpsAfterSeed).outputs[0];
    }
}
