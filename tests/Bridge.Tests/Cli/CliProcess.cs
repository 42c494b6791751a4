using System.Diagnostics;

namespace Bridge.Tests.Cli;

/// <summary>The real CLI as a child process: <c>dotnet Bridge.Cli.dll ...</c> from the test output folder.</summary>
internal static class CliProcess
{
    /// <summary>Runs it in <paramref name="dir"/> with a cache of its own there (the user's must not leak into tests).</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string[] args, string dir)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Bridge.Cli.dll");
        Assume.That(File.Exists(dll), $"{dll} is not deployed next to the tests");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        info.ArgumentList.Add(dll);
        foreach (var a in args)
            info.ArgumentList.Add(a);
        info.Environment["XDG_CACHE_HOME"] = Path.Combine(dir, "xdg-cache");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(TimeSpan.FromSeconds(60)), "bridge did not finish in 60 s");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
