using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Scripting;

namespace Bridge.Cli.Scripting;

/// <summary>A script compiled to an in-memory assembly and its portable PDB.</summary>
internal sealed record CompiledScript(byte[] Assembly, byte[] Pdb);

/// <summary>
/// The only place that touches Roslyn. Kept apart so that a cache hit never loads or JITs the compiler, which is
/// where nearly all of a cold run's time goes.
/// </summary>
internal static class ScriptCompiler
{
    /// <summary>
    /// Namespaces every script sees: exactly dotnet-script's defaults (its ScriptCompiler.ImportedNamespaces;
    /// <c>System.Console</c> is a type, which Roslyn imports as <c>using static</c>), and no Bridge namespace, so that a
    /// script that runs here runs under plain dotnet-script too: it says <c>using Bridge;</c> and
    /// <c>using static Bridge.Binding;</c> itself. A name it misses gets a hint (<see cref="MissingUsingHint"/>).
    /// </summary>
    internal static readonly string[] Imports =
    [
        "System", "System.IO", "System.Collections.Generic", "System.Console", "System.Diagnostics", "System.Dynamic",
        "System.Linq", "System.Linq.Expressions", "System.Text", "System.Threading.Tasks",
    ];

    /// <summary>Compiles the script, or returns null and the compiler's errors (in file/line order).</summary>
    public static CompiledScript? Compile(ScriptSources sources, out IReadOnlyList<ScriptError> errors)
    {
        var options = ScriptOptions.Default
            .WithFilePath(sources.Main.DisplayPath)
            .WithFileEncoding(Encoding.UTF8)
            .WithEmitDebugInformation(true)
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithSourceResolver(new ScriptSourceResolver(sources))
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(Path.GetDirectoryName(sources.Main.FullPath)))
            .WithReferences(FrameworkReferences())
            .AddReferences(HostReferences())
            .AddReferences(sources.References.Select(p => MetadataReference.CreateFromFile(p)))
            .WithImports(Imports);

        var script = CSharpScript.Create(sources.Main.Text, options, typeof(ScriptGlobals));
        var compilation = script.GetCompilation();

        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var result = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        errors = result.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => ToError(d, sources.Main.DisplayPath))
            .OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Column)
            .Distinct()
            .ToList();
        return result.Success ? new CompiledScript(pe.ToArray(), pdb.ToArray()) : null;
    }

    /// <summary>
    /// Every assembly of the shared framework the CLI runs on, as a project targeting net10.0 sees them: scripts may
    /// use System.Linq, System.Text.RegularExpressions, System.Net.Http... without <c>#r</c>. (ScriptOptions.Default
    /// only names a handful.) Roslyn reads these lazily, so the cost is small.
    /// </summary>
    private static IEnumerable<MetadataReference> FrameworkReferences()
    {
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator);
        return trusted
            .Where(p => ScriptSources.PathComparer.Equals(Path.GetDirectoryName(p), frameworkDir) && IsManagedLibrary(p))
            .Select(p => MetadataReference.CreateFromFile(p));
    }

    /// <summary>A few framework files are native shims or have no metadata a compiler can use.</summary>
    private static bool IsManagedLibrary(string path)
    {
        var name = Path.GetFileName(path);
        return name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            && !name.StartsWith("Microsoft.DiaSymReader.Native", StringComparison.OrdinalIgnoreCase)
            && !name.StartsWith("mscorrc", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Bridge and the assemblies its public API may expose (TorchSharp, ...), taken from the running host so the
    /// script binds to exactly the Bridge the runner loaded. Framework assemblies come with ScriptOptions.Default.
    /// </summary>
    private static IEnumerable<MetadataReference> HostReferences()
    {
        var bridge = typeof(Binding).Assembly;
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        yield return MetadataReference.CreateFromFile(bridge.Location);
        foreach (var name in bridge.GetReferencedAssemblies())
        {
            Assembly dependency;
            try { dependency = Assembly.Load(name); }
            catch (IOException) { continue; } // not deployed: the script can't use it either
            var location = dependency.Location;
            if (location.Length > 0 && !ScriptSources.PathComparer.Equals(Path.GetDirectoryName(location), frameworkDir))
                yield return MetadataReference.CreateFromFile(location);
        }
    }

    /// <summary>Errors without a source position (e.g. a bad reference) are reported at the start of the main script.</summary>
    private static ScriptError ToError(Diagnostic d, string mainPath)
    {
        var span = d.Location.GetMappedLineSpan();
        var inSource = span.IsValid && !string.IsNullOrEmpty(span.Path);
        var file = inSource ? span.Path : mainPath;
        var start = inSource ? span.StartLinePosition : default;
        var message = d.GetMessage(CultureInfo.InvariantCulture);
        if (d.Id is "CS0246" or "CS0103" && d.Location.SourceTree is { } tree && MissingUsingHint(tree.GetText().ToString(d.Location.SourceSpan)) is { } hint)
            message += " - help: " + hint;
        return new ScriptError(file, start.Line + 1, start.Character + 1, d.Id, message);
    }

    /// <summary>
    /// For a name the compiler did not find (CS0246, CS0103): the using directive that brings it in when it is one of
    /// Bridge's public types (<c>using Bridge;</c>, or its sub-namespace) or a member of <see cref="Binding"/>
    /// (<c>tf</c>, <c>np</c>, <c>print</c>...: <c>using static Bridge.Binding;</c>); null for any other name.
    /// </summary>
    internal static string? MissingUsingHint(string name)
    {
        name = name.Trim();
        int generic = name.IndexOf('<');
        if (generic >= 0) name = name[..generic];
        if (name.Length == 0) return null;
        string? directive = BindingMembers.Value.Contains(name) ? "using static Bridge.Binding;"
            : BridgeTypes.Value.TryGetValue(name, out var ns) ? $"using {ns};" : null;
        return directive is null ? null
            : $"add `{directive}` at the top of the script (bridge run, like dotnet-script, imports no Bridge namespace by itself)";
    }

    private static readonly Lazy<HashSet<string>> BindingMembers = new(() =>
        typeof(Binding).GetMembers(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).ToHashSet(StringComparer.Ordinal));

    private static readonly Lazy<Dictionary<string, string>> BridgeTypes = new(() =>
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in typeof(Binding).Assembly.GetExportedTypes().Where(t => !t.IsNested && t.Namespace is not null))
        {
            var name = type.Name.Split('`')[0];
            if (!types.TryGetValue(name, out var ns) || type.Namespace == "Bridge") types[name] = type.Namespace!;
        }
        return types;
    });
}
