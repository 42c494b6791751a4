namespace Bridge.Tests.Cli;

/// <summary><c>bridge --help</c>, <c>--version</c> and every command's <c>--help</c>/<c>-h</c>: text on stdout, exit 0.</summary>
public class CliHelpTests
{
    private static (int ExitCode, string Stdout, string Stderr) Cli(params string[] args) => CliProcess.Run(args, Path.GetTempPath());

    [TestCase("run")]
    [TestCase("check")]
    [TestCase("bench")]
    [TestCase("ops")]
    public void Every_command_has_its_own_help(string command)
    {
        foreach (var flag in new[] { "--help", "-h" })
        {
            var (code, stdout, stderr) = Cli(command, flag);
            Assert.That((code, stderr), Is.EqualTo((0, "")), $"{command} {flag}");
            Assert.That(stdout, Does.StartWith("Usage: bridge").And.Contain($"  {command} "), $"{command} {flag}");
        }
    }

    [Test]
    public void The_bench_help_lists_every_benchmark()
    {
        var (_, stdout, _) = Cli("bench", "--help");
        foreach (var name in Bridge.Cli.Program.Benchmarks)
            Assert.That(stdout, Does.Match($@"\n\s+{System.Text.RegularExpressions.Regex.Escape(name)}\s"), name);
        var (code, _, stderr) = Cli("bench", "frobnicate");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("unknown benchmark 'frobnicate' (the benchmarks: " + string.Join(", ", Bridge.Cli.Program.Benchmarks)));
    }

    [Test]
    public void Version_names_the_cli_the_library_and_the_engine()
    {
        var (code, stdout, stderr) = Cli("--version");
        Assert.That((code, stderr), Is.EqualTo((0, "")));
        var version = typeof(Bridge.Binding).Assembly.GetName().Version!;
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.That(lines[0], Is.EqualTo($"bridge {version.ToString(3)}"));
        Assert.That(lines[1], Is.EqualTo($"Bridge {version.ToString(3)}"));
        Assert.That(lines[2], Does.StartWith("engine: TorchSharp ").And.Contain(" with libtorch-cpu-"));
    }

    [Test]
    public void The_general_help_lists_every_command_and_option()
    {
        var (code, stdout, _) = Cli("--help");
        Assert.That(code, Is.EqualTo(0));
        foreach (var part in new[] { "  run FILE.csx", "  check [--originals DIR]", "  ops [--markdown]", "  bench [BENCHMARK]", "--version", "-h, --help" })
            Assert.That(stdout, Does.Contain(part));
    }
}
