using System.Globalization;

namespace Bridge.Cli.Scripting;

/// <summary>A compile-time problem at a position in a script file, printed as <c>file(line,col): error CODE: message</c>.</summary>
/// <param name="File">The file as shown to the user (the path given on the command line, or relative to it).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Code">A compiler code such as <c>CS1002</c>, or null for Bridge's own directive errors.</param>
/// <param name="Message">What went wrong, and where useful how to fix it.</param>
internal sealed record ScriptError(string File, int Line, int Column, string? Code, string Message)
{
    /// <summary>The MSBuild-style one-line form editors and terminals recognize.</summary>
    public override string ToString()
    {
        var code = Code is null ? "" : " " + Code;
        return string.Create(CultureInfo.InvariantCulture, $"{File}({Line},{Column}): error{code}: {Message}");
    }
}
