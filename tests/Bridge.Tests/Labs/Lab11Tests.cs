using Bridge.Tests.Data;

namespace Bridge.Tests.Labs;

/// <summary>
/// Lab 11 (convolutional networks) as C# scripts. 11-0, the notebook of convolutions and pools on toy images, prints
/// the notebook's stored output line for line (tests/data/originals/lab-11-0-cnn_basics.txt: the text outputs of the
/// course's lab-11-0-cnn_basics.ipynb, numpy 1.12's print style, TF's op names Conv2D_3 and MaxPool_2 included).
/// 11-1 for one epoch prints what the unmodified Python file (training_epochs = 1) printed through
/// <c>python3 -m bridge run</c> (tests/data/originals/variants/lab-11-1-mnist_cnn-python-1epoch.txt), the randomly
/// chosen test image's Label/Prediction lines and the run's own "Extracting" folder aside. Its record (TF 1.0, 2017)
/// came from unseeded MNIST shuffling: not reproducible, so not compared.
/// Labs 11-1 to 11-X run whole (15 epochs, 11-5's two models 20) on a subset of MNIST (<see cref="MnistSubset"/>: 600
/// training and 1000 test images), each printing what its unmodified Python file printed through
/// <c>python3 -m bridge run</c> on that subset (tests/data/originals/variants/*-python-subset.txt).
/// </summary>
public class Lab11Tests
{
    private static string MnistDir => Path.Combine(SharedData.SharedDir, "data", "mnist");

    private static string? _subset;

    /// <summary>The MNIST subset the committed *-python-subset.txt outputs were made on, written once for the fixture.</summary>
    private static string Subset => _subset ??= MnistSubset.Folder(MnistDir);

    [OneTimeTearDown]
    public void DeleteSubset()
    {
        if (_subset is not null && Directory.Exists(_subset)) Directory.Delete(_subset, recursive: true);
        _subset = null;
    }

    /// <summary>The output without the randomly chosen test image's lines (Python's random, unseeded) and the loader's "Extracting DIR/FILE" lines.</summary>
    private static string[] Deterministic(string output) =>
        output.Split('\n').Where(l => !l.StartsWith("Label: ") && !l.StartsWith("Prediction: ") && !l.StartsWith("Extracting ")).ToArray();

    private static string TempDir(string what) => Path.Combine(Path.GetTempPath(), $"bridge-{what}-" + Guid.NewGuid().ToString("N"));

    [Test]
    public async Task Lab11_0PrintsTheNotebooksArrays()
    {
        var pictures = TempDir("pictures");
        try
        {
            var ours = await LabOriginals.RunScriptAsync("lab-11-0-cnn_basics.csx", MnistDir, "--pictures", pictures);
            // The notebook read MNIST from MNIST_data/; the test reads it from ../shared.
            ours = ours.Replace($"Extracting {MnistDir}/", "Extracting MNIST_data/");
            Assert.That(ours, Is.EqualTo(LabOriginals.Read("lab-11-0-cnn_basics")));
            Assert.That(Directory.GetFiles(pictures, "lab-11-0-*.png"), Has.Length.EqualTo(1 + 1 + 1 + 3 + 1 + 5 + 5),
                "the toy image, its VALID and SAME convolutions, three filters, the digit, five convolved and five pooled maps");
        }
        finally
        {
            if (Directory.Exists(pictures)) Directory.Delete(pictures, recursive: true);
        }
    }

    [Test]
    public async Task Lab11_1OneEpochPrintsWhatThePythonFilePrints()
    {
        var pictures = TempDir("pictures");
        try
        {
            var ours = await LabOriginals.RunScriptAsync("lab-11-1-mnist_cnn.csx", MnistDir, "--epochs", "1", "--pictures", pictures);
            var python = File.ReadAllText(Path.Combine(LabOriginals.Dir, "variants", "lab-11-1-mnist_cnn-python-1epoch.txt"));
            Assert.That(Deterministic(ours), Is.EqualTo(Deterministic(python)));
            Assert.That(Deterministic(python).Count(l => l.StartsWith("Epoch: ")), Is.EqualTo(1), "the committed Python output is one epoch's");
            Assert.That(ours.Split('\n').Count(l => l.StartsWith("Extracting " + MnistDir)), Is.EqualTo(4));
            Assert.That(ours, Does.Match(@"Label:  \[\d\]\nPrediction:  \[\d\]\n$"));
            Assert.That(File.Exists(Path.Combine(pictures, "lab-11-1-cost.png")));
        }
        finally
        {
            if (Directory.Exists(pictures)) Directory.Delete(pictures, recursive: true);
        }
    }

    [Test]
    public void TheSubsetIsTheOneThePythonOutputsWereMadeOn() =>
        Assert.That(MnistSubset.Sha256Of(Subset), Is.EqualTo(MnistSubset.ContentSha256));

    [TestCase("lab-11-1-mnist_cnn", 15, true)]
    [TestCase("lab-11-2-mnist_deep_cnn", 15, true)]
    [TestCase("lab-11-3-mnist_cnn_class", 15, false)]
    [TestCase("lab-11-4-mnist_cnn_layers", 15, false)]
    [TestCase("lab-11-5-mnist_cnn_ensemble_layers", 20, false)]
    [TestCase("lab-11-X-mnist_cnn_low_memory", 15, true)]
    public async Task WholeRunOnTheSubsetPrintsWhatThePythonFilePrints(string lab, int epochs, bool predictsOneImage)
    {
        var pictures = TempDir("pictures");
        try
        {
            var ours = await LabOriginals.RunScriptAsync(lab + ".csx", Subset, "--pictures", pictures);
            var python = File.ReadAllText(Path.Combine(LabOriginals.Dir, "variants", lab + "-python-subset.txt"));
            Assert.That(Deterministic(ours), Is.EqualTo(Deterministic(python)));
            Assert.That(Deterministic(python).Count(l => l.StartsWith("Epoch: ")), Is.EqualTo(epochs), "the committed Python output is the file's whole run");
            Assert.That(ours.Split('\n').Count(l => l.StartsWith("Extracting " + Subset)), Is.EqualTo(4));
            if (predictsOneImage) Assert.That(ours, Does.Match(@"Label:  \[\d\]\nPrediction:  \[\d\]\n$"));
            else Assert.That(ours, Does.Not.Contain("Label: "));
        }
        finally
        {
            if (Directory.Exists(pictures)) Directory.Delete(pictures, recursive: true);
        }
    }
}
