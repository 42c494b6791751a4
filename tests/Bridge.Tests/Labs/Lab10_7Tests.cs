using System.Globalization;
using System.Text.RegularExpressions;

namespace Bridge.Tests.Labs;

/// <summary>
/// Lab 10-7 (the higher-level API: fully_connected under arg_scope) as a C# script, one epoch: the printed form of
/// the original's epoch line ("[Epoch:    1] cost = " and 9 significant digits) and a trained accuracy.
/// </summary>
public class Lab10_7Tests
{
    private static string MnistDir => Path.Combine(SharedData.SharedDir, "data", "mnist");

    [Test]
    public async Task Lab10_7TrainsOneEpoch()
    {
        var ours = await LabOriginals.RunScriptAsync("lab-10-7-mnist_nn_higher_level_API.csx", MnistDir, "--epochs", "1");
        Assert.That(ours, Does.Match(@"\[Epoch:    1\] cost = 0\.\d{9}\n"));
        Assert.That(ours, Does.Contain("Learning Finished!\n"));
        var accuracy = double.Parse(Regex.Match(ours, @"Accuracy: ([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(accuracy, Is.GreaterThan(0.9).And.LessThan(1.0));
    }
}
