using System.Diagnostics;
using Bridge.Backend;
using Bridge.Cli.Bench.Baselines;
using static Bridge.Binding;

namespace Bridge.Cli.Bench;

/// <summary>
/// Per-run overhead of Session.run on the smallest useful graph (reduce_mean of a 2x2 constant), against the same
/// work in hand-written TorchSharp in the same process.
/// </summary>
internal static class SessionRunBench
{
    public static void Run(TextWriter o, int batches = 21, int runsPerBatch = 2000)
    {
        tf.reset_default_graph();
        var m = tf.reduce_mean(tf.constant(new[,] { { 1.0, 2.0 }, { 3.0, 4.0 } }));
        using var sess = tf.Session();
        for (int i = 0; i < runsPerBatch * 3; i++) sess.run(m);  // warm-up: JIT, plan cache, constant cache
        TorchBaseline.ReduceMean2x2(runsPerBatch * 3);

        // A second session whose ops all go to libtorch (as tensors above the small-tensor limit do).
        var bridge = new double[batches];
        var bridgeTorch = new double[batches];
        var torch = new double[batches];
        for (int b = 0; b < batches; b++)
        {
            // Interleave the three so that machine noise hits them alike.
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < runsPerBatch; i++) sess.run(m);
            bridge[b] = sw.Elapsed.TotalMicroseconds / runsPerBatch;
            PlacementRule.Placement = Placement.Torch;
            sw.Restart();
            for (int i = 0; i < runsPerBatch; i++) sess.run(m);
            bridgeTorch[b] = sw.Elapsed.TotalMicroseconds / runsPerBatch;
            PlacementRule.Placement = Placement.BySize;
            sw.Restart();
            TorchBaseline.ReduceMean2x2(runsPerBatch);
            torch[b] = sw.Elapsed.TotalMicroseconds / runsPerBatch;
        }
        double mb = Median(bridge), mbt = Median(bridgeTorch), mt = Median(torch);
        o.WriteLine($"Session.run(reduce_mean of a 2x2 constant), {batches} batches of {runsPerBatch} runs, median per run:");
        o.WriteLine($"  bridge Session.run (small tensors: managed kernels) {mb,8:F2} us   (target <= 20 us)");
        o.WriteLine($"  bridge Session.run, op forced onto libtorch         {mbt,8:F2} us");
        o.WriteLine($"  raw TorchSharp, the same op and copy-out            {mt,8:F2} us");
        o.WriteLine($"  Session.run overhead over raw TorchSharp (libtorch path): {mbt - mt:F2} us");
    }

    internal static double Median(double[] xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
