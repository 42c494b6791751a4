using System.Reflection;
using System.Runtime.Loader;

namespace Bridge.Cli.Scripting;

/// <summary>
/// Where a compiled script is loaded. Assemblies the host already has (Bridge above all: print's output redirect is a
/// static of the host's Bridge) are shared with the host; <c>#r</c> dlls, and dlls beside them, come from their folder;
/// everything else falls back to the default context (the framework and the CLI's own dependencies).
/// </summary>
internal sealed class ScriptLoadContext : AssemblyLoadContext
{
    private readonly AssemblyLoadContext _host = GetLoadContext(typeof(Binding).Assembly) ?? Default;
    private readonly Dictionary<string, string> _referenced = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _folders = [];

    /// <summary>Creates a context for one run, resolving the given <c>#r</c> dlls by their assembly names.</summary>
    public ScriptLoadContext(IEnumerable<string> referencePaths) : base("bridge-script")
    {
        foreach (var path in referencePaths)
        {
            _referenced.TryAdd(NameOf(path), path);
            var folder = Path.GetDirectoryName(path)!;
            if (!_folders.Contains(folder))
                _folders.Add(folder);
        }
    }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName name)
    {
        foreach (var loaded in _host.Assemblies)
            if (string.Equals(loaded.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase))
                return loaded;
        if (name.Name is null)
            return null;
        if (_referenced.TryGetValue(name.Name, out var path))
            return LoadFromAssemblyPath(path);
        foreach (var folder in _folders)
        {
            var candidate = Path.Combine(folder, name.Name + ".dll");
            if (File.Exists(candidate))
                return LoadFromAssemblyPath(candidate);
        }
        return null;
    }

    private static string NameOf(string path)
    {
        try { return AssemblyName.GetAssemblyName(path).Name ?? Path.GetFileNameWithoutExtension(path); }
        catch (BadImageFormatException) { return Path.GetFileNameWithoutExtension(path); }
    }
}
