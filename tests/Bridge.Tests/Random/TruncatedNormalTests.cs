using Bridge.Philox;
using static Bridge.Binding;

namespace Bridge.Tests.Random;

/// <summary>
/// tf.truncated_normal: TF 1.x's TruncatedNormal kernel (random_op.cc's FillPhiloxRandomTask for a variable number
/// of samples per output, random_distributions.h's TruncatedNormalDistribution) on the Philox stream that
/// <see cref="TfPhiloxTests"/> verifies against TF's printed values.
/// </summary>
public class TruncatedNormalTests : GraphFixture
{
    private const long DefaultGraphSeed = 87654321; // TF 1.x's DEFAULT_GRAPH_SEED, used when only the op seed is set

    private static void AssertBitExact(float[] actual, double[] expected, int oneUlpAt = -1)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        for (int i = 0; i < expected.Length; i++)
        {
            if (i == oneUlpAt)
            {
                int ulps = BitConverter.SingleToInt32Bits(actual[i]) - BitConverter.SingleToInt32Bits((float)expected[i]);
                Assert.That(Math.Abs(ulps), Is.LessThanOrEqualTo(1), $"index {i}: {actual[i]:R}");
                continue;
            }
            Assert.That(actual[i], Is.EqualTo((float)expected[i]), $"index {i}: {actual[i]:R}");
        }
    }

    // Values printed by TF 1.x (2017, numpy < 1.14 printing: 8 decimals of the float widened to double, which parse
    // back to the same float) for a graph without tf.set_random_seed:
    //   a = tf.Variable(tf.random_normal([2,2], seed=1)); b = tf.Variable(tf.truncated_normal([2,2], seed=2))
    // so the kernels ran with (seed, seed2) = (87654321, 1) and (87654321, 2).
    private static readonly double[] PrintedRandomNormalSeed1 = [-0.81131822, 1.48459876, 0.06532937, -2.44270396];
    private static readonly double[] PrintedTruncatedNormalSeed2 = [-0.85811085, -0.19662298, 0.13895047, -1.22127688];

    [Test]
    public void OpSeedWithoutGraphSeedMatchesTensorFlowsPrintedValues()
    {
        var a = tf.random_normal(new[] { 2, 2 }, seed: 1);
        var b = tf.truncated_normal(new[] { 2, 2 }, seed: 2);
        Assert.That(((RandomAttr)a.op.Attr!).Seed, Is.EqualTo(DefaultGraphSeed));
        Assert.That(((RandomAttr)b.op.Attr!).Seed2, Is.EqualTo(2));
        using var sess = tf.Session();
        // Index 2 is sin(3.1148543) * r: TF's sincosf rounded that sine up (0.63 ulp from the true value; Bridge rounds
        // correctly), so the product is 1 ulp higher in TF's print. Every other value is bit-exact.
        AssertBitExact(sess.run(a).ToArray<float>(), PrintedRandomNormalSeed1, oneUlpAt: 2);
        AssertBitExact(sess.run(b).ToArray<float>(), PrintedTruncatedNormalSeed2);
    }

    [Test]
    public void TheKernelAloneGivesThePrintedValues() =>
        AssertBitExact(new TfPhilox(DefaultGraphSeed, 2).TruncatedNormal(4), PrintedTruncatedNormalSeed2);

    [Test]
    public void TheFirstGroupKeepsTheNormalStreamsValuesBelowTwoInOrder()
    {
        // Seed 777/14 is lab 07-1's b: random_normal gives 0.45847914, -0.9440147, -2.1179957 (TF's print), ...
        // The truncated group 0 reads the same u32 stream one pair at a time and drops -2.1179957.
        var normal = new TfPhilox(777, 14).Normal(16);
        var kept = normal.Where(v => MathF.Abs(v) < 2f).Take(4).ToArray();
        Assert.That(normal[2], Is.EqualTo(-2.1179957f), "the printed value the truncation must drop");
        var truncated = new TfPhilox(777, 14).TruncatedNormal(4);
        Assert.That(truncated, Is.EqualTo(kept));
        Assert.That(truncated[..2], Is.EqualTo(normal[..2]));
        Assert.That(truncated[2], Is.EqualTo(normal[3]));
    }

    [Test]
    public void EachGroupOfFourStartsTwoHundredFiftySixCallsAfterThePrevious()
    {
        var all = new TfPhilox(777, 5).TruncatedNormal(10);
        for (int g = 0; g < 3; g++)
        {
            var gen = new TfPhilox(777, 5);
            gen.Skip((ulong)g * 256);
            var group = gen.TruncatedNormal(4);
            int n = Math.Min(4, 10 - 4 * g);
            Assert.That(all.Skip(4 * g).Take(n), Is.EqualTo(group.Take(n)), $"group {g}");
        }
        // A partial last group is the start of the full group: 10 values are the first 10 of 12.
        Assert.That(all, Is.EqualTo(new TfPhilox(777, 5).TruncatedNormal(12)[..10]));
    }

    [Test]
    public void ValuesAreBelowTwoInMagnitudeAndNormalInside()
    {
        var v = new TfPhilox(3, 4).TruncatedNormal(40_000);
        Assert.That(v.Max(x => MathF.Abs(x)), Is.LessThan(2f));
        // The standard normal truncated to (-2, 2) has variance 1 - 4 phi(2) / (2 Phi(2) - 1) = 0.7737413.
        double mean = v.Average(x => (double)x), variance = v.Average(x => (double)x * x) - mean * mean;
        Assert.That(mean, Is.EqualTo(0).Within(0.015)); // 3.4 standard errors of 40000 draws
        Assert.That(variance, Is.EqualTo(0.7737413).Within(0.015));
    }

    [Test]
    public void LaterRunsStartAfterTheReservedBlocksAndTheMeanAndStddevAreAppliedInFloat32()
    {
        tf.set_random_seed(777);
        var t = tf.truncated_normal(new[] { 3 }, mean: 0.1, stddev: 0.3);
        // The first op of the graph: three Consts, so the op seed is 3, as random_normal's in lab 08.
        Assert.That(((RandomAttr)t.op.Attr!).Seed2, Is.EqualTo(3));
        using var sess = tf.Session();
        var first = sess.run(t).ToArray<float>();
        var second = sess.run(t).ToArray<float>();
        var g = new TfPhilox(777, 3);
        var raw1 = g.Clone().TruncatedNormal(3);
        g.Skip(3 * 256);
        var raw2 = g.TruncatedNormal(3);
        Assert.That(first, Is.EqualTo(raw1.Select(x => x * 0.3f + 0.1f).ToArray()));
        Assert.That(second, Is.EqualTo(raw2.Select(x => x * 0.3f + 0.1f).ToArray()));
    }

    [Test]
    public void OpIdsAreThoseOfTfsPythonFunction()
    {
        // 3 Consts + TruncatedNormal, Mul, Add: the next random op's seed is 6 + 3 = 9, as after random_normal.
        tf.set_random_seed(777);
        tf.truncated_normal(new[] { 2 });
        var next = tf.random_uniform(new[] { 2 });
        Assert.That(((RandomAttr)next.op.Attr!).Seed2, Is.EqualTo(9));
    }

    [Test]
    public void Float64UsesTfsDoubleDistributionInGroupsOfTwo()
    {
        var gen = new TfPhilox(777, 5);
        var d = gen.TruncatedNormalDouble(5);
        Assert.That(d.Max(Math.Abs), Is.LessThan(2.0));
        // Group 1 (values 2, 3) starts 128 calls in; each attempt is one Philox call's four u32 (BoxMullerDouble).
        var g1 = new TfPhilox(777, 5);
        g1.Skip(128);
        Assert.That(d[2..4], Is.EqualTo(g1.TruncatedNormalDouble(2)));
        var block = new uint[4];
        new TfPhilox(777, 5).NextBlock(block);
        var (s, c) = TfPhilox.BoxMullerDouble(block[0], block[1], block[2], block[3]);
        if (Math.Abs(s) < 2 && Math.Abs(c) < 2) Assert.That(d[..2], Is.EqualTo(new[] { s, c }));

        tf.set_random_seed(777);
        var t = tf.truncated_normal(new[] { 5 }, stddev: 0.1, dtype: tf.float64);
        using var sess = tf.Session();
        var v = sess.run(t);
        Assert.That(v.dtype, Is.EqualTo(TF_DataType.TF_DOUBLE));
        Assert.That(v.ToArray<double>(), Is.EqualTo(new TfPhilox(777, 3).TruncatedNormalDouble(5).Select(x => x * 0.1 + 0.0).ToArray()));
    }

    [Test]
    public void BadArgumentsAreClearErrors()
    {
        var e = Assert.Throws<TypeError>(() => tf.truncated_normal(new[] { 2 }, dtype: tf.int32))!;
        Assert.That(e.Message, Does.Contain("tf.truncated_normal").And.Contain("int32").And.Contain("help:"));
        var v = Assert.Throws<ValueError>(() => tf.truncated_normal(new Shape(-1, 2)))!;
        Assert.That(v.Message, Does.Contain("tf.truncated_normal").And.Contain("help:"));
    }
}
