using static Bridge.Binding;

namespace Bridge.Tests.NumPy;

/// <summary>NDArray arithmetic broadcasts as numpy does, zero-size dimensions included.</summary>
public class NumPyBroadcastTests : GraphFixture
{
    [Test]
    public void ZeroRowsPlusOneRowIsZeroRows()
    {
        // numpy: np.zeros((0, 3)) + np.ones((1, 3)) -> array([], shape=(0, 3), dtype=float64)
        var r = np.zeros((0, 3)) + np.ones((1, 3));
        Assert.That(r.shape.dims, Is.EqualTo(new long[] { 0, 3 }));
        Assert.That(r.size, Is.EqualTo(0));
        Assert.That(r.dtype, Is.EqualTo(np.float64));
        Assert.That((np.ones((1, 3)) + np.zeros((0, 3))).shape.dims, Is.EqualTo(new long[] { 0, 3 }), "either side");
    }

    [Test]
    public void ZeroSizeBroadcastsInEveryForm()
    {
        Assert.That((np.zeros((0, 3)) + np.ones(new Shape(3))).shape.dims, Is.EqualTo(new long[] { 0, 3 }), "missing leading dimension");
        Assert.That((np.ones((1, 3)) * np.ones((0, 1))).shape.dims, Is.EqualTo(new long[] { 0, 3 }), "a 1 each side");
        Assert.That((np.zeros((2, 0)) - 1.0).shape.dims, Is.EqualTo(new long[] { 2, 0 }), "with a scalar");
        Assert.That((np.zeros((2, 0)) / np.ones((2, 1))).shape.dims, Is.EqualTo(new long[] { 2, 0 }));
        var compared = np.zeros((0, 3)) > 0.5;
        Assert.That(compared.shape.dims, Is.EqualTo(new long[] { 0, 3 }));
        Assert.That(compared.dtype, Is.EqualTo(np.@bool));
    }

    [Test]
    public void ZeroAgainstANonOneDimensionStillFails()
    {
        // numpy: operands could not be broadcast together with shapes (0,3) (2,3)
        var e = Assert.Throws<ValueError>(() => _ = np.zeros((0, 3)) + np.ones((2, 3)));
        Assert.That(e!.Message, Does.Contain("could not be broadcast together with shapes (0, 3) (2, 3)"));
    }

    [Test]
    public void ThreeDimensionalBroadcastPicksTheRightElements()
    {
        // a [2, 1, 3] + b [4, 1]: r[i, j, k] = a[i, 0, k] + b[j, 0].
        var a = np.array(Enumerable.Range(0, 6).Select(v => (double)v).ToArray()).reshape(2, 1, 3);
        var b = np.array(Enumerable.Range(0, 4).Select(v => 100.0 * v).ToArray()).reshape(4, 1);
        var r = a + b;
        Assert.That(r.shape.dims, Is.EqualTo(new long[] { 2, 4, 3 }));
        var expected = new List<double>();
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 4; j++)
                for (int k = 0; k < 3; k++)
                    expected.Add(i * 3 + k + 100.0 * j);
        Assert.That(r.ToArray<double>(), Is.EqualTo(expected));
    }
}
