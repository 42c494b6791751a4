using Bridge.Cli.Check;
using Bridge.Cli.Scripting;

namespace Bridge.Cli;

/// <summary>The <c>bridge</c> command line: a tiny dispatcher over subcommands (<c>run</c>, <c>check</c>, <c>bench</c>).</summary>
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
          check [--originals DIR] [--data DIR] [LAB...]
                                      Run the labs that need no download (lab 01's notebook,
                                      02 to 06, including scripts/versions/ for records printed
                                      by earlier versions of a course file, lab-07-1 at learning
                                      rates 0.1, 1.5 and 1e-10, 07-2, 07-3, 09-1, 09-2, 09-3,
                                      09-x, 09-4) and print one table comparing every printed
                                      number with the original lab's printed output, then a
                                      verdict; exit code 1 if any differs. LAB limits the runs
                                      to names starting with it (e.g. lab-07). The originals are
                                      tests/data/originals/NAME.txt; NAME is the script's name
                                      without .csx (lab-09-2-xor-nn), plus -lr0.1, -lr1.5 or
                                      -lr1e-10 for lab-07-1-learning_rate_and_evaluation. A
                                      file NAME.txt in DIR adds or replaces a reference; a run
                                      without one is listed as "no reference". A file holds the
                                      original's printed text; a line "..." marks omitted steps.
                                      Labs reading the course's CSV files find them in --data DIR
                                      (default ../shared/data/zero-to-all); a run whose file is
                                      not there is listed as "no data".
          ops [--markdown]           List every tf.* function: its signature, the ops it
                                      builds, their dtypes, gradient, and differences from
                                      TF 1.x (--markdown: docs/ops.md, generated from the same).
          bench [session|xor|cold|all]
                                      Print speed figures (medians; build with -c Release):
                                      session: Session.run overhead against raw TorchSharp;
                                      xor: lab-09-3 training time, per-step cost, memory;
                                      cold: cold `bridge run` of the lab-08 script;
                                      mnist [DIR]: lab 07-4's training against TorchSharp,
                                      NumPy and PyTorch (not part of "all");
                                      deep [DIR] [--epochs N] [--runs R] [--dropout] [--threads N]
                                      [--profile]: lab 10-4 (10-5 with --dropout) against
                                      TorchSharp and PyTorch, with RSS, BLAS and GFLOP/s
                                      (--threads: every engine's BLAS/OpenMP threads; --profile:
                                      where the facade's time goes, TF's exact matmul order's cost).

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
                "check" => await CheckCommand.RunAsync(args[1..], Console.Out, Console.Error),
                "bench" => Bench(args[1..]),
                "ops" => Ops(args[1..]),
                _ => Fail($"error: unknown command '{args[0]}'."),
            };
        }
        catch (Exception e)
        {
            // The script's own exceptions are reported by the runner; this is a bug or an I/O failure of bridge itself.
            Console.Error.WriteLine($"bridge: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("BRIDGE_TRACE") == "1") Console.Error.WriteLine(e.StackTrace);
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
        if (which == "torch-parts") { Cli.Bench.Baselines.TorchParts.Report(Console.Out); return 0; }
        if (which == "deep") return Cli.Bench.DeepBench.Run(args[1..], Console.Out);
        if (which == "mnist")
        {
            Cli.Bench.MnistBench.Run(Console.Out, args.Length > 1 ? args[1] : "MNIST_data/");
            return 0;
        }
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

    /// <summary><c>ops [--markdown]</c>: the op reference, generated from the op definitions.</summary>
    private static int Ops(string[] args)
    {
        if (args.Length > 1 || (args.Length == 1 && args[0] != "--markdown"))
            return Fail($"error: ops takes only --markdown, not '{string.Join(" ", args)}'.");
        Console.Out.Write(args.Length == 1 ? OpReference.Markdown() : OpReference.Text());
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
