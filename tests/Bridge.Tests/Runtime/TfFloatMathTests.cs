using Bridge.Kernels;

namespace Bridge.Tests.Runtime;

/// <summary>
/// exp, log and sigmoid over whole arrays (eight lanes at a time) must equal the scalar port of Eigen's packet
/// functions bit for bit, for special values, the clamping range's edges and random values of every magnitude,
/// with flush-to-zero on (as in Session.run) and off.
/// </summary>
public class TfFloatMathTests
{
    private static float[] Values()
    {
        var list = new List<float>
        {
            0f, -0f, 1f, -1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon,
            1.17549435e-38f, 1e-40f, -1e-40f, 88.3762626647949f, 88.4f, -88.3762626647949f, -88.72f, -103f, 100f,
            0.7071067f, 0.7071068f, 0.5f, 2f, float.MaxValue, float.MinValue, 1e-30f, 3.4e38f,
        };
        var random = new System.Random(7);
        for (int i = 0; i < 4004; i++) // 4030 values: whole vectors, one packet of four, a scalar tail of two
            list.Add((float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-40, 39))));
        return list.ToArray();
    }

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (bool flush in new[] { false, true })
        {
            yield return new TestCaseData("exp", flush);
            yield return new TestCaseData("log", flush);
            yield return new TestCaseData("sigmoid", flush);
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void ArrayFunctionEqualsTheScalarPacketLaneBitForBit(string function, bool flush)
    {
        var input = Values();
        var actual = (float[])input.Clone();
        float[] expected;
        using (Flushing(flush))
        {
            Func<float, float> lane = function switch
            {
                "exp" => TfFloatMath.PacketExp,
                "log" => TfFloatMath.PacketLog,
                _ => v => 1f / (1f + TfFloatMath.PacketExp(-v)),
            };
            expected = input.Select(lane).ToArray();
            switch (function)
            {
                case "exp": TfFloatMath.Exp(actual); break;
                case "log": TfFloatMath.Log(actual); break;
                default: TfFloatMath.Sigmoid(actual); break;
            }
        }
        // The last len % 4 values are TF's scalar tail (the C library's function), not the packet lanes.
        int packed = input.Length / 4 * 4;
        Assert.That(actual.Take(packed).Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Take(packed).Select(BitConverter.SingleToInt32Bits)));
    }

    private static IDisposable? Flushing(bool on) => on ? FlushToZero.Enter() : null;
}
