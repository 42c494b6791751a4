using Bridge.Philox;
using static Bridge.Binding;

namespace Bridge.Tests.Random;

/// <summary>
/// TF 1.x's seed rules (random_seed.get_seed) for every random function, and tf.random_shuffle / tf.multinomial
/// with TF's RandomShuffle and Multinomial kernels (random_shuffle_op.cc, multinomial_op.cc) on the Philox stream.
/// The expected orders and samples are recomputed here from the u32 stream with TF's algorithms, step by step.
/// </summary>
public class RandomOpsTests : GraphFixture
{
    private const long DefaultGraphSeed = 87654321;

    private static (long, long) SeedsOf(Tensor t) => RandomDraw.Seeds(t.op);

    [Test]
    public void EveryRandomFunctionFollowsGetSeed()
    {
        var logits = tf.constant(new[,] { { 0f, 1f } });
        var value = tf.constant(new[] { 1, 2, 3 });
        Func<int?, Tensor>[] builders =
        [
            s => tf.random_normal(new[] { 2 }, seed: s),
            s => tf.random_uniform(new[] { 2 }, seed: s),
            s => tf.truncated_normal(new[] { 2 }, seed: s),
            s => tf.random_shuffle(value, seed: s),
            s => tf.multinomial(logits, 2, seed: s),
        ];
        foreach (var build in builders)
        {
            // 3. Only the op seed: TF's DEFAULT_GRAPH_SEED with it.
            Assert.That(SeedsOf(build(5)), Is.EqualTo((DefaultGraphSeed, 5L)));
            // Seeds are taken modulo 2^31 - 1, as Python's %.
            Assert.That(SeedsOf(build(-3)).Item2, Is.EqualTo(int.MaxValue - 3L));
        }
        tf.set_random_seed(777);
        foreach (var build in builders)
        {
            // 4. Both: the graph seed and the op seed.
            Assert.That(SeedsOf(build(5)), Is.EqualTo((777L, 5L)));
            // 2. Only the graph seed: the op seed is the id of the last op created before it is taken.
            int last = Bridge.Graph.Default.LastId;
            var t = build(null);
            Assert.That(SeedsOf(t).Item1, Is.EqualTo(777L));
            Assert.That(SeedsOf(t).Item2, Is.GreaterThanOrEqualTo((long)last));
        }
    }

    [Test]
    public void OpSeedsRepeatAcrossSessionsAndUnseededOpsDoNot()
    {
        var a = tf.random_uniform(new[] { 3 }, seed: 1);
        var b = tf.random_uniform(new[] { 3 });
        float[] A1, B1;
        using (var s1 = tf.Session()) { A1 = s1.run(a).ToArray<float>(); B1 = s1.run(b).ToArray<float>(); }
        using (var s2 = tf.Session())
        {
            Assert.That(s2.run(a).ToArray<float>(), Is.EqualTo(A1), "an op seed repeats its sequence in every session");
            Assert.That(s2.run(b).ToArray<float>(), Is.Not.EqualTo(B1), "neither seed: a new sequence each session");
        }
        Assert.That(A1, Is.EqualTo(new TfPhilox(DefaultGraphSeed, 1).Uniform(3)));
    }

    // --- random_shuffle ---

    /// <summary>TF's RandomShuffle on 0..n-1 recomputed: i swaps with i + u32 % (n - i), u32 taken one at a time.</summary>
    private static long[] ExpectedPermutation(TfPhilox gen, long n)
    {
        var block = new uint[4];
        var words = new List<uint>();
        while (words.Count < n - 1)
        {
            gen.NextBlock(block);
            words.AddRange(block);
        }
        var perm = Enumerable.Range(0, (int)n).Select(i => (long)i).ToArray();
        for (int i = 0; i < n - 1; i++)
        {
            long j = i + words[i] % (uint)(n - i);
            (perm[i], perm[j]) = (perm[j], perm[i]);
        }
        return perm;
    }

    [Test]
    public void RandomShuffleIsTfsFisherYatesOnThePhiloxStream()
    {
        tf.set_random_seed(777);
        var values = Enumerable.Range(0, 10).Select(i => i * 10).ToArray();
        var t = tf.random_shuffle(values);
        // TF takes the seed before converting the value: no op exists yet, so the op seed is 0.
        Assert.That(SeedsOf(t), Is.EqualTo((777L, 0L)));
        using var sess = tf.Session();
        var first = sess.run(t).ToArray<int>();
        var second = sess.run(t).ToArray<int>();
        var expected1 = ExpectedPermutation(new TfPhilox(777, 0), 10).Select(i => values[i]).ToArray();
        Assert.That(first, Is.EqualTo(expected1));
        Assert.That(first.OrderBy(v => v), Is.EqualTo(values), "a permutation");
        // The next run starts ceil(9 / 4) = 3 Philox calls later (ReserveSamples32).
        var g = new TfPhilox(777, 0);
        g.Skip(3);
        Assert.That(second, Is.EqualTo(ExpectedPermutation(g, 10).Select(i => values[i]).ToArray()));
    }

    [Test]
    public void RandomShuffleMovesRowsOfAnyDTypeAndPassesShortInputsThrough()
    {
        // The docstring's 3x2 example: rows move whole.
        var m = tf.random_shuffle(new[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }, seed: 4);
        Assert.That(m.shape.dims, Is.EqualTo(new long[] { 3, 2 }));
        using var sess = tf.Session();
        var rows = sess.run(m).ToArray<int>().Chunk(2).Select(r => r[0] * 10 + r[1]).ToArray();
        var perm = ExpectedPermutation(new TfPhilox(DefaultGraphSeed, 4), 3);
        Assert.That(rows, Is.EqualTo(perm.Select(i => new[] { 12, 34, 56 }[i]).ToArray()));
        var strings = tf.random_shuffle(tf.constant(new[] { "a", "b", "c", "d" }), seed: 2);
        var s = sess.run(strings).Data<byte[]>().Select(b => System.Text.Encoding.UTF8.GetString(b)).ToArray();
        Assert.That(s.OrderBy(x => x), Is.EqualTo(new[] { "a", "b", "c", "d" }));
        Assert.That(sess.run(tf.random_shuffle(new[] { 7.5f }, seed: 1)).ToArray<float>(), Is.EqualTo(new[] { 7.5f }));
        Assert.That(sess.run(tf.random_shuffle(tf.constant(3), seed: 1)).ToArray<int>(), Is.EqualTo(new[] { 3 }));
    }

    [Test]
    public void RandomShuffleHasNoGradient()
    {
        var x = tf.constant(new[] { 1f, 2f });
        Assert.That(tf.gradients(tf.reduce_sum(tf.random_shuffle(x, seed: 1)), new[] { x })[0], Is.Null);
    }

    // --- multinomial ---

    [Test]
    public void MultinomialIsTfsCdfSearchOnThePhiloxStream()
    {
        var logits = new[,] { { 0f, 1f, 2f }, { -1f, float.NegativeInfinity, 0.5f } };
        var t = tf.multinomial(logits, 5, seed: 9);
        Assert.That(t.dtype, Is.EqualTo(TF_DataType.TF_INT64));
        Assert.That(t.shape.dims, Is.EqualTo(new long[] { 2, 5 }));
        using var sess = tf.Session();
        var first = sess.run(t).ToArray<long>();
        var second = sess.run(t).ToArray<long>();
        // Recomputed: per row, cdf of exp(logit - max) over the finite logits, then upper_bound(u * total).
        long[] Expected(TfPhilox gen)
        {
            var words = new List<uint>();
            var block = new uint[4];
            while (words.Count < 10) { gen.NextBlock(block); words.AddRange(block); }
            var r = new List<long>();
            int w = 0;
            for (int b = 0; b < 2; b++)
            {
                var row = Enumerable.Range(0, 3).Select(j => logits[b, j]).ToArray();
                float max = row.Where(float.IsFinite).Max(), total = 0;
                var cdf = row.Select(v => total += float.IsFinite(v) ? MathF.Exp(v - max) : 0).ToArray();
                for (int k = 0; k < 5; k++)
                {
                    float find = TfPhilox.ToUniform(words[w++]) * total;
                    r.Add(Array.FindIndex(cdf, c => c > find) is var i && i < 0 ? 3 : i);
                }
            }
            return r.ToArray();
        }
        Assert.That(first, Is.EqualTo(Expected(new TfPhilox(DefaultGraphSeed, 9))));
        Assert.That(first.Skip(5), Has.None.EqualTo(1L), "a -inf logit is never drawn");
        // Each run reserves batch * ceil4(num_samples) * 256 = 2 * 8 * 256 Philox calls.
        var g = new TfPhilox(DefaultGraphSeed, 9);
        g.Skip(2 * 8 * 256);
        Assert.That(second, Is.EqualTo(Expected(g)));
    }

    [Test]
    public void MultinomialFrequenciesFollowTheSoftmax()
    {
        var t = tf.multinomial(tf.log(tf.constant(new[,] { { 0.2f, 0.3f, 0.5f } })), 20000, seed: 3, output_dtype: tf.int32);
        Assert.That(t.dtype, Is.EqualTo(TF_DataType.TF_INT32));
        using var sess = tf.Session();
        var s = sess.run(t).ToArray<int>();
        double[] p = [0.2, 0.3, 0.5];
        for (int c = 0; c < 3; c++)
            Assert.That(s.Count(v => v == c) / 20000.0, Is.EqualTo(p[c]).Within(4 * Math.Sqrt(p[c] * (1 - p[c]) / 20000)), $"class {c}");
    }

    [Test]
    public void MultinomialRejectsBadArguments()
    {
        var e = Assert.Throws<ValueError>(() => tf.multinomial(new[] { 1f, 2f }, 3))!;
        Assert.That(e.Message, Does.Contain("tf.multinomial").And.Contain("matrix").And.Contain("help:"));
        Assert.That(Assert.Throws<ValueError>(() => tf.multinomial(new[,] { { 1f } }, -1))!.Message, Does.Contain("nonnegative"));
        Assert.That(Assert.Throws<TypeError>(() => tf.multinomial(new[,] { { 1 } }, 1))!.Message, Does.Contain("int32").And.Contain("help:"));
        Assert.That(Assert.Throws<TypeError>(() => tf.multinomial(new[,] { { 1f } }, 1, output_dtype: tf.float32))!.Message, Does.Contain("output_dtype"));
        var x = tf.placeholder(tf.float32);
        var m = tf.multinomial(x, 2, seed: 1);
        using var sess = tf.Session();
        var run = Assert.Throws<InvalidArgumentError>(() => sess.run(m, new FeedItem(x, np.array(new[] { 1f, 2f }))))!;
        Assert.That(run.Message, Does.Contain("matrix"));
        Assert.That(sess.run(tf.multinomial(new float[2, 3], 0, seed: 1)).shape.dims, Is.EqualTo(new long[] { 2, 0 }));
    }
}
