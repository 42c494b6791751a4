using System.Globalization;
using System.Text.RegularExpressions;
using Bridge.Summary;

namespace Bridge.Tests.Labs;

/// <summary>
/// Labs 10-4 (deep), 10-5 (dropout), 10-X1 (back propagation by hand), 13-1 (variable scopes) and 13-2 (TensorBoard)
/// as C# scripts: for one epoch (10-X1: its first printed steps) each prints exactly what the unmodified Python file printed through <c>python3 -m bridge run</c>
/// with <c>training_epochs = 1</c> (tests/data/originals/variants/*-python-1epoch.txt; 10-X1's whole run in
/// *-python.txt), the Label/Prediction lines of a randomly chosen test image left out. The course's records (March
/// 2017, TF 1.0) came from unseeded MNIST shuffling: not reproducible, so not compared.
/// </summary>
public class Lab10DeepAnd13Tests
{
    private static string MnistDir => Path.Combine(SharedData.SharedDir, "data", "mnist");

    private static string Expected(string name, string run = "-python-1epoch") =>
        File.ReadAllText(Path.Combine(LabOriginals.Dir, "variants", name + run + ".txt"));

    /// <summary>
    /// The output without the lines of the randomly chosen test image (Python's random, unseeded) and without the
    /// loader's "Extracting DIR/FILE" lines, whose folder is the run's (the committed Python outputs were made without
    /// them; <see cref="AssertExtractingLines"/> checks them).
    /// </summary>
    private static string[] Deterministic(string output) =>
        output.Split('\n').Where(l => !l.StartsWith("Label: ") && !l.StartsWith("Prediction: ") && !l.StartsWith("Extracting ")).ToArray();

    /// <summary>TF 1.0's mnist.py print()s "Extracting DIR/FILE" for the four files, first, on stdout.</summary>
    private static void AssertExtractingLines(string output) =>
        Assert.That(output.Split('\n').Take(4), Is.EqualTo(new[]
        {
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
        }.Select(f => "Extracting " + Path.Combine(MnistDir, f))));

    private static string TempDir(string what) => Path.Combine(Path.GetTempPath(), $"bridge-{what}-" + Guid.NewGuid().ToString("N"));

    [TestCase("lab-10-4-mnist_nn_deep")]
    [TestCase("lab-10-5-mnist_nn_dropout")]
    [TestCase("lab-13-1-mnist_using_scope")]
    public async Task OneEpochPrintsWhatThePythonFilePrints(string lab)
    {
        var pictures = TempDir("pictures");
        try
        {
            var ours = await LabOriginals.RunScriptAsync(lab + ".csx", MnistDir, "--epochs", "1", "--pictures", pictures);
            Assert.That(Deterministic(ours), Is.EqualTo(Deterministic(Expected(lab))));
            AssertExtractingLines(ours);
            Assert.That(ours, Does.Match(@"Label:  \[\d\]\nPrediction:  \[\d\]\n$"));
            string prefix = lab[..8];
            foreach (var chart in new[] { "cost", "accuracy" })
                Assert.That(Png.Decode(File.ReadAllBytes(Path.Combine(pictures, $"{prefix}-{chart}.png"))).Width, Is.EqualTo(800));
        }
        finally
        {
            if (Directory.Exists(pictures)) Directory.Delete(pictures, recursive: true);
        }
    }

    /// <summary>
    /// Lab 13-2 for one epoch: the Python file's lines, and its TensorBoard events file: the first three input images
    /// as PNG image summaries of 28x28 grey pixels (tag "input/image/k"), the layers' histograms and the cost scalar,
    /// at every step from 0 (global_step), in a file whose records' CRCs check.
    /// </summary>
    [Test]
    public async Task TensorBoardLabPrintsThePythonFilesLinesAndWritesItsSummaries()
    {
        var pictures = TempDir("pictures");
        var logdir = TempDir("tb");
        try
        {
            const string lab = "lab-13-2-mnist_tensorboard";
            var ours = await LabOriginals.RunScriptAsync(lab + ".csx", MnistDir, "--epochs", "1", "--pictures", pictures, "--logdir", logdir);
            Assert.That(Deterministic(ours), Is.EqualTo(Deterministic(Expected(lab))));
            AssertExtractingLines(ours);
            Assert.That(ours, Does.Match(@"Label:  \[\d\]\nPrediction:  \[\d\]\n$"));
            var events = TFRecordReader.ReadEvents(Directory.GetFiles(logdir, "events.out.tfevents.*").Single());
            var summaries = events.Where(e => e.SummaryValues.Count > 0).ToList();
            Assert.That(summaries.Select(e => e.Step), Is.EqualTo(Enumerable.Range(0, 550).Select(i => (long)i)), "one summary a step, global_step 0 ... 549");
            var first = summaries[0].SummaryValues;
            var images = first.Where(v => v.Kind == "image").ToList();
            Assert.That(images.Select(v => v.Tag), Is.EqualTo(new[] { "input/image/0", "input/image/1", "input/image/2" }));
            foreach (var png in images.Select(v => Png.Decode(v.Image!.EncodedImage)))
                Assert.That((png.Width, png.Height, png.Channels), Is.EqualTo((28, 28, 1)));
            Assert.That(first.Count(v => v.Kind == "histo"), Is.GreaterThanOrEqualTo(10), "weights, biases and layers");
            Assert.That(first.Count(v => v.Kind == "simple_value"), Is.EqualTo(1), "the cost");
            foreach (var chart in new[] { "cost", "accuracy" })
                Assert.That(Png.Decode(File.ReadAllBytes(Path.Combine(pictures, $"lab-13-2-{chart}.png"))).Width, Is.EqualTo(800));
        }
        finally
        {
            foreach (var d in new[] { pictures, logdir })
                if (Directory.Exists(d)) Directory.Delete(d, recursive: true);
        }
    }

    [Test]
    public async Task BackPropByHandPrintsThePythonFilesFirstSteps()
    {
        var pictures = TempDir("pictures");
        try
        {
            var ours = await LabOriginals.RunScriptAsync("lab-10-X1-mnist_back_prop.csx", MnistDir, "--steps", "2001", "--pictures", pictures);
            var python = Expected("lab-10-X1-mnist_back_prop", "-python").Split('\n');
            Assert.That(python.Count(l => l.Length > 0), Is.EqualTo(10), "the full run prints every 1000th of 10000 steps");
            AssertExtractingLines(ours);
            Assert.That(ours.Split('\n').Skip(4).Where(l => l.Length > 0), Is.EqualTo(python.Take(3)));
            Assert.That(File.Exists(Path.Combine(pictures, "lab-10-X1-accuracy.png")));
        }
        finally
        {
            if (Directory.Exists(pictures)) Directory.Delete(pictures, recursive: true);
        }
    }

    /// <summary>
    /// Lab 10-6 (the batch normalisation notebook, as scripts/lab-10-6-mnist_nn_batchnorm.csx) reduced to fit the suite:
    /// one epoch over 5500 images' worth of steps (171 of 32). The notebook sets no seed, so what is checked is what can
    /// fail: the printed forms, that both nets learn, and the moving averages: without their updates the batch-normalised
    /// net's test run (moving statistics, training=False) would be near chance.
    /// </summary>
    [Test]
    public async Task BatchNormNotebookReducedTrainsBothNetsAndServesMovingAverages()
    {
        var ours = await LabOriginals.RunScriptAsync("lab-10-6-mnist_nn_batchnorm.csx", MnistDir, "--epochs", "1", "--train-size", "5500");
        var lines = ours.Split('\n');
        Assert.That(lines.Take(5), Is.EqualTo(new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" }
            .Select(f => $"Extracting {Path.Combine(MnistDir, f)}").Append("(55000, 784)")));
        const string pattern = @"\[Epoch 0-(TRAIN|VALID)\] Batchnorm Loss\(Acc\): (\d\.\d{5})\((\d+\.\d\d)%\) vs No Batchnorm Loss\(Acc\): (\d\.\d{5})\((\d+\.\d\d)%\)";
        var train = Regex.Match(lines[5], "^" + pattern + "$");
        var valid = Regex.Match(lines[6], "^" + pattern + "$");
        Assert.That((train.Success, train.Groups[1].Value, valid.Success, valid.Groups[1].Value), Is.EqualTo((true, "TRAIN", true, "VALID")), string.Join("\n", lines));
        Assert.That(lines[7], Is.Empty);
        double D(Group g) => double.Parse(g.Value, CultureInfo.InvariantCulture);
        foreach (var m in new[] { train, valid })
        {
            Assert.That(D(m.Groups[3]), Is.GreaterThan(80), "the batch-normalised net learns in 171 steps: " + m.Value);
            Assert.That(D(m.Groups[5]), Is.GreaterThan(70), "the plain net learns in 171 steps: " + m.Value);
        }
        var tests = lines.Skip(8).Where(l => l.Length > 0).Select(l => Regex.Match(l, @"^\[(\d+\.\d+(?:E-?\d+)?), (\d\.\d+)\]$")).ToArray();
        Assert.That(tests.Select(t => t.Success), Is.EqualTo(new[] { true, true }), string.Join("\n", lines.Skip(8)));
        Assert.That(D(tests[0].Groups[2]), Is.GreaterThan(0.8), "batch norm's moving averages serve the test-set run");
    }
}
