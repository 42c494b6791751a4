using Bridge.Backend.Torch;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;
using TTensor = TorchSharp.torch.Tensor;

namespace Bridge.Cli.Bench.Baselines;

/// <summary>
/// Labs 11-1 and 11-2 written directly on TorchSharp as its user would write them for speed: images in channels_last
/// layout (the batch of 28x28x1 rows seen as NCHW with NHWC memory; oneDNN's convolutions and libtorch's pooling keep
/// that layout through the network, a training step measured 1.5x faster than with contiguous NCHW on this machine,
/// 72 against 108 ms on one thread); conv2d with padding 1, ReLU,
/// 2x2 max pooling (ceil mode: TF's SAME pooling of 7 rows gives 4), dropout keeping 0.7 in 11-2, the dense layers,
/// softmax cross-entropy, libtorch's autograd and Adam (TF's defaults): <c>bench cnn</c> baseline (b). The same math as
/// the lab's graph, not the same numbers (its own random initial values and masks).
/// </summary>
internal static class TorchCnnBaseline
{
    public static void Train(Func<(NDArray x, NDArray y)> nextBatch, int epochs, int stepsPerEpoch, bool deep, Action<int, float> epochDone)
    {
        manual_seed(777);
        int[] filters = deep ? [32, 64, 128] : [32, 64];
        var parameters = new List<Parameter>();
        var convs = new List<Parameter>();
        int channels = 1;
        using var convScale = TorchScalars.Of(0.01f); // Scalars kept alive through the calls that read them (TorchScalars)
        foreach (var f in filters)
        {
            var w = new Parameter(randn(f, channels, 3, 3).mul_(convScale));
            convs.Add(w);
            parameters.Add(w);
            channels = f;
        }
        (Parameter w, Parameter b) Dense(int k, int n)
        {
            float limit = MathF.Sqrt(6f / (k + n)); // glorot uniform, as xavier_initializer
            using Scalar width = TorchScalars.Of(2 * limit), low = TorchScalars.Of(limit);
            var w = new Parameter(rand(k, n).mul_(width).sub_(low));
            var b = new Parameter(randn(n));
            parameters.Add(w);
            parameters.Add(b);
            return (w, b);
        }
        var dense = deep ? new[] { Dense(4 * 4 * 128, 625), Dense(625, 10) } : new[] { Dense(7 * 7 * 64, 10) };
        var adam = optim.Adam(parameters, lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8);
        for (int e = 0; e < epochs; e++)
        {
            double sum = 0;
            for (int s = 0; s < stepsPerEpoch; s++)
            {
                var (bx, by) = nextBatch();
                using var scope = NewDisposeScope();
                var h = FromNDArray(bx).view(-1, 28, 28, 1).permute(0, 3, 1, 2); // channels_last
                var labels = FromNDArray(by).argmax(1);
                foreach (var w in convs)
                {
                    h = nn.functional.max_pool2d(nn.functional.conv2d(h, w, padding: [1, 1]).relu_(), kernel_size: 2, stride: 2, ceil_mode: true);
                    if (deep) h = nn.functional.dropout(h, 0.3, training: true);
                }
                h = h.flatten(1);
                for (int l = 0; l < dense.Length; l++)
                {
                    h = h.matmul(dense[l].w).add(dense[l].b, TorchScalars.One);
                    if (l < dense.Length - 1) h = nn.functional.dropout(h.relu(), 0.3, training: true);
                }
                var cost = nn.functional.cross_entropy(h, labels);
                adam.zero_grad();
                cost.backward();
                adam.step();
                sum += cost.item<float>();
            }
            epochDone(e, (float)(sum / stepsPerEpoch));
        }
        foreach (var p in parameters) p.Dispose();
    }

    /// <summary>libtorch's conv2d at lab 11-1's second layer (100x32x14x14 channels_last by 64x32x3x3, padding 1) on
    /// <paramref name="threads"/> threads, in GFLOP/s (2 per multiply-add), the median of timed batches.</summary>
    public static double Conv2dGflops(int threads, int repeats = 5)
    {
        int before = get_num_threads();
        set_num_threads(threads);
        try
        {
            using var nhwc = rand(100, 14, 14, 32);
            using var x = nhwc.permute(0, 3, 1, 2);
            using var w = rand(64, 32, 3, 3);
            double flops = 2.0 * 100 * 14 * 14 * 64 * 9 * 32;
            for (int i = 0; i < 3; i++) { using var s = NewDisposeScope(); nn.functional.conv2d(x, w, padding: [1, 1]); }
            var rates = new double[repeats];
            for (int r = 0; r < repeats; r++)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                for (int i = 0; i < 10; i++) { using var s = NewDisposeScope(); nn.functional.conv2d(x, w, padding: [1, 1]); }
                rates[r] = flops * 10 / watch.Elapsed.TotalSeconds / 1e9;
            }
            return SessionRunBench.Median(rates);
        }
        finally { set_num_threads(before); }
    }

    private static TTensor FromNDArray(NDArray value)
    {
        var t = empty(value.Dims.ToArray(), ScalarType.Float32);
        t.bytes = MemoryMarshal.AsBytes(value.Data<float>().AsSpan());
        return t;
    }
}
