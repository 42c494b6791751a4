namespace Bridge.Cli.Check;

/// <summary>Finds the repository root (a folder holding Bridge.sln and scripts/), from the current folder or the program's.</summary>
internal static class RepoLocator
{
    /// <summary>The root, or null when neither the current folder nor the program's is inside the repository.</summary>
    public static string? Find() => Above(Directory.GetCurrentDirectory()) ?? Above(AppContext.BaseDirectory);

    private static string? Above(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bridge.sln")) && Directory.Exists(Path.Combine(dir.FullName, "scripts")))
                return dir.FullName;
        return null;
    }
}
