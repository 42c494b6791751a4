using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;

namespace Bridge;

/// <summary>
/// The run-time half of the Debian 12 fix (the build-time half is build/TorchSharpNativeFix.targets). TorchSharp's
/// libLibTorchSharp.so asks for GLIBCXX_3.4.32, which Debian 12's libstdc++ lacks although the library uses no symbol
/// of that version. A build patches the copy in bin/; but a script (<c>dotnet fsi</c> with <c>#r "nuget: Bridge"</c>)
/// has no build step and loads the library straight from the NuGet cache. So before TorchSharp loads, when the
/// libstdc++ in this process lacks the version and the library TorchSharp would load still requires it, this puts a
/// patched copy (beside links to libtorch's libraries, which it finds through <c>$ORIGIN</c>) in a cache folder and
/// loads it before TorchSharp's own load, which then gets it (by its soname, and through a DllImport resolver). The NuGet cache is never written to.
/// </summary>
internal static class TorchNativeFix
{
    private const string GlibcxxVersion = "GLIBCXX_3.4.32";
    private const string LibName = "libLibTorchSharp.so";

    /// <summary>Why the fix could not be applied, if it was needed and failed (added to the load error's help).</summary>
    public static string? Problem { get; private set; }

    /// <summary>Applies the fix if this system needs it; idempotent and quiet. Set BRIDGE_NO_NATIVE_FIX=1 to skip it.</summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("BRIDGE_NO_NATIVE_FIX") == "1") return;
        try
        {
            if (LoadedLibstdcxxHas(GlibcxxVersion)) return;
            var (source, libtorchDir) = FindLibrary();
            if (source is null) return;
            byte[] elf = File.ReadAllBytes(source);
            if (!ElfVersionNeeds.Weaken(elf, GlibcxxVersion)) return; // already patched (a build's bin/ copy)
            var handle = NativeLibrary.Load(PatchedCopy(source, libtorchDir, elf));
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
    /// The libLibTorchSharp.so TorchSharp would load and the folder of libtorch's libraries: the app's folder (a
    /// build), else the NuGet cache layout that <c>dotnet fsi</c> loads from (packages/torchsharp/V/lib/net8.0/
    /// TorchSharp.dll; packages/torchsharp/V/runtimes/RID/native; packages/libtorch-cpu-RID/V/runtimes/RID/native).
    /// </summary>
    private static (string? Source, string? LibtorchDir) FindLibrary()
    {
        var appLib = Path.Combine(AppContext.BaseDirectory, LibName);
        if (File.Exists(appLib)) return (appLib, AppContext.BaseDirectory);
        var torchSharpDll = typeof(torch).Assembly.Location;
        if (torchSharpDll.Length == 0) return (null, null);
        var assemblyDir = Path.GetDirectoryName(torchSharpDll)!;
        var besideDll = Path.Combine(assemblyDir, LibName);
        if (File.Exists(besideDll)) return (besideDll, assemblyDir);

        string rid = "linux-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var packageRoot = Path.GetFullPath(Path.Combine(assemblyDir, "..", ".."));
        var source = Path.Combine(packageRoot, "runtimes", rid, "native", LibName);
        if (!File.Exists(source)) return (null, null);
        var libtorchPackage = typeof(TorchNativeFix).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Bridge.LibTorchPackage")?.Value; // e.g. libtorch-cpu-linux-x64/2.10.0
        string? libtorchDir = libtorchPackage is null ? null
            : Path.Combine(packageRoot, "..", "..", libtorchPackage.ToLowerInvariant(), "runtimes", rid, "native");
        return (source, libtorchDir is not null && Directory.Exists(libtorchDir) ? Path.GetFullPath(libtorchDir) : null);
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

    /// <summary>Whether the libstdc++ this process loaded (else the system's) defines the symbol version.</summary>
    private static bool LoadedLibstdcxxHas(string version)
    {
        string? lib = null;
        try
        {
            lib = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(p => p.Length >= 6 && p[5].Contains("/libstdc++.so")).Select(p => p[5]).FirstOrDefault();
        }
        catch (IOException) { }
        lib ??= new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" }
            .FirstOrDefault(File.Exists);
        if (lib is null) return true; // no libstdc++ to judge: leave the load to TorchSharp
        return File.ReadAllBytes(lib).AsSpan().IndexOf(Encoding.ASCII.GetBytes(version + "\0")) >= 0;
    }
}
