using Bridge.Backend.Torch;

namespace Bridge.Tests.Engine;

/// <summary>The Debian 12 fix's patch (LibTorchSharpFix), on the real libLibTorchSharp.so of the NuGet cache.</summary>
public class LibTorchSharpFixTests
{
    private static string Unpatched()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } env ? env
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", LibTorchSharpFix.LibraryName);
        if (!File.Exists(path)) Assert.Ignore($"no {path} (not a Linux x64 restore)");
        return path;
    }

    [Test]
    public void WeakensTheOneRequirementOnceAndChangesOneByte()
    {
        var original = File.ReadAllBytes(Unpatched());
        var elf = (byte[])original.Clone();
        Assert.That(LibTorchSharpFix.Weaken(elf), Is.True, "TorchSharp 0.107.0's library requires GLIBCXX_3.4.32");
        Assert.That(Enumerable.Range(0, elf.Length).Count(i => elf[i] != original[i]), Is.EqualTo(1));
        Assert.That(LibTorchSharpFix.Weaken(elf), Is.False, "idempotent");
        Assert.That(LibTorchSharpFix.Weaken(new byte[100]), Is.False, "not ELF");
    }

    [Test]
    public void TheBuildsCopyIsPatchedWhereThisSystemNeedsIt()
    {
        var expected = File.ReadAllBytes(Unpatched());
        bool needed = LibTorchSharpFix.Needed();
        if (needed) LibTorchSharpFix.Weaken(expected);
        var copy = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", LibTorchSharpFix.LibraryName);
        Assert.That(File.ReadAllBytes(copy), Is.EqualTo(expected),
            needed ? "the build's task patches bin/'s copy on this system" : "this system needs no patch: the copy is TorchSharp's");
    }
}
