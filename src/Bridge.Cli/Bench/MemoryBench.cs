using System.Diagnostics;
using System.Globalization;
using static Bridge.Binding;

namespace Bridge.Cli.Bench;

/// <summary>
/// <c>bench memory [--mb N]</c>: the peak RSS of large fills, feeds and fetches (issue 15's target: at most 1.5x the
/// largest value above the baseline). Each case runs in a fresh process (a worker: this command with
/// <c>--worker CASE</c>, or Python's <c>python3 -m bridge.membench CASE</c>), which warms the same graph up on a small
/// value, resets the kernel's peak (<c>/proc/self/clear_refs</c>), takes VmRSS as the baseline, runs the case once at
/// full size, and prints VmHWM. Printed per case: the largest value's size, the peak above the baseline, the ratio.
/// </summary>
internal static class MemoryBench
{
    /// <summary>The cases, as both routes name them: what a value of N MB goes through.</summary>
    internal static readonly (string Name, string What)[] Cases =
    [
        ("fill", "sess.run(tf.zeros([n])): the fill and its fetch"),
        ("feed", "sess.run(tf.reduce_sum(x), {x: value}): a fed value (made after the baseline: it counts as the value)"),
        ("feed-fetch", "sess.run(tf.identity(x), {x: value}): a fed value fetched back"),
        ("random", "sess.run(tf.random_uniform([n])): a random op's value fetched"),
    ];

    public static int Run(string[] args, TextWriter o)
    {
        double mb = 400;
        string? worker = null;
        var options = new BenchOptions("memory", "bench memory [--mb N]")
            .Positive("--mb", v => mb = v)
            .Text("--worker", v => worker = v);
        if (options.Parse(args, o) is int exit) return exit;
        long n = (long)(mb * 1e6 / 4);
        if (worker is not null) return Worker(worker, n, o);
        o.WriteLine(FormattableString.Invariant($"bench memory: peak RSS above the baseline for values of {mb:F0} MB (float32, {n} elements); target ratio <= 1.5"));
        o.WriteLine("  case         route    value MiB   peak above baseline MiB   ratio");
        var py = Path.Combine(MnistBench.RepoRoot(), "python", "bridge", "membench.py");
        bool havePython = File.Exists("/usr/bin/python3") && File.Exists(py);
        foreach (var (name, _) in Cases)
        {
            Line(o, name, "C#", Child(Self.exe, [.. Self.prefix, "bench", "memory", "--mb", mb.ToString(CultureInfo.InvariantCulture), "--worker", name], null));
            if (havePython)
                Line(o, name, "Python", Child("/usr/bin/python3", ["-m", "bridge.membench", name, n.ToString(CultureInfo.InvariantCulture)], Path.GetDirectoryName(Path.GetDirectoryName(py))));
        }
        if (!havePython) o.WriteLine("  (the Python route: not run, needs /usr/bin/python3 and python/bridge/membench.py)");
        foreach (var (name, what) in Cases) o.WriteLine($"  {name}: {what}");
        return 0;
    }

    private static void Line(TextWriter o, string name, string route, (long value, long baseline, long peak)? r)
    {
        if (r is not { } x) { o.WriteLine($"  {name,-12} {route,-8} failed"); return; }
        double v = x.value / 1048576.0, above = (x.peak - x.baseline) / 1048576.0;
        o.WriteLine(FormattableString.Invariant($"  {name,-12} {route,-8} {v,9:F0}   {above,23:F0}   {above / v,5:F2}"));
    }

    // This command again: `dotnet Bridge.Cli.dll ...` or the apphost `Bridge.Cli ...`.
    private static (string exe, string[] prefix) Self =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet"
            ? (Environment.ProcessPath!, [typeof(MemoryBench).Assembly.Location])
            : (Environment.ProcessPath!, []);

    /// <summary>Runs a worker; parses its "value V baseline B peak P" line (bytes).</summary>
    private static (long, long, long)? Child(string exe, string[] args, string? pythonPath)
    {
        var psi = new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (pythonPath is not null)
            psi.Environment["PYTHONPATH"] = pythonPath + (Environment.GetEnvironmentVariable("PYTHONPATH") is { Length: > 0 } p ? ":" + p : "");
        using var proc = Process.Start(psi)!;
        var err = proc.StandardError.ReadToEndAsync();
        var output = proc.StandardOutput.ReadToEnd();
        proc.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("value ", StringComparison.Ordinal));
        if (proc.ExitCode != 0 || line is null)
        {
            Console.Error.WriteLine($"bench memory: {exe} {string.Join(' ', args)} failed (exit code {proc.ExitCode}): {err.Result.Trim()}");
            return null;
        }
        var f = line.Split(' ');
        return (long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[5], CultureInfo.InvariantCulture));
    }

    /// <summary>One case in this process: warm up on 1000 elements, reset the peak, run at n, print value/baseline/peak.</summary>
    private static int Worker(string name, long n, TextWriter o)
    {
        if (!Cases.Any(c => c.Name == name))
        {
            Console.Error.WriteLine($"error: bench memory: unknown case '{name}' (the cases: {string.Join(", ", Cases.Select(c => c.Name))}).");
            return 2;
        }
        Step(name, 1000);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        ResetPeak();
        long baseline = MnistBench.Status("VmRSS:");
        long value = Step(name, n);
        long peak = MnistBench.Status("VmHWM:");
        o.WriteLine(FormattableString.Invariant($"value {value} baseline {baseline} peak {peak}"));
        return 0;
    }

    /// <summary>Runs the case once on <paramref name="n"/> float32 elements; returns the largest value's bytes.</summary>
    private static long Step(string name, long n)
    {
        tf.reset_default_graph();
        using var sess = tf.Session();
        NDArray r;
        switch (name)
        {
            case "fill":
                r = sess.run(tf.zeros(new Shape(n)));
                break;
            case "random":
                r = sess.run(tf.random_uniform(new Shape(n), seed: 1));
                break;
            default:
                var x = tf.placeholder(tf.float32, new Shape(-1));
                var value = np.ones(new Shape(n), tf.float32);
                r = sess.run(name == "feed" ? tf.reduce_sum(x) : tf.identity(x), (x, value));
                GC.KeepAlive(value);
                break;
        }
        if (r.size != (name == "feed" ? 1 : n)) throw new InvalidOperationException($"bench memory {name}: {r.size} elements");
        return n * 4;
    }

    /// <summary>Linux: resets VmHWM to the current RSS (writing 5 to /proc/self/clear_refs), so the peak is the case's own.</summary>
    internal static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
