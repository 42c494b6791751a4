namespace Bridge.Cli.Check;

/// <summary>
/// <c>bridge check [--originals DIR] [--data DIR] [LAB...]</c>: runs the labs that need no download and prints one
/// table of how their printed numbers compare with the original labs' printed output, then a verdict line. The labs
/// that read a course data file find it in the data folder (default <c>../shared/data/zero-to-all</c>).
/// </summary>
internal static class CheckCommand
{
    /// <summary>Exit code when some lab differs from its original or fails to run.</summary>
    public const int Differs = 1;

    /// <summary>Most mismatches listed per lab on stderr (the table says how many there are).</summary>
    private const int MismatchesShown = 10;

    /// <summary>Runs the check; returns 0 when every lab with a reference matches it.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? extra = null, data = null;
        var prefixes = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--originals")
            {
                if (i + 1 >= args.Length) return Usage(stderr, "--originals needs a folder");
                extra = args[++i];
                if (!Directory.Exists(extra)) return Usage(stderr, $"the originals folder '{extra}' does not exist");
            }
            else if (args[i] == "--data")
            {
                if (i + 1 >= args.Length) return Usage(stderr, "--data needs a folder");
                data = Path.GetFullPath(args[++i]);
                if (!Directory.Exists(data)) return Usage(stderr, $"the data folder '{data}' does not exist");
            }
            else if (args[i].StartsWith('-'))
                return Usage(stderr, $"unknown option '{args[i]}'");
            else
                prefixes.Add(args[i]);
        }

        var root = RepoLocator.Find();
        if (root is null)
            return Usage(stderr, "cannot find the repository (a folder with Bridge.sln and scripts/) above the current folder");
        var runs = LabCatalog.Select(prefixes);
        if (runs.Count == 0)
            return Usage(stderr, $"no lab run starts with {string.Join(" or ", prefixes)}");

        var originals = new Originals(Path.Combine(root, "tests", "data", "originals"), extra);
        var rows = await CheckRunner.RunAsync(root, runs, originals, data);
        stdout.Write(CheckTable.Format(rows));
        ReportDetails(rows, stderr);
        return CheckTable.Passed(rows) ? 0 : Differs;
    }

    /// <summary>What went wrong, on stderr so stdout stays one table.</summary>
    private static void ReportDetails(IReadOnlyList<CheckRow> rows, TextWriter stderr)
    {
        foreach (var row in rows)
        {
            if (row.Verdict == CheckVerdict.Error)
                stderr.WriteLine($"{row.Run.Name}: exit code {row.ExitCode}\n{row.Errors.TrimEnd()}");
            else if (row.Verdict == CheckVerdict.Mismatch)
            {
                stderr.WriteLine($"{row.Run.Name}: {row.Comparison!.Compared - row.Comparison.Matched} numbers differ:");
                foreach (var m in row.Comparison.Mismatches.Take(MismatchesShown))
                    stderr.WriteLine($"  {m}");
            }
        }
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"error: check: {message}.");
        return Scripting.ScriptRunner.UsageError;
    }
}
