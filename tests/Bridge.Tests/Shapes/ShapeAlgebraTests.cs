using Bridge.Shapes;

namespace Bridge.Tests.Shapes;

/// <summary>ShapeAlgebra: each broadcasting rule (known, unknown and zero-size dimensions), reduced shapes, gradient axes, strides, counts.</summary>
public class ShapeAlgebraTests
{
    private const long U = ShapeAlgebra.Unknown;

    private static long[]? Broadcast(long[] a, long[] b) => ShapeAlgebra.TryBroadcast(a, b, out var dims) ? dims : null;

    // ---- TryBroadcast ----

    [TestCase(new long[] { 2, 3 }, new long[] { 2, 3 }, new long[] { 2, 3 }, TestName = "equal dimensions")]
    [TestCase(new long[] { 1, 3 }, new long[] { 4, 3 }, new long[] { 4, 3 }, TestName = "1 with d gives d")]
    [TestCase(new long[] { 4, 3 }, new long[] { 4, 1 }, new long[] { 4, 3 }, TestName = "d with 1 gives d")]
    [TestCase(new long[] { 4, 1 }, new long[] { 1, 5 }, new long[] { 4, 5 }, TestName = "1s on both sides")]
    [TestCase(new long[] { 3 }, new long[] { 2, 4, 3 }, new long[] { 2, 4, 3 }, TestName = "missing leading dimensions count as 1")]
    [TestCase(new long[] { 2, 1, 3 }, new long[] { 4, 1 }, new long[] { 2, 4, 3 }, TestName = "aligned at the last dimension")]
    [TestCase(new long[0], new long[] { 2, 3 }, new long[] { 2, 3 }, TestName = "a scalar with anything")]
    [TestCase(new long[0], new long[0], new long[0], TestName = "two scalars")]
    [TestCase(new long[] { 0, 3 }, new long[] { 1, 3 }, new long[] { 0, 3 }, TestName = "0 with 1 gives 0")]
    [TestCase(new long[] { 1, 3 }, new long[] { 0, 3 }, new long[] { 0, 3 }, TestName = "1 with 0 gives 0")]
    [TestCase(new long[] { 0 }, new long[] { 0 }, new long[] { 0 }, TestName = "0 with 0 gives 0")]
    [TestCase(new long[] { 0, 3 }, new long[] { 3 }, new long[] { 0, 3 }, TestName = "0 with a missing dimension gives 0")]
    [TestCase(new long[] { U, 3 }, new long[] { 1, 3 }, new long[] { U, 3 }, TestName = "unknown with 1 gives unknown")]
    [TestCase(new long[] { 1, 3 }, new long[] { U, 3 }, new long[] { U, 3 }, TestName = "1 with unknown gives unknown")]
    [TestCase(new long[] { U, 3 }, new long[] { 3 }, new long[] { U, 3 }, TestName = "unknown with a missing dimension gives unknown")]
    [TestCase(new long[] { U, 3 }, new long[] { 5, 3 }, new long[] { 5, 3 }, TestName = "unknown with d gt 1 gives d")]
    [TestCase(new long[] { 5, 3 }, new long[] { U, 3 }, new long[] { 5, 3 }, TestName = "d gt 1 with unknown gives d")]
    [TestCase(new long[] { U, 3 }, new long[] { U, 3 }, new long[] { U, 3 }, TestName = "unknown with unknown gives unknown")]
    [TestCase(new long[] { U }, new long[] { 0 }, new long[] { U }, TestName = "unknown with 0 gives unknown (TF's static rule)")]
    [TestCase(new long[] { U, 1 }, new long[] { 1, U }, new long[] { U, U }, TestName = "unknowns crossing 1s")]
    public void Broadcasts(long[] a, long[] b, long[] expected)
    {
        Assert.That(Broadcast(a, b), Is.EqualTo(expected));
    }

    [TestCase(new long[] { 2, 3 }, new long[] { 3, 3 }, TestName = "2 and 3")]
    [TestCase(new long[] { 0, 3 }, new long[] { 2, 3 }, TestName = "0 and 2")]
    [TestCase(new long[] { 3 }, new long[] { 2, 4 }, TestName = "trailing 3 and 4")]
    [TestCase(new long[] { U, 2 }, new long[] { 4, 3 }, TestName = "a known mismatch beside an unknown")]
    public void IncompatibleShapesDoNotBroadcast(long[] a, long[] b)
    {
        Assert.That(ShapeAlgebra.TryBroadcast(a, b, out var dims), Is.False);
        Assert.That(dims, Is.Empty);
        Assert.That(ShapeAlgebra.TryBroadcast(b, a, out _), Is.False, "either order");
    }

    [Test]
    public void BroadcastingIsSymmetric()
    {
        foreach (var (a, b) in ShapePairs())
            Assert.That(Broadcast(a, b), Is.EqualTo(Broadcast(b, a)), $"{Show(a)} with {Show(b)}");
    }

    [Test]
    public void AgreesWithTheGraphBuildersStaticBroadcast()
    {
        // OpHelpers.Broadcast (graph building) will use this module: every pair of shapes of rank 0..2 over the
        // dimensions unknown, 0, 1, 2, 3 gives the same result, or fails with both.
        foreach (var (a, b) in ShapePairs())
        {
            long[]? builder;
            try { builder = OpHelpers.Broadcast("tf.add", new Shape(a), new Shape(b)).dims; }
            catch (ValueError) { builder = null; }
            Assert.That(Broadcast(a, b), Is.EqualTo(builder), $"{Show(a)} with {Show(b)}");
        }
    }

    [Test]
    public void KnownShapesFollowNumPy()
    {
        // numpy's rule on concrete shapes: each dimension pair equal or one of them 1, the result the other.
        foreach (var (a, b) in ShapePairs().Where(p => p.A.All(d => d >= 0) && p.B.All(d => d >= 0)))
        {
            int n = Math.Max(a.Length, b.Length);
            var pa = Enumerable.Repeat(1L, n - a.Length).Concat(a).ToArray();
            var pb = Enumerable.Repeat(1L, n - b.Length).Concat(b).ToArray();
            bool ok = pa.Zip(pb).All(p => p.First == p.Second || p.First == 1 || p.Second == 1);
            var expected = ok ? pa.Zip(pb, (x, y) => x == 1 ? y : x).ToArray() : null;
            Assert.That(Broadcast(a, b), Is.EqualTo(expected), $"{Show(a)} with {Show(b)}");
        }
    }

    private static IEnumerable<(long[] A, long[] B)> ShapePairs()
    {
        long[] values = [U, 0, 1, 2, 3];
        var shapes = new List<long[]> { Array.Empty<long>() };
        shapes.AddRange(values.Select(v => new[] { v }));
        shapes.AddRange(values.SelectMany(v => values.Select(w => new[] { v, w })));
        foreach (var a in shapes)
            foreach (var b in shapes)
                yield return (a, b);
    }

    private static string Show(long[] dims) => new Shape(dims).ToTfString();

    // ---- reductions ----

    [TestCase(new long[] { 2, 3, 4 }, new[] { 1 }, false, new long[] { 2, 4 })]
    [TestCase(new long[] { 2, 3, 4 }, new[] { 1 }, true, new long[] { 2, 1, 4 })]
    [TestCase(new long[] { 2, 3, 4 }, new[] { 0, 2 }, false, new long[] { 3 })]
    [TestCase(new long[] { 2, 3, 4 }, new[] { 0, 2 }, true, new long[] { 1, 3, 1 })]
    [TestCase(new long[] { 2, 3, 4 }, new[] { 0, 1, 2 }, false, new long[0])]
    [TestCase(new long[] { 2, 3, 4 }, new[] { 0, 1, 2 }, true, new long[] { 1, 1, 1 })]
    [TestCase(new long[] { 2, 3, 4 }, new int[0], false, new long[] { 2, 3, 4 })]
    [TestCase(new long[] { 2, 3, 4 }, new[] { 2, 0 }, false, new long[] { 3 })]
    [TestCase(new long[] { 0, 3 }, new[] { 0 }, false, new long[] { 3 })]
    [TestCase(new long[] { 0, 3 }, new[] { 1 }, true, new long[] { 0, 1 })]
    [TestCase(new long[] { U, 3 }, new[] { 1 }, false, new long[] { U })]
    [TestCase(new long[0], new int[0], true, new long[0])]
    public void ReducedDims(long[] dims, int[] axes, bool keepDims, long[] expected)
    {
        Assert.That(ShapeAlgebra.ReducedDims(dims, axes, keepDims), Is.EqualTo(expected));
    }

    [TestCase(new long[] { 2, 3, 4 }, new[] { 1 }, 3)]
    [TestCase(new long[] { 2, 3, 4 }, new[] { 0, 2 }, 8)]
    [TestCase(new long[] { 2, 3, 4 }, new int[0], 1)]
    [TestCase(new long[] { 2, 0, 4 }, new[] { 1, 2 }, 0)]
    public void ReducedCount(long[] dims, int[] axes, long expected)
    {
        Assert.That(ShapeAlgebra.ReducedCount(dims, axes), Is.EqualTo(expected));
    }

    [TestCase(new long[] { 2, 3 }, new long[] { 2, 3 }, new int[0], TestName = "the same shape: nothing")]
    [TestCase(new long[] { 2, 3 }, new long[] { 3 }, new[] { 0 }, TestName = "a leading dimension the operand lacks")]
    [TestCase(new long[] { 4, 2, 3 }, new long[] { 3 }, new[] { 0, 1 }, TestName = "two leading dimensions")]
    [TestCase(new long[] { 2, 3 }, new long[] { 1, 3 }, new[] { 0 }, TestName = "a 1 the operand has")]
    [TestCase(new long[] { 2, 3 }, new long[] { 2, 1 }, new[] { 1 }, TestName = "an inner 1")]
    [TestCase(new long[] { 4, 2, 3 }, new long[] { 2, 1 }, new[] { 0, 2 }, TestName = "leading and inner")]
    [TestCase(new long[] { 2, 3 }, new long[0], new[] { 0, 1 }, TestName = "a scalar operand")]
    [TestCase(new long[] { 2, 1, 3 }, new long[] { 1, 1, 3 }, new[] { 0 }, TestName = "1 on both sides is not summed")]
    [TestCase(new long[] { 0, 3 }, new long[] { 1, 3 }, new[] { 0 }, TestName = "a zero-size dimension sums to 1")]
    [TestCase(new long[0], new long[0], new int[0], TestName = "scalars")]
    public void ReductionAxesToShape(long[] from, long[] to, int[] expected)
    {
        var axes = ShapeAlgebra.ReductionAxesToShape(from, to);
        Assert.That(axes, Is.EqualTo(expected));
        // Summing over them leaves as many elements as the operand has: the sum reshapes to it.
        Assert.That(ShapeAlgebra.ElementCount(ShapeAlgebra.ReducedDims(from, axes, keepDims: false)), Is.EqualTo(ShapeAlgebra.ElementCount(to)));
    }

    [Test]
    public void ReductionAxesUndoEveryBroadcast()
    {
        // For each pair that broadcasts, each operand's axes sum the result back to a reshape of the operand.
        foreach (var (a, b) in ShapePairs().Where(p => p.A.All(d => d >= 0) && p.B.All(d => d >= 0)))
        {
            if (!ShapeAlgebra.TryBroadcast(a, b, out var result)) continue;
            foreach (var operand in new[] { a, b })
            {
                var axes = ShapeAlgebra.ReductionAxesToShape(result, operand);
                var left = ShapeAlgebra.ReducedDims(result, axes, keepDims: false);
                Assert.That(left.Where(d => d != 1), Is.EqualTo(operand.Where(d => d != 1)), $"{Show(result)} to {Show(operand)}");
            }
        }
    }

    [Test]
    public void ReductionAxesNeedAnOperandOfAtMostTheRank()
    {
        Assert.Throws<ArgumentException>(() => ShapeAlgebra.ReductionAxesToShape([3], [2, 3]));
    }

    // ---- strides, source indices, counts ----

    [TestCase(new long[] { 2, 3, 4 }, new long[] { 12, 4, 1 })]
    [TestCase(new long[] { 5 }, new long[] { 1 })]
    [TestCase(new long[0], new long[0])]
    [TestCase(new long[] { 2, 0, 3 }, new long[] { 0, 3, 1 })]
    public void RowMajorStrides(long[] dims, long[] expected)
    {
        Assert.That(ShapeAlgebra.Strides(dims), Is.EqualTo(expected));
    }

    [TestCase(new long[] { 3 }, new long[] { 2, 3 }, new long[] { 0, 1 })]
    [TestCase(new long[] { 2, 1 }, new long[] { 2, 3 }, new long[] { 1, 0 })]
    [TestCase(new long[] { 1, 1 }, new long[] { 4, 5 }, new long[] { 0, 0 })]
    [TestCase(new long[0], new long[] { 2 }, new long[] { 0 })]
    [TestCase(new long[] { 2, 1, 3 }, new long[] { 2, 4, 3 }, new long[] { 3, 0, 1 })]
    [TestCase(new long[] { 4, 5 }, new long[] { 4, 5 }, new long[] { 5, 1 })]
    public void BroadcastStrides(long[] from, long[] to, long[] expected)
    {
        Assert.That(ShapeAlgebra.BroadcastStrides(from, to), Is.EqualTo(expected));
    }

    [Test]
    public void SourceIndicesReadTheBroadcastElement()
    {
        foreach (var (a, b) in ShapePairs().Where(p => p.A.All(d => d >= 0) && p.B.All(d => d >= 0)))
        {
            if (!ShapeAlgebra.TryBroadcast(a, b, out var to)) continue;
            foreach (var from in new[] { a, b })
            {
                var actual = new long[ShapeAlgebra.ElementCount(to)];
                ShapeAlgebra.SourceIndices<long>(from, to, actual);
                var narrow = new int[actual.Length];
                ShapeAlgebra.SourceIndices<int>(from, to, narrow);
                Assert.That(actual, Is.EqualTo(NaiveSourceIndices(from, to)), $"{Show(from)} as {Show(to)}");
                Assert.That(narrow.Select(i => (long)i), Is.EqualTo(actual));
            }
        }
        var wide = new long[24];
        ShapeAlgebra.SourceIndices<long>([2, 1, 3], [2, 4, 3], wide);
        Assert.That(wide, Is.EqualTo(new long[] { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5, 3, 4, 5, 3, 4, 5 }));
    }

    /// <summary>Each result index tuple, mapped to the source by clamping broadcast dimensions to 0.</summary>
    private static long[] NaiveSourceIndices(long[] from, long[] to)
    {
        int n = to.Length, lead = n - from.Length;
        var result = new List<long>();
        var index = new long[n];
        long count = to.Aggregate(1L, (p, q) => p * q);
        for (long k = 0; k < count; k++)
        {
            long flat = 0;
            for (int d = 0; d < from.Length; d++) flat = flat * from[d] + (from[d] == 1 ? 0 : index[d + lead]);
            result.Add(flat);
            for (int d = n - 1; d >= 0; d--)
            {
                if (++index[d] < to[d]) break;
                index[d] = 0;
            }
        }
        return result.ToArray();
    }

    [Test]
    public void ElementCounts()
    {
        Assert.That(ShapeAlgebra.ElementCount([]), Is.EqualTo(1));
        Assert.That(ShapeAlgebra.ElementCount([2, 3, 4]), Is.EqualTo(24));
        Assert.That(ShapeAlgebra.ElementCount([0, 3]), Is.EqualTo(0));
        Assert.That(ShapeAlgebra.ElementCount([long.MaxValue, long.MaxValue, 0]), Is.EqualTo(0), "a 0 anywhere: empty, as numpy");
        Assert.That(ShapeAlgebra.ElementCount([1L << 31, 1L << 31]), Is.EqualTo(1L << 62));
        Assert.Throws<OverflowException>(() => ShapeAlgebra.ElementCount([1L << 32, 1L << 32]));
        Assert.Throws<ArgumentException>(() => ShapeAlgebra.ElementCount([U, 3]));
    }
}
