using Bridge.Kernels;

namespace Bridge.Tests.Runtime;

/// <summary>
/// The vectorized matrix product must equal the one-dot-product-at-a-time definition bit for bit (same additions in
/// the same order), for every shape class its blocking splits into and every transpose combination.
/// </summary>
public class TfMatMulTests
{
    private static IEnumerable<TestCaseData> Shapes()
    {
        int[][] shapes =
        [
            [1, 1, 1], [1, 5, 2], [3, 7, 3], [4, 3, 8], [5, 9, 16], [7, 1, 17], [8, 4, 24], [9, 33, 31],
            [16, 10, 4], [17, 12, 5], [31, 6, 10], [33, 20, 3], [100, 784, 10], [784, 100, 10], [64, 64, 64],
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
        var actual = TfMatMul.Compute(a, b, m, k, n, transposeA, transposeB);
        Assert.That(actual.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)));
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
