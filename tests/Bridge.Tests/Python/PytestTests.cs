using System.Diagnostics;
using NUnit.Framework;

namespace Bridge.Tests.Python;

/// <summary>
/// Runs the Python package's pytest suite (python/tests) with Debian's /usr/bin/python3, so that
/// <c>dotnet test Bridge.sln</c> covers the Python side too. Missing numpy or pytest is a failure that says what to
/// install, not a skip: CI must not pass silently without them.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class PytestTests
{
    private const string Python = "/usr/bin/python3";
    private const string Install = "apt-get install python3-numpy python3-pytest (Debian; .ci/run does it as root)";

    [Test]
    public void PytestSuitePasses()
    {
        var repo = FindRepo();
        Assert.That(File.Exists(Python), Is.True, $"{Python} is missing. - help: {Install}.");
        var probe = Run(repo, "-c \"import numpy, pytest\"");
        Assert.That(probe.Code, Is.EqualTo(0), $"numpy or pytest is missing for {Python}: {probe.Err} - help: {Install}.");
        var result = Run(repo, "-m pytest python/tests -q -p no:cacheprovider");
        Assert.That(result.Code, Is.EqualTo(0), $"pytest python/tests failed:\n{result.Out}\n{result.Err}");
        TestContext.Out.WriteLine(result.Out.TrimEnd().Split('\n')[^1]);
    }

    private static (int Code, string Out, string Err) Run(string repo, string args)
    {
        var psi = new ProcessStartInfo(Python, args) { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
        // The suite loads the CLI's build output, which `dotnet test Bridge.sln` has just built.
        psi.Environment.Remove("BRIDGE_DOTNET_DIR");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindRepo()
    {
        for (var d = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Bridge.sln"))) return d.FullName;
        throw new InvalidOperationException("Bridge.sln not found above the test directory.");
    }
}
