using System.Text.RegularExpressions;

namespace Bridge.Tests.Cli;

/// <summary>
/// The structure of <c>bench memory</c> and <c>bench soak</c> at a small size (the figures themselves are the
/// benchmarks' business, not a timed unit test's): every case prints the value, the peak above the baseline and the
/// ratio; the soak prints RSS at each interval and the growth.
/// </summary>
public class BenchMemoryTests
{
    [Test]
    public void Bench_memory_prints_a_ratio_for_every_case()
    {
        // From a folder outside the repository the Python route is skipped (it needs the package's folder).
        var (code, stdout, stderr) = CliProcess.Run(["bench", "memory", "--mb", "8"], Path.GetTempPath());
        Assert.That((code, stderr), Is.EqualTo((0, "")), stdout);
        Assert.That(stdout, Does.StartWith("bench memory: peak RSS above the baseline for values of 8 MB"));
        foreach (var name in new[] { "fill", "feed", "feed-fetch", "random" })
        {
            var m = Regex.Match(stdout, $@"\n  {Regex.Escape(name)}\s+C#\s+(\d+)\s+(-?\d+)\s+(-?\d+\.\d\d)\n");
            Assert.That(m.Success, $"{name}: {stdout}");
            Assert.That(int.Parse(m.Groups[1].Value), Is.EqualTo(8), "8 MB is 8 MiB rounded");
        }
        var (bad, _, err) = CliProcess.Run(["bench", "memory", "--frob"], Path.GetTempPath());
        Assert.That((bad, err), Is.EqualTo((2, "error: bench memory: unknown option '--frob'.\n- help: bench memory [--mb N]\n")));
    }

    [Test]
    public void Bench_soak_prints_rss_at_each_interval_and_the_growth()
    {
        var (code, stdout, stderr) = CliProcess.Run(["bench", "soak", "--runs", "300", "--every", "100", "--csharp-only"], Path.GetTempPath());
        Assert.That((code, stderr), Is.EqualTo((0, "")), stdout);
        Assert.That(stdout, Does.StartWith("soak C#: 300 runs of one training step (fetching the cost), RSS every 100 runs"));
        Assert.That(Regex.Matches(stdout, @"\n  runs\s+(100|200|300)  rss\s+\d+\.\d MiB").Count, Is.EqualTo(3), stdout);
        Assert.That(stdout, Does.Match(@"growth from the first print to the last: [+-]\d+\.\d MiB"));
    }
}
