using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<float>;

namespace Bridge.Kernels;

// TF 1.0's float32 tanh. TF 1.0 (tensorflow/workspace.bzl) pinned Eigen revision 60578b474802 (December 2016). In that
// Eigen, with EIGEN_FAST_MATH (on by default), both the SSE packet ptanh<Packet4f> and the scalar numext::tanh(float)
// are internal::generic_fast_tanh_float (Core/MathFunctionsImpl.h, since Eigen's August 2016 change "make numext::tanh
// consistent with array::tanh, enable fast tanh in fast-math mode only"): the input clamped to [-9, 9], then a
// 13/6-degree rational function of x, each pmadd a multiply then an add (TF 1.0's release builds had no FMA).
// Every element, in a full packet of four or in the scalar tail, therefore goes through the same float operations.
internal static partial class TfFloatMath
{
    // The numerator's monomial coefficients (odd powers) and the denominator's (even powers), as Eigen writes them.
    private const float TanhA1 = 4.89352455891786e-03f, TanhA3 = 6.37261928875436e-04f, TanhA5 = 1.48572235717979e-05f,
        TanhA7 = 5.12229709037114e-08f, TanhA9 = -8.60467152213735e-11f, TanhA11 = 2.00018790482477e-13f,
        TanhA13 = -2.76076847742355e-16f;
    private const float TanhB0 = 4.89352518554385e-03f, TanhB2 = 2.26843463243900e-03f, TanhB4 = 1.18534705686654e-04f,
        TanhB6 = 1.19825839466702e-06f;

    /// <summary>tanh in place, as Eigen's generic_fast_tanh_float (a NaN stays NaN, see <see cref="FastTanh"/>).</summary>
    public static void Tanh(Span<float> values)
    {
        for (int i = TanhVectorized(values); i < values.Length; i++) values[i] = FastTanh(values[i]);
    }

    /// <summary>
    /// Eigen's generic_fast_tanh_float for one float. NaN: Eigen's packet clamp (_mm_min_ps/_mm_max_ps) keeps a NaN,
    /// its scalar clamp (std::min/std::max) would turn it into 9 (and GCC before 6.3 could do so in packets too, as
    /// Eigen's comment says); Bridge returns NaN for NaN everywhere.
    /// </summary>
    internal static float FastTanh(float input)
    {
        if (float.IsNaN(input)) return input;
        float x = input < 9f ? input : 9f;
        x = x > -9f ? x : -9f;
        float x2 = x * x;
        float p = x2 * TanhA13 + TanhA11;
        p = x2 * p + TanhA9;
        p = x2 * p + TanhA7;
        p = x2 * p + TanhA5;
        p = x2 * p + TanhA3;
        p = x2 * p + TanhA1;
        p = x * p;
        float q = x2 * TanhB6 + TanhB4;
        q = x2 * q + TanhB2;
        q = x2 * q + TanhB0;
        return p / q;
    }

    private readonly struct TanhFunction : ILaneFunction
    {
        public static V Apply(V x) => TanhLanes(x);
    }

    private static int TanhVectorized(Span<float> values) => Vectorized<TanhFunction>(values);

    // The same float operations as FastTanh, eight lanes at a time (a multiply and an add, never fused).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V TanhLanes(V input)
    {
        var x = Vector256.Max(Vector256.Min(input, Vector256.Create(9f)), Vector256.Create(-9f));
        var x2 = x * x;
        var p = x2 * Vector256.Create(TanhA13) + Vector256.Create(TanhA11);
        p = x2 * p + Vector256.Create(TanhA9);
        p = x2 * p + Vector256.Create(TanhA7);
        p = x2 * p + Vector256.Create(TanhA5);
        p = x2 * p + Vector256.Create(TanhA3);
        p = x2 * p + Vector256.Create(TanhA1);
        p = x * p;
        var q = x2 * Vector256.Create(TanhB6) + Vector256.Create(TanhB4);
        q = x2 * q + Vector256.Create(TanhB2);
        q = x2 * q + Vector256.Create(TanhB0);
        var r = p / q;
        var nan = ~Vector256.Equals(input, input);
        return Vector256.ConditionalSelect(nan, input, r);
    }
}
