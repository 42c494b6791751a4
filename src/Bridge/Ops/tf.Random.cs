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

    /// <summary>
    /// Uniform random values in [minval, maxval), float32 by default; seeded as
    /// <see cref="random_normal(Shape, double, double, TF_DataType, int?, string?)"/>. The shape may come from a tensor
    /// known only when the graph runs (e.g. tf.shape of a placeholder with a None batch dimension): then TF's
    /// RandomUniform reads it at each run, drawing as many values as that run's shape holds.
    /// </summary>
    public Tensor random_uniform(Shape shape, double minval = 0, double maxval = 1, TF_DataType dtype = TF_DataType.TF_FLOAT, int? seed = null, string? name = null)
    {
        if (!(maxval > minval))
            throw new ValueError($"tf.random_uniform: maxval ({maxval}) must be greater than minval ({minval}).");
        var attr = new RandomAttr(0, 0, shape, dtype, Min: minval, Max: maxval);
        if (shape.DynamicSource is { } source)
        {
            const string fn = "tf.random_uniform";
            RandomOps.DynamicRandomUniform.RequireDType(fn, dtype, "dtype");
            var g = source.graph;
            // A shape tensor needs no Const: TF 1.x creates the Consts minval and maxval, then takes the op seed.
            g.CountTfOps(RandomOps.ConstsBeforeSeed - 1);
            var seeds = Seeds(g, seed);
            return RandomOps.DynamicRandomUniform.Build(fn, name ?? "random_uniform", [source], attr with { Seed = seeds.seed, Seed2 = seeds.seed2 }, graph: g).outputs[0];
        }
        return Random(RandomOps.RandomUniform, "random_uniform", shape, dtype, seed, name, attr);
    }

    /// <summary>
    /// <see cref="random_uniform(Shape, double, double, TF_DataType, int?, string?)"/> with the shape as a 1-D int32 or
    /// int64 tensor: its value when known as the graph is built, otherwise read when the graph runs (TF's RandomUniform
    /// takes its shape as an input).
    /// </summary>
    public Tensor random_uniform(Tensor shape, double minval = 0, double maxval = 1, TF_DataType dtype = TF_DataType.TF_FLOAT, int? seed = null, string? name = null) =>
        random_uniform(ConstantValue.ShapeArg(shape, "tf.random_uniform"), minval, maxval, dtype, seed, name);

    /// <summary>
    /// TF 1.x's tf.truncated_normal: normal values (mean, stddev) with every standard draw of magnitude 2 or more
    /// dropped and drawn again, float32 by default. TF's TruncatedNormal kernel on its Philox generator, bit for bit:
    /// groups of 4 outputs, each from its own 256-call stretch of the stream, Box-Muller pairs kept in order while
    /// |x| &lt; 2; then <c>* stddev + mean</c> in the dtype (a Mul then an Add, as TF's Python). Seeded as
    /// <see cref="random_normal(Shape, double, double, TF_DataType, int?, string?)"/> (graph seed, op seed, TF's op ids).
    /// </summary>
    public Tensor truncated_normal(Shape shape, double mean = 0.0, double stddev = 1.0, TF_DataType dtype = TF_DataType.TF_FLOAT, int? seed = null, string? name = null) =>
        Random(RandomOps.TruncatedNormal, "truncated_normal", shape, dtype, seed, name, new RandomAttr(0, 0, shape, dtype, Scale: stddev, Shift: mean));

    /// <summary>
    /// TF 1.x's tf.random_shuffle: the value shuffled along its first dimension, any dtype. TF's RandomShuffle kernel:
    /// a Fisher-Yates pass i = 0 .. n-2 swapping element i with i + (u32 % (n - i)), the u32 drawn one at a time from
    /// the op's Philox stream (n - 1 of them; the stream moves on by ceil((n - 1) / 4) calls per run). Seeded by
    /// TF 1.x's rules; as TF's Python, the op seed is taken before the value is converted to a tensor.
    /// </summary>
    public Tensor random_shuffle(object value, int? seed = null, string? name = null)
    {
        const string fn = "tf.random_shuffle";
        var g = Bridge.Graph.Default;
        var seeds = Seeds(g, seed);
        var t = OpHelpers.ToTensor(value, fn);
        RandomOps.RandomShuffle.RequireDType(fn, t.dtype, "value");
        return RandomOps.RandomShuffle.Build(fn, name ?? "RandomShuffle", [t], new SeededAttr(seeds.seed, seeds.seed2)).outputs[0];
    }

    /// <summary>
    /// TF 1.x's tf.multinomial: <paramref name="num_samples"/> class indices per row of logits [batch, classes]
    /// (unnormalized log-probabilities), int64 by default (TF 1.15's <paramref name="output_dtype"/> also allows int32).
    /// TF's CPU MultinomialOp on its Philox stream: per row, cdf = running float32 sums of exp(logit - max) over the
    /// finite logits, and each sample is the first index whose cdf exceeds uniform_float * total (upper_bound); rows
    /// take their uniforms one after another from the run's generator. TF's kernel splits large batches across its
    /// threads (each shard skipping to its own offset): Bridge draws as one shard, which is TF's result whenever
    /// batch * 50 * (num_samples * log2(classes) + classes) &lt; 20000 or TF ran with one intra-op thread.
    /// </summary>
    public Tensor multinomial(object logits, int num_samples, int? seed = null, string? name = null, TF_DataType output_dtype = TF_DataType.TF_INT64)
    {
        const string fn = "tf.multinomial";
        var t = OpHelpers.ToTensor(logits, fn);
        RandomOps.Multinomial.RequireDType(fn, t.dtype, "logits");
        if (output_dtype is not (TF_DataType.TF_INT64 or TF_DataType.TF_INT32))
            throw new TypeError($"{fn}: output_dtype must be int64 or int32, not {output_dtype.as_numpy_name()}. - help: leave it out (int64) or pass tf.int32.");
        if (num_samples < 0)
            throw new ValueError($"{fn}: num_samples should be nonnegative, got {num_samples}. - help: pass the number of samples to draw per row.");
        var g = t.graph;
        // The logits are converted first, then the op seed is taken; the Const for num_samples is the op's own.
        var seeds = Seeds(g, seed);
        return RandomOps.Multinomial.Build(fn, name ?? "Multinomial", [t], new SeededAttr(seeds.seed, seeds.seed2, num_samples, output_dtype)).outputs[0];
    }

    // TF 1.x's get_seed; (0, 0) when neither the graph nor the op has a seed: then, as TF's GuardedPhiloxRandom, each
    // session's kernel seeds itself randomly (a new sequence in every session).
    private static (long seed, long seed2) Seeds(Graph g, int? seed) => TfSeeds.Get(g.Seed, seed, g.LastId) ?? (0, 0);

    private static Tensor Random(OpDef def, string fn, Shape shape, TF_DataType dtype, int? seed, string? name, RandomAttr attr)
    {
        OpHelpers.RequireNoNegativeDims("tf." + fn, shape);
        if (!shape.IsFullyDefined)
            throw new ValueError($"tf.{fn}: the shape {OpHelpers.Fmt(shape)} must be fully known. - help: give every dimension.");
        def.RequireDType("tf." + fn, dtype, "dtype");
        var g = Bridge.Graph.Default;
        // TF 1.x first creates three Consts (shape and the two parameters), then takes the op seed = the last op id;
        // the op's own TfOpIds are the ops it creates after that. A shape given as a tensor needs no Const.
        g.CountTfOps(shape.FromTensor ? RandomOps.ConstsBeforeSeed - 1 : RandomOps.ConstsBeforeSeed);
        var seeds = Seeds(g, seed);
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

    public static readonly OpDef RandomShuffle = new("RandomShuffle", OpRole.Random)
    {
        Inputs = ["value"],
        Attribute = typeof(SeededAttr),
        Functions = ["tf.random_shuffle"],
        DTypes = DTypeSet.All,
        Infer = Ops.SameAsInput,
        NotDifferentiable = true,
        Differences = "TF 1.x registers no gradient for RandomShuffle (tf.gradients through it is None in TF too)",
    };

    public static readonly OpDef Multinomial = new("Multinomial", OpRole.Random)
    {
        Inputs = ["logits"],
        Attribute = typeof(SeededAttr),
        Functions = ["tf.multinomial"],
        DTypes = DTypeSet.Floats,
        TfOpIds = 2,
        TfOpIdsReason = "the Const for num_samples, then Multinomial",
        Infer = c =>
        {
            var s = c.Shapes[0];
            var a = c.A<SeededAttr>();
            if (s.IsRankKnown && s.ndim != 2)
                throw new ValueError($"{c.Fn}: logits should be a matrix, [batch, classes], got shape {OpHelpers.Fmt(s)}. - help: tf.reshape the logits to [-1, classes] (one row per distribution).");
            if (s.IsRankKnown && s[1] == 0)
                throw new ValueError($"{c.Fn}: num_classes should be positive, got logits shape {OpHelpers.Fmt(s)}. - help: give each row at least one class.");
            return [(new Shape(s.IsRankKnown ? s[0] : -1, a.NumSamples), a.OutputDType)];
        },
        NotDifferentiable = true,
        Differences = "one shard: TF's kernel splits large batches across its threads, each shard skipping to its own offset of the stream",
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

    /// <summary>TF's RandomUniform with its shape input known only at run time (tf.random_uniform(tf.shape(x)) of a partly known x).</summary>
    public static readonly OpDef DynamicRandomUniform = new("DynamicRandomUniform", OpRole.Random)
    {
        Inputs = ["shape"],
        Attribute = typeof(RandomAttr),
        Functions = ["tf.random_uniform", "tf.nn.dropout"],
        DTypes = DTypeSet.Floats,
        DTypeInput = 1, // its dtype is the attribute's, not the shape's
        TfOpIds = 4,
        TfOpIdsReason = "after the two Consts (minval, maxval) counted before the seed is taken (the shape is a tensor): RandomUniform, Sub, Mul and Add",
        Infer = c =>
        {
            var s = c.Shapes[0];
            if (s.IsRankKnown && s.ndim != 1)
                throw new ValueError($"{c.Fn}: the shape must be a vector, got a tensor of shape {OpHelpers.Fmt(s)}. - help: pass a 1-D int32 tensor such as tf.shape(x).");
            return [(c.A<RandomAttr>().Shape, c.A<RandomAttr>().DType)];
        },
        ChecksShapesAtRunTime = false,
        NotDifferentiable = true,
        Differences = "one node for TF 1.x's RandomUniform * (maxval - minval) + minval; Bridge names it apart from the RandomUniform whose shape is known when the graph is built",
    };
}

/// <summary>How the session's executor draws a random op's values (TF's random_op.cc kernels, then TF's Python arithmetic).</summary>
internal static class RandomDraw
{
    /// <summary>The op's (seed, seed2) attributes.</summary>
    public static (long seed, long seed2) Seeds(Operation op) => op.Attr switch
    {
        RandomAttr r => (r.Seed, r.Seed2),
        SeededAttr s => (s.Seed, s.Seed2),
        _ => throw new InvalidOperationException($"{op.type} has no seeds"),
    };

    /// <summary>The next execution of a random op with inputs (RandomShuffle, Multinomial) on the input values.</summary>
    public static NDArray WithInputs(Operation op, TfRandomStream stream, NDArray[] x)
    {
        if (op.Def == RandomOps.RandomShuffle) return Shuffle(x[0], stream);
        if (op.Def == RandomOps.Multinomial) return Multinomial(x[0], (SeededAttr)op.Attr!, stream, op.RunTimeName);
        if (op.Def == RandomOps.DynamicRandomUniform)
        {
            if (x[0].ndim != 1)
                throw new InvalidArgumentError($"{op.RunTimeName}: shape must be a vector, got shape {x[0].shape.ToTfString()}. - help: feed a 1-D int32 tensor.");
            var dims = x[0].ToArray<long>();
            if (dims.Any(d => d < 0))
                throw new InvalidArgumentError($"{op.RunTimeName}: the shape [{string.Join(", ", dims)}] has a negative dimension. - help: every dimension must be >= 0.");
            Runtime.MemoryGuard.Check(op.RunTimeName, dims, ((RandomAttr)op.Attr!).DType);
            var a = (RandomAttr)op.Attr!;
            return Source(RandomOps.RandomUniform, a with { Shape = new Shape(dims) }, stream);
        }
        throw new InvalidOperationException($"{op.type} takes no inputs");
    }

    /// <summary>TF's RandomShuffleOp: Fisher-Yates over the first dimension with u32 % (n - i) draws.</summary>
    internal static NDArray Shuffle(NDArray value, TfRandomStream stream)
    {
        long n = value.ndim == 0 ? 0 : value.Dims[0];
        if (value.size <= 1 || n <= 1) return value; // TF passes the input through, drawing nothing
        var samples = new TfPhilox.SingleSamples(stream.ReserveSamples32(n - 1), 0);
        var perm = new long[n];
        for (long i = 0; i < n; i++) perm[i] = i;
        for (long i = 0; i < n - 1; i++)
        {
            long j = i + samples.Next() % (uint)(n - i);
            (perm[i], perm[j]) = (perm[j], perm[i]);
        }
        long row = value.size / n;
        var src = value.Storage;
        var dst = Array.CreateInstance(src.GetType().GetElementType()!, src.Length);
        for (long i = 0; i < n; i++) Array.Copy(src, perm[i] * row, dst, i * row, row);
        return new NDArray(dst, value.Dims.ToArray());
    }

    /// <summary>TF's CPU MultinomialFunctor as one shard: rows in order, each sample one RandFloat.</summary>
    internal static NDArray Multinomial(NDArray logits, SeededAttr a, TfRandomStream stream, string opName)
    {
        if (logits.ndim != 2)
            throw new InvalidArgumentError($"{opName}: logits should be a matrix, got shape {logits.shape.ToTfString()}. - help: feed [batch, classes] logits.");
        int batch = (int)logits.Dims[0], classes = (int)logits.Dims[1], samples = a.NumSamples;
        if (classes <= 0)
            throw new InvalidArgumentError($"{opName}: num_classes should be positive, got {classes}. - help: feed logits with at least one class.");
        var result = new long[(long)batch * samples];
        if (result.Length > 0)
        {
            int ceil4 = (samples + 3) / 4 * 4;
            var gen = new TfPhilox.SingleSamples(stream.ReserveFor((long)batch * ceil4), 0);
            var cdf = new float[classes];
            for (int b = 0; b < batch; b++)
            {
                // The maximum over the finite logits, in the logits' type, then as float.
                double max = logits.dtype == TF_DataType.TF_FLOAT ? float.MinValue : double.MinValue;
                for (int j = 0; j < classes; j++)
                {
                    double v = logits.GetDouble((long)b * classes + j);
                    if (float.IsFinite((float)v)) max = Math.Max(max, v);
                }
                float maxLogit = (float)max, total = 0;
                for (int j = 0; j < classes; j++)
                {
                    float v = (float)logits.GetDouble((long)b * classes + j);
                    if (float.IsFinite(v)) total += MathF.Exp(v - maxLogit);
                    cdf[j] = total;
                }
                for (int k = 0; k < samples; k++)
                {
                    float toFind = TfPhilox.ToUniform(gen.Next()) * total;
                    // std::upper_bound: the first cdf entry greater than toFind (classes when none is).
                    int lo = 0, hi = classes;
                    while (lo < hi)
                    {
                        int mid = (lo + hi) >>> 1;
                        if (cdf[mid] > toFind) hi = mid; else lo = mid + 1;
                    }
                    result[(long)b * samples + k] = lo;
                }
            }
        }
        var nd = new NDArray(result, batch, samples);
        return a.OutputDType == TF_DataType.TF_INT64 ? nd : ValueConverter.Cast(nd, a.OutputDType);
    }

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

/// <summary>A random op that takes inputs: TF 1.x seeds, and Multinomial's sample count and output dtype.</summary>
internal sealed record SeededAttr(long Seed, long Seed2, int NumSamples = 0, TF_DataType OutputDType = TF_DataType.TF_INT64);

/// <summary>A random op: TF 1.x seeds, output shape and dtype, and the affine map applied to the raw draws.</summary>
internal sealed record RandomAttr(long Seed, long Seed2, Shape Shape, TF_DataType DType, double Scale = 1, double Shift = 0, double Min = 0, double Max = 1);
