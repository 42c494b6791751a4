using System.Globalization;
using System.Text.RegularExpressions;

namespace Bridge.Tests.Labs;

/// <summary>
/// Lab 10-1 (MNIST softmax with Adam, 50 epochs) against its 2019 record, made by a TF whose MNIST loader seeds its
/// shuffling from tf.set_random_seed as Bridge's does: the accuracy line equal, and every recorded epoch's cost to the
/// number of significant digits measured (8; the last of the 9 printed decimals differs where TF's float32 matrix
/// products added in another order, as for lab 07-4: issue 16's profiles).
/// </summary>
public class Lab10Tests
{
    private static string MnistDir => Path.Combine(SharedData.SharedDir, "data", "mnist");

    [Test]
    public async Task Lab10_1PrintsTheRecordsAccuracyAndItsCostsTo8SignificantDigits()
    {
        var ours = await LabOriginals.RunScriptAsync("lab-10-1-mnist_softmax.csx", MnistDir);
        var record = LabOriginals.Read("lab-10-1-mnist_softmax");
        static Dictionary<string, double> Costs(string text) => Regex.Matches(text, @"Epoch: (\d{4}),? Cost: ([0-9.]+)")
            .ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        var mine = Costs(ours);
        var theirs = Costs(record);
        Assert.That(theirs.Keys, Is.EqualTo(new[] { "0001", "0002", "0003", "0048", "0049", "0050" }));
        Assert.That(mine.Keys, Has.Count.EqualTo(50));
        foreach (var (epoch, cost) in theirs)
            Assert.That(mine[epoch], Is.EqualTo(cost).Within(5e-8 * cost), $"epoch {epoch}: 8 significant digits");
        Assert.That(ours, Does.Contain("Accuracy: 0.9194\n"));
        Assert.That(record, Does.Contain("Accuracy: 0.9194\n"));
    }

    // Their records (March 2017, TF 1.0) came from unseeded shuffling, so one epoch is checked for what it must show:
    // the printed form, and the trained accuracy (Xavier's initialisation trains faster than random_normal's, the
    // point of the lab).
    [TestCase("lab-10-2-mnist_nn.csx", 0.85)]
    [TestCase("lab-10-3-mnist_nn_xavier.csx", 0.95)]
    public async Task Lab10_2And10_3TrainOneEpoch(string script, double atLeast)
    {
        var ours = await LabOriginals.RunScriptAsync(script, MnistDir, "--epochs", "1");
        Assert.That(ours, Does.Match(@"Epoch: 0001 cost = \d+\.\d{9}\n"));
        var accuracy = double.Parse(Regex.Match(ours, @"Accuracy: ([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(accuracy, Is.GreaterThan(atLeast).And.LessThan(1.0));
    }
}
