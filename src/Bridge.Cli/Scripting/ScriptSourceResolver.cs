using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Bridge.Cli.Scripting;

/// <summary>
/// Serves <c>#load</c> from the files <see cref="ScriptSources"/> already read and rewrote, so loaded scripts get the
/// same directive handling as the main one and are compiled under their display path (for error positions and the PDB).
/// </summary>
internal sealed class ScriptSourceResolver(ScriptSources sources) : SourceReferenceResolver
{
    /// <inheritdoc />
    public override string? NormalizePath(string path, string? baseFilePath) => Resolve(path, baseFilePath)?.DisplayPath;

    /// <inheritdoc />
    public override string? ResolveReference(string path, string? baseFilePath) => Resolve(path, baseFilePath)?.DisplayPath;

    /// <inheritdoc />
    public override Stream OpenRead(string resolvedPath) =>
        new MemoryStream(Encoding.UTF8.GetBytes(Get(resolvedPath).Text), writable: false);

    /// <summary>The rewritten text, with an encoding so the PDB can record a checksum of it.</summary>
    public override SourceText ReadText(string resolvedPath) => SourceText.From(Get(resolvedPath).Text, Encoding.UTF8);

    /// <inheritdoc />
    public override bool Equals(object? other) => other is ScriptSourceResolver r && ReferenceEquals(r.Sources, Sources);

    /// <inheritdoc />
    public override int GetHashCode() => Sources.GetHashCode();

    private ScriptSources Sources => sources;

    private ScriptFile? Resolve(string path, string? baseFilePath)
    {
        // Display paths are absolute or relative to the working directory, so GetFullPath recovers the file.
        var containing = baseFilePath is null ? sources.Main.FullPath : Path.GetFullPath(baseFilePath);
        return sources.Find(ScriptSources.ResolveFullPath(path, containing));
    }

    private ScriptFile Get(string resolvedPath) =>
        sources.Find(Path.GetFullPath(resolvedPath)) ?? throw new FileNotFoundException("Not part of the script.", resolvedPath);
}
