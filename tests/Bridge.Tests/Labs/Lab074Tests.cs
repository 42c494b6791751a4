using System.Globalization;

namespace Bridge.Tests.Labs;

/// <summary>Lab 07-4 (MNIST) end to end on the real files in ../shared/data/mnist.</summary>
public class Lab074Tests : GraphFixture
{
    private static string MnistDir => Path.Combine(SharedData.SharedDir, "data", "mnist");

    private static double Accuracy(string output)
    {
        var line = output.Split('\n').Single(l => l.StartsWith("Accuracy:", StringComparison.Ordinal));
        return double.Parse(line["Accuracy:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    [Test]
    public async Task OriginalHyperparametersReachTheRecordedAccuracy()
    {
        var pictures = Path.Combine(Path.GetTempPath(), "bridge-lab074-" + Guid.NewGuid().ToString("N"));
        try
        {
            var output = await LabOriginals.RunScriptAsync("lab-07-4-mnist_introduction.csx", MnistDir, "--pictures", pictures);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            // The lab's own lines only (no progress bar when output is redirected): 4 Extracting, 15 epochs, the rest.
            Assert.That(lines.Count(l => l.StartsWith("Extracting ", StringComparison.Ordinal)), Is.EqualTo(4));
            Assert.That(lines.Where(l => l.StartsWith("Epoch: ", StringComparison.Ordinal)).Select(l => l[..11]),
                Is.EqualTo(Enumerable.Range(1, 15).Select(e => $"Epoch: {e:0000}")));
            Assert.That(lines, Does.Contain("Learning finished"));
            Assert.That(lines.Count(l => l.StartsWith("Label:  [", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(lines.Count(l => l.StartsWith("Prediction:  [", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(lines, Has.Length.EqualTo(4 + 15 + 4));
            // The original printed 0.8951; the issue's acceptance band is [0.885, 0.905].
            Assert.That(Accuracy(output), Is.InRange(0.885, 0.905));
            // The lecture notes' run (epochs 7 to 15): Bridge's costs agree to 7 decimals. Not to 9: TF's float32 sums
            // depend on the build (issue 16), and Bridge draws the initial weights with TF 1.0's double Box-Muller
            // radius, which moved the 8th digit (2026-12-01, commit 2872d25) and the notes' build may not have had.
            var recorded = LectureNotesCosts();
            Assert.That(recorded.Keys, Is.EqualTo(Enumerable.Range(7, 9)));
            foreach (var (epoch, cost) in recorded)
            {
                var line = lines.Single(l => l.StartsWith($"Epoch: {epoch:0000}, Cost: ", StringComparison.Ordinal));
                Assert.That(double.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture), Is.EqualTo(cost).Within(5e-8), line);
            }
            Assert.That(Accuracy(output), Is.EqualTo(0.8951), "the notes' accuracy");
            foreach (var png in new[] { "lab-07-4-digit.png", "lab-07-4-cost.png" })
            {
                var bytes = File.ReadAllBytes(Path.Combine(pictures, png));
                Assert.That(bytes.Take(8), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }), png);
            }
        }
        finally
        {
            if (Directory.Exists(pictures)) Directory.Delete(pictures, recursive: true);
        }
    }

    // "Epoch: 0007 cost = 0.591160339 Epoch: 0008 cost = ..." in the notes of lecture 07's lab (section "5. Result").
    private static SortedDictionary<int, double> LectureNotesCosts()
    {
        var notes = File.ReadAllText(Path.Combine(SharedData.SharedDir, "reference", "lecture-notes-lec07-lec08.txt"));
        var line = notes.Split('\n').Single(l => l.Contains("Epoch: 0007 cost = ", StringComparison.Ordinal));
        var costs = new SortedDictionary<int, double>();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(line, @"Epoch: (\d{4}) cost = ([0-9.]+)"))
            costs[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)] = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        return costs;
    }

    [Test]
    public async Task LecturesExperimentLearningRate04For100Epochs()
    {
        // The lecture's own run: learning rate 0.4, 100 epochs, 92.25%. Within 0.01 of it.
        var pictures = Path.Combine(Path.GetTempPath(), "bridge-lab074-" + Guid.NewGuid().ToString("N"));
        try
        {
            var output = await LabOriginals.RunScriptAsync("lab-07-4-mnist_introduction.csx", MnistDir, "--learning-rate", "0.4", "--epochs", "100", "--pictures", pictures);
            Assert.That(Accuracy(output), Is.EqualTo(0.9225).Within(0.01));
        }
        finally
        {
            if (Directory.Exists(pictures)) Directory.Delete(pictures, recursive: true);
        }
    }

    [Test]
    public void ProgressIsSilentWhenOutputIsRedirected()
    {
        using var progress = new TrainingProgress(15, 550);
        Assert.That(progress.Visible, Is.False, "tests run with redirected output");
        var terminal = new StringWriter();
        using (var shown = new TrainingProgress(2, 10, terminal))
        {
            Assert.That(shown.Visible, Is.True);
            shown.Step(0, 4, 1.25f);
        }
        Assert.That(terminal.ToString(), Does.Contain("epoch 1/2  step 5/10  cost 1.250000  ETA"));
    }

    [Test]
    public void PicturesRejectNonImages() =>
        Assert.Throws<ValueError>(() => Pictures.Digit(Binding.np.array(new[] { 1.0, 2.0 }), Path.Combine(Path.GetTempPath(), "x.png")));
}
