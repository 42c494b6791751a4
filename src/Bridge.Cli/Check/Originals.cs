namespace Bridge.Cli.Check;

/// <summary>
/// Where the original labs' printed outputs come from: the committed files in <c>tests/data/originals</c>, and an
/// optional extra folder (<c>--originals DIR</c>) whose files, named the same way, add to or replace them.
/// </summary>
internal sealed class Originals(string committedDir, string? extraDir)
{
    /// <summary>The folder of the committed reference files.</summary>
    public string CommittedDir { get; } = committedDir;

    /// <summary>The extra folder, if any.</summary>
    public string? ExtraDir { get; } = extraDir;

    /// <summary>The original printed text for <paramref name="run"/>, or null when there is no reference for it.</summary>
    /// <remarks>A file in the extra folder wins: it lets acceptance testers supply held-back or corrected data.</remarks>
    public string? For(LabRun run)
    {
        foreach (var dir in new[] { ExtraDir, CommittedDir })
        {
            if (dir is null) continue;
            var path = Path.Combine(dir, run.ReferenceFile);
            if (File.Exists(path)) return File.ReadAllText(path);
        }
        return null;
    }
}
