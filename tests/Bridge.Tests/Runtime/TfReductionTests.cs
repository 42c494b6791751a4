using Bridge.Kernels;

namespace Bridge.Tests.Runtime;

/// <summary>
/// TfReduction against a plain scalar reference of TF 1.x's float32 sum and mean, written from TF's ReductionOp and
/// ReductionHelper (reduction_ops_common.h) and Eigen's TensorReduction.h as TF 1.0 - 1.5 built them (SSE, no AVX,
/// before Eigen's 2019 unrolling and tree reduction), not from TfReduction's helpers. Every input is drawn so that
/// the order shows: the tests also check that other orders (left to right, other lane counts, a packet boundary
/// moved by one, newer Eigen's order) give other bits on them, so a wrong order could not pass.
/// </summary>
public class TfReductionTests
{
    /// <summary>TF 1.x's CPU reduction, element by element. Nothing here calls TfReduction.</summary>
    internal static class Reference
    {
        /// <summary>
        /// Eigen's vectorised InnerMostDimReducer with SSE's 4-float packet: element i of each full packet goes to lane
        /// i mod 4; the elements after the last full packet go one by one into a scalar that starts at 0; the result
        /// is that scalar plus predux(lanes), and SSE's predux adds (lane0 + lane2) + (lane1 + lane3).
        /// </summary>
        public static float InnerMost(IReadOnlyList<float> terms)
        {
            int n = terms.Count;
            int inPackets = n - n % 4;
            var lane = new float[4];
            for (int i = 0; i < inPackets; i++) lane[i % 4] += terms[i];
            float scalar = 0f;
            for (int i = inPackets; i < n; i++) scalar += terms[i];
            return scalar + ((lane[0] + lane[2]) + (lane[1] + lane[3]));
        }

        /// <summary>One accumulator from 0, in the order given (Eigen's GenericDimReducer and InnerMostDimPreserver per lane).</summary>
        public static float Sequential(IEnumerable<float> terms)
        {
            float acc = 0f;
            foreach (var t in terms) acc += t;
            return acc;
        }

        /// <summary>
        /// ReductionHelper.Simplify: leading size-1 dimensions dropped, a size-1 dimension joins the run before it,
        /// adjacent reduced (or kept) dimensions merged into one run.
        /// </summary>
        public static List<(long Size, bool Reduced)> Runs(long[] dims, int[] axes)
        {
            var runs = new List<(long Size, bool Reduced)>();
            for (int d = 0; d < dims.Length; d++)
            {
                if (runs.Count == 0 && dims[d] == 1) continue;
                bool reduced = dims[d] == 1 ? runs[^1].Reduced : axes.Contains(d);
                if (runs.Count > 0 && runs[^1].Reduced == reduced) runs[^1] = (runs[^1].Size * dims[d], reduced);
                else runs.Add((dims[d], reduced));
            }
            return runs;
        }

        /// <summary>TF's Sum (<paramref name="mean"/> false) or Mean of a row-major float32 tensor, its outputs in row-major order.</summary>
        public static float[] Reduce(float[] x, long[] dims, int[] axes, bool mean)
        {
            var runs = Runs(dims, axes);
            // Nothing to reduce after simplifying (a scalar, only size-1 dimensions, one kept run): TF copies the input.
            if (runs.Count == 0 || (runs.Count == 1 && !runs[0].Reduced)) return (float[])x.Clone();
            var s = runs.Select(r => checked((int)r.Size)).ToArray();
            float[] sums;
            switch (runs.Count, runs[0].Reduced)
            {
                case (1, true): // a full reduction (FullReducer; one shard at these sizes)
                    sums = [InnerMost(x)];
                    break;
                case (2, false): // [K, R] reduced along 1: the reduced dimension is innermost, one InnerMost per row
                    sums = new float[s[0]];
                    for (int k = 0; k < s[0]; k++) sums[k] = InnerMost(new ArraySegment<float>(x, k * s[1], s[1]));
                    break;
                case (2, true): // [R, K] reduced along 0: each output adds its column from the top
                    sums = new float[s[1]];
                    for (int k = 0; k < s[1]; k++) sums[k] = Sequential(Enumerable.Range(0, s[0]).Select(r => x[r * s[1] + k]));
                    break;
                case (3, false): // [K0, R, K2] reduced along 1: each output adds its R values in order
                    sums = new float[s[0] * s[2]];
                    for (int k0 = 0; k0 < s[0]; k0++)
                        for (int k2 = 0; k2 < s[2]; k2++)
                            sums[k0 * s[2] + k2] = Sequential(Enumerable.Range(0, s[1]).Select(r => x[(k0 * s[1] + r) * s[2] + k2]));
                    break;
                case (3, true): // [R0, K, R2] reduced along 0 and 2: GenericDimReducer loops over the last reduced dimension outermost
                    sums = new float[s[1]];
                    for (int k = 0; k < s[1]; k++)
                    {
                        float acc = 0f;
                        for (int j2 = 0; j2 < s[2]; j2++)
                            for (int j0 = 0; j0 < s[0]; j0++)
                                acc += x[(j0 * s[1] + k) * s[2] + j2];
                        sums[k] = acc;
                    }
                    break;
                default: // four or more runs: transposed to [kept runs..., reduced runs...], then the [K, R] case
                    sums = Transposed(x, runs);
                    break;
            }
            if (mean)
            {
                long count = 1;
                foreach (var a in axes) count *= dims[a];
                for (int i = 0; i < sums.Length; i++) sums[i] /= count; // Eigen's MeanReducer: the sum divided by the count
            }
            return sums;
        }

        private static float[] Transposed(float[] x, List<(long Size, bool Reduced)> runs)
        {
            var kept = Enumerable.Range(0, runs.Count).Where(i => !runs[i].Reduced).ToArray();
            var reduced = Enumerable.Range(0, runs.Count).Where(i => runs[i].Reduced).ToArray();
            var strides = new long[runs.Count];
            long step = 1;
            for (int i = runs.Count - 1; i >= 0; i--) { strides[i] = step; step *= runs[i].Size; }
            var outputs = MultiIndices(kept.Select(i => runs[i].Size).ToArray());
            var terms = MultiIndices(reduced.Select(i => runs[i].Size).ToArray());
            return outputs.Select(o =>
            {
                long at = 0;
                for (int j = 0; j < kept.Length; j++) at += o[j] * strides[kept[j]];
                return InnerMost(terms.Select(t =>
                {
                    long offset = at;
                    for (int j = 0; j < reduced.Length; j++) offset += t[j] * strides[reduced[j]];
                    return x[offset];
                }).ToArray());
            }).ToArray();
        }

        /// <summary>All index tuples of <paramref name="sizes"/>, the last one varying fastest.</summary>
        private static List<long[]> MultiIndices(long[] sizes)
        {
            var all = new List<long[]> { Array.Empty<long>() };
            foreach (var size in sizes)
                all = all.SelectMany(prefix => Enumerable.Range(0, (int)size).Select(i => prefix.Append(i).ToArray())).ToList();
            return all;
        }
    }

    /// <summary>Other orders a float32 sum could use: each must give other bits than TF's somewhere on our inputs.</summary>
    private static class OtherOrders
    {
        public static float LeftToRight(IReadOnlyList<float> t) => Reference.Sequential(t);

        /// <summary>SSE packets, but the lanes combined as (l0 + l1) + (l2 + l3).</summary>
        public static float AdjacentLaneCombine(IReadOnlyList<float> t)
        {
            int full = t.Count / 4 * 4;
            var l = new float[4];
            for (int i = 0; i < full; i++) l[i % 4] += t[i];
            return Reference.Sequential(t.Skip(full)) + ((l[0] + l[1]) + (l[2] + l[3]));
        }

        /// <summary>The blocking off by one: a final full packet treated as tail (vectorized = (n - 1) / 4 * 4).</summary>
        public static float LastPacketAsTail(IReadOnlyList<float> t)
        {
            int full = t.Count == 0 ? 0 : (t.Count - 1) / 4 * 4;
            var l = new float[4];
            for (int i = 0; i < full; i++) l[i % 4] += t[i];
            return Reference.Sequential(t.Skip(full)) + ((l[0] + l[2]) + (l[1] + l[3]));
        }

        /// <summary>The blocking off by one the other way: the tail's first element added to lane 0.</summary>
        public static float FirstTailInLane(IReadOnlyList<float> t)
        {
            int full = t.Count / 4 * 4;
            var l = new float[4];
            for (int i = 0; i < full; i++) l[i % 4] += t[i];
            int tailStart = full;
            if (tailStart < t.Count) l[0] += t[tailStart++];
            return Reference.Sequential(t.Skip(tailStart)) + ((l[0] + l[2]) + (l[1] + l[3]));
        }

        /// <summary>AVX builds (TF 1.6 and later wheels): 8 lanes, predux halving 8 -> 4 -> 2 -> 1.</summary>
        public static float Avx(IReadOnlyList<float> t) => Packets(t, 8, 0, t.Count);

        /// <summary>
        /// Eigen since 2019 (TF 2.x): four packet accumulators from 4 packets up, and above packet x 1024 values a
        /// split at a packet boundary near the middle, the halves summed separately (kLeafSize). SSE packets here.
        /// </summary>
        public static float ModernEigen(IReadOnlyList<float> t) => Tree(t, 4, 0, t.Count);

        private static float Tree(IReadOnlyList<float> t, int packet, int first, int count)
        {
            if (count <= packet * 1024) return Packets(t, packet, first, count, unroll: true);
            int split = packet * ((first + (count + 1) / 2 + packet - 1) / packet);
            int left = Math.Min(split - first, count);
            float acc = 0f + Tree(t, packet, first, left);
            if (left < count) acc += Tree(t, packet, split, count - left);
            return acc;
        }

        private static float Packets(IReadOnlyList<float> t, int packet, int first, int count, bool unroll = false)
        {
            var acc = new float[4][];
            for (int a = 0; a < 4; a++) acc[a] = new float[packet];
            int j = 0;
            if (unroll && count >= 4 * packet)
            {
                for (; j + 4 * packet <= count; j += 4 * packet)
                    for (int a = 0; a < 4; a++)
                        for (int l = 0; l < packet; l++) acc[a][l] += t[first + j + a * packet + l];
                for (int a = 1; a < 4; a++)
                    for (int l = 0; l < packet; l++) acc[0][l] += acc[a][l];
            }
            for (; j + packet <= count; j += packet)
                for (int l = 0; l < packet; l++) acc[0][l] += t[first + j + l];
            float scalar = 0f;
            for (; j < count; j++) scalar += t[first + j];
            var p = acc[0];
            while (p.Length > 1) // predux: the upper half added onto the lower half
                p = Enumerable.Range(0, p.Length / 2).Select(i => p[i] + p[i + p.Length / 2]).ToArray();
            return scalar + p[0];
        }
    }

    private static readonly int[] Lengths =
    [
        0, 1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 13, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1023, 1024, 1025,
        4095, 4096, 4097, 8191, 8192, 8193, 65537, 1 << 20,
    ];

    private static IEnumerable<int> LengthCases() => Lengths;

    /// <summary>Mixed signs and magnitudes (1e-3 .. 1e3), so that each addition's rounding depends on what came before.</summary>
    private static float[] Draw(int n, int seed)
    {
        var random = new System.Random(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4)));
        return x;
    }

    /// <summary>
    /// Values of length <paramref name="n"/> on which TF's order and left-to-right addition give different bits
    /// (possible from 4 terms on: below that, TF adds left to right too).
    /// </summary>
    private static float[] OrderSensitive(int n)
    {
        for (int seed = n; seed < n + 50; seed++)
        {
            var x = Draw(n, seed);
            if (n < 4 || !SameBits(Reference.InnerMost(x), OtherOrders.LeftToRight(x))) return x;
        }
        throw new AssertionException($"no draw of {n} values where the order matters");
    }

    private static bool SameBits(float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b);

    private static int[] Bits(IEnumerable<float> v) => v.Select(BitConverter.SingleToInt32Bits).ToArray();

    // ---- the innermost sum: InnerSum, LaneSum and a full reduction of a vector ----

    [TestCaseSource(nameof(LengthCases))]
    public void InnerSumIsEigensSsePacketOrder(int n)
    {
        var x = OrderSensitive(n);
        float expected = Reference.InnerMost(x);
        Assert.That(BitConverter.SingleToInt32Bits(TfReduction.InnerSum(x)), Is.EqualTo(BitConverter.SingleToInt32Bits(expected)));
        if (n >= 4) // the test can fail: plain left-to-right addition gives other bits on these values
            Assert.That(SameBits(OtherOrders.LeftToRight(x), expected), Is.False);
    }

    [TestCaseSource(nameof(LengthCases))]
    public void LaneSumCoversTheFullPacketsOnly(int n)
    {
        var x = Draw(n, 7 * n + 1);
        float lanes = TfReduction.LaneSum(x, out int vectorized);
        Assert.That(vectorized, Is.EqualTo(n / 4 * 4));
        // The packet part alone is InnerMost of the full packets (no tail).
        Assert.That(BitConverter.SingleToInt32Bits(lanes), Is.EqualTo(BitConverter.SingleToInt32Bits(Reference.InnerMost(x[..vectorized]))));
    }

    [TestCaseSource(nameof(LengthCases))]
    public void SumAndMeanOfAVectorAreTheFullReduction(int n)
    {
        var x = OrderSensitive(n);
        foreach (bool mean in new[] { false, true })
        {
            var actual = TfReduction.Reduce(x, [n], [0], mean);
            Assert.That(Bits(actual), Is.EqualTo(Bits(Reference.Reduce(x, [n], [0], mean))), mean ? "mean" : "sum");
        }
    }

    [Test]
    public void EachOtherOrderGivesOtherBitsSomewhere()
    {
        var inputs = Lengths.Select(OrderSensitive).ToArray();
        var others = new (string Name, Func<IReadOnlyList<float>, float> Sum)[]
        {
            ("left to right", OtherOrders.LeftToRight),
            ("lanes combined (l0 + l1) + (l2 + l3)", OtherOrders.AdjacentLaneCombine),
            ("last full packet as tail", OtherOrders.LastPacketAsTail),
            ("first tail element in a lane", OtherOrders.FirstTailInLane),
            ("AVX, 8 lanes", OtherOrders.Avx),
            ("Eigen 2019+, unrolled with tree (kLeafSize)", OtherOrders.ModernEigen),
        };
        foreach (var (name, sum) in others)
            Assert.That(inputs.Any(x => !SameBits(sum(x), TfReduction.InnerSum(x))), Is.True, $"{name} agrees with InnerSum on every input");
    }

    [TestCase(4)]
    [TestCase(8)]
    [TestCase(16)]
    [TestCase(32)]
    [TestCase(128)]
    [TestCase(1024)]
    [TestCase(4096)]
    [TestCase(1 << 20)]
    public void ABlockingOffByOneShowsAtEveryPacketMultiple(int n)
    {
        const float big = 1e8f; // its ulp is 8: big + 1 == big
        // n values, the last packet big, 1, -big, 1: in lanes (big - big) + (1 + 1) = 2; as a tail
        // ((big + 1) - big) + 1 = 1. So a kernel that leaves the final full packet to the tail fails.
        var x = new float[n];
        x[n - 4] = big; x[n - 3] = 1; x[n - 2] = -big; x[n - 1] = 1;
        Assert.That(TfReduction.InnerSum(x), Is.EqualTo(2f));
        Assert.That(Reference.InnerMost(x), Is.EqualTo(2f));
        Assert.That(OtherOrders.LastPacketAsTail(x), Is.EqualTo(1f));
        // n + 1 values, big and -big in lanes 0 and 2, the one tail value 1: tail + (big - big) = 1; a kernel that
        // puts the tail's first value into lane 0 gets (big + 1) - big = 0.
        var y = new float[n + 1];
        y[0] = big; y[2] = -big; y[n] = 1;
        Assert.That(TfReduction.InnerSum(y), Is.EqualTo(1f));
        Assert.That(Reference.InnerMost(y), Is.EqualTo(1f));
        Assert.That(OtherOrders.FirstTailInLane(y), Is.EqualTo(0f));
    }

    [TestCase(4097)]
    [TestCase(8193)]
    [TestCase(1 << 20)]
    public void NoTreeSplitAboveFourThousandValues(int n)
    {
        // TF 1.x's Eigen had no kLeafSize tree: a long row is one run of four lanes, not two halves summed apart.
        var x = OrderSensitive(n);
        Assert.That(BitConverter.SingleToInt32Bits(TfReduction.InnerSum(x)), Is.EqualTo(BitConverter.SingleToInt32Bits(Reference.InnerMost(x))));
        Assert.That(SameBits(OtherOrders.ModernEigen(x), Reference.InnerMost(x)), Is.False);
    }

    // ---- reductions over axes ----

    private static IEnumerable<TestCaseData> AxisCases() => Cases(orderSensitiveOnly: false);

    private static IEnumerable<TestCaseData> OrderSensitiveAxisCases() => Cases(orderSensitiveOnly: true);

    private static IEnumerable<TestCaseData> Cases(bool orderSensitiveOnly)
    {
        (long[] Dims, int[] Axes, string What)[] cases =
        [
            ([3, 10], [1], "inner"),
            ([5, 4], [1], "inner, one packet"),
            ([7, 9], [1], "inner, packet and tail"),
            ([2, 129], [1], "inner, long"),
            ([4, 1025], [1], "inner, longer"),
            ([2, 3, 17], [2], "inner of three"),
            ([2, 3, 17], [1, 2], "two inner axes, merged"),
            ([10, 3], [0], "outer"),
            ([33, 5], [0], "outer, long"),
            ([129, 9], [0], "outer, odd width"),
            ([2, 3, 17], [0, 1], "two outer axes, merged"),
            ([2, 17, 3], [1], "middle"),
            ([3, 33, 9], [1], "middle, long"),
            ([9, 3, 11], [0, 2], "first and last"),
            ([33, 2, 7], [0, 2], "first and last, long first"),
            ([3, 4, 5, 6], [1, 3], "second and fourth"),
            ([3, 4, 5, 6], [0, 2], "first and third"),
            ([2, 3, 4, 5, 6], [0, 2, 4], "first, third, fifth"),
            ([2, 3, 4, 5, 6], [1, 3], "second and fourth of five"),
            ([3, 4, 5], [0, 1, 2], "all axes"),
            ([17, 33], [0, 1], "all axes, long"),
            ([1, 9, 1, 13], [1, 3], "size-1 dimensions between"),
            ([1, 9, 1, 13], [0, 1], "a leading 1 reduced"),
            ([9, 1, 13], [1], "only a size-1 axis"),
            ([9, 1, 13], [0, 1], "a size-1 axis joins"),
            ([4, 1, 6, 1, 5], [0, 3, 4], "ones in both runs"),
        ];
        foreach (var (dims, axes, what) in cases)
            foreach (bool mean in new[] { false, true })
                if (!orderSensitiveOnly || axes.Aggregate(1L, (p, a) => p * dims[a]) >= 4)
                    yield return new TestCaseData(dims, axes, mean).SetName($"{(mean ? "Mean" : "Sum")} [{string.Join(", ", dims)}] axes [{string.Join(", ", axes)}] ({what})");
    }

    [TestCaseSource(nameof(AxisCases))]
    public void ReduceOverAxesIsTfsOrder(long[] dims, int[] axes, bool mean)
    {
        int n = (int)dims.Aggregate(1L, (a, b) => a * b);
        var x = Draw(n, n * 31 + axes.Sum());
        var expected = Reference.Reduce(x, dims, axes, mean);
        Assert.That(Bits(TfReduction.Reduce(x, dims, axes, mean)), Is.EqualTo(Bits(expected)));
    }

    [TestCaseSource(nameof(OrderSensitiveAxisCases))]
    public void TheAxisCasesAreOrderSensitive(long[] dims, int[] axes, bool mean)
    {
        // Where each output adds at least 4 values, TF's order differs from adding each output's values in row-major
        // order one by one, or in lanes: a kernel using either would fail the test above.
        long perOutput = axes.Aggregate(1L, (p, a) => p * dims[a]);
        int n = (int)dims.Aggregate(1L, (a, b) => a * b);
        var x = Draw(n, n * 31 + axes.Sum());
        var expected = Bits(Reference.Reduce(x, dims, axes, mean));
        var rowMajorTerms = RowMajorTerms(x, dims, axes);
        float Finish(float s) => mean ? s / perOutput : s;
        var sequential = Bits(rowMajorTerms.Select(t => Finish(Reference.Sequential(t))));
        var lanes = Bits(rowMajorTerms.Select(t => Finish(Reference.InnerMost(t))));
        Assert.That(expected.SequenceEqual(sequential) && expected.SequenceEqual(lanes), Is.False);
    }

    /// <summary>Each output's values in row-major order of the input.</summary>
    private static List<float[]> RowMajorTerms(float[] x, long[] dims, int[] axes)
    {
        var outputs = new Dictionary<long, List<float>>();
        var index = new long[dims.Length];
        for (int flat = 0; flat < x.Length; flat++)
        {
            long o = 0;
            for (int d = 0; d < dims.Length; d++) if (!axes.Contains(d)) o = o * dims[d] + index[d];
            if (!outputs.TryGetValue(o, out var list)) outputs[o] = list = [];
            list.Add(x[flat]);
            for (int d = dims.Length - 1; d >= 0; d--)
            {
                if (++index[d] < dims[d]) break;
                index[d] = 0;
            }
        }
        return outputs.OrderBy(p => p.Key).Select(p => p.Value.ToArray()).ToList();
    }

    [Test]
    public void OuterAndMiddleAxesAddEachColumnFromTheTop()
    {
        // A column big, -big, 1, 1, 1: from the top it is 3; in four lanes (big + 1) + (-big + 1) loses both 1s.
        float big = 1e8f;
        var x = new float[] { big, 5, -big, 5, 1, 5, 1, 5, 1, 5 }; // [5, 2]
        Assert.That(TfReduction.Reduce(x, [5, 2], [0], mean: false), Is.EqualTo(new float[] { 3, 25 }));
        Assert.That(TfReduction.Reduce(x, [1, 5, 2], [1], mean: false), Is.EqualTo(new float[] { 3, 25 }));
        Assert.That(TfReduction.Reduce(x, [5, 2, 1], [0], mean: false), Is.EqualTo(new float[] { 3, 25 }));
        // The same values along a row go through the lanes.
        var row = new float[] { big, -big, 1, 1, 1 };
        Assert.That(TfReduction.Reduce(row, [1, 5], [1], mean: false), Is.EqualTo(new float[] { 1 }));
    }

    [Test]
    public void MeanIsTheSumDividedByTheCountNotTimesItsInverse()
    {
        // Some means differ between s / n and s * (1 / n): TF divides.
        bool differs = false;
        foreach (int n in new[] { 3, 7, 10, 49, 100, 784 })
        {
            var x = Draw(n, n);
            float sum = TfReduction.Reduce(x, [n], [0], mean: false)[0];
            float mean = TfReduction.Reduce(x, [n], [0], mean: true)[0];
            Assert.That(BitConverter.SingleToInt32Bits(mean), Is.EqualTo(BitConverter.SingleToInt32Bits(sum / n)));
            differs |= !SameBits(mean, sum * (1f / n));
        }
        Assert.That(differs, Is.True, "no draw where s / n and s * (1 / n) differ");
    }

    [TestCase(new long[] { 1 }, new[] { 0 })]
    [TestCase(new long[] { 1, 1 }, new[] { 0, 1 })]
    [TestCase(new long[] { 1, 1, 1 }, new[] { 1 })]
    [TestCase(new long[0], new int[0])]
    public void NothingToAddIsACopy(long[] dims, int[] axes)
    {
        // TF's helper sees no dimension to reduce once the size-1 ones are dropped and copies the input: -0 stays -0
        // (0 + -0 would be +0), in a sum and in a mean.
        foreach (bool mean in new[] { false, true })
            Assert.That(Bits(TfReduction.Reduce([-0f], dims, axes, mean)), Is.EqualTo(Bits([-0f])));
    }

    [Test]
    public void EmptyReductions()
    {
        Assert.That(TfReduction.Reduce([], [0], [0], mean: false), Is.EqualTo(new[] { 0f }));
        Assert.That(float.IsNaN(TfReduction.Reduce([], [0], [0], mean: true)[0]), Is.True, "0 / 0");
        Assert.That(TfReduction.Reduce([], [3, 0], [1], mean: false), Is.EqualTo(new float[3]));
        Assert.That(TfReduction.Reduce([], [0, 3], [0], mean: false), Is.EqualTo(new float[3]));
        Assert.That(TfReduction.Reduce([], [0, 3], [1], mean: false), Is.Empty);
        Assert.That(TfReduction.Reduce([], [0, 3], [0], mean: true).All(float.IsNaN), Is.True);
    }
}
