using Bridge.Philox;

namespace Bridge;

// Random tensors with TF 1.x's generator: with tf.set_random_seed they draw exactly TF 1.x's values.
public sealed partial class tensorflow
{
    /// <summary>
    /// Normal random values (mean, stddev), float32 by default. With a graph seed (tf.set_random_seed) and no
    /// <paramref name="seed"/>, the op seed is TF 1.x's op id, so the values equal TF 1.x's. Each run draws new values.
    /// </summary>
    public Tensor random_normal(Shape shape, double mean = 0.0, double stddev = 1.0, TF_DataType dtype = TF_DataType.TF_FLOAT, int? seed = null, string? name = null) =>
        Random(RandomOps.RandomNormal, "random_normal", shape, dtype, seed, name, new RandomAttr(0, 0, shape, dtype, Scale: stddev, Shift: mean));

    /// <summary>Uniform random values in [minval, maxval), float32 by default; seeded as <see cref="random_normal(Shape, double, double, TF_DataType, int?, string?)"/>.</summary>
    public Tensor random_uniform(Shape shape, double minval = 0, double maxval = 1, TF_DataType dtype = TF_DataType.TF_FLOAT, int? seed = null, string? name = null)
    {
        if (!(maxval > minval))
            throw new ValueError($"tf.random_uniform: maxval ({maxval}) must be greater than minval ({minval}).");
        return Random(RandomOps.RandomUniform, "random_uniform", shape, dtype, seed, name, new RandomAttr(0, 0, shape, dtype, Min: minval, Max: maxval));
    }

    /// <summary>
    /// TF 1.x's tf.truncated_normal: normal values (mean, stddev) with every standard draw of magnitude 2 or more
    /// dropped and drawn again, float32 by default. TF's TruncatedNormal kernel on its Philox generator, bit for bit:
    /// groups of 4 outputs, each from its own 256-call stretch of the stream, Box-Muller pairs kept in order while
    /// |x| &lt; 2; then <c>* stddev + mean</c> in the dtype (a Mul then an Add, as TF's Python). Seeded as
    /// <see cref="random_normal(Shape, double, double, TF_DataType, int?, string?)"/> (graph seed, op seed, TF's op ids).
    /// </summary>
    public Tensor truncated_normal(Shape shape, double mean = 0.0, double stddev = 1.0, TF_DataType dtype = TF_DataType.TF_FLOAT, int? seed = null, string? name = null) =>
        Random(RandomOps.TruncatedNormal, "truncated_normal", shape, dtype, seed, name, new RandomAttr(0, 0, shape, dtype, Scale: stddev, Shift: mean));

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

    public static readonly OpDef TruncatedNormal = new("TruncatedNormal", OpRole.Random)
    {
        Inputs = [],
        Attribute = typeof(RandomAttr),
        Functions = ["tf.truncated_normal"],
        DTypes = DTypeSet.Floats,
        TfOpIds = 3,
        TfOpIdsReason = "after the three Consts (shape, mean, stddev) counted before the seed is taken: TruncatedNormal, Mul and Add",
        Infer = c => [(c.A<RandomAttr>().Shape, c.A<RandomAttr>().DType)],
        NotDifferentiable = true,
        Differences = "one node for TF 1.x's TruncatedNormal * stddev + mean",
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

/// <summary>How the session's executor draws a random op's values (TF's random_op.cc kernels, then TF's Python arithmetic).</summary>
internal static class RandomDraw
{
    /// <summary>
    /// The values of the next execution of a source random op: TF's float32 or float64 distribution on the op's
    /// stream, then TF's Python arithmetic in the dtype: <c>rnd * stddev + mean</c> (normal, truncated normal) or
    /// <c>rnd * (maxval - minval) + minval</c> (uniform; the difference is its own op in TF, rounded in the dtype).
    /// </summary>
    public static NDArray Source(OpDef def, RandomAttr a, TfRandomStream stream)
    {
        long n = a.Shape.size;
        bool uniform = def == RandomOps.RandomUniform;
        if (a.DType == TF_DataType.TF_DOUBLE)
        {
            var gen = stream.ReserveFor(n);
            double[] d = def == RandomOps.RandomNormal ? gen.NormalDouble(n)
                : def == RandomOps.TruncatedNormal ? gen.TruncatedNormalDouble(n) : gen.UniformDouble(n);
            double scale = uniform ? a.Max - a.Min : a.Scale;
            double shift = uniform ? a.Min : a.Shift;
            for (int i = 0; i < d.Length; i++) d[i] = d[i] * scale + shift;
            return new NDArray(d, a.Shape.dims);
        }
        float[] raw = def == RandomOps.RandomNormal ? stream.NextNormal(n)
            : def == RandomOps.TruncatedNormal ? stream.NextTruncatedNormal(n) : stream.NextUniform(n);
        // TF converts the Python parameters to float32 Consts (rounded to nearest) before any arithmetic.
        float s = uniform ? (float)a.Max - (float)a.Min : (float)a.Scale;
        float t = (float)(uniform ? a.Min : a.Shift);
        for (int i = 0; i < raw.Length; i++) raw[i] = raw[i] * s + t;
        return new NDArray(raw, a.Shape.dims);
    }
}

/// <summary>A random op: TF 1.x seeds, output shape and dtype, and the affine map applied to the raw draws.</summary>
internal sealed record RandomAttr(long Seed, long Seed2, Shape Shape, TF_DataType DType, double Scale = 1, double Shift = 0, double Min = 0, double Max = 1);
