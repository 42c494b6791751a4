using System.Diagnostics;
using static Bridge.Binding;

namespace Bridge.Cli.Bench;

/// <summary>
/// Lab 09-3's training (the 2-10-10-10-1 network, 10001 full-batch steps of gradient descent), timed in-process:
/// training wall time, per-step time, and RSS at step 1000 and 10000 (memory must stay flat).
/// Also the per-run overhead of a tiny graph with a train op.
/// </summary>
internal static class XorBench
{
    public static void Run(TextWriter o, int repeats = 3)
    {
        var times = new double[repeats];
        long rss1000 = 0, rss10000 = 0;
        for (int r = 0; r < repeats; r++)
        {
            var (seconds, m1, m2) = TrainWideDeep();
            times[r] = seconds;
            (rss1000, rss10000) = (m1, m2);
        }
        double median = SessionRunBench.Median(times);
        o.WriteLine($"lab-09-3 training (10001 steps of a 2-10-10-10-1 network), {repeats} runs:");
        o.WriteLine($"  median {median,6:F2} s   ({median / 10001 * 1e6:F0} us/step; target <= 1.5 s)");
        o.WriteLine($"  RSS at step 1000: {rss1000 / 1048576.0:F0} MiB, at step 10000: {rss10000 / 1048576.0:F0} MiB ({(rss10000 - rss1000) * 100.0 / rss1000:+0.0;-0.0}%, target within 5%)");
        TinyTrainStep(o);
    }

    private static (double seconds, long rss1000, long rss10000) TrainWideDeep()
    {
        tf.reset_default_graph();
        tf.set_random_seed(777);
        var x = np.array(new[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } }, dtype: np.float32);
        var y = np.array(new[,] { { 0 }, { 1 }, { 1 }, { 0 } }, dtype: np.float32);
        var X = tf.placeholder(tf.float32, new[] { -1, 2 });
        var Y = tf.placeholder(tf.float32, new[] { -1, 1 });
        Tensor layer = X;
        int width = 2;
        foreach (var next in new[] { 10, 10, 10, 1 })
        {
            var W = tf.Variable(tf.random_normal(new[] { width, next }));
            var b = tf.Variable(tf.random_normal(new[] { next }));
            layer = tf.sigmoid(tf.matmul(layer, W) + b);
            width = next;
        }
        var cost = -tf.reduce_mean(Y * tf.log(layer) + (1 - Y) * tf.log(1 - layer));
        var train = tf.train.GradientDescentOptimizer(0.1f).minimize(cost);
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        long rss1000 = 0;
        var sw = Stopwatch.StartNew();
        for (int step = 0; step <= 10000; step++)
        {
            sess.run((train, cost), (X, x), (Y, y));
            if (step == 1000) rss1000 = Rss();
        }
        double seconds = sw.Elapsed.TotalSeconds;
        return (seconds, rss1000, Rss());
    }

    private static void TinyTrainStep(TextWriter o, int batches = 11, int runs = 2000)
    {
        tf.reset_default_graph();
        var X = tf.placeholder(tf.float32, new[] { -1, 1 });
        var W = tf.Variable(tf.constant(new[,] { { 0.5 } }));
        var cost = tf.reduce_mean(tf.square(tf.matmul(X, W) - X));
        var train = tf.train.GradientDescentOptimizer(0.01f).minimize(cost);
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        var x = np.array(new[,] { { 1.0f } });
        for (int i = 0; i < runs; i++) sess.run((train, cost), (X, x));
        var per = new double[batches];
        for (int b = 0; b < batches; b++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < runs; i++) sess.run((train, cost), (X, x));
            per[b] = sw.Elapsed.TotalMicroseconds / runs;
        }
        o.WriteLine($"Tiny graph run with a train op (matmul, square, mean, gradient, update): median {SessionRunBench.Median(per):F1} us/run (target <= 60 us)");
    }

    private static long Rss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return Environment.WorkingSet;
    }
}
