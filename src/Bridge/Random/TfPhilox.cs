using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bridge.Philox;

/// <summary>
/// Philox4x32-10 counter-based generator laid out exactly as TensorFlow 1.x's <c>random::PhiloxRandom(seed, seed2)</c>,
/// plus TF's float32 uniform and Box-Muller normal transforms on top of it. The labs print their initial weights, so
/// these must match TF bit for bit; every float step below is ordered and typed the way TF's CPU kernel does it.
/// </summary>
internal sealed class TfPhilox
{
    // Philox multipliers and Weyl key increments (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3").
    private const uint M0 = 0xD2511F53;
    private const uint M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9;
    private const uint W1 = 0xBB67AE85;

    private readonly uint _k0, _k1;

    // The 128-bit counter as two 64-bit halves: _lo holds words c0 (low) and c1, _hi holds c2 and c3.
    // Keeping it as two ulongs makes Skip a plain add-with-carry instead of four chained word carries.
    private ulong _lo, _hi;

    /// <summary>Seeds as TF does: the key is <paramref name="seed"/> split into 32-bit halves, and
    /// <paramref name="seed2"/> occupies the upper 64 bits of the counter, so different seed2 values
    /// select disjoint streams under the same key.</summary>
    public TfPhilox(long seed, long seed2)
    {
        _k0 = (uint)(ulong)seed;
        _k1 = (uint)((ulong)seed >> 32);
        _lo = 0;
        _hi = (ulong)seed2;
    }

    private TfPhilox(TfPhilox other)
    {
        _k0 = other._k0;
        _k1 = other._k1;
        _lo = other._lo;
        _hi = other._hi;
    }

    /// <summary>An independent copy at the same position (TF copies the generator by value when reserving samples).</summary>
    public TfPhilox Clone() => new(this);

    /// <summary>Advances the counter by <paramref name="count"/> blocks (each block is one call producing 4 u32).</summary>
    public void Skip(ulong count)
    {
        ulong lo = _lo + count;
        if (lo < count) _hi++; // carry out of the low 64 bits into words c2/c3
        _lo = lo;
    }

    /// <summary>One Philox call: 10 rounds over the current counter, then the counter moves on by one.</summary>
    public void NextBlock(Span<uint> output)
    {
        uint c0 = (uint)_lo, c1 = (uint)(_lo >> 32), c2 = (uint)_hi, c3 = (uint)(_hi >> 32);
        uint k0 = _k0, k1 = _k1;

        for (int round = 0; round < 10; round++)
        {
            if (round > 0)
            {
                // The key is bumped between rounds only: 10 rounds, 9 bumps.
                k0 += W0;
                k1 += W1;
            }
            ulong p0 = (ulong)M0 * c0;
            ulong p1 = (ulong)M1 * c2;
            uint hi0 = (uint)(p0 >> 32), lo0 = (uint)p0;
            uint hi1 = (uint)(p1 >> 32), lo1 = (uint)p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
        }

        output[0] = c0;
        output[1] = c1;
        output[2] = c2;
        output[3] = c3;
        Skip(1);
    }

    /// <summary>TF's u32 -> float in [0, 1): put 23 random mantissa bits under exponent 0 to get [1, 2), then subtract 1.
    /// This is exact, so it never rounds up to 1.</summary>
    public static float ToUniform(uint u) => BitConverter.Int32BitsToSingle(0x3F800000 | (int)(u & 0x7FFFFF)) - 1.0f;

    /// <summary>TF's float Box-Muller on one pair of u32, giving (sin-branch, cos-branch).</summary>
    public static (float, float) BoxMuller(uint x0, uint x1)
    {
        // Clamp so log() never sees 0.
        float u1 = MathF.Max(ToUniform(x0), 1.0e-7f);
        // TF writes 2.0f * M_PI * u; M_PI is a double, so the product is formed in double and only then narrowed
        // to float. Doing it in float gives a different angle in the last bit for many inputs.
        float v = (float)(2.0 * Math.PI * ToUniform(x1));
        // TF writes sqrt(-2.0f * log(u1)) with u1 a float; its build resolved the unqualified log and sqrt to C's
        // double functions, so the radius is formed in double and rounded to float once. Evidence: TF 1.x's printed
        // values for seeds (87654321, 1) and (87654321, 2) differ by 1 ulp from a float32 radius in 3 of 8 values and
        // all agree with the double one (TruncatedNormalTests); the 20 lab values agree with both.
        float r = Kernels.TfProfile.Current is { FloatRadius: true } ? MathF.Sqrt(-2.0f * MathF.Log(u1)) : (float)Math.Sqrt(-2.0 * Math.Log(u1));
        // TF calls float sincosf here. MathF.Sin/Cos (same as this machine's glibc 2.36 sincosf) is not correctly
        // rounded and misses TF's printed output by 1 ulp (seed 777/3, 2nd value); evaluating in double and rounding
        // once gives the correctly rounded float, which matches every lab reference value. One printed TF value does
        // not: random_normal seed (87654321, 1), 3rd value, where TF's sincosf rounded sin(3.1148543) the other way
        // (0.63 ulp from the true value), so TF's product is 1 ulp higher; which libm that was is not known.
        float s = (float)Math.Sin(v);
        float c = (float)Math.Cos(v);
        return (s * r, c * r);
    }

    /// <summary><paramref name="count"/> uniform floats, 4 per Philox call; the tail of the last call is discarded,
    /// exactly as TF's fill loop does, so the generator ends on the same counter TF's would.</summary>
    public float[] Uniform(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new float[count];
        long i = Avx2.IsSupported ? UniformFourBlocksAtATime(result) : 0;
        UniformScalar(result.AsSpan((int)i));
        return result;
    }

    /// <summary>The one-block-at-a-time fill: <see cref="Uniform"/>'s tail, and its reference (TfPhiloxTests).</summary>
    internal void UniformScalar(Span<float> result)
    {
        Span<uint> block = stackalloc uint[4];
        for (int i = 0; i < result.Length; i += 4)
        {
            NextBlock(block);
            for (int j = 0; j < 4 && i + j < result.Length; j++)
                result[i + j] = ToUniform(block[j]);
        }
    }

    /// <summary>
    /// Fills whole groups of 16 floats (four consecutive Philox blocks) with AVX2, the four blocks' rounds side by side
    /// in 64-bit lanes (vpmuludq gives each lane's 32x32 -> 64-bit product); returns how many floats it wrote, the
    /// counter moved on by as many blocks. Each block is the same function of its counter as <see cref="NextBlock"/>,
    /// so the values are the scalar loop's bit for bit. It stops where the counter's low 64 bits would carry.
    /// Dropout draws a fresh uniform tensor per layer and step: one at a time, this took 12% of lab 10-5's training.
    /// </summary>
    private long UniformFourBlocksAtATime(Span<float> result)
    {
        var m0 = Vector256.Create((ulong)M0).AsUInt32();
        var m1 = Vector256.Create((ulong)M1).AsUInt32();
        var low32 = Vector256.Create(0xFFFFFFFFUL);
        var c2Start = Vector256.Create(_hi & 0xFFFFFFFF);
        var c3Start = Vector256.Create(_hi >> 32);
        var lanes = Vector256.Create(0UL, 1, 2, 3);
        var mantissa = Vector256.Create(0x7FFFFFu);
        var one = Vector256.Create(0x3F800000u);
        ref float r0 = ref MemoryMarshal.GetReference(result);
        long i = 0;
        for (; i + 16 <= result.Length && _lo < ulong.MaxValue - 3; i += 16)
        {
            var counter = Vector256.Create(_lo) + lanes;
            Vector256<ulong> c0 = counter & low32, c1 = counter >> 32, c2 = c2Start, c3 = c3Start;
            uint k0 = _k0, k1 = _k1;
            for (int round = 0; round < 10; round++)
            {
                if (round > 0)
                {
                    k0 += W0;
                    k1 += W1;
                }
                var p0 = Avx2.Multiply(c0.AsUInt32(), m0);
                var p1 = Avx2.Multiply(c2.AsUInt32(), m1);
                c0 = (p1 >> 32) ^ c1 ^ Vector256.Create((ulong)k0);
                c1 = p1 & low32;
                c2 = (p0 >> 32) ^ c3 ^ Vector256.Create((ulong)k1);
                c3 = p0 & low32;
            }
            // Lane j holds block j's words: interleave them to b0w0 b0w1 b0w2 b0w3 b1w0 ... (the scalar loop's order).
            var w01 = c0 | (c1 << 32);
            var w23 = c2 | (c3 << 32);
            var even = Avx2.UnpackLow(w01, w23);  // b0 (w0 w1 w2 w3), b2 (...)
            var odd = Avx2.UnpackHigh(w01, w23);  // b1, b3
            var first = Avx2.Permute2x128(even, odd, 0x20).AsUInt32();  // b0, b1
            var second = Avx2.Permute2x128(even, odd, 0x31).AsUInt32(); // b2, b3
            ((first & mantissa | one).AsSingle() - Vector256<float>.One).StoreUnsafe(ref r0, (nuint)i);
            ((second & mantissa | one).AsSingle() - Vector256<float>.One).StoreUnsafe(ref r0, (nuint)i + 8);
            _lo += 4; // no carry: the loop stops before the low half could wrap
        }
        return i;
    }

    /// <summary><paramref name="count"/> standard normal floats: each call's (u0,u1) and (u2,u3) pairs give
    /// sin then cos outputs, stored in that order; unused outputs of the last call are discarded.</summary>
    public float[] Normal(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new float[count];
        Span<uint> block = stackalloc uint[4];
        Span<float> four = stackalloc float[4];
        for (long i = 0; i < count; i += 4)
        {
            NextBlock(block);
            (four[0], four[1]) = BoxMuller(block[0], block[1]);
            (four[2], four[3]) = BoxMuller(block[2], block[3]);
            for (int j = 0; j < 4 && i + j < count; j++)
                result[i + j] = four[j];
        }
        return result;
    }
    /// <summary>TF's two u32 -> double in [0, 1): the low 20 bits of <paramref name="x0"/> and all of
    /// <paramref name="x1"/> are the 52 mantissa bits under exponent 0, minus 1 (exact).</summary>
    public static double ToUniformDouble(uint x0, uint x1) =>
        BitConverter.Int64BitsToDouble((1023L << 52) | ((long)(x0 & 0xFFFFF) << 32) | x1) - 1.0;

    /// <summary>TF's BoxMullerDouble on four u32, giving (sin-branch, cos-branch) in double throughout.</summary>
    public static (double, double) BoxMullerDouble(uint x0, uint x1, uint x2, uint x3)
    {
        double u1 = Math.Max(ToUniformDouble(x0, x1), 1.0e-7);
        double v = 2 * Math.PI * ToUniformDouble(x2, x3);
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        return (Math.Sin(v) * r, Math.Cos(v) * r);
    }

    /// <summary><paramref name="count"/> uniform doubles, 2 per Philox call (TF's UniformDistribution&lt;double&gt;).</summary>
    public double[] UniformDouble(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new double[count];
        Span<uint> block = stackalloc uint[4];
        for (long i = 0; i < count; i += 2)
        {
            NextBlock(block);
            result[i] = ToUniformDouble(block[0], block[1]);
            if (i + 1 < count) result[i + 1] = ToUniformDouble(block[2], block[3]);
        }
        return result;
    }

    /// <summary><paramref name="count"/> standard normal doubles, 2 per Philox call (TF's NormalDistribution&lt;double&gt;).</summary>
    public double[] NormalDouble(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new double[count];
        Span<uint> block = stackalloc uint[4];
        for (long i = 0; i < count; i += 2)
        {
            NextBlock(block);
            var (s, c) = BoxMullerDouble(block[0], block[1], block[2], block[3]);
            result[i] = s;
            if (i + 1 < count) result[i + 1] = c;
        }
        return result;
    }

    // TF's truncation threshold (kTruncateValue): a normal draw is kept when |x| < 2.
    private const float TruncateValue = 2.0f;

    /// <summary>
    /// <paramref name="count"/> float32 standard normals truncated to (-2, 2), as TF 1.x's TruncatedNormal kernel
    /// (FillPhiloxRandomTask for distributions with a variable number of samples per output): the outputs come in
    /// groups of 4; group g starts from this generator skipped by g * 256 Philox calls (4 * 256 reserved samples / 4
    /// per call) and reads u32 one at a time (SingleSampleAdapter: a Philox call gives 4, used in order); each pair of
    /// u32 makes one Box-Muller pair, sin then cos, and each value with |x| &lt; 2 is kept until the group has 4. The last,
    /// partial group is drawn the same way and cut. This generator itself does not move (the reservation moved the
    /// op's shared one).
    /// </summary>
    public float[] TruncatedNormal(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        const int group = 4;
        const ulong skipPerGroup = group * TfRandomStream.ReservedBlocksPerOutput / 4;
        var result = new float[count];
        Span<float> values = stackalloc float[group];
        for (long g = 0; g * group < count; g++)
        {
            var samples = new SingleSamples(this, (ulong)g * skipPerGroup);
            int index = 0;
            while (index < group)
            {
                uint x0 = samples.Next(), x1 = samples.Next();
                var (f0, f1) = BoxMuller(x0, x1);
                if (MathF.Abs(f0) < TruncateValue) values[index++] = f0;
                if (index < group && MathF.Abs(f1) < TruncateValue) values[index++] = f1;
            }
            for (int j = 0; j < group && g * group + j < count; j++) result[g * group + j] = values[j];
        }
        return result;
    }

    /// <summary>
    /// As <see cref="TruncatedNormal"/> for float64 (TruncatedNormalDistribution&lt;double&gt;): groups of 2, each
    /// starting 128 Philox calls after the previous one (2 * 256 / 4), each attempt four u32 through BoxMullerDouble.
    /// </summary>
    public double[] TruncatedNormalDouble(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        const int group = 2;
        const ulong skipPerGroup = group * TfRandomStream.ReservedBlocksPerOutput / 4;
        var result = new double[count];
        Span<double> values = stackalloc double[group];
        for (long g = 0; g * group < count; g++)
        {
            var samples = new SingleSamples(this, (ulong)g * skipPerGroup);
            int index = 0;
            while (index < group)
            {
                uint x0 = samples.Next(), x1 = samples.Next(), x2 = samples.Next(), x3 = samples.Next();
                var (d0, d1) = BoxMullerDouble(x0, x1, x2, x3);
                if (Math.Abs(d0) < TruncateValue) values[index++] = d0;
                if (index < group && Math.Abs(d1) < TruncateValue) values[index++] = d1;
            }
            for (int j = 0; j < group && g * group + j < count; j++) result[g * group + j] = values[j];
        }
        return result;
    }

    /// <summary>TF's SingleSampleAdapter over a copy of a generator: one u32 at a time, a new Philox call every 4.</summary>
    internal sealed class SingleSamples
    {
        private readonly TfPhilox _gen;
        private readonly uint[] _block = new uint[4];
        private int _used = 4;

        public SingleSamples(TfPhilox source, ulong skip)
        {
            _gen = source.Clone();
            _gen.Skip(skip);
        }

        public uint Next()
        {
            if (_used == 4)
            {
                _gen.NextBlock(_block);
                _used = 0;
            }
            return _block[_used++];
        }
    }
}

/// <summary>
/// The state behind one stateful TF 1.x random op (RandomUniform / RandomStandardNormal). The kernel owns a single
/// guarded generator created from the op's (seed, seed2); each execution producing n values takes a copy of it and
/// then advances the shared one by n * 256 blocks (<c>ReserveRandomOutputs(n, 256)</c> -> <c>ReserveSamples128(n * 256)</c>).
/// So re-running the same op in a session yields fresh values, and the k-th run is reproducible from the seeds alone.
/// </summary>
internal sealed class TfRandomStream
{
    // TF's over-reservation factor: sized for distributions that may reject samples, applied to all of them.
    internal const ulong ReservedBlocksPerOutput = 256;

    private readonly TfPhilox _shared;

    /// <summary>The stream of one op in one session; seeds (0, 0) mean "unseeded": random ones, as TF's
    /// GuardedPhiloxRandom::Init picks (random::New64).</summary>
    public TfRandomStream(long seed, long seed2) =>
        _shared = seed == 0 && seed2 == 0 ? new TfPhilox(System.Random.Shared.NextInt64(), System.Random.Shared.NextInt64()) : new TfPhilox(seed, seed2);

    /// <summary>Values of the next execution of a RandomUniform op producing <paramref name="n"/> floats.</summary>
    public float[] NextUniform(long n) => Reserve(n).Uniform(n);

    /// <summary>Values of the next execution of a RandomStandardNormal op producing <paramref name="n"/> floats.</summary>
    public float[] NextNormal(long n) => Reserve(n).Normal(n);

    /// <summary>Values of the next execution of a TruncatedNormal op producing <paramref name="n"/> floats.</summary>
    public float[] NextTruncatedNormal(long n) => Reserve(n).TruncatedNormal(n);

    /// <summary>The generator of the next execution of an op producing <paramref name="n"/> values (float64 draws,
    /// RandomShuffle and Multinomial take theirs from it); the shared generator moves on by n * 256 calls.</summary>
    public TfPhilox ReserveFor(long n) => Reserve(n);

    /// <summary>TF's <c>ReserveSamples32(samples)</c>: the generator for <paramref name="samples"/> u32 draws; the shared
    /// one moves on by ceil(samples / 4) calls (RandomShuffle).</summary>
    public TfPhilox ReserveSamples32(long samples)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        var local = _shared.Clone();
        _shared.Skip((ulong)(samples + 3) / 4);
        return local;
    }

    private TfPhilox Reserve(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var local = _shared.Clone();
        _shared.Skip((ulong)n * ReservedBlocksPerOutput);
        return local;
    }
}

/// <summary>TF 1.x's <c>random_seed.get_seed</c>: how graph and op seeds combine into an op's (seed, seed2) attributes.</summary>
internal static class TfSeeds
{
    /// <summary>Graph seed used when only the op seed is given.</summary>
    public const long DefaultGraphSeed = 87654321;

    private const long MaxInt32 = int.MaxValue;

    /// <summary>
    /// Returns the op's (seed, seed2), or null when neither seed is set (TF then seeds the kernel nondeterministically).
    /// <paramref name="lastOpId"/> is the graph's id of the most recently created op (TF 1.x's <c>graph._last_id</c>),
    /// which TF uses as the op seed when only the graph seed is set.
    /// </summary>
    public static (long seed, long seed2)? Get(int? graphSeed, int? opSeed, int lastOpId)
    {
        (long, long) seeds;
        if (graphSeed is int g)
            seeds = (Truncate(g), Truncate(opSeed ?? lastOpId));
        else if (opSeed is int o)
            seeds = (DefaultGraphSeed, Truncate(o));
        else
            return null;

        // The C++ kernels read (0, 0) as "pick random seeds", so an explicit (0, 0) is moved off that value.
        return seeds == (0, 0) ? (0, MaxInt32) : seeds;
    }

    // Python's seed % (2**31 - 1): always non-negative for a positive modulus, unlike C#'s %.
    private static long Truncate(long seed) => ((seed % MaxInt32) + MaxInt32) % MaxInt32;
}
