using Bridge.Kernels;

namespace Bridge.Tests.Runtime;

/// <summary>
/// The configurable Eigen gebp order of the TF build profiles (issue 16): with TF 1.0's configuration and no depth
/// split it is the default kernels' order bit for bit; the depth blocks, AVX's remaining-rows kernel and FMA each follow
/// a scalar definition written out term by term; bad BRIDGE_GEMM_ORDER / BRIDGE_TF_PROFILE values are refused by name.
/// </summary>
public class TfProfileTests
{
    private static float[] Draw(int count, int seed)
    {
        var random = new System.Random(seed);
        // Mixed magnitudes make the rounding of each addition matter, so a different order would show.
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4)))).ToArray();
    }

    private static int[] Bits(float[] v) => v.Select(BitConverter.SingleToInt32Bits).ToArray();

    [TestCase(8, 4, 3, false, false)]   // lab 06-1's product: all three columns are remaining rows
    [TestCase(4, 8, 3, true, false)]    // and its gradient
    [TestCase(31, 6, 10, false, true)]
    [TestCase(13, 300, 10, false, false)]
    [TestCase(17, 12, 5, true, true)]
    public void Tf10WithoutDepthSplitIsTheDefaultOrder(int m, int k, int n, bool transposeA, bool transposeB)
    {
        var a = Draw(m * k, m + k);
        var b = Draw(k * n, n * 7);
        Assert.That(TfProfile.Current, Is.Null, "tests run with the default profile");
        var expected = TfMatMul.Compute(a.AsSpan(), b.AsSpan(), m, k, n, transposeA, transposeB);
        var actual = TfMatMul.EigenGebp(a, b, m, k, n, transposeA, transposeB, TfProfile.Tf10);
        Assert.That(Bits(actual), Is.EqualTo(Bits(expected)));
    }

    /// <summary>The definition, one output at a time: each depth block's partial sum, added into the output.</summary>
    private static float Reference(float[] x, float[] y, int kc, int packet, bool inOrder, bool fma)
    {
        float Madd(float p, float q, float acc) => fma ? MathF.FusedMultiplyAdd(p, q, acc) : acc + p * q;
        float c = 0;
        for (int k0 = 0; k0 < x.Length; k0 += kc)
        {
            int depth = Math.Min(kc, x.Length - k0);
            float partial = 0;
            if (inOrder)
                for (int t = 0; t < depth; t++) partial = Madd(x[k0 + t], y[k0 + t], partial);
            else if (packet == 4)
            {
                // SSE: four accumulators, term t into t % 4; (s0 + s1) + (s2 + s3); then the rest in order.
                var s = new float[4];
                int t = 0;
                for (; t < depth / 4 * 4; t++) s[t % 4] = Madd(x[k0 + t], y[k0 + t], s[t % 4]);
                partial = (s[0] + s[1]) + (s[2] + s[3]);
                for (; t < depth; t++) partial = Madd(x[k0 + t], y[k0 + t], partial);
            }
            else
            {
                // AVX: four accumulators of two terms (even lane half, odd lane half), eight terms a round.
                var lo = new float[4];
                var hi = new float[4];
                int t = 0;
                for (; t < depth / 8 * 8; t += 2)
                {
                    int q = t / 2 % 4;
                    lo[q] = Madd(x[k0 + t], y[k0 + t], lo[q]);
                    hi[q] = Madd(x[k0 + t + 1], y[k0 + t + 1], hi[q]);
                }
                float even = (lo[0] + lo[1]) + (lo[2] + lo[3]), odd = (hi[0] + hi[1]) + (hi[2] + hi[3]);
                for (; t + 1 < depth; t += 2)
                {
                    even = Madd(x[k0 + t], y[k0 + t], even);
                    odd = Madd(x[k0 + t + 1], y[k0 + t + 1], odd);
                }
                partial = even + odd;
                if (t < depth) partial = Madd(x[k0 + t], y[k0 + t], partial);
            }
            c += partial;
        }
        return c;
    }

    [TestCase(0, 4, false)]
    [TestCase(400, 4, false)]
    [TestCase(320, 8, false)]
    [TestCase(400, 8, true)]
    [TestCase(264, 4, true)]
    [TestCase(333, 8, false)]           // odd blocks: AVX's last odd term
    [TestCase(400, 1, false)]           // all in order, depth split only
    public void LabSizedProductFollowsTheScalarDefinition(int kc, int packet, bool fma)
    {
        // Lab 07-4's forward product, 100x784 by 784x10, at a smaller batch: C's columns 8 and 9 are Eigen's
        // remaining rows (10 / 4 * 4 = 10 / 8 * 8 = 8), its last row past the four-row panels is in order.
        const int m = 13, k = 784, n = 10;
        var a = Draw(m * k, 3);
        var b = Draw(k * n, 4);
        var profile = TfProfile.Tf10 with { DepthBlock = kc, RemainingPacket = packet, Fma = fma };
        var actual = TfMatMul.EigenGebp(a, b, m, k, n, false, false, profile);
        int mismatches = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                var x = Enumerable.Range(0, k).Select(p => a[i * k + p]).ToArray();
                var y = Enumerable.Range(0, k).Select(p => b[p * n + j]).ToArray();
                bool inOrder = packet == 1 || j < n / packet * packet || i >= m / 4 * 4;
                float expected = Reference(x, y, kc > 0 ? kc : k, packet, inOrder, fma);
                if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual[i * n + j])) mismatches++;
            }
        Assert.That(mismatches, Is.Zero);
        // The orders do differ on these values: the test could fail.
        var inOrderAll = TfMatMul.EigenGebp(a, b, m, k, n, false, false, TfProfile.Tf10 with { RemainingPacket = 1 });
        Assert.That(Bits(actual), Is.Not.EqualTo(Bits(inOrderAll)));
    }

    [Test]
    public void TransposedOperandsGiveTheSameBits()
    {
        const int m = 784, k = 100, n = 10; // lab 07-4's gradient shape, X^T G
        var a = Draw(m * k, 5);
        var b = Draw(k * n, 6);
        var at = new float[k * m];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++) at[p * m + i] = a[i * k + p];
        var bt = new float[n * k];
        for (int p = 0; p < k; p++)
            for (int j = 0; j < n; j++) bt[j * k + p] = b[p * n + j];
        var profile = TfProfile.Parse("kc=64,rem=8,fma=1");
        var plain = TfMatMul.EigenGebp(a, b, m, k, n, false, false, profile);
        Assert.That(Bits(TfMatMul.EigenGebp(at, b, m, k, n, true, false, profile)), Is.EqualTo(Bits(plain)));
        Assert.That(Bits(TfMatMul.EigenGebp(a, bt, m, k, n, false, true, profile)), Is.EqualTo(Bits(plain)));
    }

    [Test]
    public void EnvironmentValuesAreParsedOrRefusedByName()
    {
        Assert.That(TfProfile.FromEnvironment(null, null), Is.Null);
        Assert.That(TfProfile.FromEnvironment("", " "), Is.Null);
        var p = TfProfile.FromEnvironment(null, "kc=400,rem=8,fma=1,radius=float,reduce=8")!;
        Assert.That((p.DepthBlock, p.RemainingPacket, p.Fma, p.FloatRadius, p.ReducePacket), Is.EqualTo((400, 8, true, true, 8)));
        Assert.That(TfProfile.Parse("kc=320"), Is.EqualTo(TfProfile.Tf10 with { Name = "kc=320", DepthBlock = 320 }));
        Assert.That(() => TfProfile.Parse("kc=-1"), Throws.ArgumentException.With.Message.Contains("'kc=-1'").And.Message.Contains("integer"));
        Assert.That(() => TfProfile.Parse("rem=2"), Throws.ArgumentException.With.Message.Contains("1, 4 or 8"));
        Assert.That(() => TfProfile.Parse("blocks=3"), Throws.ArgumentException.With.Message.Contains("one of kc, rem, fma, radius, reduce, mean"));
        Assert.That(() => TfProfile.FromEnvironment("tf9.9", null), Throws.ArgumentException.With.Message.Contains("BRIDGE_TF_PROFILE=tf9.9"));
    }
}
