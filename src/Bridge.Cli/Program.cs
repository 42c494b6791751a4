using Bridge.Cli.Check;
using Bridge.Cli.Scripting;

namespace Bridge.Cli;

/// <summary>The <c>bridge</c> command line: a tiny dispatcher over subcommands (<c>run</c>, <c>check</c>, <c>bench</c>).</summary>
internal static class Program
{
    // Help texts, one per command: `bridge --help` prints them all, `bridge COMMAND --help` its own. (A hand-written
    // dispatcher rather than System.CommandLine: that parser added 100-120 ms to every start here, against a budget
    // of 10% of `bridge run`'s cached start.)
    private const string RunHelp = """
          run FILE.csx [-- ARGS...]   Compile and run a C# script. Bridge is referenced; the script
                                      names its namespaces (`using Bridge;`, `using static
                                      Bridge.Binding;`) as under dotnet-script. ARGS are available
                                      to the script as Args.
                                      Directives: #r "nuget: ZeroToAll.Bridge, x.y.z", #r "path/X.dll",
                                      #load "other.csx" (paths relative to the script).
        """;

    private const string CheckHelp = """
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
        """;

    private const string OpsHelp = """
          ops [--markdown]            List every tf.* function: its signature, the ops it
                                      builds, their dtypes, gradient, and differences from
                                      TF 1.x (--markdown: docs/ops.md, generated from the same).
        """;

    private const string BenchHelp = """
          bench [BENCHMARK] [ARGS]    Print speed figures (medians; build with -c Release):
                                      session       Session.run overhead against raw TorchSharp;
                                      xor           lab-09-3 training time, per-step cost, memory;
                                      cold [FILE]   cold `bridge run` of a script (default: lab 08's);
                                      all           session, xor and cold (the default);
                                      mnist [DIR] [--runs R] [--facade-only]
                                                    lab 07-4's training against TorchSharp, NumPy
                                                    and PyTorch (MNIST in DIR, default MNIST_data/;
                                                    medians of R runs, default 5; --facade-only: (a) alone);
                                      deep [DIR] [--epochs N] [--runs R] [--dropout] [--threads N] [--profile]
                                                    lab 10-4 (10-5 with --dropout) against TorchSharp
                                                    and PyTorch, with RSS, BLAS and GFLOP/s (--threads:
                                                    every engine's BLAS/OpenMP threads; --profile: where
                                                    the facade's time goes, TF's exact matmul order's cost);
                                      cnn [DIR] [--lab 11-1|11-2] [--epochs N] [--runs R] [--threads N]
                                                    one epoch of lab 11-1 (or 11-2) against TorchSharp
                                                    and PyTorch, with RSS, BLAS and GFLOP/s;
                                      torch-parts   the libtorch calls lab 07-4's step is made of.
                                      memory [--mb N]
                                                    peak RSS above the baseline of fills, feeds and
                                                    fetches of N MB (default 400), C# and Python, and
                                                    its ratio to the value (target <= 1.5);
                                      soak [--runs N] [--every K] [--csharp-only | --python-only]
                                                    RSS every K of N session runs (default a million)
                                                    of a small training step, C# and Python;
        """;

    private static string Usage => $"""
        Usage: bridge <command> [options]

        Commands:
        {RunHelp}{CheckHelp}{OpsHelp}{BenchHelp}
        Options:
          -h, --help                  Show this help (after a command: that command's help).
          --version                   Show the versions of bridge, Bridge, TorchSharp and libtorch.

        Environment:
          BRIDGE_NO_CACHE=1           Don't reuse compiled scripts from $XDG_CACHE_HOME/bridge
                                      (default ~/.cache/bridge).
        """;

    private static bool IsHelp(string arg) => arg is "-h" or "--help";

    /// <summary>A command's own help, exit code 0.</summary>
    private static int Help(string text)
    {
        Console.Out.WriteLine($"Usage: bridge <command> [options], here:{Environment.NewLine}{text.TrimEnd()}");
        return 0;
    }

    /// <summary>
    /// <c>bridge --version</c>: this CLI's version, the library's, and the engine's (TorchSharp and the libtorch package
    /// it was built against), one per line.
    /// </summary>
    private static int Version()
    {
        static string Of(System.Reflection.Assembly a) =>
            (a.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .FirstOrDefault() as System.Reflection.AssemblyInformationalVersionAttribute)?.InformationalVersion.Split('+')[0]
            ?? a.GetName().Version?.ToString() ?? "?";
        var bridge = typeof(Bridge.Binding).Assembly;
        var libtorch = bridge.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(m => m.Key == "Bridge.LibTorchPackage")?.Value;
        Console.Out.WriteLine($"bridge {Of(typeof(Program).Assembly)}");
        Console.Out.WriteLine($"Bridge {Of(bridge)}");
        // The engine's assemblies as Bridge was built against them (read from its references: the CLI names no engine).
        var engine = bridge.GetReferencedAssemblies()
            .Where(n => n.Name is { } name && !name.StartsWith("System", StringComparison.Ordinal) && !name.StartsWith("Microsoft", StringComparison.Ordinal)
                        && name is not ("netstandard" or "mscorlib") && !name.StartsWith("Python.Runtime", StringComparison.Ordinal) && !name.StartsWith("ScottPlot", StringComparison.Ordinal)
                        && !name.StartsWith("SkiaSharp", StringComparison.Ordinal))
            .Select(n => $"{n.Name} {n.Version}");
        Console.Out.WriteLine($"engine: {string.Join(", ", engine)}{(libtorch is null ? "" : $" with {libtorch}")}");
        return 0;
    }

    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || IsHelp(args[0]) || args[0] == "help")
        {
            Console.Out.WriteLine(Usage);
            return 0;
        }
        if (args[0] == "--version") return Version();
        if (args.Length > 1 && IsHelp(args[1]))
        {
            switch (args[0])
            {
                case "run": return Help(RunHelp);
                case "check": return Help(CheckHelp);
                case "bench": return Help(BenchHelp);
                case "ops": return Help(OpsHelp);
            }
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
        if (args.Length == 0 || args[0].StartsWith('-'))
            return Task.FromResult(Fail("error: run needs a script file, e.g. bridge run scripts/lab.csx"));

        var scriptArgs = args.Length > 1 && args[1] == "--" ? args[2..] : args[1..];
        return ScriptRunner.RunAsync(args[0], scriptArgs, Console.Out, Console.Error);
    }

    /// <summary>Every benchmark <c>bench</c> runs (its help lists each; a test checks that).</summary>
    internal static readonly string[] Benchmarks = ["session", "xor", "cold", "all", "mnist", "deep", "cnn", "torch-parts", "memory", "soak"];

    /// <summary><c>bench [BENCHMARK] [ARGS]</c>: the speed figures the issues ask for, as medians.</summary>
    private static int Bench(string[] args)
    {
        var which = args.Length > 0 ? args[0] : "all";
        if (!Benchmarks.Contains(which))
            return Fail($"error: unknown benchmark '{which}' (the benchmarks: {string.Join(", ", Benchmarks)}).");
        if (which == "torch-parts")
        {
            if (new Cli.Bench.BenchOptions(which, "bench torch-parts").Parse(args[1..], Console.Out) is int code) return code;
            Cli.Bench.Baselines.TorchParts.Report(Console.Out);
            return 0;
        }
        if (which == "deep") return Cli.Bench.DeepBench.Run(args[1..], Console.Out);
        if (which == "cnn") return Cli.Bench.CnnBench.Run(args[1..], Console.Out);
        if (which == "memory") return Cli.Bench.MemoryBench.Run(args[1..], Console.Out);
        if (which == "soak") return Cli.Bench.SoakBench.Run(args[1..], Console.Out);
        if (which == "mnist")
        {
            return Cli.Bench.MnistBench.Run(args[1..], Console.Out);
        }
        // session, xor, cold and all: no options (cold: the script to start), the same --help and errors as the others.
        var script = Path.Combine("scripts", "lab-08-tensor_manipulation.csx");
        var options = new Cli.Bench.BenchOptions(which, which == "cold" ? "bench cold [FILE.csx]" : $"bench {which}");
        if (which == "cold") options.Positional("FILE.csx", v => script = v);
        if (options.Parse(args[1..], Console.Out) is int exit) return exit;
        if (which is "session" or "all") Cli.Bench.SessionRunBench.Run(Console.Out);
        if (which is "xor" or "all") Cli.Bench.XorBench.Run(Console.Out);
        if (which is "cold" or "all") Cli.Bench.ColdStartBench.Run(Console.Out, script);
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
