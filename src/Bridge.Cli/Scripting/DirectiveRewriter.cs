using System.Text;
using System.Text.RegularExpressions;

namespace Bridge.Cli.Scripting;

/// <summary>What a script's <c>#r</c>/<c>#load</c> prologue asks for.</summary>
internal enum DirectiveKind
{
    /// <summary><c>#r "path/to/X.dll"</c>: a local assembly, resolved by Bridge.</summary>
    Reference,

    /// <summary><c>#load "other.csx"</c>: another script, compiled by Roslyn as its own syntax tree.</summary>
    Load,
}

/// <summary>One directive found in a script, with its 1-based position for error messages.</summary>
internal sealed record ScriptDirective(DirectiveKind Kind, string Value, int Line, int Column);

/// <summary>A script's text after rewriting, with the directives Bridge must act on and the errors found.</summary>
internal sealed record RewrittenScript(string Text, IReadOnlyList<ScriptDirective> Directives, IReadOnlyList<ScriptError> Errors);

/// <summary>
/// Makes dotnet-script style directives acceptable to plain Roslyn scripting. <c>#r "nuget: ZeroToAll.Bridge, ..."</c>
/// becomes a blank line (Bridge is referenced anyway); other NuGet packages are errors (there is no restore);
/// <c>#r "X.dll"</c> is blanked and returned so the runner can reference and later load that file itself;
/// <c>#load</c> stays for Roslyn (each file keeps its own path, so positions in it stay right) and is returned
/// so the runner can read the loaded files up front. Handled lines are blanked, never removed, so line and column
/// numbers of everything else are unchanged.
/// </summary>
internal static partial class DirectiveRewriter
{
    /// <summary>Rewrites one script file; <paramref name="displayPath"/> only appears in error messages.</summary>
    public static RewrittenScript Rewrite(string displayPath, string text)
    {
        var output = new StringBuilder(text.Length);
        var directives = new List<ScriptDirective>();
        var errors = new List<ScriptError>();
        var inPrologue = true;
        var inBlockComment = false;
        var lineNumber = 0;
        var start = 0;
        while (start < text.Length)
        {
            lineNumber++;
            var end = text.IndexOf('\n', start);
            var next = end < 0 ? text.Length : end + 1;
            var contentEnd = end < 0 ? text.Length : (end > start && text[end - 1] == '\r' ? end - 1 : end);
            var line = text.AsSpan(start, contentEnd - start);
            var keep = true;
            if (inPrologue)
            {
                (inPrologue, inBlockComment, var directive) = ScanPrologueLine(line, inBlockComment);
                if (directive is not null)
                    keep = Handle(directive.Value, displayPath, lineNumber, directives, errors);
            }

            // A blanked line keeps its terminator so later lines keep their numbers.
            output.Append(keep ? text.AsSpan(start, next - start) : text.AsSpan(contentEnd, next - contentEnd));
            start = next;
        }

        return new RewrittenScript(output.ToString(), directives, errors);
    }

    /// <summary>
    /// Classifies a line of the prologue: Roslyn only accepts <c>#r</c>/<c>#load</c> before the first token, so the
    /// scan stops at the first line of code (string literals further down can never be mistaken for directives).
    /// </summary>
    private static (bool InPrologue, bool InBlockComment, (string Kind, string Value, int Column)? Directive) ScanPrologueLine(
        ReadOnlySpan<char> line, bool inBlockComment)
    {
        var trimmed = line.Trim();
        if (inBlockComment)
            return (true, trimmed.IndexOf("*/") < 0, null);
        if (trimmed.IsEmpty || trimmed.StartsWith("//"))
            return (true, false, null);
        if (trimmed.StartsWith("/*"))
            return (true, trimmed[2..].IndexOf("*/") < 0, null);
        if (!trimmed.StartsWith("#"))
            return (false, false, null);

        // #!, #nullable, #define ... are Roslyn's business; they don't end the prologue.
        var match = DirectivePattern().Match(line.ToString());
        if (!match.Success)
            return (true, false, null);
        var column = match.Groups["indent"].Length + 1;
        return (true, false, (match.Groups["kind"].Value, match.Groups["value"].Value, column));
    }

    /// <summary>Records or rejects one directive; returns whether its line is kept for Roslyn.</summary>
    private static bool Handle((string Kind, string Value, int Column) d, string displayPath, int line,
        List<ScriptDirective> directives, List<ScriptError> errors)
    {
        var nuget = NuGetPattern().Match(d.Value);
        if (nuget.Success)
        {
            var package = nuget.Groups["name"].Value;
            if (d.Kind == "r" && package.Equals("Bridge", StringComparison.OrdinalIgnoreCase))
            {
                // nuget.org's "Bridge" is Bridge.NET: under dotnet-script this line would fetch that, not this library.
                errors.Add(new ScriptError(displayPath, line, d.Column, null,
                    $"#r \"nuget: Bridge\" names nuget.org's Bridge (Bridge.NET, an unrelated C# to JavaScript compiler); this library's package is {PackageId}. - help: write #r \"nuget: {PackageId}, {BridgeVersion()}\"."));
                return false;
            }
            if (d.Kind == "r" && package.Equals(PackageId, StringComparison.OrdinalIgnoreCase))
            {
                // The same line restores the package under dotnet-script, so the version it names must be the one
                // bridge run provides: a script that passes here would otherwise fail there (or run another Bridge).
                var wanted = nuget.Groups["version"].Value.Trim();
                var inHand = BridgeVersion();
                if (wanted.Length > 0 && wanted != inHand)
                    errors.Add(new ScriptError(displayPath, line, d.Column, null,
                        $"the script asks for {PackageId} {wanted}; bridge run provides {PackageId} {inHand}. - help: write #r \"nuget: {PackageId}, {inHand}\" " +
                        "(the version in src/Bridge/Bridge.csproj, which dotnet pack src/Bridge -c Release -o artifacts/feed puts in the local feed)."));
                return false;
            }
            var help = d.Kind == "r"
                ? $"reference a local dll with #r \"path/to/{package}.dll\"."
                : "copy the script next to yours and #load it by path.";
            errors.Add(new ScriptError(displayPath, line, d.Column, null,
                $"NuGet package '{package}' is not available to bridge run; only Bridge's ({PackageId}) is. - help: {help}"));
            return false;
        }

        if (d.Kind == "load")
        {
            directives.Add(new ScriptDirective(DirectiveKind.Load, d.Value, line, d.Column));
            return true;
        }

        // A bare assembly name (#r "System.Net.Http") is left to Roslyn's resolver, which finds framework assemblies.
        if (!IsFileReference(d.Value))
            return true;
        directives.Add(new ScriptDirective(DirectiveKind.Reference, d.Value, line, d.Column));
        return false;
    }

    /// <summary>The referenced Bridge's package version (its informational version without the source revision).</summary>
    /// <summary>Bridge's NuGet package id (src/Bridge/Bridge.csproj's PackageId).</summary>
    internal const string PackageId = "ZeroToAll.Bridge";

    private static string BridgeVersion()
    {
        var info = typeof(Bridge.Binding).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "";
        return info.Split('+')[0];
    }

    private static bool IsFileReference(string value) =>
        value.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || value.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)
        || value.Contains('/') || value.Contains('\\');

    /// <summary><c>#r "..."</c> or <c>#load "..."</c>, optionally followed by a line comment.</summary>
    [GeneratedRegex("""^(?<indent>\s*)#(?<kind>r|load)\s+"(?<value>[^"]*)"\s*(//.*)?$""")]
    private static partial Regex DirectivePattern();

    /// <summary><c>nuget: Name</c> or <c>nuget: Name, Version</c>, any spacing and case.</summary>
    [GeneratedRegex("""^\s*nuget\s*:\s*(?<name>[^,\s]+)\s*(,(?<version>.*))?$""", RegexOptions.IgnoreCase)]
    private static partial Regex NuGetPattern();
}
