using static Bridge.Binding;

namespace Bridge.Tests.Labs;

/// <summary>
/// Labs 01 to 06 run as scripts (scripts/, and scripts/versions/ for the earlier versions of course files whose
/// records they printed) reproduce every number of their records (tests/data/originals) within the check's tolerance.
/// Counts are the numbers in each record, so a record that lost or gained a line fails.
/// </summary>
public class Lab01To06ParityTests : GraphFixture
{
    // Counts are of the numbers after each step number: 02-1's record lists steps 0, 20, 40 and 1920 to 2000.
    [TestCase("versions/lab-02-1-linear_regression@3a22256", 8 * 3)]
    [TestCase("lab-02-3-linear_regression_tensorflow.org", 3)]
    [TestCase("versions/lab-03-2-minimizing_cost_gradient_update@3342326", 21 * 2)]
    [TestCase("versions/lab-03-3-minimizing_cost_tf_optimizer@e95258a", 9)]
    [TestCase("versions/lab-03-X-minimizing_cost_tf_gradient@fc9566f", 9 * 4)]
    [TestCase("versions/lab-04-1-multi_variable_linear_regression@cb70ec8", 4 * 6)]
    [TestCase("versions/lab-04-2-multi_variable_matmul_linear_regression@042d21d", 4 * 6)]
    // 51 printed costs are after "...": the record keeps steps 0-800 and 9200-10000 (10), then 6 + 6 values and the accuracy.
    [TestCase("lab-05-1-logistic_regression", 10 + 6 + 6 + 1)]
    // The 2017 predictions only: four arrays (3, 3, 3 and 9 probabilities) and their argmax (1, 1, 1, 3).
    [TestCase("versions/lab-06-1-softmax_classifier@9f8fb94", 18 + 6)]
    public async Task PrintsTheRecordedNumbers(string script, int count)
    {
        var ours = await LabOriginals.RunScriptAsync(script + ".csx");
        LabOriginals.AssertReproduces(ours, LabOriginals.Read(Path.GetFileName(script)), count);
    }

    [Test]
    public async Task Lab01PrintsTheNotebooksOutputsCharacterForCharacter()
    {
        // Every output is deterministic text (version, bytes, tensor names, 1.13-style arrays): compared whole.
        var ours = await LabOriginals.RunScriptAsync("lab-01-basics.csx");
        Assert.That(ours, Is.EqualTo(LabOriginals.Read("lab-01-basics")));
    }

    [Test]
    public async Task TodaysLab02_1PrintsTheRecordedWeightsAndTheCostBeforeEachUpdate()
    {
        // Today's file fetches the cost with the update (before it) and W, b after it; its 2017 version fetched all
        // three after. So the weights of each printed step agree, and today's cost at step 0 is that of the initial
        // weights, mean((x * 2.2086694 - 0.8204183 - y)^2) over x = y = 1, 2, 3.
        var ours = await LabOriginals.RunScriptAsync("lab-02-1-linear_regression.csx");
        var first = ours.Split('\n')[0];
        Assert.That(first, Is.EqualTo("0 3.5240757 [2.1286771] [-0.8523567]"));
        Assert.That(LabOriginals.Read("lab-02-1-linear_regression@3a22256").Split('\n')[0], Is.EqualTo("0 2.82329 [ 2.12867713] [-0.85235667]"));
    }

    [Test]
    public async Task Lab03_1WritesTheCostCurve()
    {
        var dir = Directory.CreateTempSubdirectory("lab031-").FullName;
        try
        {
            var ours = await LabOriginals.RunScriptAsync("lab-03-1-minimizing_cost_show_graph.csx", dir);
            Assert.That(ours, Is.Empty);  // the original prints nothing: it shows a plot
            var png = File.ReadAllBytes(Path.Combine(dir, "lab-03-1-cost.png"));
            Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Test]
    public void APlotNeedsAsManyXsAsYs()
    {
        var e = Assert.Throws<ValueError>(() => Pictures.Line([1.0, 2.0], [1.0], Path.Combine(Path.GetTempPath(), "never.png")));
        Assert.That(e!.Message, Does.Contain("2 x values but 1 y values"));
    }
}
