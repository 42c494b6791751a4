using Bridge.Backend;
using static Bridge.Binding;

namespace Bridge.Tests.Ops;

/// <summary>
/// Issue 15: no silent wrong number. Integer kernels compute in their own type with TF's two's-complement wrap (int64
/// never through float64), empty reductions give TF's identities, TF 1.x's rejections are rejections, and sqrt gives
/// TF's bits. Every value case runs with every op forced onto the managed kernels, then onto libtorch's.
/// </summary>
[NonParallelizable]
public class IntSemanticsTests : GraphFixture
{
    private static NDArray RunOn(bool managed, Func<Tensor> build, Func<FeedItem[]>? feeds = null)
    {
        PlacementRule.Placement = managed ? Placement.Managed : Placement.Torch;
        try
        {
            tf.reset_default_graph();
            var t = build();
            using var sess = tf.Session();
            return feeds is null ? sess.run(t) : sess.run(t, feeds());
        }
        finally { PlacementRule.Placement = Placement.BySize; }
    }

    private static long[] Longs(NDArray a) => a.Storage switch
    {
        long[] l => l,
        int[] i => Array.ConvertAll(i, v => (long)v),
        short[] s => Array.ConvertAll(s, v => (long)v),
        sbyte[] s when a.dtype == TF_DataType.TF_INT8 => Array.ConvertAll(s, v => (long)v), // the CLR lets a byte[] match sbyte[]
        byte[] b => Array.ConvertAll(b, v => (long)v),
        _ => throw new AssertionException($"not an integer array: {a.dtype}"),
    };

    // ---- 2. Integers in their own type --------------------------------------------------------------------------

    [Test]
    public void Int64EqualityKeepsAll64Bits([Values] bool managed)
    {
        var r = RunOn(managed, () => tf.equal(tf.constant(1L << 53), tf.constant((1L << 53) + 1)));
        Assert.That(r.ToArray<bool>(), Is.EqualTo(new[] { false }));
        var g = RunOn(managed, () => tf.greater(tf.constant(new[] { (1L << 53) + 1 }), tf.constant(1L << 53)));
        Assert.That(g.ToArray<bool>(), Is.EqualTo(new[] { true }));
    }

    [Test]
    public void Int64FillAndOneHotValuesKeepAll64Bits([Values] bool managed)
    {
        // These went through a double attribute: 2^62 + 1 came out as 2^62.
        const long big = (1L << 62) + 1;
        var fill = RunOn(managed, () => tf.fill(new[] { 3 }, tf.constant(big)));
        Assert.That(fill.dtype, Is.EqualTo(tf.int64));
        Assert.That(Longs(fill), Is.EqualTo(new[] { big, big, big }));
        var negative = RunOn(managed, () => tf.fill(new[] { 2 }, tf.constant(long.MinValue + 1)));
        Assert.That(Longs(negative), Is.EqualTo(new[] { long.MinValue + 1, long.MinValue + 1 }));
        var hot = RunOn(managed, () => tf.one_hot(tf.constant(new[] { 1, -1, 3 }), 3, on_value: tf.constant(big), off_value: tf.constant(-big)));
        Assert.That(hot.dtype, Is.EqualTo(tf.int64));
        Assert.That(Longs(hot), Is.EqualTo(new[] { -big, big, -big, -big, -big, -big, -big, -big, -big }));
        // The defaults and float values are as before: 1 and 0 in the dtype asked for.
        var plain = RunOn(managed, () => tf.one_hot(tf.constant(new[] { 2, 0 }), 3, dtype: tf.int64));
        Assert.That(Longs(plain), Is.EqualTo(new long[] { 0, 0, 1, 1, 0, 0 }));
        var floats = RunOn(managed, () => tf.one_hot(tf.constant(new[] { 0 }), 2, on_value: 0.1f, off_value: -2.5f));
        Assert.That(floats.ToArray<float>(), Is.EqualTo(new[] { 0.1f, -2.5f }));
    }

    [Test]
    public void Int64SumIsExact([Values] bool managed)
    {
        var r = RunOn(managed, () => tf.reduce_sum(tf.constant(new[] { 6043426238095500276L })));
        Assert.That(r.dtype, Is.EqualTo(tf.int64));
        Assert.That(Longs(r), Is.EqualTo(new[] { 6043426238095500276L }));
        var two = RunOn(managed, () => tf.reduce_sum(tf.constant(new[] { 6043426238095500276L, 3 })));
        Assert.That(Longs(two), Is.EqualTo(new[] { 6043426238095500279L }));
    }

    [Test]
    public void Int64ProductWrapsToZero([Values] bool managed)
    {
        // (2**62) * 4 is 2**64: 0 in two's complement (TF's int64 multiply), not int64's largest value.
        var r = RunOn(managed, () => tf.multiply(tf.constant(1L << 62), tf.constant(4L)));
        Assert.That(Longs(r), Is.EqualTo(new[] { 0L }));
        var add = RunOn(managed, () => tf.add(tf.constant(long.MaxValue), tf.constant(1L)));
        Assert.That(Longs(add), Is.EqualTo(new[] { long.MinValue }));
        var sub = RunOn(managed, () => tf.subtract(tf.constant(new[] { (1L << 60) + 7 }), tf.constant(1L << 60)));
        Assert.That(Longs(sub), Is.EqualTo(new[] { 7L }));
    }

    [Test]
    public void Int32SquareWrapsInInt32([Values] bool managed)
    {
        // 293866939**2 = 86357782840829721, past 2**53: through double it rounds before wrapping.
        int expected = unchecked(-293866939 * -293866939);
        var r = RunOn(managed, () => tf.square(tf.constant(new[] { -293866939, 46341 })));
        Assert.That(Longs(r), Is.EqualTo(new long[] { expected, unchecked(46341 * 46341) }));
        var m = RunOn(managed, () => tf.multiply(tf.constant(new[] { -293866939 }), tf.constant(new[] { -293866939 })));
        Assert.That(Longs(m), Is.EqualTo(new long[] { expected }));
    }

    [Test]
    public void Int64UnaryOpsKeepAll64Bits([Values] bool managed)
    {
        long big = (1L << 62) + 1;
        Assert.That(Longs(RunOn(managed, () => tf.negative(tf.constant(new[] { big, long.MinValue })))), Is.EqualTo(new[] { -big, long.MinValue }));
        Assert.That(Longs(RunOn(managed, () => tf.abs(tf.constant(new[] { -big, long.MinValue })))), Is.EqualTo(new[] { big, long.MinValue }));
        Assert.That(Longs(RunOn(managed, () => tf.nn.relu(tf.constant(new[] { big, -big })))), Is.EqualTo(new[] { big, 0L }));
        Assert.That(Longs(RunOn(managed, () => tf.reduce_max(tf.constant(new[] { big, big - 1 })))), Is.EqualTo(new[] { big }));
        Assert.That(Longs(RunOn(managed, () => tf.argmax(tf.constant(new[] { big - 1, big, big - 2 }), 0))), Is.EqualTo(new[] { 1L }));
        Assert.That(Longs(RunOn(managed, () => tf.argmin(tf.constant(new[] { big - 1, big, big - 2 }), 0))), Is.EqualTo(new[] { 2L }));
    }

    [Test]
    public void Int32MeanIsTheWrappedSumOverTheCount([Values] bool managed)
    {
        // TF's integer Mean (Eigen's MeanReducer): the int32 sum wraps (2**32 - 2 is -2), then -2 / 2 = -1.
        var r = RunOn(managed, () => tf.reduce_mean(tf.constant(new[] { int.MaxValue, int.MaxValue })));
        Assert.That(Longs(r), Is.EqualTo(new[] { -1L }));
        // Truncated toward zero, per row.
        var rows = RunOn(managed, () => tf.reduce_mean(tf.constant(new[,] { { -7, 0 }, { 7, 0 } }), axis: 1));
        Assert.That(Longs(rows), Is.EqualTo(new[] { -3L, 3L }));
    }

    [Test]
    public void IntegerSumAndProductWrapInTheirDType([Values] bool managed)
    {
        var sum = RunOn(managed, () => tf.reduce_sum(tf.constant(new[] { int.MaxValue, 1 })));
        Assert.That(Longs(sum), Is.EqualTo(new[] { (long)int.MinValue }));
        var prod = RunOn(managed, () => tf.reduce_prod(tf.constant(new[] { 65536, 65536, 3 })));
        Assert.That(Longs(prod), Is.EqualTo(new[] { 0L }));
        var prod64 = RunOn(managed, () => tf.reduce_prod(tf.constant(new[] { 3037000499L, 3037000499L })));
        Assert.That(Longs(prod64), Is.EqualTo(new[] { unchecked(3037000499L * 3037000499L) }));
    }

    [Test]
    public void Int32MatMulWraps([Values] bool managed)
    {
        var r = RunOn(managed, () => tf.matmul(tf.constant(new[,] { { 65536, 1 } }), tf.constant(new[,] { { 65536 }, { 5 } })));
        Assert.That(Longs(r), Is.EqualTo(new long[] { 5 })); // 2**32 + 5 wraps to 5
        // A batched (rank 3) product runs on libtorch in the size-based placement: the same wrap.
        var b = RunOn(managed, () => tf.matmul(tf.constant(new[] { 46341, 46341 }, shape: new[] { 1, 1, 2 }), tf.constant(new[] { 46341, 46341 }, shape: new[] { 1, 2, 1 })));
        Assert.That(Longs(b), Is.EqualTo(new long[] { unchecked(2 * 46341 * 46341) }));
    }

    [Test]
    public void Int8AndUint8KeepTheirSigns([Values] bool managed)
    {
        // The CLR lets a byte[] pass for an sbyte[] (and back): kernels must go by the dtype, not the array's pattern.
        Assert.That(Longs(RunOn(managed, () => tf.reduce_max(tf.constant(new sbyte[] { -1, -2 })))), Is.EqualTo(new[] { -1L }));
        Assert.That(Longs(RunOn(managed, () => tf.abs(tf.constant(new sbyte[] { -5, 3 })))), Is.EqualTo(new[] { 5L, 3L }));
        Assert.That(RunOn(managed, () => tf.cast(tf.constant(new sbyte[] { -1 }), tf.float32)).ToArray<float>(), Is.EqualTo(new[] { -1f }));
        var u = RunOn(managed, () => tf.add(tf.constant(new byte[] { 200, 100 }), tf.constant(new byte[] { 100, 1 })));
        Assert.That(u.dtype, Is.EqualTo(tf.uint8));
        Assert.That(Longs(u), Is.EqualTo(new[] { 44L, 101L })); // 300 wraps to 44
        var s = RunOn(managed, () => tf.reduce_sum(tf.constant(new byte[] { 200, 100 })));
        Assert.That(s.dtype, Is.EqualTo(tf.uint8));
        Assert.That(Longs(s), Is.EqualTo(new[] { 44L }));
        Assert.That(RunOn(managed, () => tf.greater(tf.constant(new byte[] { 200 }), tf.constant(new byte[] { 100 }))).ToArray<bool>(), Is.EqualTo(new[] { true }));
        Assert.That(RunOn(managed, () => tf.greater(tf.constant(new sbyte[] { -100 }), tf.constant(new sbyte[] { 100 }))).ToArray<bool>(), Is.EqualTo(new[] { false }));
    }

    [Test]
    public void IntegerDivisionOfTheLowestValueByMinusOneWraps()
    {
        // TF's C++ int32 division: INT_MIN / -1 wraps to INT_MIN (.NET throws OverflowException); the remainder is 0.
        var x = tf.constant(new[] { int.MinValue, 7 });
        var y = tf.constant(new[] { -1, -2 });
        using var sess = tf.Session();
        Assert.That(Longs(sess.run(tf.truncatediv(x, y))), Is.EqualTo(new long[] { int.MinValue, -3 }));
        Assert.That(Longs(sess.run(tf.floordiv(x, y))), Is.EqualTo(new long[] { int.MinValue, -4 }));
        Assert.That(Longs(sess.run(tf.floormod(x, y))), Is.EqualTo(new long[] { 0, -1 }));
    }

    [Test]
    public void FloatToIntCastsAreX86sOnEveryPlacement([Values] bool managed)
    {
        // TF's Cast is a compiled static_cast: on x86-64, cvttss2si truncates, and NaN or a value out of the register's
        // range gives its lowest value (int32 or int64); narrower types keep the low bits of the int32 result.
        var r = RunOn(managed, () => tf.cast(tf.constant(new[] { 3e9f, float.NaN, -3e9f, float.PositiveInfinity, 2.7f, -2.7f }), tf.int32));
        Assert.That(Longs(r), Is.EqualTo(new long[] { int.MinValue, int.MinValue, int.MinValue, int.MinValue, 2, -2 }));
        var r8 = RunOn(managed, () => tf.cast(tf.constant(new[] { 300f, -200f, 1e10f }), tf.uint8));
        Assert.That(Longs(r8), Is.EqualTo(new long[] { 44, 56, 0 }));
        var r64 = RunOn(managed, () => tf.cast(tf.constant(new[] { 1e19, double.NaN, 4611686018427388928.0, -2.5 }, tf.float64), tf.int64));
        Assert.That(Longs(r64), Is.EqualTo(new[] { long.MinValue, long.MinValue, 4611686018427388928L, -2L }));
        var ri = RunOn(managed, () => tf.cast(tf.constant(new[] { 300, -1, 70000 }), tf.uint8)); // integers keep their low bits
        Assert.That(Longs(ri), Is.EqualTo(new long[] { 44, 255, 112 }));
    }

    // ---- 3. Empty reductions ---------------------------------------------------------------------------------

    [Test]
    public void EmptyReductionsGiveTfsIdentities([Values] bool managed)
    {
        var prod = RunOn(managed, () => tf.reduce_prod(tf.zeros(new[] { 0 })));
        Assert.That(prod.ToArray<float>(), Is.EqualTo(new[] { 1f }));
        // TF 1.0 (Eigen's NumTraits lowest/highest, TF issues #3510 and #4131): -3.4028235e+38, not -inf.
        var max = RunOn(managed, () => tf.reduce_max(tf.zeros(new[] { 2, 0 }), axis: 1));
        Assert.That(max.ToArray<float>(), Is.EqualTo(new[] { -3.4028235e38f, -3.4028235e38f }));
        var min = RunOn(managed, () => tf.reduce_min(tf.zeros(new[] { 0, 3 }), axis: 0));
        Assert.That(min.ToArray<float>(), Is.EqualTo(new[] { 3.4028235e38f, 3.4028235e38f, 3.4028235e38f }));
        var maxDouble = RunOn(managed, () => tf.reduce_max(tf.zeros(new[] { 0 }, tf.float64)));
        Assert.That(maxDouble.ToArray<double>(), Is.EqualTo(new[] { double.MinValue }));
        var maxInt = RunOn(managed, () => tf.reduce_max(tf.zeros(new[] { 0 }, tf.int32)));
        Assert.That(Longs(maxInt), Is.EqualTo(new long[] { int.MinValue }));
        var minInt = RunOn(managed, () => tf.reduce_min(tf.zeros(new[] { 0 }, tf.int64)));
        Assert.That(Longs(minInt), Is.EqualTo(new[] { long.MaxValue }));
        var prodInt = RunOn(managed, () => tf.reduce_prod(tf.zeros(new[] { 0 }, tf.int32)));
        Assert.That(Longs(prodInt), Is.EqualTo(new long[] { 1 }));
        var sum = RunOn(managed, () => tf.reduce_sum(tf.zeros(new[] { 0 }, tf.int64)));
        Assert.That(Longs(sum), Is.EqualTo(new long[] { 0 }));
        var mean = RunOn(managed, () => tf.reduce_mean(tf.zeros(new[] { 0 })));
        Assert.That(float.IsNaN(mean.ToArray<float>()[0]), "the float mean of nothing is 0 / 0 = NaN");
        var mean64 = RunOn(managed, () => tf.reduce_mean(tf.zeros(new[] { 0 }, tf.float64)));
        Assert.That(double.IsNaN(mean64.ToArray<double>()[0]), "the float64 mean of nothing is NaN");
    }

    [Test]
    public void SoftmaxOfAnEmptyTensorIsEmpty([Values] bool managed)
    {
        // libtorch's amax raises on an empty axis: the kernel must not call it (TF returns the empty tensor).
        Assert.That(RunOn(managed, () => tf.nn.softmax(tf.zeros(new[] { 2, 0 }))).shape.dims, Is.EqualTo(new long[] { 2, 0 }));
        Assert.That(RunOn(managed, () => tf.nn.softmax(tf.zeros(new[] { 0, 3 }))).shape.dims, Is.EqualTo(new long[] { 0, 3 }));
    }

    [Test]
    public void EmptyIntegerMeanIsAnError([Values] bool managed)
    {
        // TF 1.x's integer mean divides the sum by a count of 0 (a C++ division by zero): a clear error here.
        var e = Assert.Throws<InvalidArgumentError>(() => RunOn(managed, () => tf.reduce_mean(tf.zeros(new[] { 0 }, tf.int32))))!;
        Assert.That(e.Message, Does.Contain("tf.reduce_mean").And.Contain("empty").And.Contain("help:"));
    }

    [Test]
    public void ArgmaxOverAnEmptyAxisIsAnInvalidArgumentError([Values] bool managed)
    {
        foreach (var max in new[] { true, false })
        {
            var e = Assert.Throws<InvalidArgumentError>(() => RunOn(managed, () => max ? tf.argmax(tf.zeros(new[] { 3, 0 }), 1) : tf.argmin(tf.zeros(new[] { 3, 0 }), 1)))!;
            Assert.That(e.Message, Does.Contain(max ? "tf.argmax" : "tf.argmin").And.Contain("[3, 0]").And.Contain("empty"));
        }
    }

    // ---- 1 and 4. Rejected as TF 1.x rejects ------------------------------------------------------------------

    [Test]
    public void BoolAndInt64MatMulAreTypeErrors()
    {
        var b = tf.constant(new[] { true, false, true, false, true, false, true, false }, shape: new[] { 2, 2, 2 });
        var e = Assert.Throws<TypeError>(() => tf.matmul(b, b))!;
        Assert.That(e.Message, Does.Contain("tf.matmul").And.Contain("bool").And.Contain("help:"));
        var l = tf.constant(new[,] { { 1L, 2L } });
        var e64 = Assert.Throws<TypeError>(() => tf.matmul(l, l, transpose_b: true))!;
        Assert.That(e64.Message, Does.Contain("tf.matmul").And.Contain("int64").And.Contain("float32, float64, int32"));
    }

    [Test]
    public void BoolOrderingsAndArgmaxAreTypeErrors()
    {
        var b = tf.constant(new[] { true, false });
        foreach (var f in new Func<Tensor>[] { () => tf.greater(b, b), () => tf.less(b, b), () => tf.greater_equal(b, b), () => tf.less_equal(b, b), () => tf.argmax(b, 0), () => tf.argmin(b, 0) })
        {
            var e = Assert.Throws<TypeError>(() => f())!;
            Assert.That(e.Message, Does.Contain("bool").And.Contain("help:"));
        }
        Assert.That(tf.equal(b, b).dtype, Is.EqualTo(tf.@bool), "Equal has a bool kernel");
    }

    [Test]
    public void NegativeTransposePermutationIsRejected()
    {
        var x = tf.zeros(new[] { 2, 3 });
        var e = Assert.Throws<ValueError>(() => tf.transpose(x, new[] { -1, 0 }))!;
        Assert.That(e.Message, Does.Contain("tf.transpose").And.Contain("-1 is out of range [0 .. 2)").And.Contain("[1, 0]"));
        Assert.Throws<ValueError>(() => tf.transpose(x, new[] { 0, 0 }));
        Assert.Throws<ValueError>(() => tf.transpose(x, new[] { 0, 2 }));
        Assert.That(tf.transpose(x, new[] { 1, 0 }).shape.dims, Is.EqualTo(new long[] { 3, 2 }));
    }

    [Test]
    public void AFloatLiteralNeverBecomesAnInt()
    {
        // TF 1.x's _AssertCompatible: int32_tensor + 2.0 is "Expected int32, got 2.0 of type 'float' instead.", even for
        // an integral float; an int literal meets a float tensor fine, and an NDArray given whole is cast (as numpy astype).
        var x = tf.constant(new[] { 1, 2 });
        foreach (var f in new Func<Tensor>[] { () => tf.add(x, 2.0), () => x * 2.0, () => tf.maximum(x, 1.0f), () => tf.multiply(x, new[] { 2.0, 3.0 }) })
        {
            var e = Assert.Throws<TypeError>(() => f())!;
            Assert.That(e.Message, Does.Contain("expected int32").And.Contain("of type 'float'").And.Contain("help:"));
        }
        Assert.Throws<TypeError>(() => tf.constant(2.0, tf.int32));
        using var sess = tf.Session();
        Assert.That(sess.run(tf.add(tf.constant(new[] { 1f }), 2)).ToArray<float>(), Is.EqualTo(new[] { 3f }));
        Assert.That(Longs(sess.run(tf.multiply(x, np.array(new[] { 2f, 3f })))), Is.EqualTo(new long[] { 2, 6 }));
    }

    // ---- 5. sqrt: correctly rounded, denormals flushed, on every placement -------------------------------------

    private static bool IsDenormal(float v) => v != 0 && float.IsSubnormal(v);

    [Test]
    public void SqrtFloat32IsCorrectlyRoundedAndFlushesDenormals([Values] bool managed)
    {
        var rng = new System.Random(15);
        var values = new List<float> { 0f, -0f, 1f, 2f, 4f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, -1f,
            float.Epsilon, -float.Epsilon, 1e-40f, -1e-40f, 1.17549435e-38f, float.MaxValue, 16777215f };
        for (int i = 0; i < 20000; i++) values.Add(BitConverter.Int32BitsToSingle(rng.Next() & 0x7fffffff)); // any non-negative bit pattern
        var input = values.ToArray();
        var r = RunOn(managed, () => tf.sqrt(tf.constant(input))).ToArray<float>();
        for (int i = 0; i < input.Length; i++)
        {
            float x = IsDenormal(input[i]) ? (input[i] < 0 ? -0f : 0f) : input[i]; // TF's DAZ: a denormal input reads as 0
            float expected = (float)Math.Sqrt(x); // the double root rounded once more is the correctly rounded float root
            Assert.That(BitConverter.SingleToInt32Bits(r[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(expected)).Or.Matches<int>(_ => float.IsNaN(expected) && float.IsNaN(r[i])),
                $"sqrt({input[i]:R}) bits {BitConverter.SingleToInt32Bits(input[i]):x8}");
        }
    }

    [Test]
    public void SqrtFloat64IsCorrectlyRoundedAndFlushesDenormals([Values] bool managed)
    {
        var rng = new System.Random(16);
        var values = new List<double> { 0, -0.0, 2, double.PositiveInfinity, double.NegativeInfinity, double.NaN, -1, double.Epsilon, -double.Epsilon, -1e-310, 1e-310 };
        for (int i = 0; i < 20000; i++) values.Add(BitConverter.Int64BitsToDouble(rng.NextInt64() & long.MaxValue));
        var input = values.ToArray();
        var r = RunOn(managed, () => tf.sqrt(tf.constant(input, tf.float64))).ToArray<double>();
        for (int i = 0; i < input.Length; i++)
        {
            double x = double.IsSubnormal(input[i]) ? (input[i] < 0 ? -0.0 : 0.0) : input[i];
            double expected = Math.Sqrt(x);
            Assert.That(r[i].Equals(expected) && (r[i] != 0 || double.IsNegative(r[i]) == double.IsNegative(expected)), Is.True,
                $"sqrt({input[i]:R}): {r[i]:R}, expected {expected:R}");
        }
    }

    // ---- 6. stack and concat of fed tensors with an unknown dimension -------------------------------------------

    [Test]
    public void StackOfMismatchedFedShapesIsAnInvalidArgumentError([Values] bool managed)
    {
        Tensor a = null!, b = null!;
        var e = Assert.Throws<InvalidArgumentError>(() => RunOn(managed, () =>
        {
            a = tf.placeholder(tf.float32, new Shape(-1));
            b = tf.placeholder(tf.float32, new Shape(-1));
            return tf.stack(new[] { a, b });
        }, () => [new FeedItem(a, np.array(new[] { 1f, 2f })), new FeedItem(b, np.array(new[] { 1f, 2f, 3f }))]))!;
        Assert.That(e.Message, Does.Contain("[2]").And.Contain("[3]"));
    }

    [Test]
    public void ConcatOfMismatchedFedShapesIsAnInvalidArgumentError([Values] bool managed)
    {
        Tensor a = null!, b = null!;
        var e = Assert.Throws<InvalidArgumentError>(() => RunOn(managed, () =>
        {
            a = tf.placeholder(tf.float32, new Shape(-1, 2));
            b = tf.placeholder(tf.float32, new Shape(-1, -1));
            return tf.concat(new object[] { a, b }, 0);
        }, () => [new FeedItem(a, np.zeros(new Shape(1, 2), tf.float32)), new FeedItem(b, np.zeros(new Shape(1, 3), tf.float32))]))!;
        Assert.That(e.Message, Does.Contain("[1, 2]").And.Contain("[1, 3]"));
        // Matching shapes run.
        var ok = RunOn(managed, () =>
        {
            a = tf.placeholder(tf.float32, new Shape(-1, 2));
            b = tf.placeholder(tf.float32, new Shape(-1, -1));
            return tf.concat(new object[] { a, b }, 0);
        }, () => [new FeedItem(a, np.zeros(new Shape(1, 2), tf.float32)), new FeedItem(b, np.zeros(new Shape(3, 2), tf.float32))]);
        Assert.That(ok.shape.dims, Is.EqualTo(new long[] { 4, 2 }));
    }
}
