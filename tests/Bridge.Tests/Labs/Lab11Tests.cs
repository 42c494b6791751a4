namespace Bridge.Tests.Labs;

/// <summary>
/// Lab 11 (convolutional networks) as C# scripts. 11-0, the notebook of convolutions and pools on toy images, prints
/// the notebook's stored output line for line (tests/data/originals/lab-11-0-cnn_basics.txt: the text outputs of the
/// course's lab-11-0-cnn_basics.ipynb, numpy 1.12's print style, TF's op names Conv2D_3 and MaxPool_2 included).
/// 11-1 for one epoch prints what the unmodified Python file (training_epochs = 1) printed through
/// <c>python3 -m bridge run</c> (tests/data/originals/variants/lab-11-1-mnist_cnn-python-1epoch.txt), the randomly
/// chosen test image's Label/Prediction lines and the run's own "Extracting" folder aside. Its record (TF 1.0, 2017)
/// came from unseeded MNIST shuffling: not reproducible, so not compared.
/// </summary>
public class Lab11Tests
{
    private static string MnistDir => Path.Combine(SharedData.SharedDir, "data", "mnist");

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
            static string[] Deterministic(string output) =>
                output.Split('\n').Where(l => !l.StartsWith("Label: ") && !l.StartsWith("Prediction: ") && !l.StartsWith("Extracting ")).ToArray();
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
}
