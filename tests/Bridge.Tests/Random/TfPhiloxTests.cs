using Bridge.Philox;

namespace Bridge.Tests.Random;

/// <summary>
/// Expected values were printed by real TensorFlow 1.x with graph seed 777 (so the op's seed attr is 777 and seed2 is
/// the op id TF picked). Exact float equality with the parsed decimals is what proves the port is bit-exact.
/// </summary>
public class TfPhiloxTests
{
    private const long GraphSeed = 777;

    private static void AssertBitExact(float[] actual, double[] expected)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        for (int i = 0; i < expected.Length; i++)
        {
            // Tolerance first (loose enough for the 7-digit literals), for a readable message if something is far off.
            Assert.That(actual[i], Is.EqualTo(expected[i]).Within(Math.Abs(expected[i]) * 3e-7), $"index {i}");
            // Then bit-exactness: every literal here parses to exactly the float TF printed.
            Assert.That(actual[i], Is.EqualTo((float)expected[i]), $"index {i} not bit-exact: {actual[i]:R}");
        }
    }

    [TestCase(5, new[] { 0.80269563, 0.67861295, -1.2172831, -0.3051686, -0.3032113, 1.508257, 0.7572236, -0.7008909, -2.108204 })]
    [TestCase(5, new[] { 0.80269563, 0.67861295, -1.2172831, -0.3051686 })]
    [TestCase(14, new[] { 0.45847914, -0.9440147, -2.1179957 })]
    // The 2nd value pins the sin/cos rounding: MathF.Cos is 1 ulp off TF here.
    [TestCase(3, new[] { 2.20866942, -0.73225045, 0.33533147 })]
    [TestCase(26, new[] { 1.3851618, -0.78297657 })]
    [TestCase(35, new[] { 0.1579889 })]
    public void NormalMatchesTensorFlow(long seed2, double[] expected)
        => AssertBitExact(new TfPhilox(GraphSeed, seed2).Normal(expected.Length), expected);

    [TestCase(9, new[] { 0.08186948, 0.42999184 })]
    [TestCase(16, new[] { 0.43535876, 0.76933432, 0.65130949, 0.90863407, 0.06278825, 0.85073185 })]
    public void UniformMatchesTensorFlow(long seed2, double[] expected)
        => AssertBitExact(new TfPhilox(GraphSeed, seed2).Uniform(expected.Length), expected);

    [Test]
    public void FirstExecutionOfStreamIsTheFreshGenerator()
    {
        var stream = new TfRandomStream(GraphSeed, 5);
        Assert.That(stream.NextNormal(9), Is.EqualTo(new TfPhilox(GraphSeed, 5).Normal(9)));
    }

    [Test]
    public void LaterExecutionsStartAfterReservedBlocks()
    {
        const long n = 6;
        var stream = new TfRandomStream(GraphSeed, 16);
        stream.NextUniform(n);
        var second = stream.NextUniform(n);
        var third = stream.NextUniform(n);

        var g2 = new TfPhilox(GraphSeed, 16);
        g2.Skip((ulong)n * 256);
        var g3 = new TfPhilox(GraphSeed, 16);
        g3.Skip((ulong)n * 256 * 2);
        Assert.That(second, Is.EqualTo(g2.Uniform(n)));
        Assert.That(third, Is.EqualTo(g3.Uniform(n)));
        Assert.That(second, Is.Not.EqualTo(new TfPhilox(GraphSeed, 16).Uniform(n)));
    }

    [Test]
    public void ReservationDependsOnEachExecutionsOwnSize()
    {
        // Skips accumulate per execution: 3 values then 10 values -> the third run starts at (3 + 10) * 256.
        var stream = new TfRandomStream(GraphSeed, 3);
        stream.NextNormal(3);
        stream.NextNormal(10);
        var g = new TfPhilox(GraphSeed, 3);
        g.Skip(13 * 256);
        Assert.That(stream.NextNormal(4), Is.EqualTo(g.Normal(4)));
    }

    [Test]
    public void EachCallConsumesOneBlockAndTailsAreDiscarded()
    {
        // 5 values take two calls; the remaining 3 outputs of the 2nd call are dropped, so the next read starts at block 2.
        var a = new TfPhilox(GraphSeed, 5);
        a.Normal(5);
        var b = new TfPhilox(GraphSeed, 5);
        b.Skip(2);
        Assert.That(a.Normal(4), Is.EqualTo(b.Normal(4)));

        var all = new TfPhilox(GraphSeed, 5).Normal(12);
        var skipped = new TfPhilox(GraphSeed, 5);
        skipped.Skip(2);
        Assert.That(skipped.Normal(4), Is.EqualTo(all[8..12]));
    }

    [TestCase(0L, 1L, 0UL)]
    [TestCase(87654321L, 16L, 0UL)]
    [TestCase(777L, 3L, 12345UL)]
    [TestCase(-1L, long.MaxValue, 0xFFFFFFFEUL)]            // the c0 -> c1 carry inside a group of four blocks
    [TestCase(5L, 9L, ulong.MaxValue - 9)]                  // the low half wraps mid-stream: the four-block fill hands over
    [TestCase(5L, -1L, ulong.MaxValue - 2)]                 // ... and seed2's c3 carries too
    public void TheFourBlockUniformFillIsTheOneBlockLoopBitForBit(long seed, long seed2, ulong start)
    {
        // Every length from 0 to 70 (whole groups of 16, and tails of 1 to 15), then one lab-sized draw; the generator
        // must also end on the same counter (the next draw agrees).
        foreach (int n in Enumerable.Range(0, 71).Append(51200).Append(51201))
        {
            var fast = new TfPhilox(seed, seed2);
            var slow = new TfPhilox(seed, seed2);
            fast.Skip(start);
            slow.Skip(start);
            var got = fast.Uniform(n);
            var want = new float[n];
            slow.UniformScalar(want);
            Assert.That(got.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(want.Select(BitConverter.SingleToInt32Bits)), $"n = {n}");
            var nextFast = new float[4];
            var nextSlow = new float[4];
            fast.UniformScalar(nextFast);
            slow.UniformScalar(nextSlow);
            Assert.That(nextFast, Is.EqualTo(nextSlow), $"the counter after n = {n}");
        }
    }

    [Test]
    public void SkipCarriesAcrossWords()
    {
        // Counter words c0..c3; seed2 occupies c2:c3. Starting at c0 = c1 = 0xFFFFFFFF (after 2^64 - 1 steps),
        // one more step must carry into c2, i.e. land on the stream seed2 + 1 at counter 0.
        var g = new TfPhilox(GraphSeed, 5);
        g.Skip(ulong.MaxValue);
        g.Skip(1);
        Assert.That(g.Normal(4), Is.EqualTo(new TfPhilox(GraphSeed, 6).Normal(4)));

        // Carry from c0 into c1: 2^32 single steps equal one skip of 2^32; compare via two different routes.
        var x = new TfPhilox(GraphSeed, 5);
        x.Skip(0xFFFFFFFF);
        x.Skip(1);
        var y = new TfPhilox(GraphSeed, 5);
        y.Skip(1UL << 32);
        Assert.That(x.Uniform(4), Is.EqualTo(y.Uniform(4)));

        // NextBlock's own increment must carry too: from c0 = 0xFFFFFFFF one block later is 2^32.
        var z = new TfPhilox(GraphSeed, 5);
        z.Skip(0xFFFFFFFF);
        z.Uniform(4);
        var w = new TfPhilox(GraphSeed, 5);
        w.Skip(1UL << 32);
        Assert.That(z.Uniform(4), Is.EqualTo(w.Uniform(4)));

        // Carry out of the full c2:c3 word pair is handled by the seed2 half (all-ones seed2 wraps to 0).
        var v = new TfPhilox(GraphSeed, -1);
        v.Skip(ulong.MaxValue);
        v.Skip(1);
        Assert.That(v.Uniform(4), Is.EqualTo(new TfPhilox(GraphSeed, 0).Uniform(4)));
    }

    [Test]
    public void KeyUsesBothHalvesOfSeed()
    {
        var low = new TfPhilox(777, 5).Uniform(4);
        var high = new TfPhilox(777 + (1L << 32), 5).Uniform(4);
        Assert.That(high, Is.Not.EqualTo(low));
    }

    [Test]
    public void UniformIsInHalfOpenUnitInterval()
    {
        Assert.That(TfPhilox.ToUniform(0), Is.EqualTo(0f));
        Assert.That(TfPhilox.ToUniform(uint.MaxValue), Is.EqualTo(1f - MathF.Pow(2, -23)));
        Assert.That(new TfPhilox(1, 2).Uniform(1000), Has.All.GreaterThanOrEqualTo(0f).And.LessThan(1f));
    }

    [Test]
    public void BoxMullerClampsZero()
    {
        // u = 0 is clamped to 1e-7 before the log, so the radius is finite.
        var (s, c) = TfPhilox.BoxMuller(0, 0);
        Assert.That(float.IsFinite(s) && float.IsFinite(c), Is.True);
        Assert.That(c, Is.EqualTo((float)Math.Sqrt(-2.0 * Math.Log(1e-7f))));
    }

    [Test]
    public void SeedRule()
    {
        Assert.Multiple(() =>
        {
            // Graph seed only: the op seed is the graph's last op id.
            Assert.That(TfSeeds.Get(777, null, 5), Is.EqualTo(((long)777, (long)5)));
            // Both set: last op id is irrelevant.
            Assert.That(TfSeeds.Get(777, 42, 5), Is.EqualTo(((long)777, (long)42)));
            // Op seed only: TF's default graph seed.
            Assert.That(TfSeeds.Get(null, 42, 5), Is.EqualTo(((long)87654321, (long)42)));
            // Neither: nondeterministic.
            Assert.That(TfSeeds.Get(null, null, 5), Is.Null);
            // (0, 0) is reserved for "random", so seed2 moves to 2^31 - 1.
            Assert.That(TfSeeds.Get(0, 0, 9), Is.EqualTo(((long)0, (long)int.MaxValue)));
            Assert.That(TfSeeds.Get(0, null, 0), Is.EqualTo(((long)0, (long)int.MaxValue)));
            // Python's seed % (2**31 - 1): non-negative, and 2^31 - 1 itself truncates to 0.
            Assert.That(TfSeeds.Get(-1, 3, 0), Is.EqualTo(((long)int.MaxValue - 1, (long)3)));
            Assert.That(TfSeeds.Get(int.MaxValue, 0, 0), Is.EqualTo(((long)0, (long)int.MaxValue)));
        });
    }
}
