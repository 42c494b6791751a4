using Bridge.Backend;
using Bridge.Backend.Torch;
using static Bridge.Binding;

namespace Bridge.Tests.Engine;

/// <summary>
/// The float32 element-wise ops the libtorch backend runs as managed passes over its tensors' memory (Add, Sub, Mul,
/// RealDiv, SquaredDifference, AddN, Floor, ZerosLike/OnesLike/Fill, the spread of a reduction's gradient): each gives
/// libtorch's own kernel's bits and the managed kernel's (one IEEE operation per element), for every broadcasting
/// pattern the passes take, the ones they leave to libtorch, widths with scalar tails, and NaN, infinities and signed
/// zeros; and denormal results are flushed to zero, as TF's kernels flush them.
/// </summary>
public class ElementwisePassTests : GraphFixture
{
    private static NDArray[] Run(bool passes, Placement placement, Func<Tensor[]> build)
    {
        PlacementRule.Placement = placement;
        TorchKernels.ElementwisePasses = passes;
        try
        {
            tf.reset_default_graph();
            var fetches = build();
            using var sess = tf.Session();
            return fetches.Select(f => sess.run(f)).ToArray();
        }
        finally
        {
            PlacementRule.Placement = Placement.BySize;
            TorchKernels.ElementwisePasses = true;
        }
    }

    /// <summary>The passes against libtorch's kernels and against the managed kernels: the same shapes, dtypes and bits.</summary>
    private static void AgreeBitForBit(Func<Tensor[]> build)
    {
        var pass = Run(true, Placement.Torch, build);
        var torch = Run(false, Placement.Torch, build);
        var managed = Run(true, Placement.Managed, build);
        for (int i = 0; i < pass.Length; i++)
            foreach (var (other, what) in new[] { (torch[i], "libtorch's kernel"), (managed[i], "the managed kernel") })
            {
                Assert.That(pass[i].dtype, Is.EqualTo(other.dtype), $"fetch {i}: dtype against {what}");
                Assert.That(pass[i].shape.dims, Is.EqualTo(other.shape.dims), $"fetch {i}: shape against {what}");
                var a = pass[i].ToArray<float>();
                var b = other.ToArray<float>();
                for (int k = 0; k < a.Length; k++)
                    if (!(float.IsNaN(a[k]) && float.IsNaN(b[k])) && BitConverter.SingleToInt32Bits(a[k]) != BitConverter.SingleToInt32Bits(b[k]))
                        Assert.Fail($"fetch {i}, element {k}: {a[k]:R} with the pass, {b[k]:R} with {what}");
            }
    }

    /// <summary>Values in [-2, 2) (from a fixed seed) with NaN, infinities, signed zeros and a large value spread through.</summary>
    private static Tensor Values(System.Random rnd, params int[] dims)
    {
        int n = dims.Aggregate(1, (p, q) => p * q);
        var specials = new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 3e38f };
        var v = Enumerable.Range(0, n).Select(k => k % 53 == 7 ? specials[k / 53 % specials.Length] : (float)(rnd.NextDouble() * 4 - 2)).ToArray();
        return tf.constant(np.array(v).reshape(dims));
    }

    [Test]
    public void ArithmeticGivesLibTorchsBitsForEveryPattern() => AgreeBitForBit(() =>
    {
        // Width 37: four whole vectors of eight and a tail of five. [100, 37] is 3700 elements: libtorch's side when
        // forced, whatever the size.
        var rnd = new System.Random(12);
        var m = Values(rnd, 100, 37);
        var same = Values(rnd, 100, 37);
        var row = Values(rnd, 37);
        var row2 = Values(rnd, 1, 37);
        var column = Values(rnd, 100, 1);
        var scalar = tf.constant(-1.5f);
        var one = Values(rnd, 1);
        var cube = Values(rnd, 3, 50, 37);
        var plane = Values(rnd, 50, 37);
        var general = Values(rnd, 3, 1, 37); // not a simple pattern against the cube: libtorch's broadcast
        var results = new List<Tensor>();
        foreach (var (a, b) in new[] { (m, same), (m, row), (m, row2), (m, column), (m, scalar), (m, one), (cube, plane), (cube, general), (cube, row), (column, row2) })
            results.AddRange([a + b, a - b, a * b, a / b, b + a, b - a, b * a, b / a, tf.squared_difference(a, b), tf.squared_difference(b, a)]);
        return results.ToArray();
    });

    [Test]
    public void AddNFloorAndFillsGiveLibTorchsBits() => AgreeBitForBit(() =>
    {
        var rnd = new System.Random(13);
        var a = Values(rnd, 64, 99);
        var b = Values(rnd, 64, 99);
        var c = Values(rnd, 64, 99);
        var halves = tf.constant(np.array(new[] { -2.5f, -0.5f, -0f, 0f, 0.5f, 2.5f, -1e-30f, 1e30f, float.NaN, float.NegativeInfinity, 7.999999f }));
        return
        [
            tf.add_n(new[] { a, b }), tf.add_n(new[] { a, b, c }), tf.add_n(new[] { a, b, c, a, b }),
            tf.floor(a * 3f), tf.floor(halves), tf.zeros_like(a), tf.ones_like(a), tf.fill(new[] { 33, 65 }, 2.5f),
        ];
    });

    [Test]
    public void ReductionGradientsSpreadAsLibTorchsExpand() => AgreeBitForBit(() =>
    {
        // BroadcastToShape: _SumGrad and _MeanGrad spread the gradient over the reduced axes (a row, a column, a
        // scalar, with and without keep_dims), the mean's divided by the count.
        var rnd = new System.Random(14);
        var x = Values(rnd, 100, 37);
        var w = Values(rnd, 37);
        var v = Values(rnd, 100, 1);
        var results = new List<Tensor>();
        foreach (var axis in new int?[] { 0, 1, null })
            foreach (var keep in new[] { false, true })
            {
                var mean = axis is { } ax ? tf.reduce_mean(x, axis: ax, keepdims: keep) : tf.reduce_mean(x, keepdims: keep);
                var sum = axis is { } ax2 ? tf.reduce_sum(x, axis: ax2, keepdims: keep) : tf.reduce_sum(x, keepdims: keep);
                var weight = axis == 0 ? (Tensor)w : axis == 1 ? tf.reshape(v, keep ? new[] { 100, 1 } : new[] { 100 }) : tf.constant(0.75f);
                results.Add(tf.gradients(tf.reduce_sum(tf.multiply(mean, weight)), new[] { x })[0]!);
                results.Add(tf.gradients(tf.reduce_sum(tf.multiply(sum, weight)), new[] { x })[0]!);
            }
        return results.ToArray();
    });

    [Test]
    public void DenormalResultsAreFlushedAsTfFlushesThem()
    {
        // 1e-20 * 1e-20 = 1e-40, 1e-37 / 1000 and 1e-37 - 0.99e-37 are below FLT_MIN: TF's kernels run with flush-to-zero and give 0 (so do the passes, on
        // the run's thread; libtorch's OpenMP workers did not flush).
        var r = Run(true, Placement.Torch, () =>
        {
            var x = tf.fill(new[] { 100, 512 }, 1e-20f);
            var small = tf.fill(new[] { 100, 512 }, 1e-37f);
            return [x * x, small / 1e3f, small - tf.fill(new[] { 100, 512 }, 0.99e-37f), tf.squared_difference(x, tf.zeros_like(x))];
        });
        foreach (var t in r)
            Assert.That(t.ToArray<float>().Distinct(), Is.EqualTo(new[] { 0f }));
    }
}
