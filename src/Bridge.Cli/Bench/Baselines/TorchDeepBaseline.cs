using Bridge.Backend.Torch;
using TorchSharp;
using System.Runtime.InteropServices;
using static TorchSharp.torch;
using TTensor = TorchSharp.torch.Tensor;

namespace Bridge.Cli.Bench.Baselines;

/// <summary>
/// Labs 10-4 and 10-5 (784-512-512-512-512-10, ReLU, softmax cross-entropy, Adam lr 0.001, batch 100; 10-5 adds
/// dropout keeping 0.7 after each hidden layer) written directly on TorchSharp: the forward pass, the hand-written
/// backward pass and Adam's update in place, with no facade: `bench deep` baseline (b). The same math as the lab's
/// graph, not the same numbers (its own random initial values and masks).
/// </summary>
internal static class TorchDeepBaseline
{
    private static readonly long[] Widths = [784, 512, 512, 512, 512, 10];

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps on the batches
    /// <paramref name="nextBatch"/> gives (the facade's batches); calls <paramref name="epochDone"/> after each epoch.
    /// The cost is copied out every step, as the lab fetches it.
    /// </summary>
    public static void Train(Func<(NDArray x, NDArray y)> nextBatch, int epochs, int stepsPerEpoch, float keepProb, Action<int, float> epochDone)
    {
        const float lr = 0.001f, beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;
        int layers = Widths.Length - 1;
        var w = new TTensor[layers];
        var b = new TTensor[layers];
        var m = new TTensor[2 * layers];
        var v = new TTensor[2 * layers];
        manual_seed(777);
        for (int l = 0; l < layers; l++)
        {
            float limit = MathF.Sqrt(6f / (Widths[l] + Widths[l + 1])); // glorot uniform, as xavier_initializer
            using Scalar width = TorchScalars.Of(2 * limit), low = TorchScalars.Of(limit); // kept alive (TorchScalars)
            w[l] = rand(Widths[l], Widths[l + 1]).mul_(width).sub_(low);
            b[l] = randn(new[] { Widths[l + 1] });
        }
        for (int p = 0; p < 2 * layers; p++)
        {
            var shape = p < layers ? w[p].shape : b[p - layers].shape;
            m[p] = zeros(shape);
            v[p] = zeros(shape);
        }
        float beta1Power = 1, beta2Power = 1;
        bool dropout = keepProb < 1;
        using Scalar keep = TorchScalars.Of(keepProb), keep1 = TorchScalars.Of(1 - beta1), keep2 = TorchScalars.Of(1 - beta2),
            eps = TorchScalars.Of(epsilon);
        var acts = new TTensor[layers];   // each layer's input (after ReLU and dropout)
        var masks = new TTensor[layers];  // dropout's scaled masks
        for (int e = 0; e < epochs; e++)
        {
            double sum = 0;
            for (int s = 0; s < stepsPerEpoch; s++)
            {
                var (bx, by) = nextBatch();
                using var scope = NewDisposeScope();
                using var count = TorchScalars.Of(bx.Dims[0]);
                var x = FromNDArray(bx);
                var y = FromNDArray(by);
                // forward
                var h = x;
                for (int l = 0; l < layers; l++)
                {
                    acts[l] = h;
                    var z = h.matmul(w[l]).add_(b[l], TorchScalars.One);
                    if (l == layers - 1) { h = z; break; }
                    h = z.relu_();
                    if (dropout)
                    {
                        // TF's dropout: x / keep_prob * floor(keep_prob + uniform[0, 1))
                        masks[l] = rand(h.shape).add_(keep, TorchScalars.One).floor_().div_(keep);
                        h = h.mul(masks[l]);
                    }
                }
                // softmax cross-entropy, mean over the batch, and its gradient
                var logp = h.log_softmax(1);
                var cost = logp.mul(y).sum().neg().div(count);
                var g = logp.exp().sub_(y).div_(count);
                sum += cost.item<float>();
                // backward, then Adam (TF's ApplyAdam: m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); var -= alpha m / (sqrt v + eps))
                beta1Power *= beta1;
                beta2Power *= beta2;
                using var alpha = TorchScalars.Of(lr * MathF.Sqrt(1 - beta2Power) / (1 - beta1Power));
                for (int l = layers - 1; l >= 0; l--)
                {
                    var gw = acts[l].t().matmul(g);
                    var gb = g.sum(0L, keepdim: false); // 0L: a literal 0 would pick sum(ScalarType?), a total
                    if (l > 0)
                    {
                        g = g.matmul(w[l].t());
                        if (dropout) g.mul_(masks[l - 1]);
                        g.mul_(acts[l].gt(TorchScalars.Zero)); // ReLU's gradient (a dropped or negative unit is 0 either way)
                    }
                    Adam(w[l], m[l], v[l], gw, alpha, keep1, keep2, eps);
                    Adam(b[l], m[layers + l], v[layers + l], gb, alpha, keep1, keep2, eps);
                }
            }
            epochDone(e, (float)(sum / stepsPerEpoch));
        }
        foreach (var t in w.Concat(b).Concat(m).Concat(v)) t.Dispose();
    }

    /// <summary>keep1 = 1 - beta1, keep2 = 1 - beta2; g * g as TF's Square (TorchSharp's square() makes a Scalar on the fly).</summary>
    private static void Adam(TTensor var, TTensor m, TTensor v, TTensor g, Scalar alpha, Scalar keep1, Scalar keep2, Scalar epsilon)
    {
        m.add_(g.sub(m).mul_(keep1), TorchScalars.One);
        v.add_(g.mul(g).sub_(v).mul_(keep2), TorchScalars.One);
        var.sub_(m.mul(alpha).div_(v.sqrt().add_(epsilon, TorchScalars.One)));
    }

    private static TTensor FromNDArray(NDArray value)
    {
        var t = empty(value.Dims.ToArray(), ScalarType.Float32);
        t.bytes = MemoryMarshal.AsBytes(value.Data<float>().AsSpan());
        return t;
    }

    /// <summary>
    /// libtorch's float32 matrix product (its BLAS) on <paramref name="threads"/> threads at m x k by k x n, in GFLOP/s (2mkn per product), the median of
    /// <paramref name="repeats"/> timed batches: the machine's reachable peak for a large square product, and what
    /// the labs' shapes get.
    /// </summary>
    public static double SgemmGflops(int mRows, int k, int n, int threads, int repeats = 5)
    {
        int before = get_num_threads();
        set_num_threads(threads);
        try { return Sgemm(mRows, k, n, repeats); }
        finally { set_num_threads(before); }
    }

    private static double Sgemm(int mRows, int k, int n, int repeats)
    {
        using var a = rand(mRows, k);
        using var bm = rand(k, n);
        using var c = empty(mRows, n);
        double flops = 2.0 * mRows * k * n;
        int perBatch = (int)Math.Max(1, Math.Min(2000, 2e9 / flops)); // about 2 GFLOP per batch
        for (int i = 0; i < 3; i++) { using var s = NewDisposeScope(); a.matmul(bm); }
        var rates = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < perBatch; i++) { using var s = NewDisposeScope(); mm(a, bm); }
            rates[r] = flops * perBatch / watch.Elapsed.TotalSeconds / 1e9;
        }
        return SessionRunBench.Median(rates);
    }

    /// <summary>
    /// Microseconds per Adam update of an n-element float32 variable: libtorch's eight element-wise calls (the facade's
    /// former ApplyAdam kernel, fresh outputs) against the managed kernel (one vectorized pass, fresh arrays); medians.
    /// </summary>
    public static (double torchUs, double managedUs) AdamCost(int n, int threads, int repeats = 7, int perBatch = 50)
    {
        int before = get_num_threads();
        set_num_threads(threads);
        try
        {
            using var var = randn(n);
            using Scalar small = TorchScalars.Of(0.01f), tiny = TorchScalars.Of(1e-4f), keep1 = TorchScalars.Of(1f - 0.9f),
                keep2 = TorchScalars.Of(1f - 0.999f), eps = TorchScalars.Of(1e-8f);
            using var m = randn(n).mul_(small);
            using var v = rand(n).mul_(tiny);
            using var g = randn(n).mul_(small);
            float alpha = 0.001f * MathF.Sqrt(1 - 0.999f) / (1 - 0.9f);
            using var alphaScalar = TorchScalars.Of(alpha);
            var host = new NDArray[]
            {
                ToNDArray(var), ToNDArray(m), ToNDArray(v), Scalar(0.9f), Scalar(0.999f), Scalar(0.001f), Scalar(0.9f), Scalar(0.999f), Scalar(1e-8f), ToNDArray(g),
            };
            double Time(Action f) => MedianMicroseconds(f, repeats, perBatch);
            double torchUs = Time(() =>
            {
                using var s = NewDisposeScope();
                var m2 = m.add(g.sub(m).mul(keep1), TorchScalars.One);
                var v2 = v.add(g.mul(g).sub(v).mul(keep2), TorchScalars.One);
                var.sub(m2.mul(alphaScalar).div(v2.sqrt().add(eps, TorchScalars.One)));
            });
            double managedUs = Time(() => Bridge.Kernels.ManagedKernels.ApplyAdam(host));
            return (torchUs, managedUs);
        }
        finally { set_num_threads(before); }
    }

    private static NDArray ToNDArray(TTensor t)
    {
        var data = new float[t.numel()];
        t.bytes.CopyTo(MemoryMarshal.AsBytes(data.AsSpan()));
        return new NDArray(data, t.shape);
    }

    private static NDArray Scalar(float f) => new(new[] { f }, Array.Empty<long>());

    /// <summary>libtorch's intra-op thread count (OpenMP).</summary>
    public static int Threads => get_num_threads();

    /// <summary>
    /// Microseconds per product of a m x k by k x n float32 product: libtorch's BLAS against TfMatMul (TF 1.x's exact
    /// order, Bridge's managed kernel), with transposes as the gradient products ask; medians.
    /// </summary>
    public static (double torchUs, double exactUs) ExactOrderCost(int mRows, int k, int n, bool transposeA, bool transposeB, int repeats = 5)
    {
        var rnd = new System.Random(1);
        var ha = new float[mRows * k];
        var hb = new float[k * n];
        for (int i = 0; i < ha.Length; i++) ha[i] = (float)rnd.NextDouble();
        for (int i = 0; i < hb.Length; i++) hb[i] = (float)rnd.NextDouble();
        using var ta = tensor(ha, transposeA ? [k, mRows] : [mRows, k]);
        using var tb = tensor(hb, transposeB ? [n, k] : [k, n]);
        int perBatch = (int)Math.Max(1, Math.Min(500, 2e8 / (2.0 * mRows * k * n)));
        double Time(Action f) => MedianMicroseconds(f, repeats, perBatch);
        double torchUs = Time(() =>
        {
            using var s = NewDisposeScope();
            var x = transposeA ? ta.t() : ta;
            var y = transposeB ? tb.t() : tb;
            x.matmul(y);
        });
        double exactUs = Time(() => Bridge.Kernels.TfMatMul.Compute(ha, hb, mRows, k, n, transposeA, transposeB));
        return (torchUs, exactUs);
    }

    /// <summary>One warm-up call, then the median over <paramref name="repeats"/> batches of the microseconds per call.</summary>
    private static double MedianMicroseconds(Action f, int repeats, int perBatch)
    {
        f();
        var times = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < perBatch; i++) f();
            times[r] = watch.Elapsed.TotalMicroseconds / perBatch;
        }
        return SessionRunBench.Median(times);
    }
}
