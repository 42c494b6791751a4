using System.Diagnostics;
using System.Globalization;
using static Bridge.Binding;

namespace Bridge.Cli.Bench;

/// <summary>
/// <c>bench soak [--runs N] [--every K] [--python]</c>: RSS over a million session runs (issue 15: memory stays flat).
/// One small training step (a fed batch, a matmul, a sigmoid cross entropy and a gradient-descent update, as lab 05's
/// logistic regression) is run N times (default 1,000,000); RSS is printed every K runs (default N/10), then the growth
/// from the first print to the last. The Python route (<c>python3 -m bridge.soak N K</c>, a child process) runs the
/// same graph through the Python package.
/// </summary>
internal static class SoakBench
{
    public static int Run(string[] args, TextWriter o)
    {
        long runs = 1_000_000, every = 0;
        bool python = true, csharp = true;
        var options = new BenchOptions("soak", "bench soak [--runs N] [--every K] [--csharp-only | --python-only]")
            .Long("--runs", v => runs = v)
            .Long("--every", v => every = v)
            .Flag("--csharp-only", () => python = false)
            .Flag("--python-only", () => csharp = false);
        if (options.Parse(args, o) is int exit) return exit;
        if (every <= 0) every = Math.Max(1, runs / 10);
        if (csharp) CSharp(o, runs, every);
        if (python)
        {
            var root = Path.Combine(MnistBench.RepoRoot(), "python");
            if (!File.Exists("/usr/bin/python3") || !File.Exists(Path.Combine(root, "bridge", "soak.py")))
            {
                o.WriteLine("soak Python: not run (needs /usr/bin/python3 and python/bridge/soak.py)");
                return 0;
            }
            var psi = new ProcessStartInfo("/usr/bin/python3", ["-m", "bridge.soak", runs.ToString(CultureInfo.InvariantCulture), every.ToString(CultureInfo.InvariantCulture)])
            { RedirectStandardOutput = true };
            psi.Environment["PYTHONPATH"] = root + (Environment.GetEnvironmentVariable("PYTHONPATH") is { Length: > 0 } p ? ":" + p : "");
            using var proc = Process.Start(psi)!;
            while (proc.StandardOutput.ReadLine() is { } line) { o.WriteLine(line); o.Flush(); }
            proc.WaitForExit();
            if (proc.ExitCode != 0) { o.WriteLine($"soak Python: exit code {proc.ExitCode}"); return 1; }
        }
        return 0;
    }

    private static void CSharp(TextWriter o, long runs, long every)
    {
        tf.reset_default_graph();
        tf.set_random_seed(777);
        var x = tf.placeholder(tf.float32, new Shape(-1, 8));
        var y = tf.placeholder(tf.float32, new Shape(-1, 1));
        var W = tf.Variable(tf.random_normal(new Shape(8, 1)), name: "weight");
        var b = tf.Variable(tf.random_normal(new Shape(1)), name: "bias");
        var hypothesis = tf.sigmoid(tf.matmul(x, W) + b);
        var cost = -tf.reduce_mean(y * tf.log(hypothesis) + (1 - y) * tf.log(1 - hypothesis));
        var train = tf.train.GradientDescentOptimizer(learning_rate: 0.01).minimize(cost);
        var rng = new Random(15);
        var xs = new float[16, 8];
        var ys = new float[16, 1];
        for (int i = 0; i < 16; i++)
        {
            for (int j = 0; j < 8; j++) xs[i, j] = (float)rng.NextDouble();
            ys[i, 0] = rng.Next(2);
        }
        var xv = np.array(xs);
        var yv = np.array(ys);
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        o.WriteLine(FormattableString.Invariant($"soak C#: {runs} runs of one training step (fetching the cost), RSS every {every} runs"));
        Report(o, runs, every, () => sess.run((cost, train), (x, xv), (y, yv)).Item1!);
    }

    private static void Report(TextWriter o, long runs, long every, Func<NDArray> step)
    {
        var watch = Stopwatch.StartNew();
        long first = 0, last = 0;
        NDArray? c = null;
        for (long r = 1; r <= runs; r++)
        {
            c = step();
            if (r % every == 0 || r == runs)
            {
                last = MnistBench.Status("VmRSS:");
                if (first == 0) first = last;
                o.WriteLine(FormattableString.Invariant($"  runs {r,9}  rss {last / 1048576.0,8:F1} MiB  {watch.Elapsed.TotalSeconds,7:F1} s  cost {(float)c}"));
                o.Flush();
            }
        }
        o.WriteLine(FormattableString.Invariant($"  growth from the first print to the last: {(last - first) / 1048576.0:+0.0;-0.0} MiB ({(last - first) * 100.0 / first:+0.0;-0.0}%), peak RSS {MnistBench.Status("VmHWM:") / 1048576.0:F1} MiB"));
    }
}
