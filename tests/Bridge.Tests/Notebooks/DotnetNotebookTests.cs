using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Bridge.Tests.Labs;

namespace Bridge.Tests.Notebooks;

/// <summary>
/// Executes notebooks/lab-08-tensor_manipulation.{csharp,fsharp}.ipynb headless, as Jupyter runs them (nbconvert with
/// the .NET Interactive kernels), and compares what their cells show with the course notebook's stored outputs
/// (golden/lab08.json). Each notebook runs in a copy of the repository's layout whose artifacts/bin/Bridge.Cli/release
/// is this test run's own build of Bridge.Cli, so the notebook's `#r` line loads the code under test. Needs Debian's
/// jupyter-nbconvert and python3-nbclient and the dotnet-interactive tool (.ci/run installs them; see the README).
/// </summary>
[NonParallelizable]
public class DotnetNotebookTests
{
    [TestCase("csharp")]
    [TestCase("fsharp")]
    public void The_lab_08_notebook_shows_the_originals_outputs(string language)
    {
        var executed = Execute($"lab-08-tensor_manipulation.{language}.ipynb", language);
        var expected = Lab08ScriptTests.NotebookOutput().Split('\n');
        var actual = ShownText(executed).Split('\n');
        for (int i = 0; i < Math.Min(expected.Length, actual.Length); i++)
            Assert.That(actual[i], Is.EqualTo(expected[i]), $"line {i + 1}");
        Assert.That(actual, Has.Length.EqualTo(expected.Length), "line count");
    }

    /// <summary>
    /// What the cells show, in order: their printed text and their values (execute_result's text/plain, which is
    /// Bridge's formatter at work). display_data is the kernel's own (the first cell's script for the front end).
    /// </summary>
    internal static string ShownText(JsonDocument notebook)
    {
        var text = new StringBuilder();
        foreach (var cell in notebook.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (cell.GetProperty("cell_type").GetString() != "code") continue;
            foreach (var output in cell.GetProperty("outputs").EnumerateArray())
            {
                switch (output.GetProperty("output_type").GetString())
                {
                    case "stream" when output.GetProperty("name").GetString() == "stdout":
                        text.Append(Joined(output.GetProperty("text")));
                        break;
                    case "stream":
                        Assert.Fail($"a cell wrote to {output.GetProperty("name").GetString()}: {Joined(output.GetProperty("text"))}");
                        break;
                    case "execute_result":
                        text.Append(Joined(output.GetProperty("data").GetProperty("text/plain"))).Append('\n');
                        break;
                    case "error":
                        Assert.Fail($"a cell failed: {output.GetProperty("evalue").GetString()}");
                        break;
                }
            }
        }
        return text.ToString();
    }

    private static string Joined(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? string.Concat(e.EnumerateArray().Select(s => s.GetString())) : e.GetString()!;

    /// <summary>Runs the notebook with nbconvert in a scratch layout; returns the executed notebook.</summary>
    private static JsonDocument Execute(string notebook, string language)
    {
        var root = Path.Combine(Path.GetTempPath(), $"bridge-notebooks-{Environment.ProcessId}-{language}");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        var notebooks = Directory.CreateDirectory(Path.Combine(root, "notebooks")).FullName;
        var release = Path.Combine(root, "artifacts", "bin", "Bridge.Cli", "release");
        Directory.CreateDirectory(Path.GetDirectoryName(release)!);
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Name; // debug or release
        var build = Path.Combine(SharedData.RepoRoot, "artifacts", "bin", "Bridge.Cli", configuration);
        Assert.That(File.Exists(Path.Combine(build, "Bridge.dll")), $"{build}/Bridge.dll is missing: build Bridge.Cli first");
        Directory.CreateSymbolicLink(release, build);
        File.Copy(Path.Combine(SharedData.RepoRoot, "notebooks", notebook), Path.Combine(notebooks, notebook));

        // A kernelspec of our own (JUPYTER_PATH), naming the tool by its path: no global install is needed.
        var kernels = Path.Combine(root, "jupyter", "kernels", ".net-" + language);
        Directory.CreateDirectory(kernels);
        var kernelSpec = new
        {
            argv = new[] { DotnetInteractive(), "jupyter", "--default-kernel", language, "{connection_file}", "--http-port-range", "2048-3000" },
            display_name = language == "csharp" ? ".NET (C#)" : ".NET (F#)",
            language = language == "csharp" ? "C#" : "F#",
        };
        File.WriteAllText(Path.Combine(kernels, "kernel.json"), JsonSerializer.Serialize(kernelSpec));

        var output = Path.Combine(root, "executed.ipynb");
        var psi = new ProcessStartInfo(Jupyter())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = notebooks,
        };
        foreach (var a in new[] { "nbconvert", "--to", "notebook", "--execute", notebook, "--output", output, "--ExecutePreprocessor.timeout=300" })
            psi.ArgumentList.Add(a);
        psi.Environment["JUPYTER_PATH"] = Path.Combine(root, "jupyter");
        psi.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var key in psi.Environment.Keys.ToList())
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                psi.Environment.Remove(key);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(6)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"jupyter nbconvert {notebook} did not finish in 6 minutes");
        }
        Assert.That(p.ExitCode, Is.EqualTo(0), $"jupyter nbconvert --execute {notebook} failed:\n{Tail(stderr.Result)}");
        var doc = JsonDocument.Parse(File.ReadAllText(output));
        Directory.Delete(root, recursive: true);
        return doc;
    }

    private static string Tail(string s) => s.Length > 4000 ? s[^4000..] : s;

    /// <summary>Debian's jupyter (jupyter-nbconvert and python3-nbclient provide nbconvert --execute).</summary>
    private static string Jupyter()
    {
        const string path = "/usr/bin/jupyter";
        if (!File.Exists(path) || !File.Exists("/usr/bin/jupyter-nbconvert"))
            Assert.Fail("jupyter nbconvert is missing. - help: sudo apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel (.ci/run does)");
        return path;
    }

    /// <summary>
    /// The dotnet-interactive tool: $BRIDGE_DOTNET_INTERACTIVE, the tool path .ci/run installs it to
    /// (~/.dotnet/tools), or PATH.
    /// </summary>
    internal static string DotnetInteractive()
    {
        if (Environment.GetEnvironmentVariable("BRIDGE_DOTNET_INTERACTIVE") is { Length: > 0 } env) return env;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var candidates = new[] { Path.Combine(home, ".dotnet", "tools", "dotnet-interactive") }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(d => Path.Combine(d, "dotnet-interactive")));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new AssertionException("dotnet-interactive is missing. - help: dotnet tool install -g Microsoft.dotnet-interactive --version 1.0.712001 (.ci/run does), or set BRIDGE_DOTNET_INTERACTIVE to its path");
    }
}
