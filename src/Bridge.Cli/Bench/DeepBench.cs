using System.Diagnostics;
using System.Globalization;
using Bridge.Cli.Bench.Baselines;
using static Bridge.Binding;

namespace Bridge.Cli.Bench;

/// <summary>
/// <c>bench deep</c>: the work of lab 10-4 (784-512-512-512-512-10, Xavier weights, random_normal biases, ReLU, softmax
/// cross-entropy, Adam lr 0.001, batch 100) or, with --dropout, lab 10-5 (dropout keeping 0.7 after each hidden layer),
/// through (a) the facade running the lab's graph, (b) a hand-written TorchSharp loop and (c) Debian's PyTorch
/// (python/bench/mnist_deep_torch.py). Each run is a fresh process (so each engine's peak RSS is its own), the three
/// engines alternate run by run (so a busy machine slows them alike), and one run gives both the first epoch's time and
/// the last's. Prints medians, ratios a/b and a/c, each engine's BLAS and threads, RSS per epoch, and the GFLOP/s of
/// the products against a large libtorch sgemm on this machine.
/// </summary>
internal static class DeepBench
{
    private const int Batch = 100;

    /// <summary>
    /// What one training benchmark measures: the command that re-runs itself as a worker (<c>bench deep</c>,
    /// <c>bench cnn</c>) with the arguments that pick the lab, the PyTorch script of baseline (c), the lab's title, the
    /// FLOPs of one step, and a libtorch kernel at the lab's shape to compare (a)'s GFLOP/s with.
    /// </summary>
    internal sealed record Workload(string Command, string Title, string[] LabArgs, string PythonScript,
        (double forward, double backward) Flops, string FlopsNote, string ShapeName, Func<int, double> ShapeGflops);

    private static Workload Deep(bool dropout) => new("deep", dropout ? "lab 10-5 (dropout, keep 0.7)" : "lab 10-4",
        dropout ? ["--dropout"] : [], "mnist_deep_torch.py", Flops(), "without dX of the input",
        "the lab's 100x512 by 512x512 sgemm", threads => TorchDeepBaseline.SgemmGflops(Batch, 512, 512, threads));

    /// <summary>Multiply-adds x 2 of one training step's products: forward, and backward without the input's gradient.</summary>
    internal static (double forward, double backward) Flops()
    {
        int[] widths = [784, 512, 512, 512, 512, 10];
        double forward = 0, backward = 0;
        for (int l = 0; l + 1 < widths.Length; l++)
        {
            double product = 2.0 * Batch * widths[l] * widths[l + 1];
            forward += product;
            backward += l == 0 ? product : 2 * product; // dW always, dX except for the placeholder X
        }
        return (forward, backward);
    }

    internal static double FlopsPerStep() => Flops().forward + Flops().backward;

    public static int Run(string[] args, TextWriter o)
    {
        string dataDir = "MNIST_data/";
        int epochs = 15, runs = 5, steps = 550, threads = 0;
        bool dropout = false, profile = false;
        string? worker = null;
        var options = new BenchOptions("deep", "bench deep [DATA_DIR] [--epochs N] [--runs R] [--dropout] [--threads N] [--profile]")
            .Positional("DATA_DIR", v => dataDir = v)
            .Int("--epochs", v => epochs = v)
            .Int("--runs", v => runs = v)
            .Flag("--dropout", () => dropout = true)
            .Int("--threads", v => threads = v, min: 0)
            .Int("--steps", v => steps = v) // shorter epochs, for development
            .Flag("--profile", () => profile = true)
            .Text("--worker", v => worker = v, "a", "b");
        if (options.Parse(args, o) is int exit) return exit;
        if (worker == "a") { FacadeWorker(o, dataDir, epochs, dropout, steps); return 0; }
        if (worker == "b") { TorchWorker(o, dataDir, epochs, dropout, steps); return 0; }
        if (profile) { Profile(o, dataDir, dropout, steps); return 0; }
        Report(o, Deep(dropout), dataDir, epochs, runs, threads, steps);
        return 0;
    }

    // ---- the workers: one training run each, printing "epoch E seconds S rss BYTES cost C" lines and "peak_rss", "blas" ----

    private static void FacadeWorker(TextWriter o, string dataDir, int epochs, bool dropout, int steps)
    {
        tf.set_random_seed(777);
        var mnist = input_data.read_data_sets(dataDir, one_hot: true, log: TextWriter.Null);
        var X = tf.placeholder(tf.float32, new[] { -1, 784 });
        var Y = tf.placeholder(tf.float32, new[] { -1, 10 });
        var keep_prob = tf.placeholder(tf.float32);
        Tensor L = X;
        int[] widths = [784, 512, 512, 512, 512, 10];
        for (int l = 1; l < widths.Length; l++)
        {
            var W = tf.get_variable($"W{l}", shape: new[] { widths[l - 1], widths[l] }, initializer: tf.contrib.layers.xavier_initializer());
            var b = tf.Variable(tf.random_normal(new[] { widths[l] }));
            var z = tf.matmul(L, W) + b;
            if (l == widths.Length - 1) { L = z; break; }
            L = tf.nn.relu(z);
            if (dropout) L = tf.nn.dropout(L, keep_prob: keep_prob);
        }
        var cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits: L, labels: Y));
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
                var (c, _) = dropout
                    ? sess.run((cost, optimizer), (X, bx), (Y, by), (keep_prob, 0.7f))
                    : sess.run((cost, optimizer), (X, bx), (Y, by));
                avg += (double)(float)c! / total;
            }
            Epoch(o, e, watch, avg);
        }
        o.WriteLine($"peak_rss {Status("VmHWM:")}");
        o.WriteLine($"blas {MappedBlas()}; libtorch threads {TorchDeepBaseline.Threads}");
    }

    private static void TorchWorker(TextWriter o, string dataDir, int epochs, bool dropout, int steps)
    {
        var mnist = input_data.read_data_sets(dataDir, one_hot: true, seed: 777, log: TextWriter.Null);
        int total = Math.Min(steps, mnist.train.num_examples / Batch);
        var watch = Stopwatch.StartNew();
        TorchDeepBaseline.Train(() => mnist.train.next_batch(Batch), epochs, total, dropout ? 0.7f : 1f, (e, avg) => Epoch(o, e, watch, avg));
        o.WriteLine($"peak_rss {Status("VmHWM:")}");
        o.WriteLine($"blas {MappedBlas()}; libtorch threads {TorchDeepBaseline.Threads}");
    }

    internal static void Epoch(TextWriter o, int e, Stopwatch watch, double avgCost)
    {
        o.WriteLine(FormattableString.Invariant($"epoch {e + 1} seconds {watch.Elapsed.TotalSeconds:F4} rss {Status("VmRSS:")} cost {avgCost:F9}"));
        o.Flush();
    }

    // ---- the report ----

    private sealed record Trial(double[] EpochSeconds, long[] EpochRss, double[] Costs, long PeakRss, string Blas, string BlasKind);

    internal static void Report(TextWriter o, Workload w, string dataDir, int epochs, int runs, int threads, int steps)
    {
        // --threads N: every engine's BLAS and OpenMP threads (a busy machine makes OpenMP's barriers wait for time slices).
        var env = threads > 0
            ? new[] { "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS" }.ToDictionary(k => k, _ => threads.ToString(CultureInfo.InvariantCulture))
            : new Dictionary<string, string>();
        string lab = w.Title;
        var python = Path.Combine(MnistBench.RepoRoot(), "python", "bench", w.PythonScript);
        bool haveTorch = File.Exists("/usr/bin/python3") && File.Exists(python);
        LoadBefore = Load();
        var a = new List<Trial>();
        var b = new List<Trial>();
        var c = new List<Trial>();
        string[] common = [dataDir, "--epochs", epochs.ToString(CultureInfo.InvariantCulture), .. w.LabArgs, .. steps != 550 ? new[] { "--steps", steps.ToString(CultureInfo.InvariantCulture) } : []];
        for (int r = 0; r < runs; r++)
        {
            Progress($"run {r + 1}/{runs}: (a) facade");
            a.Add(Worker(Self.exe, [.. Self.prefix, "bench", w.Command, .. common, "--worker", "a"], env));
            Progress($"run {r + 1}/{runs}: (b) TorchSharp");
            b.Add(Worker(Self.exe, [.. Self.prefix, "bench", w.Command, .. common, "--worker", "b"], env));
            if (haveTorch)
            {
                Progress($"run {r + 1}/{runs}: (c) PyTorch");
                c.Add(Worker("/usr/bin/python3", [python, .. common], env));
            }
        }
        Progress(null);
        double peak = TorchDeepBaseline.SgemmGflops(2048, 2048, 2048, Environment.ProcessorCount);
        double labShape = w.ShapeGflops(Environment.ProcessorCount);
        double peak1 = TorchDeepBaseline.SgemmGflops(2048, 2048, 2048, 1);
        double labShape1 = w.ShapeGflops(1);
        double flopsPerStep = w.Flops.forward + w.Flops.backward;
        double flopsPerEpoch = flopsPerStep * Math.Min(steps, 550);

        o.WriteLine($"{lab}: 55000 images, batch 100, {Math.Min(steps, 550)} steps an epoch, {epochs} epochs; {runs} runs each, medians (each run a fresh process, the engines alternating){(threads > 0 ? $"; OMP/MKL/OpenBLAS threads {threads}" : "")}; load average before: {LoadBefore}, after: {Load()}:");
        o.WriteLine("  engine                               1 epoch     s/run (all runs)                       ratio      peak RSS");
        Line(o, "(a) Bridge, the lab's graph", a, epochs, null);
        Line(o, "(b) hand-written TorchSharp", b, epochs, a);
        if (c.Count > 0) Line(o, "(c) PyTorch 1.13 (python3-torch)", c, epochs, a);
        else o.WriteLine("  (c) PyTorch: not run (needs /usr/bin/python3 with torch: apt-get install python3-torch)");
        o.WriteLine($"  epoch-1 cost (a) {a[0].Costs[0]:F9} (the lab's graph, initial values and batches), (b) {b[0].Costs[0]:F9}{(c.Count > 0 ? $", (c) {c[0].Costs[0]:F9}" : "")} (own initial values)");
        foreach (var (name, list) in new[] { ("(a)", a), ("(b)", b), ("(c)", c) })
        {
            if (list.Count == 0) continue;
            var rss = list[^1].EpochRss;
            string perEpoch = string.Join(" ", rss.Select(x => $"{x / 1048576.0:F0}"));
            string flat = rss.Length >= 3 ? $"; epoch 2 to {rss.Length}: {(rss[^1] - rss[1]) * 100.0 / rss[1]:+0.0;-0.0}%" : "";
            o.WriteLine($"  RSS after each epoch {name}, MiB (last run): {perEpoch}{flat}");
            o.WriteLine($"  {name} BLAS: {list[^1].Blas}{(list[^1].BlasKind == "?" ? "" : $" ({list[^1].BlasKind})")}");
        }
        double aEpoch = Median(a, r => r.EpochSeconds.Length > 1 ? (r.EpochSeconds[^1] - r.EpochSeconds[0]) / (r.EpochSeconds.Length - 1) : r.EpochSeconds[0]);
        o.WriteLine($"  products: {flopsPerStep / 1e6:F0} MFLOP a step (forward {w.Flops.forward / 1e6:F0}, backward {w.Flops.backward / 1e6:F0}: {w.FlopsNote}); (a) reaches {flopsPerEpoch / aEpoch / 1e9:F1} GFLOP/s over {(epochs > 1 ? "a whole epoch after the first" : "the epoch")}");
        o.WriteLine($"  libtorch on this machine, {Environment.ProcessorCount} threads: sgemm 2048^3 {peak:F1} GFLOP/s, {w.ShapeName} {labShape:F1} GFLOP/s; 1 thread: {peak1:F1} and {labShape1:F1} GFLOP/s");
        o.WriteLine($"  CPU: {CpuModel()}, {Environment.ProcessorCount} cores; AVX-512: {(CpuFlags().Contains("avx512f") ? "yes" : "no")}, FMA: {(CpuFlags().Contains("fma") ? "yes" : "no")}, flags: {string.Join(' ', CpuFlags().Where(f => f.StartsWith("avx") || f is "fma" or "f16c"))}");
    }

    private static void Line(TextWriter o, string name, List<Trial> runs, int epochs, List<Trial>? a)
    {
        double first = Median(runs, r => r.EpochSeconds[0]);
        double all = Median(runs, r => r.EpochSeconds[^1]);
        string each = string.Join(" ", runs.Select(r => r.EpochSeconds[^1].ToString("F1", CultureInfo.InvariantCulture)));
        string ratio = a is null ? "" : $"a/{name[1]} {Median(a, r => r.EpochSeconds[0]) / first:F2} / {Median(a, r => r.EpochSeconds[^1]) / all:F2}";
        long peak = runs.Max(r => r.PeakRss);
        string caveat = runs[^1].BlasKind == "?" ? "" : MnistBench.Caveat(new(0, runs[^1].Blas, runs[^1].BlasKind));
        o.WriteLine($"  {name,-34} {first,7:F2} s  {all,7:F2} s ({each})".PadRight(90) + $"{ratio,-14} {peak / 1048576.0,5:F0} MiB{caveat}");
    }

    // This command again: `dotnet Bridge.Cli.dll ...` or the apphost `Bridge.Cli ...`.
    private static (string exe, string[] prefix) Self =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet"
            ? (Environment.ProcessPath!, [typeof(DeepBench).Assembly.Location])
            : (Environment.ProcessPath!, []);

    private static double Median(List<Trial> runs, Func<Trial, double> f) => SessionRunBench.Median(runs.Select(f).ToArray());

    private static Trial Worker(string exe, string[] args, Dictionary<string, string> env)
    {
        var psi = new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var errors = p.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (p.StandardOutput.ReadLine() is { } line)
        {
            lines.Add(line);
            if (line.StartsWith("epoch ", StringComparison.Ordinal)) Progress($"  {Path.GetFileName(args[0])} {line}");
        }
        p.WaitForExit();
        var epochs = lines.Where(l => l.StartsWith("epoch ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToArray();
        if (p.ExitCode != 0 || epochs.Length == 0)
            throw new InvalidOperationException($"bench deep: {exe} {string.Join(' ', args)} failed (exit code {p.ExitCode}): {errors.Result}");
        double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        string Field(string key) => lines.FirstOrDefault(l => l.StartsWith(key + " ", StringComparison.Ordinal))?[(key.Length + 1)..] ?? "?";
        return new Trial(epochs.Select(e => D(e[3])).ToArray(), epochs.Select(e => (long)D(e[5])).ToArray(), epochs.Select(e => D(e[7])).ToArray(),
            (long)D(Field("peak_rss")), Field("blas"), Field("blas_kind"));
    }

    private static void Progress(string? text)
    {
        if (!Console.IsErrorRedirected) Console.Error.Write(text is null ? "\r\x1b[K" : $"\r\x1b[K{text}");
    }

    // ---- where (a)'s time goes ----

    private static void Profile(TextWriter o, string dataDir, bool dropout, int steps)
    {
        o.WriteLine($"One epoch ({Math.Min(steps, 550)} steps) of the facade with BRIDGE_PROFILE=1 (per op kind, on stderr when the session closes):");
        var psi = new ProcessStartInfo(Self.exe, [.. Self.prefix, "bench", "deep", dataDir, "--epochs", "1", "--steps", steps.ToString(CultureInfo.InvariantCulture), "--worker", "a", .. dropout ? new[] { "--dropout" } : []]);
        psi.Environment["BRIDGE_PROFILE"] = "1";
        using (var p = Process.Start(psi)!) p.WaitForExit();
        foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            var (torchUs, managedUs) = TorchDeepBaseline.AdamCost(512 * 512, threads);
            o.WriteLine(FormattableString.Invariant($"Adam update of a 512x512 variable, {threads} thread(s): libtorch's eight calls {torchUs:F0} us, the managed pass {managedUs:F0} us"));
        }
        o.WriteLine("Exact order (TfMatMul, TF 1.x's float32 order) against libtorch's BLAS on the lab's products, us per product:");
        foreach (var (m, k, n, ta, tb, what) in new[]
        {
            (100, 784, 512, false, false, "X W1 (forward)"), (100, 512, 512, false, false, "L W2 (forward)"),
            (512, 100, 512, true, false, "L^T dZ (dW2)"), (100, 512, 512, false, true, "dZ W2^T (dL1)"),
            (784, 100, 512, true, false, "X^T dZ (dW1)"), (100, 512, 10, false, false, "L4 W5 (logits)"),
            (512, 100, 10, true, false, "L4^T dZ (dW5)"), (100, 10, 512, false, true, "dZ W5^T (dL4)"),
        })
        {
            var (torchUs, exactUs) = TorchDeepBaseline.ExactOrderCost(m, k, n, ta, tb);
            o.WriteLine(FormattableString.Invariant($"  {what,-16} {m}x{k}x{n}: libtorch {torchUs,8:F1}  exact order {exactUs,8:F1}  ({exactUs / torchUs:F2}x){(Kernels.TfMatMul.Handles(m, k, n) ? "  [Bridge uses the exact order here]" : "")}"));
        }
    }

    // ---- machine facts ----

    /// <summary>The BLAS and OpenMP libraries mapped into this process, and whether libtorch has MKL linked in.</summary>
    internal static string MappedBlas()
    {
        var libs = File.ReadLines("/proc/self/maps")
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
            .Where(p => p.StartsWith('/') && (p.Contains("blas") || p.Contains("mkl") || p.Contains("libgomp") || p.Contains("libiomp") || p.Contains("libomp") || p.Contains("libtorch_cpu")))
            .Distinct().ToList();
        var torch = libs.FirstOrDefault(p => p.EndsWith("libtorch_cpu.so", StringComparison.Ordinal));
        string mkl = torch is not null && FileContains(torch, "Intel(R) oneAPI Math Kernel Library"u8) ? " (MKL linked in statically)" : "";
        return libs.Count == 0 ? "none mapped" : string.Join(", ", libs.Select(Path.GetFileName)) + mkl;
    }

    private static bool FileContains(string path, ReadOnlySpan<byte> needle)
    {
        using var f = File.OpenRead(path);
        var buffer = new byte[1 << 20];
        int keep = 0, n;
        while ((n = f.Read(buffer, keep, buffer.Length - keep)) > 0)
        {
            var span = buffer.AsSpan(0, keep + n);
            if (span.IndexOf(needle) >= 0) return true;
            keep = Math.Min(needle.Length - 1, span.Length);
            span[^keep..].CopyTo(buffer);
        }
        return false;
    }

    private static string LoadBefore = "";

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";

    private static string[] CpuFlags() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(':', 2)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    internal static long Status(string field) => MnistBench.Status(field);
}
