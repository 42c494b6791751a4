using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bridge.Tests.Engine;

/// <summary>
/// Bridge loaded the way dotnet-script's default mode loads a script's packages, without dotnet-script: in a child
/// process whose host knows nothing of Bridge, an isolated AssemblyLoadContext loads a compiled script, Bridge.dll and
/// TorchSharp.dll from folders of their own, and answers every native library from another folder holding real copies
/// (not links) of the NuGet cache's natives, as dotnet-script's execution cache does. A small graph then runs on
/// libtorch. Before the fix this process aborted (exit 134, "Tried to register multiple backend fallbacks for the same
/// dispatch key Conjugate": the native fix had loaded the NuGet cache's libtorch_cpu.so, the context then its copy) or
/// failed to load libLibTorchSharp.so (Debian 12's libstdc++). Now exactly one libtorch_cpu.so is mapped, the context's.
/// </summary>
[NonParallelizable]
public class IsolatedLoadContextTests
{
    private string _dir = "";
    private string _natives = "";

    /// <summary>The NuGet cache's native files this needs (TorchSharp's glue and libtorch's CPU libraries).</summary>
    private static (string TorchSharpNative, string LibtorchNative, string TorchSharpLib) NuGetFolders()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } env ? env
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var torchSharp = FileVersionInfo.GetVersionInfo(Path.Combine(AppContext.BaseDirectory, "TorchSharp.dll"));
        var torchSharpVersion = $"{torchSharp.FileMajorPart}.{torchSharp.FileMinorPart}.{torchSharp.FileBuildPart}";
        var libtorch = typeof(Bridge.Binding).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "Bridge.LibTorchPackage").Value!.ToLowerInvariant(); // libtorch-cpu-linux-x64/2.10.0
        var torchSharpRoot = Path.Combine(packages, "torchsharp", torchSharpVersion);
        return (Path.Combine(torchSharpRoot, "runtimes", "linux-x64", "native"),
            Path.Combine(packages, libtorch, "runtimes", "linux-x64", "native"), Path.Combine(torchSharpRoot, "lib", "net8.0"));
    }

    [OneTimeSetUp]
    public void CopyNatives()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64)
            Assert.Ignore("the libtorch natives of this test are linux-x64's");
        var (torchSharpNative, libtorchNative, _) = NuGetFolders();
        if (!Directory.Exists(torchSharpNative) || !Directory.Exists(libtorchNative))
            Assert.Ignore($"no restored natives in {torchSharpNative} and {libtorchNative}");
        _dir = Path.Combine(Path.GetTempPath(), "bridge-isolated-" + Environment.ProcessId);
        _natives = Path.Combine(_dir, "natives");
        Directory.CreateDirectory(_natives);
        // Real copies, as dotnet-script makes them: a hard link would share the cache's inode, and the dynamic loader
        // would take the two paths for one library, hiding the bug.
        foreach (var name in new[] { "libtorch_cpu.so", "libtorch.so", "libc10.so", "libgomp-98b21ff3.so.1" })
            File.Copy(Path.Combine(libtorchNative, name), Path.Combine(_natives, name));
        File.Copy(Path.Combine(torchSharpNative, "libLibTorchSharp.so"), Path.Combine(_natives, "libLibTorchSharp.so"));
        Compile("host", HostSource, Path.Combine(_dir, "host"), OutputKind.ConsoleApplication);
        File.WriteAllText(Path.Combine(_dir, "host", "host.runtimeconfig.json"),
            "{\"runtimeOptions\":{\"tfm\":\"net" + Environment.Version.Major + ".0\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\""
            + Environment.Version + "\"}}}");
    }

    [OneTimeTearDown]
    public void Remove()
    {
        if (_dir.Length > 0 && Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>
    /// TorchSharp.dll from the NuGet cache (dotnet-script resolves a package's assemblies there) or from a copied
    /// folder beside Bridge.dll; either way its natives come only from the context's folder.
    /// </summary>
    [TestCase(true, TestName = "TorchSharpFromTheNuGetCache")]
    [TestCase(false, TestName = "TorchSharpCopied")]
    public void ASmallGraphRunsOnLibtorchWithOneLibtorchMapped(bool torchSharpFromNuGet)
    {
        var (_, _, torchSharpLib) = NuGetFolders();
        var managed = Path.Combine(_dir, torchSharpFromNuGet ? "managed-nuget" : "managed-copied");
        Directory.CreateDirectory(managed);
        File.Copy(typeof(Bridge.Binding).Assembly.Location, Path.Combine(managed, "Bridge.dll"), overwrite: true);
        if (!torchSharpFromNuGet)
            File.Copy(Path.Combine(AppContext.BaseDirectory, "TorchSharp.dll"), Path.Combine(managed, "TorchSharp.dll"), overwrite: true);
        Compile("script", ScriptSource, managed, OutputKind.DynamicallyLinkedLibrary, Path.Combine(managed, "Bridge.dll"));
        // The unpatched glue, fresh for each case (the fix may patch the context's copy: it is the host's, not NuGet's).
        var (torchSharpNative, _, _) = NuGetFolders();
        var cachesGlue = Path.Combine(torchSharpNative, "libLibTorchSharp.so");
        var cachesBytes = File.ReadAllBytes(cachesGlue);
        File.Copy(cachesGlue, Path.Combine(_natives, "libLibTorchSharp.so"), overwrite: true);

        // Other assemblies (ScottPlot, ...) from this test's folder, after the context's own.
        var probe = torchSharpFromNuGet ? new[] { managed, torchSharpLib, AppContext.BaseDirectory } : new[] { managed, AppContext.BaseDirectory };
        var (code, output) = RunHost([_natives, Path.Combine(managed, "script.dll"), .. probe]);

        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("result (200, 200) mismatches 0 corner 199 -199"), output);
        var mapped = output.Split('\n').Where(l => l.StartsWith("mapped ")).Select(l => l.Trim().Split(' ', 3)).ToList();
        Assert.That(mapped.Select(m => m[1]).Distinct().Count(), Is.EqualTo(1), "one libtorch_cpu.so file (by inode):\n" + output);
        Assert.That(mapped.Select(m => Path.GetDirectoryName(m[2])).Distinct(), Is.EqualTo(new[] { _natives }),
            "the context's copy, the one TorchSharp loads:\n" + output);
        Assert.That(File.ReadAllBytes(cachesGlue), Is.EqualTo(cachesBytes), "the NuGet cache is never written");
    }

    private (int Code, string Output) RunHost(string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(_dir, "host", "host.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("LD_LIBRARY_PATH");
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the host did not finish in 120 s:\n" + stdout);
        }
        return (process.ExitCode, stdout + stderr.Result);
    }

    /// <summary>Compiles a source into <paramref name="dir"/>/<paramref name="name"/>.dll against the framework.</summary>
    private static void Compile(string name, string source, string dir, OutputKind kind, params string[] references)
    {
        var frameworkDir = RuntimeEnvironment.GetRuntimeDirectory();
        var refs = Directory.GetFiles(frameworkDir, "*.dll")
            .Where(f => Path.GetFileName(f) is var n && (n.StartsWith("System.") || n is "netstandard.dll" or "mscorlib.dll" or "Microsoft.CSharp.dll"))
            .Concat(references).Select(f => MetadataReference.CreateFromFile(f));
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(source)], refs,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));
        Directory.CreateDirectory(dir);
        var result = compilation.Emit(Path.Combine(dir, name + ".dll"));
        Assert.That(result.Success, Is.True, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
    }

    /// <summary>
    /// The script: [200, 1] - [1, 200] writes 40000 elements, which the placement rule sends to libtorch
    /// (PlacementTests.SmallInputsThatBroadcastToALargeResultRunOnLibtorch); every element must be i - j exactly.
    /// </summary>
    private const string ScriptSource = """
        using Bridge;
        using static Bridge.Binding;
        public static class Script
        {
            public static string Run()
            {
                var column = tf.placeholder(tf.float32, new[] { 200, 1 });
                var row = tf.placeholder(tf.float32, new[] { 1, 200 });
                var diff = column - row;
                using var sess = tf.Session();
                var r = sess.run(diff, (column, np.arange(200).astype(tf.float32).reshape(200, 1)),
                    (row, np.arange(200).astype(tf.float32).reshape(1, 200)));
                var values = r.ToArray<float>();
                int mismatches = 0;
                for (int i = 0; i < 200; i++)
                    for (int j = 0; j < 200; j++)
                        if (values[i * 200 + j] != i - j) mismatches++;
                return $"result ({r.shape[0]}, {r.shape[1]}) mismatches {mismatches} corner {values[199 * 200]} {values[199]}";
            }
        }
        """;

    /// <summary>
    /// The host, as dotnet-script's default mode: a context that loads assemblies from given folders only (the
    /// framework's from the default context) and every native library from one folder; then the libtorch_cpu.so
    /// files mapped into the process (inode and path, from /proc/self/maps).
    /// </summary>
    private const string HostSource = """
        using System;
        using System.IO;
        using System.Linq;
        using System.Reflection;
        using System.Runtime.Loader;

        sealed class ScriptContext : AssemblyLoadContext
        {
            private readonly string[] _folders;
            private readonly string _natives;
            public ScriptContext(string natives, string[] folders) : base("script") { _natives = natives; _folders = folders; }
            protected override Assembly? Load(AssemblyName name)
            {
                foreach (var folder in _folders)
                {
                    var path = Path.Combine(folder, name.Name + ".dll");
                    if (File.Exists(path)) return LoadFromAssemblyPath(path);
                }
                return null;
            }
            protected override IntPtr LoadUnmanagedDll(string name)
            {
                foreach (var file in new[] { name, "lib" + name + ".so", name + ".so" })
                {
                    var path = Path.Combine(_natives, file);
                    if (File.Exists(path)) return LoadUnmanagedDllFromPath(path);
                }
                return IntPtr.Zero;
            }
        }

        static class Program
        {
            static int Main(string[] args)
            {
                var context = new ScriptContext(args[0], args.Skip(2).ToArray());
                var script = context.LoadFromAssemblyPath(args[1]);
                Console.WriteLine((string)script.GetType("Script")!.GetMethod("Run")!.Invoke(null, null)!);
                foreach (var line in File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
                    .Where(p => p.Length == 6 && Path.GetFileName(p[5].Trim()) == "libtorch_cpu.so")
                    .Select(p => "mapped " + p[3] + ":" + p[4] + " " + p[5].Trim()).Distinct())
                    Console.WriteLine(line);
                return 0;
            }
        }
        """;
}
