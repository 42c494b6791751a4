using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Bridge.Cli.Scripting;

/// <summary>
/// Compiled scripts on disk, keyed by a hash of everything that decides the compiler's output: every source file
/// (after <c>#load</c> expansion and rewriting) with its display path, the <c>#r</c> dlls, the Bridge and CLI builds
/// (so rebuilding either, or moving to another Roslyn, invalidates) and the runtime version. A hit skips Roslyn,
/// whose cold start costs seconds; the rest of a run is a fraction of that.
/// </summary>
internal sealed class ScriptCache(string directory)
{
    private const string FormatVersion = "bridge-script-cache-1";

    /// <summary>Where entries live (<c>name.dll</c> plus <c>name.pdb</c>).</summary>
    public string Directory { get; } = directory;

    /// <summary>How many lookups found an entry (tests check that the second run is served from disk).</summary>
    public int Hits { get; private set; }

    /// <summary>
    /// The cache the CLI uses: <c>$XDG_CACHE_HOME/bridge/scripts</c> or <c>~/.cache/bridge/scripts</c>; null when
    /// <c>BRIDGE_NO_CACHE=1</c> or there is no home folder.
    /// </summary>
    public static ScriptCache? FromEnvironment()
    {
        if (Environment.GetEnvironmentVariable("BRIDGE_NO_CACHE") is "1" or "true")
            return null;
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(root))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home))
                return null;
            root = Path.Combine(home, ".cache");
        }
        return new ScriptCache(Path.Combine(root, "bridge", "scripts"));
    }

    /// <summary>The key of a script: a hex SHA-256 of its inputs.</summary>
    public static string KeyOf(ScriptSources sources)
    {
        var text = new StringBuilder(FormatVersion).Append('\n');
        text.Append(Environment.Version).Append('\n');
        AppendBuild(text, typeof(ScriptCache).Assembly);
        AppendBuild(text, typeof(Binding).Assembly);
        foreach (var reference in typeof(ScriptCache).Assembly.GetReferencedAssemblies())
            text.Append(reference.FullName).Append('\n');
        // Roslyn's assembly version only moves on major releases; its file identifies the exact compiler (a stat,
        // not a load: a cache hit must not load Roslyn).
        AppendFile(text, Path.Combine(AppContext.BaseDirectory, "Microsoft.CodeAnalysis.CSharp.dll"));
        foreach (var dll in sources.References)
            AppendFile(text.Append("#r "), dll);
        foreach (var file in sources.Files)
            text.Append("#file ").Append(file.DisplayPath).Append(' ').Append(file.Text.Length).Append('\n').Append(file.Text).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The entry for <paramref name="key"/>, or null if there is none (or it can't be read).</summary>
    public CompiledScript? TryGet(string key)
    {
        var (dll, pdb) = PathsOf(key);
        try
        {
            if (!File.Exists(dll))
                return null;
            var entry = new CompiledScript(File.ReadAllBytes(dll), File.ReadAllBytes(pdb));
            Hits++;
            return entry;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Stores an entry; failures are ignored (the cache is an optimization, never a reason to fail a run).</summary>
    public void Put(string key, CompiledScript script)
    {
        var (dll, pdb) = PathsOf(key);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            // The dll is what TryGet looks for, so it is written last; each file goes through a temp name and a
            // rename so a concurrent run never reads half a file.
            WriteAtomically(pdb, script.Pdb);
            WriteAtomically(dll, script.Assembly);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private (string Dll, string Pdb) PathsOf(string key) =>
        (Path.Combine(Directory, key + ".dll"), Path.Combine(Directory, key + ".pdb"));

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    private static void AppendFile(StringBuilder text, string path)
    {
        var info = new FileInfo(path);
        text.Append(path).Append(' ');
        if (info.Exists)
            text.Append(info.Length).Append(' ').Append(info.LastWriteTimeUtc.Ticks);
        text.Append('\n');
    }

    private static void AppendBuild(StringBuilder text, Assembly assembly) =>
        text.Append(assembly.GetName().Name).Append(' ').Append(assembly.ManifestModule.ModuleVersionId).Append('\n');
}
