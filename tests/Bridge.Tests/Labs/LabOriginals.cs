using Bridge.Cli.Check;

namespace Bridge.Tests.Labs;

/// <summary>The committed original outputs (tests/data/originals) and running a lab script against one.</summary>
internal static class LabOriginals
{
    public static string Dir => Path.Combine(SharedData.RepoRoot, "tests", "data", "originals");

    public static string Read(string name) => File.ReadAllText(Path.Combine(Dir, name + ".txt"));

    /// <summary>Runs <c>scripts/SCRIPT</c> in-process as the check does (fresh graph) and returns what it printed.</summary>
    public static async Task<string> RunScriptAsync(string script, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CheckRunner.RunFreshAsync(Path.Combine(SharedData.RepoRoot, "scripts", script), args, stdout, stderr);
        Assert.That(code, Is.Zero, stderr.ToString());
        return stdout.ToString();
    }

    /// <summary>Asserts that every number of <paramref name="original"/> is reproduced within the check's tolerance.</summary>
    public static ComparisonResult AssertReproduces(string ours, string original, int expectedCount, int ulps = 1)
    {
        var r = OutputComparer.Compare(ours, original, ulps);
        Assert.Multiple(() =>
        {
            Assert.That(r.Compared, Is.EqualTo(expectedCount), "numbers in the original");
            Assert.That(r.Mismatches, Is.Empty, "numbers that differ:\n" + string.Join("\n", r.Mismatches));
            Assert.That(r.Matched, Is.EqualTo(r.Compared));
        });
        return r;
    }
}
