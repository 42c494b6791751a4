namespace Bridge.Kernels;

/// <summary>
/// TF 1.x's float32 exp and log, as its CPU kernels computed them: Eigen's SSE packet functions (Cephes polynomials,
/// four floats at a time, no fused multiply-add), with the elements past the last full packet of four done by the
/// scalar library function. Reproducing them bit for bit is what makes the labs' float32 training traces (lab 07-1 at
/// learning rate 1.5 above all) print the original digits: a correctly rounded exp drifts from them by a few ulps.
/// Run inside Session.run, where FTZ/DAZ are on, as TF's kernels were.
/// </summary>
internal static partial class TfFloatMath
{
    private const int Packet = 4; // SSE: TF 1.x's release builds used 128-bit packets

    /// <summary>An in-place transform of float32 values.</summary>
    public delegate void SpanMap(Span<float> values);

    /// <summary>e^x in place.</summary>
    public static void Exp(Span<float> values)
    {
        int packed = values.Length / Packet * Packet;
        for (int i = ExpVectorized(values[..packed]); i < packed; i++) values[i] = PacketExp(values[i]);
        for (int i = packed; i < values.Length; i++) values[i] = (float)Math.Exp(values[i]);
    }

    /// <summary>ln x in place.</summary>
    public static void Log(Span<float> values)
    {
        int packed = values.Length / Packet * Packet;
        for (int i = LogVectorized(values[..packed]); i < packed; i++) values[i] = PacketLog(values[i]);
        for (int i = packed; i < values.Length; i++) values[i] = (float)Math.Log(values[i]);
    }

    /// <summary>1 / (1 + e^-x) in place (TF 1.x's sigmoid functor, with the packet exp).</summary>
    public static void Sigmoid(Span<float> values)
    {
        int packed = values.Length / Packet * Packet;
        for (int i = SigmoidVectorized(values[..packed]); i < packed; i++) values[i] = 1f / (1f + PacketExp(-values[i]));
        for (int i = packed; i < values.Length; i++) values[i] = 1f / (1f + (float)Math.Exp(-values[i]));
    }

    /// <summary>Eigen 3.3's pexp&lt;Packet4f&gt;, one lane.</summary>
    internal static float PacketExp(float input)
    {
        float x = Math.Clamp(input, -88.3762626647949f, 88.3762626647950f);
        // fx = floor(x * log2(e) + 0.5)
        float fx = x * 1.44269504088896341f + 0.5f;
        float t = (int)fx;
        if (t > fx) t -= 1f;
        fx = t;
        // x -= fx * ln2, with ln2 split in two for precision
        float tmp = fx * 0.693359375f;
        float z = fx * -2.12194440e-4f;
        x -= tmp;
        x -= z;
        z = x * x;
        float y = 1.9875691500e-4f;
        y = y * x + 1.3981999507e-3f;
        y = y * x + 8.3334519073e-3f;
        y = y * x + 4.1665795894e-2f;
        y = y * x + 1.6666665459e-1f;
        y = y * x + 5.0000001201e-1f;
        y = y * z + x;
        y += 1f;
        // 2^fx built from the exponent bits (0 for fx = -127, as the packet code gives)
        float pow2 = BitConverter.Int32BitsToSingle(((int)fx + 127) << 23);
        float r = y * pow2;
        // pmax(r, input): makes exp(+inf) = inf and exp(nan) = nan
        return float.IsNaN(input) ? input : Math.Max(r, input);
    }

    /// <summary>Eigen 3.3's plog&lt;Packet4f&gt;, one lane.</summary>
    internal static float PacketLog(float input)
    {
        if (float.IsNaN(input) || input < 0f) return float.NaN;
        if (input == 0f) return float.NegativeInfinity; // under DAZ a denormal compares equal to 0 too
        float x = Math.Max(input, 1.17549435e-38f); // cut off denormals
        int bits = BitConverter.SingleToInt32Bits(x);
        int exponent = (int)((uint)bits >> 23) - 0x7f;
        x = BitConverter.Int32BitsToSingle((bits & ~0x7f800000) | BitConverter.SingleToInt32Bits(0.5f)); // mantissa in [0.5, 1)
        float e = exponent + 1f;
        // if x < sqrt(1/2): e -= 1, x = x + x - 1; else x = x - 1
        bool small = x < 0.707106781186547524f;
        float tmp = small ? x : 0f;
        x -= 1f;
        if (small) e -= 1f;
        x += tmp;
        float x2 = x * x;
        float x3 = x2 * x;
        float y = 7.0376836292e-2f * x + -1.1514610310e-1f;
        float y1 = -1.2420140846e-1f * x + 1.4249322787e-1f;
        float y2 = 2.0000714765e-1f * x + -2.4999993993e-1f;
        y = y * x + 1.1676998740e-1f;
        y1 = y1 * x + -1.6668057665e-1f;
        y2 = y2 * x + 3.3333331174e-1f;
        y = y * x3 + y1;
        y = y * x3 + y2;
        y *= x3;
        y1 = e * -2.12194440e-4f;
        tmp = x2 * 0.5f;
        y += y1;
        x -= tmp;
        y2 = e * 0.693359375f;
        x += y;
        x += y2;
        return x;
    }
}
