using System.Diagnostics;
using Bridge.Cli.Scripting;

namespace Bridge.Tests.Cli;

/// <summary><c>bridge run</c>: directives, arguments, error reporting and the compile cache, in-process and as a real process.</summary>
public class ScriptRunnerTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "bridge-run-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteFolder()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { } // a loaded dll may still be mapped; the temp folder is cleaned eventually
        catch (UnauthorizedAccessException) { }
    }

    [Test]
    public void Hello_PrintsToTheGivenWriter()
    {
        var r = Run(Write("hello.csx", """using static Bridge.Binding; print("a", 1, "b");"""));
        Assert.Multiple(() =>
        {
            Assert.That(r.Stderr, Is.Empty);
            Assert.That(r.Stdout, Is.EqualTo("a 1 b\n"));
            Assert.That(r.ExitCode, Is.EqualTo(0));
        });
    }

    [Test]
    public void DefaultUsings_AreInEffect()
    {
        // dotnet-script's imports (System.Console as a static import), nothing of Bridge's but what the script says.
        var r = Run(Write("usings.csx", """
            using Bridge;
            using static Bridge.Binding;
            var xs = new List<int> { 1, 2, 3 };
            var sb = new StringBuilder().Append(xs.Sum());
            Expression<Func<int>> e = () => 1;
            dynamic bag = new ExpandoObject();
            bag.n = Stopwatch.Frequency > 0;
            print(string.Join(" ", sb, Path.GetFileName("a/b.txt"), typeof(BridgeException).Name, e.Compile()(), bag.n, Out is TextWriter));
            """));
        Assert.That(r.Stdout, Is.EqualTo("6 b.txt BridgeException 1 True True\n"), r.Stderr);
    }

    [Test]
    public void Args_AreTheArgumentsAfterTheScript()
    {
        var r = Run(Write("args.csx", """using static Bridge.Binding; print(Args.Count, string.Join("|", Args));"""), ["x", "y z"]);
        Assert.That(r.Stdout, Is.EqualTo("2 x|y z\n"), r.Stderr);
    }

    [Test]
    public void IntResult_IsTheExitCode()
    {
        var r = Run(Write("exit.csx", """using static Bridge.Binding; print("bye"); return 3;"""));
        Assert.That((r.ExitCode, r.Stdout), Is.EqualTo((3, "bye\n")), r.Stderr);
    }

    [TestCase("#r \"nuget: ZeroToAll.Bridge, 0.1.0\"")]
    [TestCase("#r \"nuget:zerotoall.bridge,0.1.0\"")]
    [TestCase("  #r   \"NuGet :  ZEROTOALL.BRIDGE\"  // the library")]
    public void NuGetBridge_IsTheBridgeInHand(string directive)
    {
        var r = Run(Write("nuget.csx", directive + "\nusing static Bridge.Binding;\nprint(\"ok\");"));
        Assert.That((r.ExitCode, r.Stdout), Is.EqualTo((0, "ok\n")), r.Stderr);
    }

    [Test]
    public void NuGetBridge_UnderNuGetOrgsId_IsRejectedWithOurs()
    {
        // nuget.org's "Bridge" is Bridge.NET: dotnet-script would fetch that, so bridge run must not accept it either.
        var path = Write("nuget-old-id.csx", "#r \"nuget: Bridge, 0.1.0\"\nusing static Bridge.Binding; print(\"ok\");");
        var r = Run(path);
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.StartWith($"{path}(1,1): error: #r \"nuget: Bridge\" names nuget.org's Bridge (Bridge.NET, an unrelated C# to JavaScript compiler); this library's package is ZeroToAll.Bridge. - help: write #r \"nuget: ZeroToAll.Bridge, 0.1.0\"."));
    }

    [Test]
    public void NuGetBridge_OfAnotherVersion_IsRejectedWithThePackCommand()
    {
        // Under dotnet-script the same line restores that version from the feed: it must be the one in hand.
        var path = Write("nuget-version.csx", "#r \"nuget:zerotoall.bridge,9.9.9\"\nusing static Bridge.Binding; print(\"ok\");");
        var r = Run(path);
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.StartWith($"{path}(1,1): error: the script asks for ZeroToAll.Bridge 9.9.9; bridge run provides ZeroToAll.Bridge 0.1.0.")
            .And.Contain("dotnet pack src/Bridge -c Release -o artifacts/feed"));
    }

    [Test]
    public void OtherNuGetPackages_AreRejectedWithHelp()
    {
        var path = Write("other.csx", "// uses json\n#r \"nuget: Newtonsoft.Json, 13.0.1\"\nusing static Bridge.Binding; print(1);");
        var r = Run(path);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1));
            Assert.That(r.Stdout, Is.Empty);
            Assert.That(r.Stderr, Is.EqualTo($"{path}(2,1): error: NuGet package 'Newtonsoft.Json' is not available to bridge run; " +
                "only Bridge's (ZeroToAll.Bridge) is. - help: reference a local dll with #r \"path/to/Newtonsoft.Json.dll\".\n"));
        });
    }

    [Test]
    public void DllReference_IsRelativeToTheScript()
    {
        var lib = Directory.CreateDirectory(Path.Combine(_dir, "lib")).FullName;
        File.Copy(typeof(Assert).Assembly.Location, Path.Combine(lib, "nunit.framework.dll"));
        var r = Run(Write("dll.csx", """
            #r "lib/nunit.framework.dll"
            using static Bridge.Binding;
            print(typeof(NUnit.Framework.Assert).Assembly.GetName().Name);
            """));
        Assert.That((r.ExitCode, r.Stdout), Is.EqualTo((0, "nunit.framework\n")), r.Stderr);
    }

    [Test]
    public void MissingDll_IsAnErrorAtTheDirective()
    {
        var path = Write("nodll.csx", "\n#r \"lib/none.dll\"\nusing static Bridge.Binding; print(1);");
        var r = Run(path);
        Assert.That((r.ExitCode, r.Stderr), Is.EqualTo((1, $"{path}(2,1): error CS0006: Metadata file 'lib/none.dll' could not be found.\n")));
    }

    [Test]
    public void Load_IsRelativeToTheIncludingScript_AndNests()
    {
        Write("lib/a.csx", """
            #r "nuget: ZeroToAll.Bridge, 0.1.0"
            #load "inner/b.csx"
            string A() => "a" + B();
            """);
        Write("lib/inner/b.csx", """
            string B() => "b";
            """);
        var r = Run(Write("main.csx", """
            #load "lib/a.csx"
            #load "lib/inner/b.csx" // loaded twice: compiled once
            using static Bridge.Binding;
            print(A(), B());
            """));
        Assert.That((r.ExitCode, r.Stdout), Is.EqualTo((0, "ab b\n")), r.Stderr);
    }

    [Test]
    public void MissingLoad_IsAnErrorAtTheDirective()
    {
        var path = Write("noload.csx", "#load \"none.csx\"\nusing static Bridge.Binding; print(1);");
        var r = Run(path);
        Assert.That((r.ExitCode, r.Stderr), Is.EqualTo((1, $"{path}(1,1): error CS1504: Source file 'none.csx' could not be found.\n")));
    }

    [Test]
    public void CompileErrors_HaveFileLineAndColumn_AfterDirectives()
    {
        var path = Write("bad.csx", """
            #r "nuget: ZeroToAll.Bridge, 0.1.0"
            #load "lib.csx"
            using static Bridge.Binding;
            var x = 1
            print(y);
            """);
        Write("lib.csx", "#r \"nuget: ZeroToAll.Bridge, 0.1.0\"\n\nint Twice(int v) => v * undefinedName;\n");
        var r = Run(path);
        var lib = Path.Combine(_dir, "lib.csx");
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1));
            Assert.That(r.Stdout, Is.Empty);
            Assert.That(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EquivalentTo(new[]
            {
                $"{path}(4,10): error CS1002: ; expected",
                $"{path}(5,7): error CS0103: The name 'y' does not exist in the current context",
                $"{lib}(3,25): error CS0103: The name 'undefinedName' does not exist in the current context",
            }));
        });
    }

    [Test]
    public void BridgeException_PrintsTypeMessageAndLine_WithoutStackDump()
    {
        var path = Write("throw.csx", """
            #r "nuget: ZeroToAll.Bridge, 0.1.0"
            using Bridge; using static Bridge.Binding;
            print("before");
            throw new ValueError("Shapes (2,) and (3,) are incompatible. - help: reshape one of them.");
            """);
        var r = Run(path);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1));
            Assert.That(r.Stdout, Is.EqualTo("before\n"));
            Assert.That(r.Stderr, Is.EqualTo(
                "ValueError: Shapes (2,) and (3,) are incompatible. - help: reshape one of them.\n" +
                $"  at {path}(4,1)\n"));
        });
    }

    [Test]
    public void OtherExceptions_UseTheFullTypeName()
    {
        var path = Write("boom.csx", """
            void Boom() => throw new InvalidOperationException("boom");
            Boom();
            """);
        var r = Run(path);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1));
            Assert.That(r.Stderr, Does.StartWith("System.InvalidOperationException: boom\n"));
            Assert.That(r.Stderr, Does.Contain($"{path}(1,"));
            Assert.That(r.Stderr, Does.Not.Contain("Submission#0"));
        });
    }

    [Test]
    public void MissingScript_ExitsWithTwo()
    {
        var r = Run(Path.Combine(_dir, "nothere.csx"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.Contain("nothere.csx").And.Contain("not found"));
    }

    [Test]
    public void Cache_SecondRunIsServedFromDisk_AndAnEditInvalidates()
    {
        var cache = new ScriptCache(Path.Combine(_dir, "cache"));
        Write("lib.csx", "string Who() => \"world\";");
        var path = Write("cached.csx", "#load \"lib.csx\"\nusing static Bridge.Binding;\nprint(\"hello\", Who(), Args[0]);");

        var first = Run(path, ["1"], cache);
        var second = Run(path, ["2"], cache);
        Assert.Multiple(() =>
        {
            Assert.That(first.Stdout, Is.EqualTo("hello world 1\n"), first.Stderr);
            Assert.That(second.Stdout, Is.EqualTo("hello world 2\n"), second.Stderr);
            Assert.That(cache.Hits, Is.EqualTo(1));
            Assert.That(Directory.GetFiles(cache.Directory, "*.dll"), Has.Length.EqualTo(1));
        });

        // A change in a loaded file is part of the key.
        Write("lib.csx", "string Who() => \"there\";");
        var third = Run(path, ["3"], cache);
        Assert.That((third.Stdout, cache.Hits), Is.EqualTo(("hello there 3\n", 1)), third.Stderr);
    }

    [Test]
    public void Cache_KeepsRuntimeErrorPositions()
    {
        var cache = new ScriptCache(Path.Combine(_dir, "cache"));
        var path = Write("t.csx", "using Bridge; using static Bridge.Binding; print(1);\nthrow new IndexError(\"index 5 is out of bounds\");");
        var first = Run(path, [], cache);
        var second = Run(path, [], cache);
        Assert.That(second.Stderr, Is.EqualTo(first.Stderr));
        Assert.That(second.Stderr, Is.EqualTo($"IndexError: index 5 is out of bounds\n  at {path}(2,1)\n"));
        Assert.That(cache.Hits, Is.EqualTo(1));
    }

    [Test]
    public void ABridgeTypeWithoutUsingBridge_FailsAsUnderDotnetScript_WithTheUsingToAdd()
    {
        // dotnet-script imports no Bridge namespace: bridge run is as strict, so a script that runs here runs there.
        var path = Write("nousing.csx", """
            #r "nuget: ZeroToAll.Bridge, 0.1.0"
            using static Bridge.Binding;
            NDArray a = np.zeros(new long[] { 2 });
            var d = new DataSet(a, a);
            print(a, undefinedThing);
            """);
        var r = Run(path);
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            $"{path}(3,1): error CS0246: The type or namespace name 'NDArray' could not be found (are you missing a using directive or an assembly reference?)"
                + " - help: add `using Bridge;` at the top of the script (bridge run, like dotnet-script, imports no Bridge namespace by itself)",
            $"{path}(4,13): error CS0246: The type or namespace name 'DataSet' could not be found (are you missing a using directive or an assembly reference?)"
                + " - help: add `using Bridge;` at the top of the script (bridge run, like dotnet-script, imports no Bridge namespace by itself)",
            $"{path}(5,10): error CS0103: The name 'undefinedThing' does not exist in the current context",
        }));
    }

    [Test]
    public void TfWithoutUsingStaticBinding_NamesThatUsing()
    {
        var path = Write("notf.csx", "#r \"nuget: ZeroToAll.Bridge, 0.1.0\"\nusing Bridge;\nvar x = tf.constant(1);\n");
        var r = Run(path);
        Assert.That((r.ExitCode, r.Stderr), Is.EqualTo((1,
            $"{path}(3,9): error CS0103: The name 'tf' does not exist in the current context - help: add `using static Bridge.Binding;` " +
            "at the top of the script (bridge run, like dotnet-script, imports no Bridge namespace by itself)\n")));
    }

    [Test]
    public void Imports_AreDotnetScriptsDefaults()
    {
        // dotnet-script 2.0's ScriptCompiler.ImportedNamespaces, in its order.
        Assert.That(ScriptCompiler.Imports, Is.EqualTo(new[]
        {
            "System", "System.IO", "System.Collections.Generic", "System.Console", "System.Diagnostics", "System.Dynamic",
            "System.Linq", "System.Linq.Expressions", "System.Text", "System.Threading.Tasks",
        }));
        Assert.That(ScriptCompiler.MissingUsingHint("Session"), Does.StartWith("add `using Bridge;`"));
        Assert.That(ScriptCompiler.MissingUsingHint("FileWriter"), Does.StartWith("add `using Bridge;`"));
        Assert.That(ScriptCompiler.MissingUsingHint("print"), Does.StartWith("add `using static Bridge.Binding;`"));
        Assert.That(ScriptCompiler.MissingUsingHint("List<int>"), Is.Null);
        Assert.That(ScriptCompiler.MissingUsingHint("Frobnicator"), Is.Null);
    }

    /// <summary>Every script of the repository compiles with those imports alone (it names its usings itself).</summary>
    [Test]
    public void EveryRepositoryScript_CompilesWithItsOwnUsings()
    {
        var root = Bridge.Tests.SharedData.RepoRoot;
        var scripts = Directory.GetFiles(Path.Combine(root, "scripts"), "*.csx", SearchOption.AllDirectories).Order().ToList();
        Assert.That(scripts, Has.Count.GreaterThan(30));
        var failures = new List<string>();
        foreach (var script in scripts)
        {
            var sources = ScriptSources.Read(script);
            if (ScriptCompiler.Compile(sources, out var errors) is null || sources.Errors.Count > 0)
                failures.AddRange(sources.Errors.Concat(errors).Select(e => e.ToString()));
        }
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void RealCli_RunsAScript()
    {
        var path = Write("cli.csx", """
            #r "nuget: ZeroToAll.Bridge, 0.1.0"
            using static Bridge.Binding;
            print("from", "cli", Args.Count, Args[0]);
            """);
        var r = Cli(["run", path, "--", "x y"]);
        Assert.That((r.ExitCode, r.Stdout, r.Stderr), Is.EqualTo((0, "from cli 1 x y\n", "")));
    }

    [Test]
    public void RealCli_UnknownCommand_PrintsUsageAndExitsWithTwo()
    {
        var r = Cli(["frobnicate"]);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2));
            Assert.That(r.Stderr, Does.Contain("unknown command 'frobnicate'").And.Contain("Usage: bridge"));
        });
        Assert.That(Cli(["--help"]), Has.Property("ExitCode").EqualTo(0).And.Property("Stdout").Contains("run FILE.csx"));
    }

    private sealed record Result(int ExitCode, string Stdout, string Stderr);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>In-process, with no cache unless given one (the user's cache must not leak into tests).</summary>
    private static Result Run(string path, string[]? args = null, ScriptCache? cache = null)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = ScriptRunner.RunAsync(path, args ?? [], stdout, stderr, cache).GetAwaiter().GetResult();
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The real CLI as a child process (see <see cref="CliProcess"/>), in this test's folder.</summary>
    private Result Cli(string[] args)
    {
        var (code, stdout, stderr) = CliProcess.Run(args, _dir);
        return new Result(code, stdout, stderr);
    }
}
