using Bridge.Cli.Scripting;

namespace Bridge.Cli;

/// <summary>The <c>bridge</c> command line: a tiny dispatcher over subcommands (only <c>run</c> for now).</summary>
internal static class Program
{
    private const string Usage = """
        Usage: bridge <command> [options]

        Commands:
          run FILE.csx [-- ARGS...]   Compile and run a C# script. Bridge is referenced and
                                      `using static Bridge.Binding;` is in effect; ARGS are
                                      available to the script as Args.
                                      Directives: #r "nuget: Bridge, x.y.z", #r "path/X.dll",
                                      #load "other.csx" (paths relative to the script).
          bench [session|xor|cold|all]
                                      Print speed figures (medians; build with -c Release):
                                      session: Session.run overhead against raw TorchSharp;
                                      xor: lab-09-3 training time, per-step cost, memory;
                                      cold: cold `bridge run` of the lab-08 script.

        Options:
          -h, --help                  Show this help.

        Environment:
          BRIDGE_NO_CACHE=1           Don't reuse compiled scripts from $XDG_CACHE_HOME/bridge
                                      (default ~/.cache/bridge).
        """;

    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Out.WriteLine(Usage);
            return 0;
        }

        try
        {
            return args[0] switch
            {
                "run" => await Run(args[1..]),
                "bench" => Bench(args[1..]),
                _ => Fail($"error: unknown command '{args[0]}'."),
            };
        }
        catch (Exception e)
        {
            // The script's own exceptions are reported by the runner; this is a bug or an I/O failure of bridge itself.
            Console.Error.WriteLine($"bridge: {e.GetType().Name}: {e.Message}");
            return ScriptRunner.Failed;
        }
    }

    /// <summary><c>run FILE [--] [ARGS...]</c>: everything after the file (minus one <c>--</c>) goes to the script.</summary>
    private static Task<int> Run(string[] args)
    {
        if (args.Length > 0 && args[0] is "-h" or "--help")
        {
            Console.Out.WriteLine(Usage);
            return Task.FromResult(0);
        }
        if (args.Length == 0 || args[0].StartsWith('-'))
            return Task.FromResult(Fail("error: run needs a script file, e.g. bridge run scripts/lab.csx"));

        var scriptArgs = args.Length > 1 && args[1] == "--" ? args[2..] : args[1..];
        return ScriptRunner.RunAsync(args[0], scriptArgs, Console.Out, Console.Error);
    }

    /// <summary><c>bench [session|cold|all]</c>: the speed figures the issues ask for, as medians.</summary>
    private static int Bench(string[] args)
    {
        var which = args.Length > 0 ? args[0] : "all";
        if (which is not ("session" or "cold" or "xor" or "all")) return Fail($"error: unknown benchmark '{which}'.");
        if (which is "session" or "all") Cli.Bench.SessionRunBench.Run(Console.Out);
        if (which is "xor" or "all") Cli.Bench.XorBench.Run(Console.Out);
        if (which is "cold" or "all")
        {
            var script = args.Length > 1 ? args[1] : Path.Combine("scripts", "lab-08-tensor_manipulation.csx");
            Cli.Bench.ColdStartBench.Run(Console.Out, script);
        }
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine();
        Console.Error.WriteLine(Usage);
        return ScriptRunner.UsageError;
    }
}
