using System.Diagnostics;
using Bridge.Cli.Bench.Baselines;
using Bridge.Kernels;
using static Bridge.Binding;

namespace Bridge.Cli.Bench;

/// <summary>
/// Lab 07-4's training (55000 images, batch 100, 15 epochs, learning rate 0.1) through (a) the facade running the
/// lab's graph, (b) a hand-written TorchSharp loop, (c) NumPy float32 and (d) PyTorch (Debian's python3 packages,
/// when installed); medians of several runs and the ratios, plus data loading time, peak RSS and RSS from epoch 2 to 15.
/// </summary>
internal static class MnistBench
{
    /// <summary><c>bench mnist [DIR] [--runs R] [--facade-only]</c>: parses the options and runs; 2 on a bad option.</summary>
    public static int Run(string[] args, TextWriter o)
    {
        string dataDir = "MNIST_data/";
        int runs = 5;
        bool facadeOnly = false;
        var options = new BenchOptions("mnist", "bench mnist [DATA_DIR] [--runs R] [--facade-only]")
            .Positional("DATA_DIR", v => dataDir = v)
            .Int("--runs", v => runs = v)
            .Flag("--facade-only", () => facadeOnly = true);
        if (options.Parse(args, o) is int exit) return exit;
        Run(o, dataDir, runs, facadeOnly: facadeOnly);
        return 0;
    }

    public static void Run(TextWriter o, string dataDir, int repeats = 5, int epochs = 15, bool facadeOnly = false)
    {
        var load = Stopwatch.StartNew();
        var mnist = input_data.read_data_sets(dataDir, one_hot: true, seed: 777, log: TextWriter.Null);
        double loadSeconds = load.Elapsed.TotalSeconds;
        int steps = mnist.train.num_examples / 100 * epochs;

        var facade = new double[repeats];
        var torch = new double[repeats];
        var cpu = new double[repeats];
        long rssEpoch2 = 0, rssEpoch15 = 0;
        for (int r = 0; r < repeats; r++)
        {
            (facade[r], rssEpoch2, rssEpoch15) = TrainFacade(mnist, epochs);
            cpu[r] = _lastCpu;
            if (!facadeOnly) torch[r] = TorchMnistBaseline.Train(() => mnist.train.next_batch(100), steps);
        }
        double a = SessionRunBench.Median(facade), b = SessionRunBench.Median(torch);
        if (facadeOnly)
        {
            o.WriteLine($"MNIST softmax regression, {epochs} epochs x {mnist.train.num_examples / 100} steps of batch 100, (a) Bridge only:");
            o.WriteLine($"  (a) Bridge, the lab's graph         {a,7:F3} s   median of {repeats} (each: {string.Join(", ", facade.Select(f => f.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))})");
            o.WriteLine(CpuLine(cpu));
            o.WriteLine(HelperLine());
            return;
        }
        var c = Python("mnist_numpy.py", dataDir, epochs, repeats, o);
        var d = Python("mnist_torch.py", dataDir, epochs, repeats, o);

        o.WriteLine($"MNIST softmax regression, {epochs} epochs x {mnist.train.num_examples / 100} steps of batch 100, medians of {repeats} runs:");
        o.WriteLine($"  (a) Bridge, the lab's graph         {a,7:F2} s   (target <= 0.5 s; each run: {string.Join(", ", facade.Select(f => f.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))})");
        o.WriteLine($"  (b) hand-written TorchSharp loop    {b,7:F2} s   a/b = {a / b:F2} (target <= 1.15)");
        o.WriteLine(c is { } cs ? $"  (c) NumPy float32                   {cs.Seconds,7:F2} s   a/c = {a / cs.Seconds:F2} (target <= 0.5){Caveat(cs)}" : "  (c) NumPy float32                   not run (needs /usr/bin/python3 with numpy)");
        o.WriteLine(d is { } ds ? $"  (d) PyTorch (python3-torch)         {ds.Seconds,7:F2} s   a/d = {a / ds.Seconds:F2} (target <= 0.35){Caveat(ds)}" : "  (d) PyTorch                         not run (apt-get install python3-torch)");
        o.WriteLine(CpuLine(cpu));
        o.WriteLine(HelperLine());
        o.WriteLine($"  BLAS: (a) {DeepBench.MappedBlas()}; (b) the same libtorch");
        if (c is { } cb) o.WriteLine($"        (c) {cb.Kind}: {cb.Blas}");
        if (d is { } db) o.WriteLine($"        (d) {db.Kind}: {db.Blas}");
        o.WriteLine($"  data loading (read_data_sets): {loadSeconds:F2} s; peak RSS {PeakRss() / 1048576.0:F0} MiB; RSS after epoch 2 {rssEpoch2 / 1048576.0:F0} MiB, after epoch {epochs} {rssEpoch15 / 1048576.0:F0} MiB ({(rssEpoch15 - rssEpoch2) * 100.0 / rssEpoch2:+0.0;-0.0}%, target within 5%)");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private struct TimeSpec { public long Seconds, Nanoseconds; }

    /// <summary>CPU seconds the calling thread has run (Linux CLOCK_THREAD_CPUTIME_ID), NaN elsewhere.</summary>
    internal static double ThreadCpuSeconds()
    {
        try { return OperatingSystem.IsLinux() && ClockGetTime(3, out var t) == 0 ? t.Seconds + t.Nanoseconds / 1e9 : double.NaN; }
        catch (EntryPointNotFoundException) { return double.NaN; }
        catch (DllNotFoundException) { return double.NaN; }
    }

    /// <summary>The training thread's CPU seconds in the last <see cref="TrainFacade"/>: its time with a core of its own (it never sleeps, it spins).</summary>
    private static double _lastCpu;

    private static (double seconds, long rss2, long rssLast) TrainFacade(Datasets mnist, int epochs)
    {
        tf.reset_default_graph();
        tf.set_random_seed(777);
        var X = tf.placeholder(tf.float32, new[] { -1, 784 });
        var Y = tf.placeholder(tf.float32, new[] { -1, 10 });
        var W = tf.Variable(tf.random_normal(new[] { 784, 10 }));
        var b = tf.Variable(tf.random_normal(new[] { 10 }));
        var hypothesis = tf.nn.softmax(tf.matmul(X, W) + b);
        var cost = tf.reduce_mean(-tf.reduce_sum(Y * tf.log(hypothesis), axis: 1));
        var train = tf.train.GradientDescentOptimizer(0.1f).minimize(cost);
        using var sess = tf.Session();
        sess.run(tf.global_variables_initializer());
        int perEpoch = mnist.train.num_examples / 100;
        long rss2 = 0;
        double cpu0 = ThreadCpuSeconds();
        var watch = Stopwatch.StartNew();
        for (int e = 0; e < epochs; e++)
        {
            for (int i = 0; i < perEpoch; i++)
            {
                var (bx, by) = mnist.train.next_batch(100);
                sess.run((train, cost), (X, bx), (Y, by));
            }
            if (e == 1) rss2 = Rss();
        }
        var seconds = watch.Elapsed.TotalSeconds;
        _lastCpu = ThreadCpuSeconds() - cpu0;
        return (seconds, rss2, Rss());
    }

    /// <summary>The training thread's own CPU time: on a busy machine, about what (a) takes with a core to itself.</summary>
    private static string CpuLine(double[] cpu) =>
        $"  (a)'s training thread on the CPU      {SessionRunBench.Median(cpu),7:F3} s   median (each: {string.Join(", ", cpu.Select(c => c.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}; wall time less the time it waited for a core)";

    /// <summary>How much of the shared product rows the helper thread took (a busy second core takes little).</summary>
    private static string HelperLine() => !HelperThread.Enabled
        ? "  helper thread: off (one core, or BRIDGE_THREADS=1)"
        : $"  helper thread: {HelperThread.HelperParts} of {HelperThread.PostedParts} shared product parts ({HelperThread.HelperParts * 100.0 / Math.Max(1, HelperThread.PostedParts):F0}%), {HelperThread.RedoneParts} redone after waiting, {HelperThread.Pauses} pauses of sharing (a busy second core)";

    /// <summary>A Python baseline's median training seconds and the BLAS its process ran on (from python/bench/blas.py).</summary>
    internal sealed record Baseline(double Seconds, string Blas, string Kind);

    /// <summary>
    /// What a ratio against this baseline must say: Debian's numpy and PyTorch fall back to the reference BLAS (netlib,
    /// ~15x slower on large products) unless libopenblas0-pthread is installed, and no user with a working scientific
    /// Python runs that, so such a ratio is quoted only with this warning beside it.
    /// </summary>
    internal static string Caveat(Baseline b) => b.Kind switch
    {
        "reference" => "  NOT A FAIR BASELINE: reference BLAS (apt-get install libopenblas0-pthread)",
        "openblas" or "mkl" => "",
        _ => $"  (BLAS unknown: {b.Blas})",
    };

    private static Baseline? Python(string script, string dataDir, int epochs, int repeats, TextWriter o)
    {
        var path = Path.Combine(RepoRoot(), "python", "bench", script);
        if (!File.Exists("/usr/bin/python3") || !File.Exists(path)) return null;
        var times = new List<double>();
        string blas = "?", kind = "unknown";
        for (int r = 0; r < repeats; r++)
        {
            var psi = new ProcessStartInfo("/usr/bin/python3", [path, dataDir, epochs.ToString()]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd().Split('\n');
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            string? Field(string key) => output.FirstOrDefault(l => l.StartsWith(key + " ", StringComparison.Ordinal))?[(key.Length + 1)..];
            var seconds = Field("train_seconds");
            if (p.ExitCode != 0 || seconds is null) return null;
            times.Add(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
            blas = Field("blas") ?? blas;
            kind = Field("blas_kind") ?? kind;
        }
        return new Baseline(SessionRunBench.Median(times.ToArray()), blas, kind);
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bridge.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    private static long Rss() => Status("VmRSS:");
    private static long PeakRss() => Status("VmHWM:");

    internal static long Status(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return 0;
    }
}
