using Bridge.Kernels;

namespace Bridge.Tests.Runtime;

/// <summary>
/// The vectorized matrix product must equal the one-dot-product-at-a-time definition bit for bit (same additions in
/// the same order), for every shape class its blocking splits into and every transpose combination; and the product
/// follows TF 1.0's dispatch to Eigen's kernels, each with its own addition order.
/// </summary>
public class TfMatMulTests
{
    private static IEnumerable<TestCaseData> Shapes()
    {
        int[][] shapes =
        [
            [1, 1, 1], [1, 5, 2], [3, 7, 3], [4, 3, 8], [5, 9, 16], [7, 1, 17], [8, 4, 24], [9, 33, 31],
            [16, 10, 4], [17, 12, 5], [31, 6, 10], [33, 20, 3], [100, 784, 10], [784, 100, 10], [64, 64, 64],
            [35, 9, 6], [48, 5, 7], [13, 300, 10], [5, 2, 10],
            // At least TfMatMul.ParallelWork multiply-adds: the row blocks are shared with the helper thread, and a
            // part may end on a partial block.
            [103, 2600, 11], [801, 333, 7], [790, 400, 9],
        ];
        foreach (var s in shapes)
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    if (s[2] != 1 || ta) // n = 1 with an untransposed A is the lane-order matrix-vector kernel
                        yield return new TestCaseData(s[0], s[1], s[2], ta, tb).SetName($"{s[0]}x{s[1]}x{s[2]} tA={ta} tB={tb}");
    }

    [TestCaseSource(nameof(Shapes))]
    public void VectorizedEqualsTheScalarDefinitionBitForBit(int m, int k, int n, bool transposeA, bool transposeB)
    {
        var random = new System.Random(m * 10007 + k * 101 + n);
        // Mixed magnitudes make the rounding of each addition matter, so a different order would show.
        float Draw() => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4)));
        var a = Enumerable.Range(0, m * k).Select(_ => Draw()).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => Draw()).ToArray();
        var expected = new float[m * n];
        TfMatMul.SequentialScalar(a, b, m, k, n, transposeA, transposeB, expected);
        var actual = new float[m * n];
        TfMatMul.Sequential(a, b, m, k, n, transposeA, transposeB, actual);
        Assert.That(actual.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)));
    }

    [Test]
    public void SharedRowsGiveTheSameBitsWhenManyThreadsPostAtOnce()
    {
        // Four callers at once share one helper thread: each product still equals the scalar definition.
        const int m = 100, k = 784, n = 10;
        var random = new System.Random(17);
        var a = Enumerable.Range(0, m * k).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var expected = new float[m * n];
        TfMatMul.SequentialScalar(a, b, m, k, n, false, false, expected);
        var failures = 0;
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (int r = 0; r < 200; r++)
            {
                var actual = TfMatMul.Compute(a, b, m, k, n, false, false);
                if (!actual.AsSpan().SequenceEqual(expected)) Interlocked.Increment(ref failures);
            }
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        Assert.That(failures, Is.Zero);
    }

    // In order, 1e8 + 1 rounds back to 1e8 (float32 spacing there is 8): the sums below tell the orders apart.
    private static readonly float[] Terms = [1e8f, 1f, -1e8f, 1f];

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public void RemainingColumnsOfFullRowPanelsSumInFourPartialSums(bool transposeA, bool transposeB)
    {
        // C = A [5, 4] B [4, 5], every row of A the terms, B all ones. Eigen's gebp (on C^T) takes C's column 4
        // (past the last full packet of its rows) for C's rows 0-3 in its "remaining rows" kernel:
        // (1e8 + 1) + (-1e8 + 1) = 1e8 - 1e8 = 0; the in-order sum ((1e8 + 1) - 1e8) + 1 = 1 everywhere else.
        int m = 5, k = 4, n = 5;
        var a = new float[m * k];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++) a[transposeA ? p * m + i : i * k + p] = Terms[p];
        var b = Enumerable.Repeat(1f, k * n).ToArray();
        var c = TfMatMul.Compute(a, b, m, k, n, transposeA, transposeB);
        float[] expected = [1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1];
        Assert.That(c, Is.EqualTo(expected));
    }

    [Test]
    public void RemainingColumnsAddTheTermsPastTheLastFourInOrder()
    {
        // C [4, 2]: both columns are past the last full packet of gebp's rows (n = 2 < 4), C's rows 0-3 a full panel.
        // k = 6: partial sums over terms 0-3 give 0, then + 1 + 1 = 2 (in order it is 3).
        float[] row = [1e8f, 1f, -1e8f, 1f, 1f, 1f];
        var a = Enumerable.Range(0, 4).SelectMany(_ => row).ToArray();
        var b = Enumerable.Repeat(1f, 6 * 2).ToArray();
        var c = TfMatMul.Compute(a, b, 4, 6, 2, transposeA: false, transposeB: false);
        Assert.That(c, Is.EqualTo(Enumerable.Repeat(2f, 8).ToArray()));
    }

    [Test]
    public void OneRowTimesTransposedBIsTheLaneOrderKernel()
    {
        // m = 1, B transposed: TF 1.0 computes B [n, k] times A's k floats (row-major gemv): lanes (1e8 + -1e8) + (1 + 1) = 2.
        var b = Terms.Concat(Terms).ToArray(); // B stored [2, 4]
        var c = TfMatMul.Compute(new[] { 1f, 1f, 1f, 1f }, b, 1, 4, 2, transposeA: false, transposeB: true);
        Assert.That(c, Is.EqualTo(new[] { 2f, 2f }));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void OneRowTimesUntransposedBIsInOrder(bool transposeA)
    {
        // m = 1, B untransposed (n = 1 too): Eigen Tensor's contraction calls its column-major gemv, in order: 1.
        var c = TfMatMul.Compute(Terms, Enumerable.Repeat(1f, 4).ToArray(), 1, 4, 1, transposeA, transposeB: false);
        Assert.That(c, Is.EqualTo(new[] { 1f }));
    }

    [Test]
    public void ColumnMajorVectorSumsRunsOfSixteenFromK128()
    {
        // n = 1, A transposed, k = 128: runs of 16, each from zero: 1e8 (+15 ones lost), -1e8 (+15 ones lost), zeros:
        // 1e8 - 1e8 = 0. In order it would be 15 (the ones after -1e8 count).
        var terms = new float[128];
        terms[0] = 1e8f;
        terms[16] = -1e8f;
        for (int p = 1; p < 32; p++) if (p != 16) terms[p] = 1f;
        var c = TfMatMul.Compute(terms, Enumerable.Repeat(1f, 128).ToArray(), 1, 128, 1, transposeA: true, transposeB: false);
        Assert.That(c, Is.EqualTo(new[] { 0f }));
        var inOrder = TfMatMul.Compute(terms.Take(127).ToArray(), Enumerable.Repeat(1f, 127).ToArray(), 1, 127, 1, transposeA: true, transposeB: false);
        Assert.That(inOrder, Is.EqualTo(new[] { 15f }));
    }

    [TestCase(1, 1)]
    [TestCase(3, 3)]
    [TestCase(5, 4)]
    [TestCase(7, 9)]
    [TestCase(20, 31)]
    [TestCase(2000, 784)]
    public void MatrixVectorLanesEqualTheScalarDefinitionBitForBit(int m, int k)
    {
        var random = new System.Random(m * 31 + k);
        float Draw() => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4)));
        var a = Enumerable.Range(0, m * k).Select(_ => Draw()).ToArray();
        var b = Enumerable.Range(0, k).Select(_ => Draw()).ToArray();
        var expected = new float[m];
        TfMatMul.LaneOrderScalar(a, b, m, k, expected);
        foreach (bool transposeB in new[] { false, true }) // a column stored [k, 1] or [1, k]: the same floats
        {
            var actual = TfMatMul.Compute(a, b, m, k, 1, transposeA: false, transposeB);
            Assert.That(actual.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)));
        }
    }

    [Test]
    public void OrderIsSequentialNotPairwise()
    {
        // In order: (0 + 1e8) + 1 rounds back to 1e8 (float32 spacing there is 8), then + -1e8 gives 0, not the exact 1.
        float[] a = [1e8f, 1f, -1e8f];
        float[] b = [1f, 1f, 1f];
        var c = TfMatMul.Compute(a, b, 1, 3, 1, transposeA: true, transposeB: false);
        Assert.That(c[0], Is.EqualTo(0f));
    }

    [TestCase(100, 784, 10, true)]
    [TestCase(784, 100, 10, true)]
    [TestCase(8, 8, 8, true)]
    [TestCase(1000, 1000, 1000, false)]
    [TestCase(1000, 1000, 17, false)]
    [TestCase(100000, 784, 10, true)]
    public void NarrowAndSmallProductsAreComputedHere(int m, int k, int n, bool handled) =>
        Assert.That(TfMatMul.Handles(m, k, n), Is.EqualTo(handled));
}
