using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Bridge.Cli.Scripting;

/// <summary>
/// <c>bridge run</c>: reads a .csx script and what it loads, compiles it (or takes it from the cache), runs it with
/// print's output sent to <c>stdout</c>, and turns compile errors and exceptions into short messages and exit codes.
/// </summary>
internal static class ScriptRunner
{
    /// <summary>Exit code of a compile error or a script that threw.</summary>
    public const int Failed = 1;

    /// <summary>Exit code of a usage problem such as a missing script file.</summary>
    public const int UsageError = 2;

    /// <summary>Runs a script with the cache the environment selects (see <see cref="ScriptCache.FromEnvironment"/>).</summary>
    /// <returns>0, the script's own int result, <see cref="Failed"/> or <see cref="UsageError"/>.</returns>
    public static Task<int> RunAsync(string path, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(path, args, stdout, stderr, ScriptCache.FromEnvironment());

    /// <summary>Runs a script with an explicit cache (null: compile every time).</summary>
    /// <remarks>
    /// Runs synchronously on the calling thread: print's redirect is [ThreadStatic], and the labs are synchronous,
    /// so the whole script stays on this thread (code after a real <c>await</c> would print to Console.Out).
    /// </remarks>
    public static Task<int> RunAsync(string path, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, ScriptCache? cache) =>
        Task.FromResult(Run(path, args, stdout, stderr, cache));

    private static int Run(string path, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, ScriptCache? cache)
    {
        if (!File.Exists(path))
        {
            stderr.WriteLine($"error: script file '{path}' not found.");
            return UsageError;
        }

        var timing = Environment.GetEnvironmentVariable("BRIDGE_TIMING") == "1" ? new PhaseTimer(stderr) : null;
        var sources = ScriptSources.Read(path);
        if (sources.Errors.Count > 0)
            return Report(sources.Errors, stderr);
        timing?.Lap("read");

        var key = cache is null ? null : ScriptCache.KeyOf(sources);
        var compiled = key is null ? null : cache!.TryGet(key);
        timing?.Lap(compiled is null ? "cache miss" : "cache hit");
        if (compiled is null)
        {
            compiled = Compile(sources, out var errors);
            timing?.Lap("compile");
            if (compiled is null)
                return Report(errors, stderr);
            if (key is not null)
                cache!.Put(key, compiled);
        }

        var exitCode = Execute(compiled, sources, args, stdout, stderr);
        timing?.Lap("run");
        return exitCode;
    }

    /// <summary><c>BRIDGE_TIMING=1</c>: where a run's time goes, on stderr (to check the cache and startup work).</summary>
    private sealed class PhaseTimer(TextWriter stderr)
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        public void Lap(string phase)
        {
            stderr.WriteLine($"bridge: {phase} {_watch.Elapsed.TotalMilliseconds:F0} ms (process {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds:F0} ms)");
            _watch.Restart();
        }
    }

    /// <summary>Kept out of line so that a cache hit never JITs anything that mentions Roslyn types.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CompiledScript? Compile(ScriptSources sources, out IReadOnlyList<ScriptError> errors) =>
        ScriptCompiler.Compile(sources, out errors);

    private static int Report(IEnumerable<ScriptError> errors, TextWriter stderr)
    {
        foreach (var error in errors)
            stderr.WriteLine(error.ToString());
        return Failed;
    }

    private static int Execute(CompiledScript compiled, ScriptSources sources, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var context = new ScriptLoadContext(sources.References);
        var assembly = context.LoadFromStream(new MemoryStream(compiled.Assembly), new MemoryStream(compiled.Pdb));
        var factory = FindFactory(assembly);

        // Slot 0 holds the globals; the submission stores itself in slot 1 (one submission, as Roslyn's ScriptBuilder does).
        var submissions = new object?[] { new ScriptGlobals(args.ToList()), null };
        var previous = Binding.tf_output_redirect;
        Binding.tf_output_redirect = stdout;
        try
        {
            var task = factory(submissions!);
            task.Wait();
            stdout.Flush();
            return task.Result is int code ? code : 0;
        }
        catch (Exception e)
        {
            stdout.Flush();
            ReportException(Unwrap(e), sources, stderr);
            return Failed;
        }
        finally
        {
            Binding.tf_output_redirect = previous;
        }
    }

    /// <summary>
    /// A script compiles to a class <c>Submission#0</c> whose static <c>&lt;Factory&gt;</c> takes the submission array,
    /// runs the top-level code and returns its result as a task.
    /// </summary>
    private static Func<object[], Task<object>> FindFactory(Assembly assembly)
    {
        const BindingFlags flags = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        var method = assembly.GetType("Submission#0")?.GetMethod("<Factory>", flags)
            ?? assembly.GetTypes().Select(t => t.GetMethod("<Factory>", flags)).FirstOrDefault(m => m is not null)
            ?? throw new InvalidOperationException("The compiled script has no <Factory> entry point.");
        return method.CreateDelegate<Func<object[], Task<object>>>();
    }

    /// <summary>Task.Wait wraps the script's exception; reflection may wrap it too. Users want the original.</summary>
    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            if (e is AggregateException { InnerExceptions.Count: 1 } a)
                e = a.InnerExceptions[0];
            else if (e is TargetInvocationException { InnerException: { } inner })
                e = inner;
            else
                return e;
        }
    }

    /// <summary>
    /// <c>Type: message</c> and the script position, without a stack dump: for a Bridge error the message already says
    /// what went wrong and how to fix it. Bridge errors use their short (Python-like) type names.
    /// </summary>
    private static void ReportException(Exception e, ScriptSources sources, TextWriter stderr)
    {
        stderr.WriteLine($"{NameOf(e)}: {e.Message}");
        if (ScriptPosition(e, sources) is { } at)
            stderr.WriteLine($"  at {at}");
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            stderr.WriteLine($"  caused by {NameOf(inner)}: {inner.Message}");
    }

    private static string NameOf(Exception e) => e is BridgeException ? e.GetType().Name : e.GetType().FullName ?? e.GetType().Name;

    /// <summary>The innermost stack frame in a script file, as <c>file(line,col)</c>, from the PDB emitted with the script.</summary>
    private static string? ScriptPosition(Exception e, ScriptSources sources)
    {
        foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
        {
            var file = frame.GetFileName();
            var line = frame.GetFileLineNumber();
            if (file is null || line <= 0 || !sources.Files.Any(f => f.DisplayPath == file))
                continue;
            var column = frame.GetFileColumnNumber();
            return column > 0 ? $"{file}({line},{column})" : $"{file}({line})";
        }
        return null;
    }
}
