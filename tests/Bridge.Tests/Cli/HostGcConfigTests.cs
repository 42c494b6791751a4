namespace Bridge.Tests.Cli;

/// <summary>
/// The processes Bridge starts (<c>bridge run</c>, <c>bridge bench</c>, and the Python package, which starts .NET from
/// Bridge.Cli.runtimeconfig.json) put arrays of up to 4 MiB on the small-object heap (the GC's regions cap the threshold
/// there: asked for 8 MiB, it reports 4194216 bytes), and ask the GC to conserve memory. A training step leaves such arrays
/// behind (lab 11-1's 100x3136 activation copied for the managed product, 1.25 MB, and its gradient); on the large-object
/// heap only a gen2 collection frees them, so lab 11-1's RSS climbed by about 250 MiB every 100 steps up to 1.3 GB;
/// young, they die in gen0 and RSS stays at 0.5 GB (README, lab 11). python/tests/test_host_gc.py checks the Python side.
/// </summary>
public class HostGcConfigTests
{
    [Test]
    public void Bridge_run_keeps_arrays_up_to_4_MiB_young_and_conserves_memory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bridge-gc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "gc.csx"), """
                var activation = new float[100 * 3136];
                var over = new float[(4 << 20) / 4];
                System.Console.WriteLine($"{System.GC.GetGeneration(activation)} {System.GC.GetGeneration(over)}");
                System.Console.WriteLine(System.GC.GetConfigurationVariables()["GCConserveMem"]);
                """);
            var (code, stdout, stderr) = CliProcess.Run(["run", "gc.csx"], dir);
            Assert.That((code, stderr), Is.EqualTo((0, "")));
            Assert.That(stdout, Is.EqualTo("0 2\n7\n"), "a 1.25 MB array in gen0, an array of 4 MiB (plus its header) on the large-object heap; ConserveMemory 7");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
