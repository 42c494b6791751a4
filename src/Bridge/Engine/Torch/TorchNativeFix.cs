using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Text;
using TorchSharp;

namespace Bridge.Backend.Torch;

/// <summary>
/// The run-time half of the Debian 12 fix for libLibTorchSharp.so (what and why: <see cref="LibTorchSharpFix"/>, which
/// holds the patching itself; the build half patches the copy in bin/). It serves the hosts a build step does not:
/// <c>dotnet fsi</c> with <c>#r "nuget: ZeroToAll.Bridge"</c> loads the library straight from the NuGet cache, unpatched; and a
/// host with no deps.json (python/bridge loading Bridge.dll from Bridge.Cli's output folder) does not look in the
/// build's runtimes/RID/native folder at all. So before TorchSharp loads, this finds the library TorchSharp would
/// load; when the libstdc++ in this process lacks the version and the library still requires it, it puts a patched
/// copy (beside links to libtorch's libraries, which it finds through <c>$ORIGIN</c>) in a cache folder; and it loads
/// the patched copy, or the library itself when the host would not find it, before TorchSharp's own load, which then
/// gets it (by its soname, and through a DllImport resolver). The NuGet cache is never written to.
/// <para>
/// Before it loads anything, when TorchSharp lives in an isolated load context, it has that context load libtorch_cpu.so
/// as it will for TorchSharp (<see cref="TorchSharpsLibtorch"/>), so that whatever is loaded next binds to that one
/// libtorch. This matters for a host that loads TorchSharp into an
/// isolated AssemblyLoadContext resolving natives from copies of its own (dotnet-script's default mode: its per-script
/// execution cache): linking to the NuGet cache's libtorch there put a second libtorch_cpu.so into the process, and
/// libtorch aborts on that ("Tried to register multiple backend fallbacks for the same dispatch key Conjugate", exit
/// 134). Such a context hands TorchSharp its own copy of libLibTorchSharp.so by full path (NativeLibrary's load by name
/// does not consult a DllImport resolver), so when that copy lies beside the libtorch and outside any NuGet package,
/// the fix patches that file itself (it is the host's copy, not the cache's).
/// </para>
/// </summary>
internal static class TorchNativeFix
{
    private const string LibName = LibTorchSharpFix.LibraryName;

    /// <summary>Why the fix could not be applied, if it was needed and failed (added to the load error's help).</summary>
    public static string? Problem { get; private set; }

    /// <summary>Applies the fix if this system needs it; idempotent and quiet. Set BRIDGE_NO_NATIVE_FIX=1 to skip it.</summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("BRIDGE_NO_NATIVE_FIX") == "1") return;
        try
        {
            bool needed = LibTorchSharpFix.Needed(LoadedLibstdcxx() ?? LibTorchSharpFix.SystemLibstdcxx());
            var (source, libtorchDir, hostFindsIt) = FindLibrary();
            if (!needed && (source is null || hostFindsIt)) return; // TorchSharp loads its own library as it is
            // A library is about to be loaded by hand: it must bind to the very libtorch TorchSharp will use, never a
            // second one (two libtorch_cpu.so in one process abort: "Tried to register multiple backend fallbacks").
            bool hostsCopy = false;
            if (TorchSharpsLibtorch() is { } torchSharpsDir)
            {
                libtorchDir = torchSharpsDir;
                var beside = Path.Combine(torchSharpsDir, LibName);
                if (File.Exists(beside))
                {
                    (source, hostFindsIt) = (beside, true); // the copy TorchSharp will load, by its full path
                    hostsCopy = !InNuGetPackage(beside);
                }
            }
            if (source is null) return;
            string? load = hostFindsIt ? null : source;
            if (needed)
            {
                byte[] elf = File.ReadAllBytes(source);
                if (LibTorchSharpFix.Weaken(elf)) // else patched already (a build's copy)
                {
                    // A host's own copy (dotnet-script's execution cache) is the file TorchSharp loads by path, past any
                    // resolver: patch that file. The NuGet cache's is never written: load a patched copy beside links.
                    if (hostsCopy) ReplaceFile(source, elf);
                    load = hostsCopy ? source : PatchedCopy(source, libtorchDir, elf);
                }
            }
            if (load is null) return;
            var handle = NativeLibrary.Load(load);
            // TorchSharp then finds it by soname when it loads "LibTorchSharp" by name; a host that probes full paths
            // first (an app whose deps.json points into the NuGet cache) would load the unpatched file instead, so also
            // answer TorchSharp's own imports with it. Only one resolver per assembly: if one is set, keep it.
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(torch).Assembly,
                    (name, _, _) => name is "LibTorchSharp" or LibName ? handle : IntPtr.Zero);
            }
            catch (InvalidOperationException) { }
        }
        catch (Exception e)
        {
            Problem = $"the run-time fix for {LibName} failed: {e.Message}";
        }
    }

    /// <summary>
    /// When TorchSharp.dll lives in an isolated AssemblyLoadContext (dotnet-script's default mode), has that context
    /// load libtorch_cpu.so as it will for TorchSharp's own first load ("torch_cpu", through the context's
    /// LoadUnmanagedDll, and only that: no system search, which could find another libtorch such as a distribution's),
    /// and returns the folder of the file it loaded: the context's copy of the natives (its execution cache), not the
    /// NuGet cache's. TorchSharp's own load then returns the same library, so whatever this fix loads binds to it and
    /// only one libtorch is mapped. Null in the default context (the cases <see cref="FindLibrary"/> covers) or when
    /// the context does not resolve the name.
    /// </summary>
    private static string? TorchSharpsLibtorch()
    {
        var context = AssemblyLoadContext.GetLoadContext(typeof(torch).Assembly);
        if (context is null || context == AssemblyLoadContext.Default) return null;
        var loadUnmanaged = typeof(AssemblyLoadContext).GetMethod("LoadUnmanagedDll", BindingFlags.Instance | BindingFlags.NonPublic,
            null, new[] { typeof(string) }, null);
        if (loadUnmanaged?.Invoke(context, new object[] { "torch_cpu" }) is not IntPtr handle || handle == IntPtr.Zero) return null;
        var path = LinkMapName(handle) ?? MappedFiles().FirstOrDefault(f => Path.GetFileName(f) == "libtorch_cpu.so");
        return path is { Length: > 0 } && Path.IsPathRooted(path) ? Path.GetDirectoryName(Path.GetFullPath(path)) : null;
    }

    /// <summary>
    /// Whether a file lies in an extracted NuGet package (a folder above it holds NuGet's .nupkg.metadata or the
    /// package's .nupkg.sha512); a folder it cannot read counts as one, so that nothing is written there.
    /// </summary>
    private static bool InNuGetPackage(string file)
    {
        try
        {
            for (var dir = Path.GetDirectoryName(Path.GetFullPath(file)); dir is not null; dir = Path.GetDirectoryName(dir))
                if (File.Exists(Path.Combine(dir, ".nupkg.metadata")) || Directory.EnumerateFiles(dir, "*.nupkg.sha512").Any())
                    return true;
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>
    /// Replaces a host's copy by the patched bytes: written beside it under a name of this process, then renamed over it
    /// (atomic, never through a hard link, safe against a concurrent run doing the same), keeping the file's time.
    /// </summary>
    private static void ReplaceFile(string path, byte[] patched)
    {
        var stamp = File.GetLastWriteTimeUtc(path);
        var tmp = $"{path}.bridge-{Environment.ProcessId}.tmp";
        File.WriteAllBytes(tmp, patched);
        File.SetLastWriteTimeUtc(tmp, stamp);
        File.Move(tmp, path, overwrite: true);
    }

    [DllImport("libc.so.6", EntryPoint = "dlinfo")]
    private static extern int DlInfo(IntPtr handle, int request, out IntPtr info);

    /// <summary>The path the dynamic loader recorded for a dlopen handle (dlinfo RTLD_DI_LINKMAP: link_map.l_name).</summary>
    private static string? LinkMapName(IntPtr handle)
    {
        try
        {
            const int RtldDiLinkmap = 2;
            if (DlInfo(handle, RtldDiLinkmap, out var linkMap) != 0 || linkMap == IntPtr.Zero) return null;
            return Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(linkMap, IntPtr.Size)); // after l_addr
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null; // a libc before glibc 2.34 keeps dlinfo in libdl: then /proc/self/maps answers
        }
    }

    /// <summary>The files mapped into this process (/proc/self/maps), in order, without repeats.</summary>
    internal static IReadOnlyList<string> MappedFiles()
    {
        try
        {
            return File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
                .Where(p => p.Length == 6).Select(p => p[5].Trim()).Where(f => f.StartsWith('/')).Distinct().ToList();
        }
        catch (IOException)
        {
            return Array.Empty<string>();
        }
    }

    /// <summary>
    /// The libLibTorchSharp.so TorchSharp would load, the folder of libtorch's libraries, and whether the host finds the
    /// library by itself: the app's folder or TorchSharp.dll's (a build published flat: found); a build folder's
    /// runtimes/RID/native beside TorchSharp.dll (found when the host's deps.json lists that folder, as an app's does;
    /// not by a host without one, such as python/bridge); else the NuGet cache layout that <c>dotnet fsi</c> loads from
    /// (packages/torchsharp/V/lib/net8.0/TorchSharp.dll; packages/torchsharp/V/runtimes/RID/native;
    /// packages/libtorch-cpu-RID/V/runtimes/RID/native; found by fsi's own native resolution).
    /// </summary>
    private static (string? Source, string? LibtorchDir, bool HostFindsIt) FindLibrary()
    {
        var appLib = Path.Combine(AppContext.BaseDirectory, LibName);
        if (File.Exists(appLib)) return (appLib, AppContext.BaseDirectory, true);
        var torchSharpDll = typeof(torch).Assembly.Location;
        if (torchSharpDll.Length == 0) return (null, null, true);
        var assemblyDir = Path.GetDirectoryName(torchSharpDll)!;
        var besideDll = Path.Combine(assemblyDir, LibName);
        if (File.Exists(besideDll)) return (besideDll, assemblyDir, true);

        string rid = "linux-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var buildNatives = Path.Combine(assemblyDir, "runtimes", rid, "native");
        if (File.Exists(Path.Combine(buildNatives, LibName)))
            return (Path.Combine(buildNatives, LibName), buildNatives, HostProbes(buildNatives));

        var packageRoot = Path.GetFullPath(Path.Combine(assemblyDir, "..", ".."));
        var source = Path.Combine(packageRoot, "runtimes", rid, "native", LibName);
        if (!File.Exists(source)) return (null, null, true);
        var libtorchPackage = typeof(TorchNativeFix).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Bridge.LibTorchPackage")?.Value; // e.g. libtorch-cpu-linux-x64/2.10.0
        string? libtorchDir = libtorchPackage is null ? null
            : Path.Combine(packageRoot, "..", "..", libtorchPackage.ToLowerInvariant(), "runtimes", rid, "native");
        return (source, libtorchDir is not null && Directory.Exists(libtorchDir) ? Path.GetFullPath(libtorchDir) : null, true);
    }

    /// <summary>Whether the host probes <paramref name="folder"/> for native libraries (its deps.json's native folders).</summary>
    private static bool HostProbes(string folder)
    {
        var dirs = AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? "";
        var wanted = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return dirs.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)) == wanted);
    }

    /// <summary>
    /// Makes (once) a folder with the patched library and symbolic links to its neighbours and to libtorch's libraries,
    /// so that its RUNPATH $ORIGIN finds libtorch.so, libc10.so and libtorch_cpu.so. Named after the source's path,
    /// size and time, and built under a temporary name then renamed, so concurrent first runs don't see half a folder.
    /// </summary>
    private static string PatchedCopy(string source, string? libtorchDir, byte[] patched)
    {
        var info = new FileInfo(source);
        var key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            Encoding.UTF8.GetBytes($"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}|{libtorchDir}")))[..16];
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        var dir = Path.Combine(cache, "bridge", "native", key);
        var target = Path.Combine(dir, LibName);
        if (File.Exists(target))
        {
            // Its links must still lead somewhere (a host's cache the links point into may have been cleared).
            if (Directory.GetFiles(dir).All(File.Exists)) return target;
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }

        var tmp = dir + ".tmp-" + Environment.ProcessId;
        Directory.CreateDirectory(tmp);
        foreach (var folder in new[] { libtorchDir, Path.GetDirectoryName(source) })
        {
            if (folder is null) continue;
            foreach (var file in Directory.GetFiles(folder, "*.so*"))
            {
                var link = Path.Combine(tmp, Path.GetFileName(file));
                if (Path.GetFileName(file) != LibName && !File.Exists(link)) File.CreateSymbolicLink(link, file);
            }
        }
        File.WriteAllBytes(Path.Combine(tmp, LibName), patched);
        try
        {
            Directory.Move(tmp, dir);
        }
        catch (IOException) when (File.Exists(target))
        {
            Directory.Delete(tmp, recursive: true); // another process made it first
        }
        return target;
    }

    /// <summary>The libstdc++ this process has loaded, if any (a host may bring a newer one than the system's).</summary>
    private static string? LoadedLibstdcxx() => MappedFiles().FirstOrDefault(f => f.Contains("/libstdc++.so"));
}
