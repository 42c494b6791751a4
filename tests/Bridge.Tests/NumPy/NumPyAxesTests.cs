using static Bridge.Binding;

namespace Bridge.Tests.NumPy;

/// <summary>np.transpose and np.swapaxes with numpy's semantics (lab 11-0 swaps a conv output's batch and channel axes).</summary>
public class NumPyAxesTests
{
    private static NDArray A234 => np.arange(24).reshape(2, 3, 4);

    [Test]
    public void SwapaxesExchangesTwoDimensions()
    {
        var a = A234;
        var s = np.swapaxes(a, 0, 2);
        Assert.That(s.shape.dims, Is.EqualTo(new long[] { 4, 3, 2 }));
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 2; k++)
                    Assert.That((long)s[i][j][k].item(), Is.EqualTo(k * 12 + j * 4 + i), $"s[{i},{j},{k}] = a[{k},{j},{i}]");
        Assert.That(a.swapaxes(-1, 0).shape.dims, Is.EqualTo(new long[] { 4, 3, 2 }), "negative axes count from the end");
        Assert.That(a.swapaxes(1, 1).ToString(), Is.EqualTo(a.ToString()), "an axis with itself is the array");
    }

    [Test]
    public void TransposeReversesOrPermutes()
    {
        var a = A234;
        var t = np.transpose(a);
        Assert.That(t.shape.dims, Is.EqualTo(new long[] { 4, 3, 2 }));
        Assert.That((long)t[3][2][1].item(), Is.EqualTo(23));
        Assert.That((long)t[1][0][1].item(), Is.EqualTo(13), "t[i,j,k] = a[k,j,i]");
        var p = np.transpose(a, 1, 2, 0);
        Assert.That(p.shape.dims, Is.EqualTo(new long[] { 3, 4, 2 }));
        Assert.That((long)p[2][1][1].item(), Is.EqualTo(12 + 2 * 4 + 1), "p[i,j,k] = a[k,i,j]");
        Assert.That(np.array(new[] { 1f, 2f }).transpose().dtype, Is.EqualTo(np.float32), "the dtype is kept");
    }

    [Test]
    public void BadAxesAreNamed()
    {
        Assert.That(() => np.swapaxes(A234, 0, 3), Throws.TypeOf<ValueError>().With.Message.Contains("axis 3 is out of bounds for array of dimension 3"));
        Assert.That(() => np.transpose(A234, 0, 0, 1), Throws.TypeOf<ValueError>().With.Message.Contains("don't match an array of shape (2, 3, 4)"));
        Assert.That(() => np.transpose(A234, 0, 1), Throws.TypeOf<ValueError>());
    }
}
