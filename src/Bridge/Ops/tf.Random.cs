using Bridge.Philox;

namespace Bridge;

// Random tensors with TF 1.x's generator: with tf.set_random_seed they draw exactly TF 1.x's values.
public sealed partial class tensorflow
{
    /// <summary>
    /// Normal random values (mean, stddev), float32 by default. With a graph seed (tf.set_random_seed) and no
    /// <paramref name="seed"/>, the op seed is TF 1.x's op id, so the values equal TF 1.x's. Each run draws new values.
    /// </summary>
    public Tensor random_normal(Shape shape, float mean = 0.0f, float stddev = 1.0f, TF_DataType dtype = TF_DataType.TF_FLOAT, int? seed = null, string? name = null) =>
        Random(RandomOps.RandomNormal, "random_normal", shape, dtype, seed, name, new RandomAttr(0, 0, shape, dtype, Scale: stddev, Shift: mean));

    /// <summary>Uniform random values in [minval, maxval), float32 by default; seeded as <see cref="random_normal(Shape, float, float, TF_DataType, int?, string?)"/>.</summary>
    public Tensor random_uniform(Shape shape, float minval = 0, float maxval = 1, TF_DataType dtype = TF_DataType.TF_FLOAT, int? seed = null, string? name = null)
    {
        if (!(maxval > minval))
            throw new ValueError($"tf.random_uniform: maxval ({maxval}) must be greater than minval ({minval}).");
        return Random(RandomOps.RandomUniform, "random_uniform", shape, dtype, seed, name, new RandomAttr(0, 0, shape, dtype, Min: minval, Max: maxval));
    }

    private static Tensor Random(OpDef def, string fn, Shape shape, TF_DataType dtype, int? seed, string? name, RandomAttr attr)
    {
        if (!shape.IsFullyDefined)
            throw new ValueError($"tf.{fn}: the shape {OpHelpers.Fmt(shape)} must be fully known. - help: give every dimension.");
        def.RequireDType("tf." + fn, dtype, "dtype");
        var g = Bridge.Graph.Default;
        // TF 1.x first creates three Consts (shape and the two parameters), then takes the op seed = the last op id;
        // the op's own TfOpIds are the ops it creates after that.
        g.CountTfOps(RandomOps.ConstsBeforeSeed);
        var seeds = TfSeeds.Get(g.Seed, seed, g.LastId) ?? (System.Random.Shared.Next(1, int.MaxValue), System.Random.Shared.Next(1, int.MaxValue));
        var a = attr with { Seed = seeds.seed, Seed2 = seeds.seed2 };
        return def.Build("tf." + fn, name ?? fn, [], a, graph: g).outputs[0];
    }
}

/// <summary>Random ops with TF 1.x's Philox streams (TF's random_op.cc); the session keeps one stream per op.</summary>
[OpFamily("random")]
internal static class RandomOps
{
    /// <summary>The Consts TF 1.x creates (shape and the two parameters) before it takes the op seed, the last op id.</summary>
    public const int ConstsBeforeSeed = 3;

    public static readonly OpDef RandomNormal = new("RandomNormal", OpRole.Random)
    {
        Inputs = [],
        Attribute = typeof(RandomAttr),
        Functions = ["tf.random_normal"],
        DTypes = DTypeSet.Floats,
        TfOpIds = 3,
        TfOpIdsReason = "after the three Consts (shape, mean, stddev) counted before the seed is taken: RandomStandardNormal, Mul and Add",
        Infer = c => [(c.A<RandomAttr>().Shape, c.A<RandomAttr>().DType)],
        NotDifferentiable = true,
        Differences = "one node for TF 1.x's RandomStandardNormal * stddev + mean",
    };

    public static readonly OpDef RandomUniform = new("RandomUniform", OpRole.Random)
    {
        Inputs = [],
        Attribute = typeof(RandomAttr),
        Functions = ["tf.random_uniform"],
        DTypes = DTypeSet.Floats,
        TfOpIds = 4,
        TfOpIdsReason = "after the three Consts (shape, minval, maxval) counted before the seed is taken: RandomUniform, Sub, Mul and Add",
        Infer = c => [(c.A<RandomAttr>().Shape, c.A<RandomAttr>().DType)],
        NotDifferentiable = true,
        Differences = "one node for TF 1.x's RandomUniform * (maxval - minval) + minval",
    };
}

/// <summary>A random op: TF 1.x seeds, output shape and dtype, and the affine map applied to the raw draws.</summary>
internal sealed record RandomAttr(long Seed, long Seed2, Shape Shape, TF_DataType DType, float Scale = 1, float Shift = 0, float Min = 0, float Max = 1);
