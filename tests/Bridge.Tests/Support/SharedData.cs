using System.Text.Json;

namespace Bridge.Tests;

/// <summary>Finds ../shared (golden files, data) next to the repository, or at $BRIDGE_SHARED.</summary>
internal static class SharedData
{
    public static string RepoRoot { get; } = FindRoot();

    public static string SharedDir =>
        Environment.GetEnvironmentVariable("BRIDGE_SHARED") is { Length: > 0 } env ? env : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string Golden(string file) => Path.Combine(SharedDir, "golden", file);

    public static JsonDocument GoldenJson(string file)
    {
        var path = Golden(file);
        if (!File.Exists(path))
            Assert.Fail($"Golden file {path} is missing: put the shared folder beside the repository or set BRIDGE_SHARED.");
        return JsonDocument.Parse(File.ReadAllText(path));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bridge.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (Bridge.sln) above " + AppContext.BaseDirectory);
    }
}
