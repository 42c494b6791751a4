using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<float>;

namespace Bridge.Kernels;

// The packet functions eight lanes at a time: the same float operations as PacketExp/PacketLog in the same order,
// lane by lane, so the results are bit for bit theirs (TfFloatMathTests check it over special and random values).
// Each returns how many leading values it did (whole vectors); the caller finishes the rest with the scalar lanes.
internal static partial class TfFloatMath
{
    private interface ILaneFunction
    {
        static abstract V Apply(V x);
    }

    private readonly struct ExpFunction : ILaneFunction
    {
        public static V Apply(V x) => ExpLanes(x);
    }

    private readonly struct LogFunction : ILaneFunction
    {
        public static V Apply(V x) => LogLanes(x);
    }

    private readonly struct SigmoidFunction : ILaneFunction
    {
        public static V Apply(V x) => V.One / (V.One + ExpLanes(-x));
    }

    private static int ExpVectorized(Span<float> values) => Vectorized<ExpFunction>(values);

    private static int LogVectorized(Span<float> values) => Vectorized<LogFunction>(values);

    private static int SigmoidVectorized(Span<float> values) => Vectorized<SigmoidFunction>(values);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Vectorized<TFunction>(Span<float> values) where TFunction : ILaneFunction
    {
        if (!Vector256.IsHardwareAccelerated) return 0;
        int done = values.Length / V.Count * V.Count;
        for (int i = 0; i < done; i += V.Count)
        {
            ref float at = ref values[i];
            TFunction.Apply(Vector256.LoadUnsafe(ref at)).StoreUnsafe(ref at);
        }
        return done;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V ExpLanes(V input)
    {
        var x = Vector256.Min(Vector256.Max(input, Vector256.Create(-88.3762626647949f)), Vector256.Create(88.3762626647950f));
        var fx = Vector256.Floor(x * Vector256.Create(1.44269504088896341f) + Vector256.Create(0.5f));
        var tmp = fx * Vector256.Create(0.693359375f);
        var z = fx * Vector256.Create(-2.12194440e-4f);
        x -= tmp;
        x -= z;
        z = x * x;
        var y = Vector256.Create(1.9875691500e-4f);
        y = y * x + Vector256.Create(1.3981999507e-3f);
        y = y * x + Vector256.Create(8.3334519073e-3f);
        y = y * x + Vector256.Create(4.1665795894e-2f);
        y = y * x + Vector256.Create(1.6666665459e-1f);
        y = y * x + Vector256.Create(5.0000001201e-1f);
        y = y * z + x;
        y += V.One;
        var pow2 = Vector256.ShiftLeft(Vector256.ConvertToInt32(fx) + Vector256.Create(127), 23).AsSingle();
        var r = y * pow2;
        // The scalar lane's Math.Max(r, input), and NaN in gives NaN out.
        var larger = Vector256.ConditionalSelect(Vector256.GreaterThan(input, r), input, r);
        return Vector256.ConditionalSelect(Vector256.Equals(input, input), larger, input);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V LogLanes(V input)
    {
        var x = Vector256.Max(input, Vector256.Create(1.17549435e-38f));
        var bits = x.AsInt32();
        var exponent = Vector256.ShiftRightLogical(bits, 23) - Vector256.Create(0x7f);
        x = ((bits & Vector256.Create(~0x7f800000)) | Vector256.Create(0.5f).AsInt32()).AsSingle();
        var e = Vector256.ConvertToSingle(exponent) + V.One;
        var small = Vector256.LessThan(x, Vector256.Create(0.707106781186547524f));
        var tmp = x & small;
        x -= V.One;
        e -= V.One & small;
        x += tmp;
        var x2 = x * x;
        var x3 = x2 * x;
        var y = Vector256.Create(7.0376836292e-2f) * x + Vector256.Create(-1.1514610310e-1f);
        var y1 = Vector256.Create(-1.2420140846e-1f) * x + Vector256.Create(1.4249322787e-1f);
        var y2 = Vector256.Create(2.0000714765e-1f) * x + Vector256.Create(-2.4999993993e-1f);
        y = y * x + Vector256.Create(1.1676998740e-1f);
        y1 = y1 * x + Vector256.Create(-1.6668057665e-1f);
        y2 = y2 * x + Vector256.Create(3.3333331174e-1f);
        y = y * x3 + y1;
        y = y * x3 + y2;
        y *= x3;
        y1 = e * Vector256.Create(-2.12194440e-4f);
        tmp = x2 * Vector256.Create(0.5f);
        y += y1;
        x -= tmp;
        y2 = e * Vector256.Create(0.693359375f);
        x += y;
        x += y2;
        // The scalar lane's special cases: NaN or negative in gives NaN, zero (or a denormal under DAZ) gives -inf.
        var nan = Vector256.Create(float.NaN);
        x = Vector256.ConditionalSelect(Vector256.Equals(input, V.Zero), Vector256.Create(float.NegativeInfinity), x);
        var invalid = ~Vector256.Equals(input, input) | Vector256.LessThan(input, V.Zero);
        return Vector256.ConditionalSelect(invalid, nan, x);
    }
}
