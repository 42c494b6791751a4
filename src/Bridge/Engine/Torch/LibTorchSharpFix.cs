// This one file is compiled twice: into Bridge.dll (with BRIDGE_LIBRARY defined, for the run-time half) and, by
// MSBuild's RoslynCodeTaskFactory, into the build task at the end of this file (build/TorchSharpNativeFix.targets,
// packed as buildTransitive/ZeroToAll.Bridge.targets with this file beside it). So it must stay plain C# that compiles against
// netstandard with no other file of Bridge: no Span, no implicit usings, no TorchSharp.
#nullable enable
using System;
using System.IO;
using System.Text;

namespace Bridge.Backend.Torch
{
    /// <summary>
    /// The Debian 12 fix for TorchSharp's native glue library, the only implementation of it.
    /// <para>
    /// What and why: libLibTorchSharp.so (TorchSharp 0.107.0) asks for the symbol version GLIBCXX_3.4.32 (GCC 13's
    /// libstdc++) although it uses no symbol of that version (only <c>_ZSt21ios_base_library_initv</c> is tagged with
    /// it, and nothing calls it). Debian 12's libstdc++ stops at GLIBCXX_3.4.30, so dlopen refuses the library and
    /// TorchSharp cannot start. The fix marks that one requirement as weak (<c>VER_FLG_WEAK</c> in the library's
    /// <c>.gnu.version_r</c>), a one-byte change after which the loader accepts a libstdc++ that lacks the version.
    /// It is applied only where the libstdc++ in use lacks the version, only to copies (never to the NuGet cache),
    /// and it is idempotent.
    /// </para>
    /// <para>
    /// Who applies it: (1) the build (the WeakenGlibcxxRequirement task below, run after a project's output is copied,
    /// for this repository and for every project or file-based app that references the package) patches the copy in
    /// bin/; (2) the library at run time (TorchNativeFix, from TorchBackend's constructor) for hosts with no build step,
    /// <c>dotnet fsi</c> loading the library straight from the NuGet cache, and for hosts with no deps.json that load
    /// from a build folder (python/bridge). Set BRIDGE_NO_NATIVE_FIX=1 to turn the run-time half off.
    /// </para>
    /// </summary>
    internal static class LibTorchSharpFix
    {
        public const string LibraryName = "libLibTorchSharp.so";
        public const string GlibcxxVersion = "GLIBCXX_3.4.32";

        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const byte VerFlgWeak = 0x2;

        private static readonly string[] SystemLibstdcxxPaths =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };

        /// <summary>The system's libstdc++ (the one a process loads by default), or null if none is found.</summary>
        public static string? SystemLibstdcxx()
        {
            foreach (var path in SystemLibstdcxxPaths)
                if (File.Exists(path)) return path;
            return null;
        }

        /// <summary>
        /// Whether libraries loaded against <paramref name="libstdcxx"/> (default: the system's) need the fix: false
        /// when it defines the version, or when there is no libstdc++ to judge (then the load is left as it is).
        /// </summary>
        public static bool Needed(string? libstdcxx = null)
        {
            libstdcxx ??= SystemLibstdcxx();
            if (libstdcxx is null || !File.Exists(libstdcxx)) return false;
            return IndexOf(File.ReadAllBytes(libstdcxx), Encoding.ASCII.GetBytes(GlibcxxVersion + "\0")) < 0;
        }

        /// <summary>
        /// Marks every requirement of GLIBCXX_3.4.32 in an ELF64 little-endian library as weak, in memory. Returns false
        /// when nothing needed changing (already weak, not required, or not ELF64 LE).
        /// </summary>
        public static bool Weaken(byte[] elf)
        {
            if (elf.Length < 64 || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1) return false;
            long shoff = BitConverter.ToInt64(elf, 0x28);
            int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
            bool changed = false;
            for (int s = 0; s < shnum; s++)
            {
                int sh = checked((int)(shoff + (long)s * shentsize));
                if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed) continue;
                int vn = checked((int)BitConverter.ToInt64(elf, sh + 0x18));
                int link = (int)BitConverter.ToUInt32(elf, sh + 0x28);
                int count = (int)BitConverter.ToUInt32(elf, sh + 0x2C);
                long strtab = BitConverter.ToInt64(elf, checked((int)(shoff + (long)link * shentsize + 0x18)));
                for (int i = 0; i < count; i++)
                {
                    int cnt = BitConverter.ToUInt16(elf, vn + 2);
                    int aux = vn + (int)BitConverter.ToUInt32(elf, vn + 8);
                    for (int j = 0; j < cnt; j++)
                    {
                        int name = checked((int)(strtab + BitConverter.ToUInt32(elf, aux + 8)));
                        int end = Array.IndexOf(elf, (byte)0, name);
                        if (Encoding.ASCII.GetString(elf, name, end - name) == GlibcxxVersion && (elf[aux + 4] & VerFlgWeak) == 0)
                        {
                            elf[aux + 4] |= VerFlgWeak;
                            changed = true;
                        }
                        aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                    }
                    vn += (int)BitConverter.ToUInt32(elf, vn + 12);
                }
            }
            return changed;
        }

        /// <summary>
        /// Weakens the requirement in the file at <paramref name="path"/> (a build's copy); returns whether it changed.
        /// Writes a new file and moves it in place of the old one, so it never writes through a hard link into the NuGet
        /// cache, and keeps the file's time, so incremental builds see the copy as up to date and do not copy it again.
        /// </summary>
        public static bool PatchInPlace(string path)
        {
            byte[] elf = File.ReadAllBytes(path);
            if (!Weaken(elf)) return false;
            var stamp = File.GetLastWriteTimeUtc(path);
            var tmp = path + ".weak.tmp";
            File.WriteAllBytes(tmp, elf);
            File.Delete(path);
            File.Move(tmp, path);
            File.SetLastWriteTimeUtc(path, stamp);
            return true;
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int k = 0; k + needle.Length <= haystack.Length; k++)
            {
                int m = 0;
                while (m < needle.Length && haystack[k + m] == needle[m]) m++;
                if (m == needle.Length) return k;
            }
            return -1;
        }
    }

#if !BRIDGE_LIBRARY
    /// <summary>
    /// The build half: after a project's files are copied to its output folder, patches every libLibTorchSharp.so under
    /// <see cref="Directory"/> when this system's libstdc++ lacks the version (see <see cref="LibTorchSharpFix"/>).
    /// </summary>
    public sealed class WeakenGlibcxxRequirement : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public string Directory { get; set; } = "";

        public override bool Execute()
        {
            if (!System.IO.Directory.Exists(Directory) || !LibTorchSharpFix.Needed()) return true;
            foreach (var path in System.IO.Directory.GetFiles(Directory, LibTorchSharpFix.LibraryName, SearchOption.AllDirectories))
            {
                if (LibTorchSharpFix.PatchInPlace(path))
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                        "Bridge: marked " + LibTorchSharpFix.GlibcxxVersion + " weak in " + path + " (this system's libstdc++ lacks it)");
            }
            return true;
        }
    }
#endif
}
