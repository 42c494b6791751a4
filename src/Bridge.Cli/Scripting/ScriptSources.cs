namespace Bridge.Cli.Scripting;

/// <summary>One script file after directive rewriting.</summary>
/// <param name="DisplayPath">The path shown in messages and recorded in the PDB (as given, or relative to the working directory).</param>
/// <param name="FullPath">The absolute path, the identity of the file.</param>
/// <param name="Text">The rewritten source text Roslyn compiles.</param>
internal sealed record ScriptFile(string DisplayPath, string FullPath, string Text);

/// <summary>
/// The main script plus everything it <c>#load</c>s (transitively), and the dlls they <c>#r</c>. Reading all of it
/// up front, without Roslyn, lets the cache key cover every source and keeps Roslyn out of a cache hit.
/// </summary>
internal sealed class ScriptSources
{
    private readonly Dictionary<string, ScriptFile> _byFullPath = new(PathComparer);
    private readonly List<ScriptFile> _files = [];
    private readonly List<string> _references = [];
    private readonly List<ScriptError> _errors = [];
    private readonly bool _relativeDisplay;

    private ScriptSources(string mainPath) => _relativeDisplay = !Path.IsPathRooted(mainPath);

    /// <summary>File systems on Windows and macOS are usually case-insensitive; Linux is not.</summary>
    public static StringComparer PathComparer { get; } =
        OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    /// <summary>The main script first, then loaded files in the order they were found.</summary>
    public IReadOnlyList<ScriptFile> Files => _files;

    /// <summary>The main script.</summary>
    public ScriptFile Main => _files[0];

    /// <summary>Absolute paths of the dlls referenced with <c>#r</c>, without duplicates.</summary>
    public IReadOnlyList<string> References => _references;

    /// <summary>Directive errors (unknown NuGet packages, missing files); compilation must not start if any.</summary>
    public IReadOnlyList<ScriptError> Errors => _errors;

    /// <summary>Reads <paramref name="mainPath"/> (which must exist) and everything it loads.</summary>
    public static ScriptSources Read(string mainPath)
    {
        var sources = new ScriptSources(mainPath);
        sources.Add(mainPath, Path.GetFullPath(mainPath));
        return sources;
    }

    /// <summary>The file with this absolute path, if it is part of the script.</summary>
    public ScriptFile? Find(string fullPath) => _byFullPath.GetValueOrDefault(fullPath);

    /// <summary>Resolves a directive's path against the folder of the file that contains it.</summary>
    public static string ResolveFullPath(string value, string containingFullPath) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(containingFullPath)!, value));

    private void Add(string displayPath, string fullPath)
    {
        var rewritten = DirectiveRewriter.Rewrite(displayPath, File.ReadAllText(fullPath));
        var file = new ScriptFile(displayPath, fullPath, rewritten.Text);
        _byFullPath[fullPath] = file;
        _files.Add(file);
        _errors.AddRange(rewritten.Errors);
        foreach (var d in rewritten.Directives)
        {
            var target = ResolveFullPath(d.Value, fullPath);
            if (d.Kind == DirectiveKind.Reference)
            {
                if (!File.Exists(target))
                    _errors.Add(new ScriptError(displayPath, d.Line, d.Column, "CS0006", $"Metadata file '{d.Value}' could not be found."));
                else if (!_references.Contains(target, PathComparer))
                    _references.Add(target);
            }
            else if (!File.Exists(target))
                _errors.Add(new ScriptError(displayPath, d.Line, d.Column, "CS1504", $"Source file '{d.Value}' could not be found."));
            else if (!_byFullPath.ContainsKey(target))
                Add(DisplayPathOf(target), target); // a file loaded twice (or a cycle) is read once, as Roslyn compiles it once
        }
    }

    /// <summary>Loaded files are shown relative to the working directory when the main script was given that way.</summary>
    private string DisplayPathOf(string fullPath) =>
        _relativeDisplay ? Path.GetRelativePath(Environment.CurrentDirectory, fullPath) : fullPath;
}
