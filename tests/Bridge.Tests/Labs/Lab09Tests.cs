using Bridge.Summary;

namespace Bridge.Tests.Labs;

/// <summary>
/// The lab-09 family runs end to end through `bridge run`. Their original printed outputs are held back here, so
/// these tests check what the lectures establish (logistic regression cannot learn XOR; the networks can) and the
/// structure of the prints, not digits.
/// </summary>
public class Lab09Tests : GraphFixture
{
    [TestCase("lab-09-1-xor.csx", "Accuracy:  0.5", 101)]
    [TestCase("lab-09-2-xor-nn.csx", "Accuracy:\n1.0", 101)]
    [TestCase("lab-09-3-xor-nn-wide-deep.csx", "Accuracy:  1.0", 101)]
    [TestCase("lab-09-x-xor-nn-back_prop.csx", "Accuracy:  1.0", 11)]
    public async Task RunsAndLearnsWhatTheLectureSays(string script, string accuracy, int loggedSteps)
    {
        var output = await LabOriginals.RunScriptAsync(script);
        Assert.That(output.TrimEnd(), Does.EndWith(accuracy));
        var stepLines = output.Split('\n').Count(l => l.Length > 0 && char.IsDigit(l[0]) && !l.StartsWith("0.") && l.Contains(' '));
        Assert.That(stepLines, Is.EqualTo(loggedSteps), "one printed line per logged step");
    }

    [Test]
    public async Task TensorBoardLabWritesAnEventFileWithEveryStep()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bridge-lab094-" + Guid.NewGuid().ToString("N"));
        try
        {
            var output = await LabOriginals.RunScriptAsync("lab-09-4-xor_tensorboard.csx", dir);
            Assert.That(output.TrimEnd(), Does.EndWith("Accuracy:\n1.0"));
            var file = Directory.GetFiles(dir, "events.out.tfevents.*").Single();
            var events = TFRecordReader.ReadEvents(file);
            Assert.That(events[0].FileVersion, Is.EqualTo("brain.Event:2"));
            Assert.That(events.Count(e => e.GraphDef is not null), Is.EqualTo(1));
            var summaries = events.Where(e => e.Summary is not null).ToList();
            Assert.That(summaries, Has.Count.EqualTo(10001));
            Assert.That(summaries[^1].Step, Is.EqualTo(10000));
            Assert.That(summaries[0].SummaryValues.Select(v => v.Tag), Is.EquivalentTo(new[]
            {
                "Layer1/W1", "Layer1/b1", "Layer1/Layer1", "Layer2/W2", "Layer2/b2", "Layer2/Hypothesis", "Cost/Cost", "accuracy",
            }));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
