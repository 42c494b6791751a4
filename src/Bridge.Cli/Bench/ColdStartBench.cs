using System.Diagnostics;

namespace Bridge.Cli.Bench;

/// <summary>Wall time of a cold `bridge run` of a script: a new process each time, as a user starts it.</summary>
internal static class ColdStartBench
{
    public static void Run(TextWriter o, string script, int repeats = 7)
    {
        if (!File.Exists(script))
        {
            o.WriteLine($"  {script} not found: run bench from the repository root or pass the script path.");
            return;
        }
        // Without the compiled-script cache (Roslyn compiles every time), then with it (a user's second run).
        Series(o, script, repeats, noCache: true);
        Series(o, script, repeats, noCache: false);
    }

    private static void Series(TextWriter o, string script, int repeats, bool noCache)
    {
        var cli = typeof(ColdStartBench).Assembly.Location;
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var psi = new ProcessStartInfo("dotnet", [cli, "run", script])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            psi.Environment["BRIDGE_NO_CACHE"] = noCache ? "1" : "0";
            var sw = Stopwatch.StartNew();
            using var p = Process.Start(psi)!;
            p.StandardOutput.ReadToEnd();
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            times[i] = sw.Elapsed.TotalSeconds;
            if (p.ExitCode != 0)
            {
                o.WriteLine($"  run {i + 1} failed (exit {p.ExitCode}): {err}");
                return;
            }
        }
        o.WriteLine($"Cold `bridge run {Path.GetFileName(script)}` (new process each time, {repeats} runs, {(noCache ? "compiled every time" : "compiled-script cache")}):");
        o.WriteLine($"  median {SessionRunBench.Median(times),6:F2} s, min {times.Min():F2} s, max {times.Max():F2} s   (target <= 3 s)");
    }
}
