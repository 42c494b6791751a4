namespace Bridge.Tests.Labs;

/// <summary>
/// Lab 10-7 (the higher-level API: fully_connected under arg_scope, batch_norm with updates_collections=None, dropout,
/// a train_mode placeholder feeding tf.cond) as a C# script, one epoch: every line the unmodified Python file printed
/// through <c>python3 -m bridge run</c> with <c>training_epochs = 1</c>
/// (tests/data/originals/variants/lab-10-7-mnist_nn_higher_level_API-python-1epoch.txt), the Label/Prediction lines of
/// a randomly chosen test image and the loader's "Extracting" lines (their folder is the run's) aside.
/// </summary>
public class Lab10_7Tests
{
    private static string MnistDir => Path.Combine(SharedData.SharedDir, "data", "mnist");

    private static string[] Deterministic(string output) =>
        output.Split('\n').Where(l => !l.StartsWith("Label: ") && !l.StartsWith("Prediction: ") && !l.StartsWith("Extracting ")).ToArray();

    [Test]
    public async Task Lab10_7OneEpochPrintsWhatThePythonFilePrints()
    {
        var ours = await LabOriginals.RunScriptAsync("lab-10-7-mnist_nn_higher_level_API.csx", MnistDir, "--epochs", "1");
        var python = File.ReadAllText(Path.Combine(LabOriginals.Dir, "variants", "lab-10-7-mnist_nn_higher_level_API-python-1epoch.txt"));
        Assert.That(Deterministic(ours), Is.EqualTo(Deterministic(python)));
        Assert.That(ours.Split('\n').Count(l => l.StartsWith("Extracting ")), Is.EqualTo(4), "TF 1.0's loader prints its four files");
        Assert.That(ours, Does.Match(@"Label:  \[\d\]\nPrediction:  \[\d\]\n$"));
    }
}
