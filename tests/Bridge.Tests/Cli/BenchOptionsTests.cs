using Bridge.Cli.Bench;

namespace Bridge.Tests.Cli;

/// <summary>
/// Every benchmark's command line (<see cref="BenchOptions"/>): <c>--help</c> prints its usage and exits 0; an unknown
/// option, a missing, malformed or out-of-range value, or a stray argument is an error naming it, with the usage, exit 2.
/// </summary>
public class BenchOptionsTests
{
    private static (int? Exit, string Stdout, string Stderr, int Runs, string Dir, bool Flag) Parse(params string[] args)
    {
        int runs = 5;
        string dir = "MNIST_data/";
        bool flag = false;
        var options = new BenchOptions("demo", "bench demo [DIR] [--runs R] [--flag]")
            .Positional("DIR", v => dir = v)
            .Int("--runs", v => runs = v)
            .Flag("--flag", () => flag = true);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int? exit = options.Parse(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString(), runs, dir, flag);
    }

    [Test]
    public void Options_values_and_the_positional_argument_are_set()
    {
        var r = Parse("data", "--runs", "3", "--flag");
        Assert.That((r.Exit, r.Runs, r.Dir, r.Flag, r.Stderr), Is.EqualTo(((int?)null, 3, "data", true, "")));
        Assert.That(Parse().Runs, Is.EqualTo(5), "defaults stay");
    }

    [TestCase("--help")]
    [TestCase("-h")]
    public void Help_prints_the_usage_and_exits_0(string flag)
    {
        var r = Parse("--runs", "2", flag, "--bogus");
        Assert.That((r.Exit, r.Stdout, r.Stderr), Is.EqualTo(((int?)0, "Usage: bridge bench demo [DIR] [--runs R] [--flag]\n", "")));
    }

    [TestCase(new[] { "--bogus" }, "unknown option '--bogus'")]
    [TestCase(new[] { "--runs" }, "--runs needs a value")]
    [TestCase(new[] { "--runs", "x" }, "--runs takes a whole number of at least 1, not 'x'")]
    [TestCase(new[] { "--runs", "0" }, "--runs takes a whole number of at least 1, not '0'")]
    [TestCase(new[] { "--runs", "1.5" }, "--runs takes a whole number of at least 1, not '1.5'")]
    [TestCase(new[] { "a", "b" }, "takes one DIR, and 'b' is a second")]
    public void Bad_arguments_are_errors_that_name_them(string[] args, string problem)
    {
        var r = Parse(args);
        Assert.That((r.Exit, r.Stdout), Is.EqualTo(((int?)2, "")));
        Assert.That(r.Stderr, Is.EqualTo($"error: bench demo: {problem}.\n- help: bench demo [DIR] [--runs R] [--flag]\n"));
    }

    [Test]
    public void Without_a_positional_argument_any_is_an_error()
    {
        var err = new StringWriter();
        Assert.That(new BenchOptions("memory", "bench memory [--mb N]").Parse(["400"], TextWriter.Null, err), Is.EqualTo(2));
        Assert.That(err.ToString(), Does.StartWith("error: bench memory: takes no argument like '400'."));
    }

    /// <summary>Each benchmark, through the real command line: its own usage on --help, and a bad value refused before any work.</summary>
    [TestCase("mnist", "bench mnist [DATA_DIR]")]
    [TestCase("deep", "bench deep [DATA_DIR]")]
    [TestCase("cnn", "bench cnn [DATA_DIR]")]
    [TestCase("memory", "bench memory [--mb N]")]
    [TestCase("soak", "bench soak [--runs N]")]
    [TestCase("session", "bench session")]
    [TestCase("cold", "bench cold [FILE.csx]")]
    [TestCase("torch-parts", "bench torch-parts")]
    public void Every_benchmark_has_its_help_and_refuses_bad_values(string bench, string usage)
    {
        var (code, stdout, stderr) = CliProcess.Run(["bench", bench, "--help"], Path.GetTempPath());
        Assert.That((code, stderr), Is.EqualTo((0, "")));
        Assert.That(stdout, Does.StartWith("Usage: bridge " + usage));
        (code, stdout, stderr) = CliProcess.Run(["bench", bench, "--frobnicate"], Path.GetTempPath());
        Assert.That((code, stdout), Is.EqualTo((2, "")));
        Assert.That(stderr, Does.StartWith($"error: bench {bench}: unknown option '--frobnicate'.\n- help: bench {bench}"));
    }
}
