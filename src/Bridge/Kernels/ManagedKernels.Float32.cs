using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Bridge.Shapes;
using V = System.Runtime.Intrinsics.Vector256<float>;

namespace Bridge.Kernels;

/// <summary>One of + - * / : each is a single IEEE float32 operation, so eight SIMD lanes give the scalar loop's bits.</summary>
internal interface IArithmetic
{
    static abstract float Apply(float a, float b);
    static abstract double Apply(double a, double b);
    static abstract V Apply(V a, V b);

    /// <summary>The same operation in an integer type's own arithmetic: two's-complement wrap, as TF's C++ kernels.</summary>
    static abstract T Apply<T>(T a, T b) where T : unmanaged, System.Numerics.IBinaryInteger<T>;
}

internal readonly struct Plus : IArithmetic
{
    public static float Apply(float a, float b) => a + b;
    public static double Apply(double a, double b) => a + b;
    public static V Apply(V a, V b) => a + b;
    public static T Apply<T>(T a, T b) where T : unmanaged, System.Numerics.IBinaryInteger<T> => unchecked(a + b);
}

internal readonly struct Minus : IArithmetic
{
    public static float Apply(float a, float b) => a - b;
    public static double Apply(double a, double b) => a - b;
    public static V Apply(V a, V b) => a - b;
    public static T Apply<T>(T a, T b) where T : unmanaged, System.Numerics.IBinaryInteger<T> => unchecked(a - b);
}

internal readonly struct Times : IArithmetic
{
    public static float Apply(float a, float b) => a * b;
    public static double Apply(double a, double b) => a * b;
    public static V Apply(V a, V b) => a * b;
    public static T Apply<T>(T a, T b) where T : unmanaged, System.Numerics.IBinaryInteger<T> => unchecked(a * b);
}

internal readonly struct Divide : IArithmetic
{
    public static float Apply(float a, float b) => a / b;
    public static double Apply(double a, double b) => a / b;
    public static V Apply(V a, V b) => a / b;
    public static T Apply<T>(T a, T b) where T : unmanaged, System.Numerics.IBinaryInteger<T> => TruncateDivOp.Apply(a, b);
}

// Float32 arithmetic over the broadcasting patterns the labs' graphs use (same shape, a scalar, a bias row, a
// per-row column), vectorized: MNIST's [100, 10] steps run each op in about a microsecond.
internal static partial class ManagedKernels
{
    /// <summary>a op b for float32 arrays when their shapes are one of the fast patterns; false for the general broadcast.</summary>
    internal static bool TryArithmetic<TOp>(NDArray a, NDArray b, float[] fa, float[] fb, out NDArray result) where TOp : IArithmetic
    {
        result = null!;
        if (a.Dims.SequenceEqual(b.Dims))
        {
            var same = new float[fa.Length];
            Lanes<TOp>(fa, fb, same);
            result = new NDArray(same, a.Dims.ToArray());
        }
        else if (Pattern(a, b) is { } right)
        {
            var r = new float[fa.Length];
            Spread<TOp>(fa, fb, r, right, smallOnRight: true);
            result = new NDArray(r, a.Dims.ToArray());
        }
        else if (Pattern(b, a) is { } left)
        {
            var r = new float[fb.Length];
            Spread<TOp>(fb, fa, r, left, smallOnRight: false);
            result = new NDArray(r, b.Dims.ToArray());
        }
        return result is not null;
    }

    internal enum Broadcasting { Scalar, Row, Column }

    /// <summary>A simple broadcast: the small operand is one value, a row repeated over the rows, or one value per row.</summary>
    internal readonly record struct SpreadPattern(Broadcasting Kind, int Rows, int Columns);

    /// <summary>How <paramref name="small"/> spreads over <paramref name="big"/> (whose shape is the result's), if simply.</summary>
    private static SpreadPattern? Pattern(NDArray big, NDArray small) => Pattern(big.Dims, small.Dims);

    /// <summary>
    /// How an operand of dims <paramref name="sd"/> spreads over one of dims <paramref name="bd"/> (the result's), if
    /// simply; null for the general broadcast (and for sizes beyond int's range).
    /// </summary>
    internal static SpreadPattern? Pattern(ReadOnlySpan<long> bd, ReadOnlySpan<long> sd)
    {
        long bigSize = ShapeAlgebra.ElementCount(bd), smallSize = ShapeAlgebra.ElementCount(sd);
        if (bigSize > int.MaxValue) return null;
        if (smallSize == 1 && sd.Length <= bd.Length) return new(Broadcasting.Scalar, 1, (int)bigSize);
        if (bd.Length < 1 || sd.Length > bd.Length || smallSize == 0) return null;
        // Trailing dimensions equal, leading ones absent or 1: a row repeated over the leading dimensions.
        int lead = bd.Length - sd.Length;
        int firstReal = 0;
        while (firstReal < sd.Length && sd[firstReal] == 1) firstReal++;
        if (bd[(lead + firstReal)..].SequenceEqual(sd[firstReal..]))
        {
            int columns = (int)smallSize;
            return new(Broadcasting.Row, (int)(bigSize / columns), columns);
        }
        // [m, n] with [m, 1]: one value per row.
        if (bd.Length == 2 && sd.Length == 2 && sd[0] == bd[0] && sd[1] == 1)
            return new(Broadcasting.Column, (int)bd[0], (int)bd[1]);
        return null;
    }

    /// <summary>big op small (or small op big) into <paramref name="r"/>, the small operand spread as <paramref name="p"/> says.</summary>
    internal static void Spread<TOp>(ReadOnlySpan<float> big, ReadOnlySpan<float> small, Span<float> r, SpreadPattern p, bool smallOnRight) where TOp : IArithmetic
    {
        for (int i = 0; i < p.Rows; i++)
        {
            var x = big.Slice(i * p.Columns, p.Columns);
            var y = r.Slice(i * p.Columns, p.Columns);
            switch (p.Kind)
            {
                case Broadcasting.Row when smallOnRight: Lanes<TOp>(x, small, y); break;
                case Broadcasting.Row: Lanes<TOp>(small, x, y); break;
                case Broadcasting.Scalar when smallOnRight: WithScalar<TOp>(x, small[0], y, scalarOnRight: true); break;
                case Broadcasting.Scalar: WithScalar<TOp>(x, small[0], y, scalarOnRight: false); break;
                default: WithScalar<TOp>(x, small[i], y, smallOnRight); break;
            }
        }
    }

    /// <summary>Copies <paramref name="small"/> into every position of <paramref name="r"/> as <paramref name="p"/> spreads it.</summary>
    internal static void SpreadCopy(ReadOnlySpan<float> small, Span<float> r, SpreadPattern p)
    {
        for (int i = 0; i < p.Rows; i++)
        {
            var y = r.Slice(i * p.Columns, p.Columns);
            switch (p.Kind)
            {
                case Broadcasting.Row: small.CopyTo(y); break;
                case Broadcasting.Scalar: y.Fill(small[0]); break;
                default: y.Fill(small[i]); break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Lanes<TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> r) where TOp : IArithmetic
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i + V.Count <= r.Length; i += V.Count)
                TOp.Apply(Vector256.LoadUnsafe(ref Unsafe.AsRef(in a[i])), Vector256.LoadUnsafe(ref Unsafe.AsRef(in b[i]))).StoreUnsafe(ref r[i]);
        for (; i < r.Length; i++) r[i] = TOp.Apply(a[i], b[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void WithScalar<TOp>(ReadOnlySpan<float> a, float s, Span<float> r, bool scalarOnRight) where TOp : IArithmetic
    {
        int i = 0;
        var vs = Vector256.Create(s);
        if (Vector256.IsHardwareAccelerated)
            for (; i + V.Count <= r.Length; i += V.Count)
            {
                var va = Vector256.LoadUnsafe(ref Unsafe.AsRef(in a[i]));
                (scalarOnRight ? TOp.Apply(va, vs) : TOp.Apply(vs, va)).StoreUnsafe(ref r[i]);
            }
        for (; i < r.Length; i++) r[i] = scalarOnRight ? TOp.Apply(a[i], s) : TOp.Apply(s, a[i]);
    }

    /// <summary>
    /// floor(x) in float32, vectorized (the rounding instruction toward -inf: MathF.Floor's values, -0.0 and NaN pass
    /// through), over managed arrays or the engine's tensors' memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void FloorPass(ReadOnlySpan<float> x, Span<float> r)
    {
        if (r.Length != x.Length) throw new InvalidArgumentError($"Floor: {x.Length} inputs but {r.Length} outputs.");
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i + V.Count <= r.Length; i += V.Count)
                Vector256.Floor(Vector256.LoadUnsafe(ref Unsafe.AsRef(in x[i]))).StoreUnsafe(ref r[i]);
        for (; i < r.Length; i++) r[i] = MathF.Floor(x[i]);
    }

    /// <summary>floor(x) for an array: the float32 pass, other dtypes through Math.Floor.</summary>
    internal static NDArray Floor(NDArray x)
    {
        if (x.Storage is not float[] f) return Map(x, MathF.Floor, Math.Floor);
        var r = GC.AllocateUninitializedArray<float>(f.Length);
        FloorPass(f, r);
        return new NDArray(r, x.Dims.ToArray());
    }

    /// <summary>TF's ApplyGradientDescent in float32: var - grad * lr, each product rounded before the subtraction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float[] GradientStep(float[] var, float[] grad, float lr)
    {
        var r = new float[var.Length];
        int i = 0;
        var vlr = Vector256.Create(lr);
        if (Vector256.IsHardwareAccelerated)
            for (; i + V.Count <= r.Length; i += V.Count)
                (Vector256.LoadUnsafe(ref var[i]) - Vector256.LoadUnsafe(ref grad[i]) * vlr).StoreUnsafe(ref r[i]);
        for (; i < r.Length; i++) r[i] = var[i] - grad[i] * lr;
        return r;
    }

    /// <summary>-x in float32 (a sign flip: -0 for 0, as the scalar negation).</summary>
    internal static float[] Negate(float[] x)
    {
        var r = new float[x.Length];
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i + V.Count <= r.Length; i += V.Count)
                (-Vector256.LoadUnsafe(ref x[i])).StoreUnsafe(ref r[i]);
        for (; i < r.Length; i++) r[i] = -x[i];
        return r;
    }

    /// <summary>1 / x in float32 (an IEEE division, as the scalar loop).</summary>
    internal static float[] Reciprocal(float[] x)
    {
        var r = new float[x.Length];
        WithScalar<Divide>(x, 1f, r, scalarOnRight: false);
        return r;
    }

    /// <summary>Copies <paramref name="source"/> (shape <paramref name="from"/>, broadcastable) into every position of <paramref name="to"/>.</summary>
    internal static NDArray BroadcastTo(NDArray source, long[] from, long[] to)
    {
        int n = to.Length;
        var strides = ShapeAlgebra.BroadcastStrides(from, to); // the source step per result index, 0 along broadcast dimensions
        long total = ShapeAlgebra.ElementCount(to);
        var src = source.Storage;
        var r = Array.CreateInstance(src.GetType().GetElementType()!, total);
        if (total == 0) return new NDArray(r, to);
        long inner = n == 0 ? 1 : to[^1], innerStride = n == 0 ? 0 : strides[^1];
        var index = new long[Math.Max(n - 1, 0)];
        for (long o = 0; o < total; o += inner)
        {
            long at = 0;
            for (int d = 0; d < n - 1; d++) at += index[d] * strides[d];
            if (innerStride == 0 && r is float[] rf && src is float[] sf)
                rf.AsSpan((int)o, (int)inner).Fill(sf[at]);
            else if (innerStride == 0)
                for (long k = 0; k < inner; k++) Array.Copy(src, at, r, o + k, 1);
            else
                Array.Copy(src, at, r, o, inner);
            for (int d = n - 2; d >= 0; d--)
            {
                if (++index[d] < to[d]) break;
                index[d] = 0;
            }
        }
        return new NDArray(r, to);
    }
}
