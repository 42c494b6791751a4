using System.Diagnostics;
using System.Globalization;
using Bridge.Cli.Bench.Baselines;
using static Bridge.Binding;

namespace Bridge.Cli.Bench;

/// <summary>
/// <c>bench cnn</c>: one epoch (by default) of lab 11-1 (conv 3x3x32, max pool, conv 3x3x64, max pool, a softmax layer;
/// Adam lr 0.001, batch 100) or, with <c>--lab 11-2</c>, lab 11-2 (three conv layers of 32, 64, 128 filters, dropout
/// keeping 0.7, a 625-unit layer), through (a) the facade running the lab's graph, (b) TorchSharp with its autograd
/// and Adam, (c) Debian's PyTorch (python/bench/mnist_cnn_torch.py). The report (medians, ratios, RSS, BLAS, GFLOP/s)
/// is <c>bench deep</c>'s.
/// </summary>
internal static class CnnBench
{
    private const int Batch = 100;

    /// <summary>FLOPs (2 per multiply-add) of one training step's convolutions and products: forward, and backward
    /// (the input's gradient except for the first layer's, and every filter's and weight's).</summary>
    internal static (double forward, double backward) Flops(bool deep)
    {
        // (output rows x cols, in channels, out channels) of each 3x3 SAME convolution; then the dense layers.
        var convs = deep ? new[] { (28 * 28, 1, 32), (14 * 14, 32, 64), (7 * 7, 64, 128) } : new[] { (28 * 28, 1, 32), (14 * 14, 32, 64) };
        var dense = deep ? new[] { (4 * 4 * 128, 625), (625, 10) } : new[] { (7 * 7 * 64, 10) };
        double forward = 0, backward = 0;
        bool first = true;
        foreach (var (pixels, cin, cout) in convs)
        {
            double f = 2.0 * Batch * pixels * cout * 9 * cin;
            forward += f;
            backward += first ? f : 2 * f;
            first = false;
        }
        foreach (var (k, n) in dense)
        {
            double f = 2.0 * Batch * k * n;
            forward += f;
            backward += 2 * f;
        }
        return (forward, backward);
    }

    private static DeepBench.Workload Workload(bool deep) => new("cnn", deep ? "lab 11-2 (three conv layers, dropout keep 0.7)" : "lab 11-1",
        deep ? ["--lab", "11-2"] : [], "mnist_cnn_torch.py", Flops(deep), "3x3 convolutions and the dense layers; no dX of the input",
        "conv2d 100x32x14x14 by 64x32x3x3", threads => TorchCnnBaseline.Conv2dGflops(threads));

    public static int Run(string[] args, TextWriter o)
    {
        string dataDir = "MNIST_data/";
        int epochs = 1, runs = 3, steps = 550, threads = 0;
        bool deep = false;
        string? worker = null;
        var options = new BenchOptions("cnn", "bench cnn [DATA_DIR] [--lab 11-1|11-2] [--epochs N] [--runs R] [--threads N]")
            .Positional("DATA_DIR", v => dataDir = v)
            .Text("--lab", v => deep = v == "11-2", "11-1", "11-2")
            .Int("--epochs", v => epochs = v)
            .Int("--runs", v => runs = v)
            .Int("--threads", v => threads = v, min: 0)
            .Int("--steps", v => steps = v) // shorter epochs, for development
            .Text("--worker", v => worker = v, "a", "b");
        if (options.Parse(args, o) is int exit) return exit;
        if (worker == "a") { FacadeWorker(o, dataDir, epochs, deep, steps); return 0; }
        if (worker == "b") { TorchWorker(o, dataDir, epochs, deep, steps); return 0; }
        DeepBench.Report(o, Workload(deep), dataDir, epochs, runs, threads, steps);
        return 0;
    }

    // The lab's graph, as scripts/lab-11-1-mnist_cnn.csx and lab-11-2-mnist_deep_cnn.csx build it.
    private static void FacadeWorker(TextWriter o, string dataDir, int epochs, bool deep, int steps)
    {
        tf.set_random_seed(777);
        var mnist = input_data.read_data_sets(dataDir, one_hot: true, log: TextWriter.Null);
        var keep_prob = tf.placeholder(tf.float32);
        var X = tf.placeholder(tf.float32, new[] { -1, 784 });
        var L = tf.reshape(X, new[] { -1, 28, 28, 1 });
        var Y = tf.placeholder(tf.float32, new[] { -1, 10 });
        int[] filters = deep ? [32, 64, 128] : [32, 64];
        int channels = 1;
        foreach (var f in filters)
        {
            var W = tf.Variable(tf.random_normal(new[] { 3, 3, channels, f }, stddev: 0.01));
            L = tf.nn.relu(tf.nn.conv2d(L, W, strides: new[] { 1, 1, 1, 1 }, padding: "SAME"));
            L = tf.nn.max_pool(L, ksize: new[] { 1, 2, 2, 1 }, strides: new[] { 1, 2, 2, 1 }, padding: "SAME");
            if (deep) L = tf.nn.dropout(L, keep_prob: keep_prob);
            channels = f;
        }
        Tensor logits;
        if (deep)
        {
            var flat = tf.reshape(L, new[] { -1, 128 * 4 * 4 });
            var W4 = tf.get_variable("W4", shape: new[] { 128 * 4 * 4, 625 }, initializer: tf.contrib.layers.xavier_initializer());
            var b4 = tf.Variable(tf.random_normal(new[] { 625 }));
            var L4 = tf.nn.dropout(tf.nn.relu(tf.matmul(flat, W4) + b4), keep_prob: keep_prob);
            var W5 = tf.get_variable("W5", shape: new[] { 625, 10 }, initializer: tf.contrib.layers.xavier_initializer());
            var b5 = tf.Variable(tf.random_normal(new[] { 10 }));
            logits = tf.matmul(L4, W5) + b5;
        }
        else
        {
            var flat = tf.reshape(L, new[] { -1, 7 * 7 * 64 });
            var W3 = tf.get_variable("W3", shape: new[] { 7 * 7 * 64, 10 }, initializer: tf.contrib.layers.xavier_initializer());
            var b = tf.Variable(tf.random_normal(new[] { 10 }));
            logits = tf.matmul(flat, W3) + b;
        }
        var cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits: logits, labels: Y));
        var optimizer = tf.train.AdamOptimizer(learning_rate: 0.001).minimize(cost);
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        int total = Math.Min(steps, mnist.train.num_examples / Batch);
        var watch = Stopwatch.StartNew();
        for (int e = 0; e < epochs; e++)
        {
            double avg = 0;
            for (int i = 0; i < total; i++)
            {
                var (bx, by) = mnist.train.next_batch(Batch);
                var (c, _) = sess.run((cost, optimizer), (X, bx), (Y, by), (keep_prob, 0.7f));
                avg += (double)(float)c! / total;
            }
            DeepBench.Epoch(o, e, watch, avg);
        }
        o.WriteLine($"peak_rss {DeepBench.Status("VmHWM:")}");
        o.WriteLine($"blas {DeepBench.MappedBlas()}; libtorch threads {TorchDeepBaseline.Threads}");
    }

    private static void TorchWorker(TextWriter o, string dataDir, int epochs, bool deep, int steps)
    {
        var mnist = input_data.read_data_sets(dataDir, one_hot: true, seed: 777, log: TextWriter.Null);
        int total = Math.Min(steps, mnist.train.num_examples / Batch);
        var watch = Stopwatch.StartNew();
        TorchCnnBaseline.Train(() => mnist.train.next_batch(Batch), epochs, total, deep, (e, avg) => DeepBench.Epoch(o, e, watch, avg));
        o.WriteLine($"peak_rss {DeepBench.Status("VmHWM:")}");
        o.WriteLine($"blas {DeepBench.MappedBlas()}; libtorch threads {TorchDeepBaseline.Threads}");
    }
}
