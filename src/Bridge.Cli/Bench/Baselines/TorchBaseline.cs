using Bridge.Backend.Torch;
using System.Runtime.InteropServices;
using Bridge.Kernels;
using static TorchSharp.torch;
using TTensor = TorchSharp.torch.Tensor;

namespace Bridge.Cli.Bench.Baselines;

/// <summary>
/// Hand-written TorchSharp loops doing the same work as a benchmarked Bridge graph, with no facade: the baseline
/// that `bridge bench` divides by. Benchmark code, so it lives in the CLI, not in the shipped library; this folder and
/// the library's src/Bridge/Engine/Torch are the only code allowed to name TorchSharp (tests/Bridge.Tests/Architecture).
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

/// <summary>Timings of libtorch's pieces of one MNIST step, for diagnosing (bench mnist-parts).</summary>
internal static class TorchParts
{
    public static void Report(TextWriter o)
    {
        var rnd = new System.Random(1);
        var x = new float[100 * 784];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rnd.NextDouble();
        using var w = rand(784, 10);
        using var g = rand(100, 10);
        double Time(Action a, int n = 200)
        {
            for (int i = 0; i < 20; i++) a();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < n; i++) a();
            return sw.Elapsed.TotalMicroseconds / n;
        }
        using var tx = tensor(x, [100, 784]);
        o.WriteLine($"torch threads {get_num_threads()}");
        o.WriteLine($"tensor(float[78400]): {Time(() => { using var s = NewDisposeScope(); tensor(x, [100, 784]); }):F1} us");
        o.WriteLine($"X @ W:                {Time(() => { using var s = NewDisposeScope(); tx.matmul(w); }):F1} us");
        o.WriteLine($"X^T @ G:              {Time(() => { using var s = NewDisposeScope(); tx.transpose(-2, -1).matmul(g); }):F1} us");
        o.WriteLine($"contiguous X^T @ G:   {Time(() => { using var s = NewDisposeScope(); tx.transpose(-2, -1).contiguous().matmul(g); }):F1} us");
        var mw = w.data<float>().ToArray();
        var mg = g.data<float>().ToArray();
        o.WriteLine($"X @ W, Bridge kernel: {Time(() => TfMatMul.Compute(x, mw, 100, 784, 10, false, false)):F1} us");
        o.WriteLine($"X^T @ G, Bridge:      {Time(() => TfMatMul.Compute(x, mg, 784, 100, 10, true, false)):F1} us");
        // The fastest of 20 rounds (a shared machine's noise only adds): one thread, then rows shared with the helper.
        double Fastest(Action a)
        {
            double best = double.MaxValue;
            for (int r = 0; r < 20; r++) best = Math.Min(best, Time(a, 50));
            return best;
        }
        o.WriteLine($"X @ W, Bridge, one thread / shared (fastest of 20 x 50): {Fastest(() => TfMatMul.Compute(x.AsSpan(), mw, 100, 784, 10, false, false)):F1} / {Fastest(() => TfMatMul.Compute(x, mw, 100, 784, 10, false, false)):F1} us (helper thread {(Bridge.Kernels.HelperThread.Enabled ? "on" : "off")})");
        o.WriteLine($"X^T @ G, Bridge, one thread / shared (fastest of 20 x 50): {Fastest(() => TfMatMul.Compute(x.AsSpan(), mg, 784, 100, 10, true, false)):F1} / {Fastest(() => TfMatMul.Compute(x, mg, 784, 100, 10, true, false)):F1} us");
        var pixels = new float[55000 * 784];
        for (int i = 0; i < pixels.Length; i += 97) pixels[i] = i; // touched: no page left unmapped
        var set = new DataSet(pixels, [55000, 784], new byte[55000], 1, new NumPyRandomState(1)) { CopiesAhead = false };
        o.WriteLine($"next_batch(100) of 55000x784 shuffled floats, on this thread (fastest of 20 x 50): {Fastest(() => set.next_batch(100)):F1} us");
        o.WriteLine($"data<float>() 1000:   {Time(() => g.data<float>().ToArray()):F1} us");
        o.WriteLine($"empty + bytes 78400:  {Time(() => { using var s = NewDisposeScope(); var t = empty([100, 784]); t.bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()); }):F1} us");
        var back = new float[78400];
        o.WriteLine($"bytes.CopyTo 78400:   {Time(() => tx.bytes.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(back.AsSpan()))):F1} us");
    }
}

/// <summary>Lab 07-4's training written directly on TorchSharp (no facade, hand-written gradient): bench baseline (b).</summary>
internal static class TorchMnistBaseline
{
    /// <summary>Trains on the same batches the facade gets (<paramref name="nextBatch"/>); returns the training seconds.</summary>
    public static double Train(Func<(NDArray x, NDArray y)> nextBatch, int steps, float learningRate = 0.1f)
    {
        using var w = randn(784, 10);
        using var b = randn(10);
        using var rate = TorchScalars.Of(learningRate); // Scalars kept alive through the calls that read them (TorchScalars)
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < steps; i++)
        {
            var (bx, by) = nextBatch();
            using var scope = NewDisposeScope();
            using var count = TorchScalars.Of(bx.Dims[0]);
            var x = FromNDArray(bx);
            var y = FromNDArray(by);
            var h = x.matmul(w).add(b, TorchScalars.One).softmax(1);
            var g = h.sub(y).div(count);
            w.sub_(x.t().matmul(g).mul(rate));
            b.sub_(g.sum(0L, keepdim: false).mul(rate)); // 0L: a literal 0 picks sum(ScalarType?), a byte total
        }
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// A float32 batch as a tensor in one memcpy of its raw bytes, as the facade's engine copies its feeds (TorchSharp's
    /// tensor(float[]) copies element by element, 1.3 ms for a 100x784 batch against 20 us), so both sides pay the same.
    /// </summary>
    private static TTensor FromNDArray(NDArray v)
    {
        var t = empty(v.Dims.ToArray(), ScalarType.Float32);
        t.bytes = MemoryMarshal.AsBytes(v.Data<float>().AsSpan());
        return t;
    }
}
