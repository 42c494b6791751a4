using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;

namespace Bridge.Backend.Torch;

/// <summary>
/// The run-time half of the Debian 12 fix for libLibTorchSharp.so (what and why: <see cref="LibTorchSharpFix"/>, which
/// holds the patching itself; the build half patches the copy in bin/). It serves the hosts a build step does not:
/// <c>dotnet fsi</c> with <c>#r "nuget: Bridge"</c> loads the library straight from the NuGet cache, unpatched; and a
/// host with no deps.json (python/bridge loading Bridge.dll from Bridge.Cli's output folder) does not look in the
/// build's runtimes/RID/native folder at all. So before TorchSharp loads, this finds the library TorchSharp would
/// load; when the libstdc++ in this process lacks the version and the library still requires it, it puts a patched
/// copy (beside links to libtorch's libraries, which it finds through <c>$ORIGIN</c>) in a cache folder; and it loads
/// the patched copy, or the library itself when the host would not find it, before TorchSharp's own load, which then
/// gets it (by its soname, and through a DllImport resolver). The NuGet cache is never written to.
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
            var (source, libtorchDir, hostFindsIt) = FindLibrary();
            if (source is null) return;
            string? load = hostFindsIt ? null : source;
            if (LibTorchSharpFix.Needed(LoadedLibstdcxx() ?? LibTorchSharpFix.SystemLibstdcxx()))
            {
                byte[] elf = File.ReadAllBytes(source);
                if (LibTorchSharpFix.Weaken(elf)) load = PatchedCopy(source, libtorchDir, elf); // else patched already (a build's copy)
            }
            if (load is null) return;
            var handle = NativeLibrary.Load(load);
            // TorchSharp then finds it by soname when it loads "LibTorchSharp" by name; a host that probes full paths
            // first (an app whose deps.json points into the NuGet cache) would load the unpatched file instead, so
            // also answer TorchSharp's own imports with it. Only one resolver per assembly: if one is set, keep it.
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
        if (File.Exists(target)) return target;

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
    private static string? LoadedLibstdcxx()
    {
        try
        {
            return File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(p => p.Length >= 6 && p[5].Contains("/libstdc++.so")).Select(p => p[5]).FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
