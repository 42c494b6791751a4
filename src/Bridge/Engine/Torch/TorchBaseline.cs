using static TorchSharp.torch;

namespace Bridge;

/// <summary>
/// Hand-written TorchSharp loops doing the same work as a benchmarked Bridge graph, with no facade: the baseline
/// that `bridge bench` divides by. They live here because this folder is the only one that names TorchSharp.
/// </summary>
internal static class TorchBaseline
{
    /// <summary>reduce_mean of a 2x2 float32 constant, copied out to a managed array, <paramref name="runs"/> times.</summary>
    public static float ReduceMean2x2(int runs)
    {
        using var c = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        float sink = 0;
        for (int i = 0; i < runs; i++)
        {
            using var scope = NewDisposeScope();
            sink += c.mean().data<float>().ToArray()[0];
        }
        return sink;
    }
}
