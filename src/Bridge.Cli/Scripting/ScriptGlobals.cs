namespace Bridge.Cli.Scripting;

/// <summary>
/// The globals object of a script run: its public members are visible to the script as top-level names,
/// as dotnet-script exposes <c>Args</c>.
/// </summary>
/// <remarks>Public because the compiled script accesses it from another assembly.</remarks>
public sealed class ScriptGlobals
{
    /// <summary>Creates the globals for one run.</summary>
    public ScriptGlobals(IList<string> args) => Args = args;

    /// <summary>The arguments given after <c>--</c> on the command line.</summary>
    public IList<string> Args { get; }
}
