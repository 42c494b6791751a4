namespace Bridge.Tests.Labs;

/// <summary>
/// The progress line of long runs: its text (epoch, step, cost, ETA) against a fake clock, the BRIDGE_PROGRESS rule,
/// and that print clears it before the lab's own line (which never carries a progress byte).
/// </summary>
[NonParallelizable]
public class TrainingProgressTests
{
    [Test]
    public void FormatsEpochStepCostAndEta()
    {
        Assert.That(TrainingProgress.Format(0, 15, 4, 550, 1.25f, TimeSpan.FromSeconds(65)),
            Is.EqualTo("  epoch 1/15  step 5/550  cost 1.250000  ETA 01:05"));
        Assert.That(TrainingProgress.Format(1, 0, 2, 550, null, TimeSpan.FromSeconds(10)),
            Is.EqualTo("  epoch 2  step 3/550  epoch ETA 00:10"), "epochs unknown (next_batch): the epoch's ETA");
        Assert.That(TrainingProgress.Format(0, 0, 0, 550, 0.5f, null), Is.EqualTo("  epoch 1  step 1/550  cost 0.500000"));
    }

    [TestCase(0.0, "00:00")]
    [TestCase(0.2, "00:01")]
    [TestCase(59.0, "00:59")]
    [TestCase(59.2, "01:00")]
    [TestCase(3599.0, "59:59")]
    [TestCase(3600.0, "1:00:00")]
    [TestCase(3725.0, "1:02:05")]
    [TestCase(-3.0, "00:00")]
    public void EtaIsMinutesAndSecondsRoundedUp(double seconds, string text) =>
        Assert.That(TrainingProgress.Eta(TimeSpan.FromSeconds(seconds)), Is.EqualTo(text));

    [Test]
    public void EtaComesFromTheMeanStepTimeOfAFakeClock()
    {
        var now = TimeSpan.Zero;
        var terminal = new StringWriter();
        var p = new TrainingProgress(2, 10, terminal, () => now);
        now = TimeSpan.FromSeconds(1);
        p.Step(0, 0, 2.0f);                      // 1 s for 1 of 20 steps: 19 s left
        Assert.That(terminal.ToString(), Is.EqualTo("\r  epoch 1/2  step 1/10  cost 2.000000  ETA 00:19"));
        now = TimeSpan.FromSeconds(1.05);
        p.Step(0, 1, 1.9f);                      // within 100 ms of the last draw: not redrawn
        Assert.That(terminal.ToString(), Does.Not.Contain("step 2/10"));
        now = TimeSpan.FromSeconds(15);
        p.Step(1, 4, 0.5f);                      // 15 of 20 steps in 15 s: 5 s left
        Assert.That(terminal.ToString(), Does.EndWith("\r  epoch 2/2  step 5/10  cost 0.500000  ETA 00:05"));
        int width = "  epoch 1/2  step 1/10  cost 2.000000  ETA 00:19".Length;
        p.Clear();
        Assert.That(terminal.ToString(), Does.EndWith("\r" + new string(' ', width) + "\r"));
        var before = terminal.ToString().Length;
        p.Clear();                               // nothing shown: nothing written
        Assert.That(terminal.ToString().Length, Is.EqualTo(before));
        now = TimeSpan.FromSeconds(15.01);
        p.Step(1, 5, 0.4f);                      // after a clear, the next step draws at once
        Assert.That(terminal.ToString(), Does.EndWith("step 6/10  cost 0.400000  ETA 00:04"));
    }

    [Test]
    public void WithoutAnEpochCountTheEtaIsTheEpochsAfterTenSteps()
    {
        var now = TimeSpan.Zero;
        var terminal = new StringWriter();
        var p = new TrainingProgress(0, 550, terminal, () => now);
        for (int step = 0; step < 10; step++)
        {
            now = TimeSpan.FromSeconds(step * 0.2);
            p.Step(0, step, 1.0f);
        }
        // 10 steps, 9 intervals of 0.2 s: 540 steps left take 108 s.
        Assert.That(terminal.ToString(), Does.EndWith("\r  epoch 1  step 10/550  cost 1.000000  epoch ETA 01:48"));
        Assert.That(terminal.ToString(), Does.Not.Contain("step 9/550  cost 1.000000  epoch ETA"), "no ETA before ten steps");
        p.Dispose();
    }

    [TestCase("0", false, false)]
    [TestCase("0", true, false)]
    [TestCase("1", true, true)]
    [TestCase("1", false, true)]
    [TestCase(null, true, false)]
    [TestCase(null, false, true)]
    [TestCase("", false, true)]
    [TestCase("yes", true, false)]
    public void BridgeProgressTurnsItOffOrForcesIt(string? variable, bool stderrRedirected, bool shown) =>
        Assert.That(TrainingProgress.Mode(variable, stderrRedirected), Is.EqualTo(shown));

    [Test]
    public void PrintClearsTheLineAndCarriesNoProgressBytes()
    {
        var terminal = new StringWriter();
        var output = new StringWriter();
        var saved = Binding.tf_output_redirect;
        Binding.tf_output_redirect = output;
        try
        {
            var p = new TrainingProgress(1, 3, terminal);
            p.Step(0, 0, 1.5f);
            Binding.print("Epoch:", "0001", "cost =", "1.500000000");
            Assert.That(output.ToString(), Is.EqualTo("Epoch: 0001 cost = 1.500000000\n"));
            Assert.That(terminal.ToString(), Does.StartWith("\r  epoch 1/1  step 1/3").And.EndWith(new string(' ', 20) + "\r"));
        }
        finally
        {
            Binding.tf_output_redirect = saved;
        }
    }

    [Test]
    public void RedirectedStderrShowsNothing()
    {
        Assume.That(Environment.GetEnvironmentVariable("BRIDGE_PROGRESS"), Is.Null.Or.EqualTo("0"), "forced on");
        Assert.That(Console.IsErrorRedirected || Environment.GetEnvironmentVariable("BRIDGE_PROGRESS") == "0", Is.True, "the test runner redirects stderr");
        using var p = new TrainingProgress(15, 550);
        Assert.That(p.Visible, Is.False);
    }
}
