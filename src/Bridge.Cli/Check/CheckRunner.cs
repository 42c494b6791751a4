using System.Diagnostics;
using Bridge.Cli.Scripting;

namespace Bridge.Cli.Check;

/// <summary>How one lab run fared.</summary>
internal enum CheckVerdict
{
    /// <summary>Every number of the original was reproduced within tolerance.</summary>
    Match,
    /// <summary>Some number differed, or was missing or extra.</summary>
    Mismatch,
    /// <summary>The run succeeded but there is no reference output to compare with.</summary>
    NoReference,
    /// <summary>The run was not made: the data file it reads is not in the data folder.</summary>
    NoData,
    /// <summary>The script failed (compile error, exception or a non-zero exit code).</summary>
    Error,
}

/// <summary>One row of the check's table.</summary>
internal sealed record CheckRow(LabRun Run, CheckVerdict Verdict, ComparisonResult? Comparison, double Seconds, string Output, string Errors, int ExitCode);

/// <summary>Runs lab scripts in-process through <see cref="ScriptRunner"/> and compares their output with the originals.</summary>
internal static class CheckRunner
{
    /// <summary>Runs <paramref name="runs"/> one after another (the default graph and print options are process-wide).</summary>
    public static async Task<IReadOnlyList<CheckRow>> RunAsync(string repoRoot, IEnumerable<LabRun> runs, Originals originals, string? dataDir = null)
    {
        var rows = new List<CheckRow>();
        foreach (var run in runs)
            rows.Add(await RunOneAsync(repoRoot, run, originals, dataDir));
        return rows;
    }

    /// <summary>
    /// Runs a script where a fresh Python process would start: op ids from 1 (so op seeds are TF 1.x's), no session
    /// left open by a previous lab, and numpy's default printing (lab 07-1 switches to legacy and would leak it).
    /// </summary>
    public static async Task<int> RunFreshAsync(string script, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        Binding.tf.reset_default_graph();
        while (Session.Default is { } open) open.Dispose();
        using (PrintOptions.Use(new PrintOptions()))
            return await ScriptRunner.RunAsync(script, args, stdout, stderr);
    }

    /// <summary>The course's data files: <c>data/zero-to-all</c> in <c>$BRIDGE_SHARED</c>, or in <c>../shared</c> beside the repository.</summary>
    public static string DefaultDataDir(string repoRoot) =>
        Path.Combine(Environment.GetEnvironmentVariable("BRIDGE_SHARED") is { Length: > 0 } shared ? shared : Path.Combine(repoRoot, "..", "shared"), "data", "zero-to-all");

    /// <summary>Runs one lab on a fresh default graph with numpy's default print options, and compares its output.</summary>
    public static async Task<CheckRow> RunOneAsync(string repoRoot, LabRun run, Originals originals, string? dataDir = null)
    {
        var script = Path.Combine(repoRoot, "scripts", run.Script);
        IReadOnlyList<string> args = run.Args;
        if (run.DataFile is not null)
        {
            dataDir ??= DefaultDataDir(repoRoot);
            if (!File.Exists(Path.Combine(dataDir, run.DataFile)))
                return new CheckRow(run, CheckVerdict.NoData, null, 0, "", $"{run.DataFile} is not in {dataDir}", 0);
            args = [dataDir, .. args];
        }
        var temp = run.NeedsTempFolder ? Directory.CreateTempSubdirectory("bridge-check-").FullName : null;
        if (temp is not null) args = [temp, .. args];
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var watch = Stopwatch.StartNew();
        int exitCode;
        try
        {
            exitCode = await RunFreshAsync(script, args, stdout, stderr);
        }
        finally
        {
            if (temp is not null) Directory.Delete(temp, recursive: true);
        }
        var seconds = watch.Elapsed.TotalSeconds;

        var output = stdout.ToString();
        if (exitCode != 0)
            return new CheckRow(run, CheckVerdict.Error, null, seconds, output, stderr.ToString(), exitCode);
        var original = originals.For(run);
        if (original is null)
            return new CheckRow(run, CheckVerdict.NoReference, null, seconds, output, stderr.ToString(), exitCode);
        var comparison = OutputComparer.Compare(output, original, run.Ulps);
        var verdict = comparison.AllMatch ? CheckVerdict.Match : CheckVerdict.Mismatch;
        return new CheckRow(run, verdict, comparison, seconds, output, stderr.ToString(), exitCode);
    }
}
